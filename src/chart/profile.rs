//! The elevation profile over distance (or elapsed time), each descent shaded in its band's
//! color and numbered, each rep drawn bold and numbered `R1`, `R2`, ..., pauses marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::decimate::m4;
use super::layout::{Placer, Swatch, draw_legend, text_at};
use super::{
    ChartError, ChartOptions, Sizes, band_color, band_index, band_text, draw_empty, draw_titles,
    fmt_minutes,
};
use crate::descent::{Bands, Descent};
use crate::profile::Profile;
use crate::report::Report;
use crate::reps::Rep;
use crate::track::Pause;

/// The x axis of the profile chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProfileAxis {
    /// Along-track distance in km.
    #[default]
    Distance,
    /// Elapsed time since the start (h:mm); falls back to distance when there are no times.
    Time,
}

/// Everything the profile chart shows; borrows the computed results.
#[derive(Debug, Clone)]
pub struct ProfileChartData<'a> {
    /// Heading of the chart (`Elevation profile: <file name>`).
    pub title: String,
    /// One line under the title: date, counts of descents, reps and pauses, altitude source.
    pub subtitle: String,
    /// The gridded elevation (metres) over distance and time that is drawn.
    pub profile: &'a Profile,
    /// The session's descents, shaded by band and numbered.
    pub descents: &'a [Descent],
    /// The session's reps, drawn bold and numbered `R1`, `R2`, ...
    pub reps: &'a [Rep],
    /// The track's pauses (`Track::pauses`).
    pub pauses: &'a [Pause],
    /// Slope band labels, gentlest first ([`Bands::labels`]).
    pub band_labels: Vec<String>,
    /// Band edges, grade in percent, ascending ([`Bands::edges_pct`]).
    pub band_edges_pct: Vec<f64>,
    /// Heart rate over the session, (time s since the epoch, bpm), drawn on a right axis
    /// when there is any ([`ProfileChartData::with_heart_rate`]).
    pub heart_rate: Vec<(f64, f64)>,
}

impl<'a> ProfileChartData<'a> {
    /// The chart data of one analysed session: its report, profile, pauses and bands.
    pub fn new(
        report: &'a Report,
        profile: &'a Profile,
        pauses: &'a [Pause],
        bands: &Bands,
    ) -> ProfileChartData<'a> {
        let name = std::path::Path::new(&report.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| report.file.clone());
        let date = report
            .summary
            .start_s
            .and_then(|t| crate::localtime::local(t, report.utc_offset_s))
            .map(|t| format!("{}  |  ", t.format("%Y-%m-%d")))
            .unwrap_or_default();
        ProfileChartData {
            title: format!("Elevation profile: {name}"),
            subtitle: format!(
                "{date}{}, {}, {}  |  altitude: {}",
                crate::report::count(report.descents.len(), "descent", "descents"),
                crate::report::count(report.reps.reps.len(), "rep", "reps"),
                crate::report::count(pauses.len(), "pause", "pauses"),
                profile.altitude_source.name()
            ),
            profile,
            descents: &report.descents,
            reps: &report.reps.reps,
            pauses,
            band_labels: bands.labels(),
            band_edges_pct: bands.edges_pct.clone(),
            heart_rate: Vec::new(),
        }
    }

    /// The same chart with a heart-rate trace, (time s, bpm) as
    /// [`ProfileChartData::heart_rate_of`] gives it (empty: no trace).
    pub fn with_heart_rate(mut self, heart_rate: Vec<(f64, f64)>) -> ProfileChartData<'a> {
        self.heart_rate = heart_rate;
        self
    }

    /// The heart rate of `track`'s timed points, (time s, bpm).
    pub fn heart_rate_of(track: &crate::track::Track) -> Vec<(f64, f64)> {
        track
            .points
            .iter()
            .filter_map(|p| Some((p.time_s?, p.heart_rate_bpm?)))
            .filter(|(t, h)| t.is_finite() && h.is_finite() && *h > 0.0)
            .collect()
    }

    fn band_of(&self, band: &str, grade_pct: f64) -> usize {
        let fallback = self
            .band_edges_pct
            .partition_point(|&e| e <= grade_pct)
            .min(self.band_labels.len().saturating_sub(1));
        band_index(&self.band_labels, band, fallback)
    }
}

/// The grid indices of the timed grid points, in order, for [`index_at_time`].
fn timed_indices(times: &[f64]) -> Vec<usize> {
    (0..times.len()).filter(|&i| times[i].is_finite()).collect()
}

/// The profile grid range (inclusive) of a descent: its own, or found by its distance when
/// the report was made on another grid. `None` when it is not on this profile.
pub(crate) fn descent_grid_range(p: &Profile, d: &Descent) -> Option<(usize, usize)> {
    let n = p.distance_m.len().min(p.elevation_m.len());
    let (a, b) = d.grid_range;
    if a < b && b < n {
        return Some((a, b));
    }
    let a = p.distance_m[..n].partition_point(|&x| x < d.start_distance_m);
    let b = p.distance_m[..n].partition_point(|&x| x < d.start_distance_m + d.distance_m);
    (a < b && a < n).then(|| (a, b.min(n - 1)))
}

/// The profile grid range (inclusive) of each rep, from its start and end times; `None` for
/// a rep without times or outside the recording. The grid's times are indexed once, then
/// each rep costs two binary searches.
pub(crate) fn rep_grid_ranges(p: &Profile, reps: &[Rep]) -> Vec<Option<(usize, usize)>> {
    let n = p.distance_m.len().min(p.elevation_m.len());
    let Some(t) = p.time_s.as_deref().filter(|t| t.len() >= n) else {
        return vec![None; reps.len()];
    };
    let timed = timed_indices(&t[..n]);
    reps.iter()
        .map(|r| {
            let a = index_at_time(&t[..n], &timed, r.start_s?)?;
            let b = index_at_time(&t[..n], &timed, r.end_s?)?;
            (a < b).then_some((a, b))
        })
        .collect()
}

/// Grid index of a time (the first grid point at or after it), when the profile has times.
/// Untimed grid points (NaN) are skipped; a time outside the recording gives `None`.
/// `timed` is [`timed_indices`] of `times` (grid times never decrease): a binary search, so
/// that a file with many pauses and reps costs no pass over the grid for each.
fn index_at_time(times: &[f64], timed: &[usize], t: f64) -> Option<usize> {
    let first = times[*timed.first()?];
    let last = times[*timed.last()?];
    if !t.is_finite() || t < first - 1.0 || t > last + 1.0 {
        return None;
    }
    let k = timed.partition_point(|&i| times[i] < t);
    timed.get(k).or(timed.last()).copied()
}

/// One mark per pixel column: whether a mark spanning pixel columns `a..=b` may be drawn
/// after the last one drawn ended in column `*last` (marks come in order along the x axis).
/// A mark inside a column already drawn is invisible: skipping it bounds the file by the
/// chart's width, not by the number of descents, reps or pauses.
fn new_column(last: &mut Option<i32>, a: i32, b: i32) -> bool {
    if last.is_some_and(|l| b <= l) && a == b {
        return false;
    }
    *last = Some(b);
    true
}

/// Draw the profile chart.
pub fn draw_profile<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ProfileChartData,
    opts: &ChartOptions,
) -> Result<(), ChartError> {
    let sz = Sizes::of(root.dim_in_pixel());
    let p = data.profile;
    let n = p.distance_m.len().min(p.elevation_m.len());
    if n < 2 {
        return draw_empty(
            root,
            &data.title,
            "No elevation profile: this file has no usable elevation or distance",
        );
    }
    // Times may be NaN where the file had untimed points; t0 is the first known one.
    let times = p.time_s.as_deref().filter(|t| t.len() >= n);
    let t0 = times.and_then(|t| t[..n].iter().copied().find(|x| x.is_finite()));
    let by_time = opts.profile_axis == ProfileAxis::Time && t0.is_some();
    let xs: Vec<f64> = match (by_time, times, t0) {
        (true, Some(t), Some(t0)) => (0..n).map(|i| (t[i] - t0) / 60.0).collect(),
        _ => (0..n)
            .map(|i| opts.units.distance_value(p.distance_m[i]))
            .collect(),
    };
    // Drawn in the chart's units (m or ft); every mark below is placed on these.
    let ele: Vec<f64> = p.elevation_m[..n]
        .iter()
        .map(|e| opts.units.length_value(*e))
        .collect();
    let mut subtitle = data.subtitle.clone();
    if opts.profile_axis == ProfileAxis::Time && !by_time {
        subtitle.push_str("  |  no times: over distance");
    }
    if data.descents.is_empty() {
        subtitle.push_str("  |  no descents found");
    }
    let area = draw_titles(root, &data.title, &subtitle)?;
    let (w, _) = area.dim_in_pixel();
    let (plot_area, legend_area) = area.split_horizontally(w as i32 - sz.i(260.0));

    let (e_lo, e_hi) = ele
        .iter()
        .filter(|e| e.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &e| {
            (a.min(e), b.max(e))
        });
    if !e_lo.is_finite() {
        return draw_empty(root, &data.title, "No elevation in this profile");
    }
    let span = (e_hi - e_lo).max(opts.units.length_value(10.0));
    let lo = e_lo - span * 0.08;
    // Headroom for the numbers above the descents.
    let hi = e_hi + span * 0.18;
    let (x0, x1) = xs
        .iter()
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    if !x0.is_finite() {
        return draw_empty(root, &data.title, "No distance in this profile");
    }
    let x1 = x1.max(x0 + 1e-3);

    // Heart rate on the x of its time, when the file records it and has times.
    let timed_grid = times.map(|t| timed_indices(&t[..n])).unwrap_or_default();
    let hr: Vec<(f64, f64)> = match (times, t0) {
        (Some(t), Some(t0)) if !data.heart_rate.is_empty() => data
            .heart_rate
            .iter()
            .filter_map(|&(ts, bpm)| {
                let x = if by_time {
                    (ts - t0) / 60.0
                } else {
                    xs[index_at_time(&t[..n], &timed_grid, ts)?]
                };
                x.is_finite().then_some((x, bpm))
            })
            .collect(),
        _ => Vec::new(),
    };
    let (h_lo, h_hi) = hr
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &(_, h)| {
            (a.min(h), b.max(h))
        });
    let hr_range = (h_lo.is_finite() && h_hi.is_finite()).then(|| {
        let pad = ((h_hi - h_lo) * 0.1).max(5.0);
        (h_lo - pad).max(0.0)..(h_hi + pad)
    });
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(sz.i(16.0))
        .x_label_area_size(sz.i(64.0))
        .y_label_area_size(sz.i(90.0))
        .right_y_label_area_size(if hr_range.is_some() { sz.i(80.0) } else { 0 })
        .build_cartesian_2d(x0..x1, lo..hi)?
        .set_secondary_coord(x0..x1, hr_range.clone().unwrap_or(0.0..1.0));
    let x_fmt_time = |v: &f64| fmt_minutes(*v);
    let distance_axis = format!("Distance ({})", opts.units.distance_unit());
    let elevation_axis = format!("Elevation ({})", opts.units.length_unit());
    let x_fmt_km = |v: &f64| {
        if x1 - x0 < 10.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.0}")
        }
    };
    let x_fmt: &dyn Fn(&f64) -> String = if by_time { &x_fmt_time } else { &x_fmt_km };
    chart
        .configure_mesh()
        .x_desc(if by_time {
            "Elapsed time (h:mm)"
        } else {
            distance_axis.as_str()
        })
        .y_desc(elevation_axis.as_str())
        .axis_desc_style(sz.axis())
        .label_style(sz.tick())
        .x_label_formatter(x_fmt)
        .y_label_formatter(&|v: &f64| format!("{v:.0}"))
        .x_labels(12)
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.10))
        .draw()?;

    let hr_color = RGBColor(200, 30, 60);
    if hr_range.is_some() {
        chart
            .configure_secondary_axes()
            .y_desc("Heart rate (bpm)")
            .axis_desc_style(sz.axis())
            .label_style(sz.tick())
            .y_label_formatter(&|v: &f64| format!("{v:.0}"))
            .draw()?;
    }

    // Pixel column of an x: every line is decimated to the columns (see `decimate`).
    let (base_px, _) = chart.plotting_area().get_base_pixel();
    let width_px = chart.plotting_area().dim_in_pixel().0.max(1) as f64;
    let px = move |x: f64| base_px + ((x - x0) / (x1 - x0) * width_px) as i32;
    let line = m4(xs.iter().copied().zip(ele.iter().copied()), px);
    chart.draw_series(
        AreaSeries::new(line.iter().copied(), lo, RGBColor(200, 200, 200).mix(0.35))
            .border_style(RGBColor(90, 90, 90).stroke_width(sz.i(2.0) as u32)),
    )?;

    // Descents: the area under the profile in the band color.
    let mut descent_spans = Vec::new();
    let mut last_column = None;
    for d in data.descents {
        let Some((a, b)) = descent_grid_range(p, d) else {
            continue;
        };
        let band = data.band_of(&d.band, d.grade_pct);
        descent_spans.push((d, a, b, band));
        if !new_column(&mut last_column, px(xs[a]), px(xs[b])) {
            continue;
        }
        let mut poly = m4((a..=b).map(|i| (xs[i], ele[i])), px);
        poly.push((xs[b], lo));
        poly.push((xs[a], lo));
        chart.draw_series(std::iter::once(Polygon::new(
            poly,
            band_color(band).mix(0.55).filled(),
        )))?;
    }

    // Pauses: a line at the pause (distance) or a shaded span (time).
    let pause_color = RGBColor(120, 60, 160);
    let mut pauses_drawn = 0usize;
    let timed = &timed_grid;
    let mut last_column = None;
    if let Some(t) = times {
        for pause in data.pauses {
            let Some(i) = index_at_time(&t[..n], timed, pause.start_s) else {
                continue;
            };
            pauses_drawn += 1;
            let x_end = if by_time {
                (pause.end_s - t0.unwrap_or(t[0])) / 60.0
            } else {
                xs[i]
            };
            if !new_column(&mut last_column, px(xs[i]), px(x_end)) {
                continue;
            }
            if by_time {
                let t0 = t0.unwrap_or(t[0]);
                let a = (pause.start_s - t0) / 60.0;
                let b = (pause.end_s - t0) / 60.0;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(a, lo), (b.max(a + (x1 - x0) * 0.002), hi)],
                    pause_color.mix(0.18).filled(),
                )))?;
            } else {
                chart.draw_series(DashedLineSeries::new(
                    vec![(xs[i], lo), (xs[i], ele[i])],
                    sz.i(4.0),
                    sz.i(5.0),
                    pause_color.mix(0.55).stroke_width(sz.i(1.5) as u32),
                ))?;
                chart.draw_series(std::iter::once(TriangleMarker::new(
                    (xs[i], ele[i]),
                    sz.i(5.0),
                    pause_color.mix(0.85).filled(),
                )))?;
            }
        }
    }

    // Reps: bold over the profile.
    let mut rep_spans = Vec::new();
    let mut rep_column = None;
    if times.is_some() {
        let sets = data.reps.iter().map(|r| r.set).max().unwrap_or(1);
        for (r, range) in data.reps.iter().zip(rep_grid_ranges(p, data.reps)) {
            let Some((a, b)) = range else {
                continue;
            };
            let band = data.band_of(&r.band, r.grade_pct);
            if new_column(&mut rep_column, px(xs[a]), px(xs[b])) {
                chart.draw_series(LineSeries::new(
                    m4((a..=b).map(|i| (xs[i], ele[i])), px),
                    band_color(band).stroke_width(sz.i(5.0) as u32),
                ))?;
            }
            let label = if sets > 1 {
                format!("R{}.{}", r.set, r.index)
            } else {
                format!("R{}", r.index)
            };
            rep_spans.push((label, a, band, b));
        }
    }

    // Heart rate: a thin line on the right axis, over everything but the numbers.
    if hr_range.is_some() {
        chart.draw_secondary_series(LineSeries::new(
            m4(hr.iter().copied(), px),
            hr_color.mix(0.8).stroke_width(sz.i(1.5).max(1) as u32),
        ))?;
    }

    // Numbers: reps first, then descents, each above its start; dropped when they collide.
    let (ax, ay) = chart.plotting_area().get_base_pixel();
    let (aw, ah) = chart.plotting_area().dim_in_pixel();
    let mut placer = Placer::new((ax, ay, ax + aw as i32, ay + ah as i32));
    let style = sz.mark();
    let bold = (super::FONT, sz.px(16.0)).into_font().color(&BLACK);
    let mut place = |label: &str, i: usize, st: &TextStyle| -> Result<(), ChartError> {
        let c = chart.backend_coord(&(xs[i], ele[i]));
        let size = root.estimate_text_size(label, st)?;
        let (w, h) = (size.0 as i32, size.1 as i32);
        let gap = sz.i(6.0);
        // Centered above the point, then right- or left-aligned to it; higher up if taken.
        let cands: Vec<(i32, i32)> = (0..6)
            .flat_map(|k| {
                let y = c.1 - gap - h - k * (h + 2);
                [(c.0 - w / 2, y), (c.0 - w, y), (c.0, y)]
            })
            .collect();
        if let Some(pos) = placer.place(&cands, size) {
            text_at(root, label, st, pos)?;
        }
        Ok(())
    };
    for (label, a, _, _) in &rep_spans {
        place(label, *a, &bold)?;
    }
    // A descent run as a rep already carries the rep's number.
    for (d, a, b, _) in &descent_spans {
        let is_rep = rep_spans.iter().any(|r| r.1 <= *b && *a <= r.3);
        if !is_rep {
            place(&d.index.to_string(), *a, &style)?;
        }
    }

    // Legend.
    let mut entries: Vec<(Swatch, String)> = vec![(Swatch::None, "Descents by band".into())];
    for i in 0..data.band_labels.len() {
        let k = descent_spans.iter().filter(|s| s.3 == i).count();
        if k > 0 {
            entries.push((
                Swatch::Box(band_color(i), 0.55),
                format!("{}: {k}", band_text(&data.band_labels, i)),
            ));
        }
    }
    if data.descents.is_empty() {
        entries.push((Swatch::Indent, "none found".into()));
    }
    if !rep_spans.is_empty() {
        entries.push((Swatch::None, String::new()));
        entries.push((
            Swatch::Line(RGBColor(40, 40, 40)),
            format!("Reps: {}", rep_spans.len()),
        ));
    }
    if hr_range.is_some() {
        entries.push((Swatch::None, String::new()));
        entries.push((Swatch::Line(hr_color), "Heart rate (right axis)".into()));
    }
    if pauses_drawn > 0 {
        entries.push((Swatch::None, String::new()));
        let sw = if by_time {
            Swatch::Box(pause_color, 0.18)
        } else {
            Swatch::Line(pause_color)
        };
        entries.push((sw, format!("Pauses: {pauses_drawn}")));
    }
    entries.push((Swatch::None, String::new()));
    entries.push((Swatch::None, "Numbers:".into()));
    if rep_spans.is_empty() {
        entries.push((Swatch::Indent, "descents in order".into()));
    } else {
        entries.push((Swatch::Indent, "R1.. reps".into()));
        entries.push((Swatch::Indent, "1.. other descents".into()));
    }
    let legend_top = legend_area.margin(sz.i(30.0), 0, 0, 0);
    draw_legend(&legend_top, &entries, sz)?;
    Ok(())
}
