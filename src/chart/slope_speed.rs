//! Slope against speed: each rep (or descent) a point, grade on x, speed or pace on y,
//! colored by band, band ranges shaded, and the equal-effort curve of the GAP model for the
//! runner's flat pace: a point above the curve was run harder than that flat pace.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::decimate::one_per_cell;
use super::layout::{Keyed, Placer, Swatch, around, draw_legend, text_at};
use super::{
    ChartError, ChartOptions, GAP_MODEL, Sizes, band_color, band_index, band_text, draw_empty,
    draw_titles,
};
use crate::descent::Bands;
use crate::report::Report;

/// Up to this many marks every one is drawn, with its label. Default 1000: a season of daily
/// rep sessions has a few thousand reps at most in a year, and 1000 marks of 6-8 px already
/// cover one another on a 1200 x 800 chart; beyond it, one mark per band per cell of the
/// mark's radius, so the file is bounded by the pixels whatever the number of reps.
const DRAW_EVERY_MARK: usize = 1000;

/// One mark of the slope-speed chart.
#[derive(Debug, Clone, PartialEq)]
pub struct SlopePoint {
    /// Grade, positive downhill.
    pub grade_pct: f64,
    /// Average speed of the rep or descent, m/s.
    pub speed_mps: f64,
    /// Index into [`SlopeSpeedData::band_labels`].
    pub band_index: usize,
    /// Shown next to the mark ("3"); empty for none.
    pub label: String,
}

/// Everything the slope-speed chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SlopeSpeedData {
    /// Heading of the chart.
    pub title: String,
    /// One line under the title (file, date, what the points are).
    pub subtitle: String,
    /// `"reps"` or `"descents"`: what a point is, for the legend and the empty message.
    pub what: String,
    /// The marks: one per rep or descent that has a speed.
    pub points: Vec<SlopePoint>,
    /// Slope band labels, gentlest first ([`Bands::labels`]).
    pub band_labels: Vec<String>,
    /// Band edges, for the shading.
    pub band_edges_pct: Vec<f64>,
    /// The runner's flat speed for the equal-effort curve, as the user gave it.
    pub flat_speed_mps: Option<f64>,
    /// The runner's easy speed on near-flat ground found in the session(s)
    /// (`RepAnalysis::easy_speed_mps`; the median over sessions for a season). Used for the
    /// curve when no flat speed is given.
    pub easy_speed_mps: Option<f64>,
    /// Reps or descents left out because they have no speed (no times in the file).
    pub without_speed: usize,
    /// No point was made on foot (a ride, a course's pace model): the running
    /// equal-effort curve is drawn only from a flat speed the user gave.
    pub off_foot: bool,
}

impl SlopeSpeedData {
    /// One session: its reps when it has any, else its descents.
    pub fn from_report(report: &Report, bands: &Bands) -> SlopeSpeedData {
        let mut data = SlopeSpeedData::empty(bands);
        data.title = format!("Slope and speed: {}", short_name(&report.file));
        data.add_report(report, bands, true);
        data.off_foot = report.sustained_effort.is_some()
            || (!report.descents.is_empty() && report.descents.iter().all(|d| !d.on_foot));
        data.easy_speed_mps = report
            .reps
            .easy_speed_mps
            .filter(|v| v.is_finite() && *v > 0.0);
        data.subtitle = subtitle(report, &data.what, data.points.len());
        data
    }

    /// Many sessions (a season): every rep, or every descent when no session has reps.
    pub fn from_reports(reports: &[Report], bands: &Bands, title: &str) -> SlopeSpeedData {
        let mut data = SlopeSpeedData::empty(bands);
        data.title = title.to_string();
        let any_reps = reports.iter().any(|r| !r.reps.reps.is_empty());
        for r in reports {
            if any_reps && r.reps.reps.is_empty() {
                continue;
            }
            data.add_report(r, bands, false);
        }
        data.what = if any_reps { "reps" } else { "descents" }.to_string();
        let mut easy: Vec<f64> = reports
            .iter()
            .filter_map(|r| r.reps.easy_speed_mps)
            .filter(|v| v.is_finite() && *v > 0.0)
            .collect();
        easy.sort_by(|a, b| a.total_cmp(b));
        data.easy_speed_mps = easy.get(easy.len() / 2).copied();
        data.subtitle = format!(
            "{} from {}",
            counted(data.points.len(), &data.what),
            crate::report::count(reports.len(), "session", "sessions")
        );
        data
    }

    /// A season from its per-session rows: every rep (the rows keep no descents).
    pub fn from_season(
        rows: &[crate::season::SessionRow],
        bands: &Bands,
        title: &str,
    ) -> SlopeSpeedData {
        let mut data = SlopeSpeedData::empty(bands);
        data.title = title.to_string();
        data.what = "reps".into();
        for row in rows {
            for (grade, speed, band) in &row.rep_points {
                data.push(*grade, *speed, band, String::new(), bands);
            }
        }
        let mut easy: Vec<f64> = rows
            .iter()
            .filter(|r| !r.rep_points.is_empty())
            .filter_map(|r| r.easy_speed_mps)
            .filter(|v| v.is_finite() && *v > 0.0)
            .collect();
        easy.sort_by(|a, b| a.total_cmp(b));
        data.easy_speed_mps = easy.get(easy.len() / 2).copied();
        data.subtitle = format!(
            "{} from {}",
            crate::report::count(data.points.len(), "rep", "reps"),
            crate::report::count(
                rows.iter().filter(|r| !r.rep_points.is_empty()).count(),
                "session",
                "sessions"
            )
        );
        data
    }

    /// Use this flat speed for the equal-effort curve.
    pub fn with_flat_speed(mut self, flat_speed_mps: Option<f64>) -> SlopeSpeedData {
        self.flat_speed_mps = flat_speed_mps.filter(|v| v.is_finite() && *v > 0.0);
        self
    }

    fn empty(bands: &Bands) -> SlopeSpeedData {
        SlopeSpeedData {
            title: String::new(),
            subtitle: String::new(),
            what: "descents".into(),
            points: Vec::new(),
            band_labels: bands.labels(),
            band_edges_pct: bands.edges_pct.clone(),
            flat_speed_mps: None,
            easy_speed_mps: None,
            without_speed: 0,
            off_foot: false,
        }
    }

    fn add_report(&mut self, report: &Report, bands: &Bands, labels: bool) {
        let reps = &report.reps.reps;
        let sets = reps.iter().map(|r| r.set).max().unwrap_or(1);
        if !reps.is_empty() {
            self.what = "reps".into();
            for r in reps {
                // Rep numbers restart in each set: `2.3` is set 2, rep 3.
                let label = match (labels, sets > 1) {
                    (false, _) => String::new(),
                    (true, false) => r.index.to_string(),
                    (true, true) => format!("{}.{}", r.set, r.index),
                };
                self.push(r.grade_pct, r.avg_speed_mps, &r.band, label, bands);
            }
        } else {
            for d in &report.descents {
                let label = if labels {
                    d.index.to_string()
                } else {
                    String::new()
                };
                self.push(d.grade_pct, d.avg_speed_mps, &d.band, label, bands);
            }
        }
    }

    fn push(&mut self, grade: f64, speed: Option<f64>, band: &str, label: String, bands: &Bands) {
        match speed.filter(|v| v.is_finite() && *v > 0.0) {
            Some(speed_mps) if grade.is_finite() => self.points.push(SlopePoint {
                grade_pct: grade,
                speed_mps,
                band_index: band_index(&self.band_labels, band, bands.index_of(grade)),
                label,
            }),
            _ => self.without_speed += 1,
        }
    }

    /// The flat speed behind the curve and where it came from: given by the user, else the
    /// runner's easy speed on the flat in the session(s), else the median flat-equivalent
    /// speed of the points.
    pub fn reference_flat_speed_mps(&self) -> Option<(f64, FlatSpeedSource)> {
        if let Some(v) = self.flat_speed_mps {
            return Some((v, FlatSpeedSource::Given));
        }
        if self.off_foot {
            return None;
        }
        if let Some(v) = self.easy_speed_mps {
            return Some((v, FlatSpeedSource::EasyFlat));
        }
        let mut eq: Vec<f64> = self
            .points
            .iter()
            .map(|p| crate::gap::flat_equivalent_speed_mps(p.speed_mps, -p.grade_pct))
            .filter(|v| v.is_finite())
            .collect();
        if eq.is_empty() {
            return None;
        }
        eq.sort_by(|a, b| a.total_cmp(b));
        Some((eq[eq.len() / 2], FlatSpeedSource::MedianOfPoints))
    }
}

/// Where the flat speed of the equal-effort curve came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlatSpeedSource {
    /// The user's flat pace (`--flat-pace`).
    Given,
    /// The runner's easy speed on near-flat ground in the session(s).
    EasyFlat,
    /// The median flat-equivalent speed of the points (no flat running found).
    MedianOfPoints,
}

fn short_name(file: &str) -> String {
    std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}

/// `n` of `what` (a plural: "reps", "descents"), singular for one.
fn counted(n: usize, what: &str) -> String {
    crate::report::count(n, what.strip_suffix('s').unwrap_or(what), what)
}

fn subtitle(report: &Report, what: &str, n: usize) -> String {
    let date = report
        .summary
        .start_s
        .and_then(|t| crate::localtime::local(t, report.utc_offset_s))
        .map(|t| t.format("%Y-%m-%d").to_string());
    let mut parts = Vec::new();
    if let Some(d) = date {
        parts.push(d);
    }
    parts.push(counted(n, what));
    parts.push(format!("altitude: {}", report.altitude_source.name()));
    parts.join("  |  ")
}

/// Draw the slope-speed chart.
pub fn draw_slope_speed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &SlopeSpeedData,
    opts: &ChartOptions,
) -> Result<(), ChartError> {
    let sz = Sizes::of(root.dim_in_pixel());
    if data.points.is_empty() {
        let msg = if data.without_speed > 0 {
            format!("No {} with a speed (the file has no times)", data.what)
        } else {
            format!("No {} in this session", data.what)
        };
        return draw_empty(root, &data.title, &msg);
    }
    let unit = super::SpeedAxis(opts.units);
    let area = draw_titles(root, &data.title, &data.subtitle)?;
    let (w, _) = area.dim_in_pixel();
    let (plot_area, legend_area) = area.split_horizontally(w as i32 - sz.i(300.0));

    // x: from 0 past the steepest point and the last band edge.
    let max_grade = data
        .points
        .iter()
        .map(|p| p.grade_pct)
        .fold(0.0f64, f64::max);
    let last_edge = data.band_edges_pct.last().copied().unwrap_or(0.0);
    let x_max = ((max_grade.max(last_edge + 2.0) + 3.0) / 5.0).ceil() * 5.0;
    // A descent is graded positive; a point left of 0 would be a bug upstream, still shown.
    let min_grade = data
        .points
        .iter()
        .map(|p| p.grade_pct)
        .fold(0.0f64, f64::min);
    let x_min = (min_grade / 5.0).floor() * 5.0;

    let flat = data.reference_flat_speed_mps();
    let curve: Vec<(f64, f64)> = match flat {
        Some((v0, _)) => (0..=((x_max - x_min) * 4.0) as usize)
            .map(|i| {
                let g = x_min + i as f64 * 0.25;
                (g, unit.plot_value(v0 / crate::gap::factor(-g)))
            })
            .collect(),
        None => Vec::new(),
    };
    // y: the points and the equal-effort curve at the points' grades decide the range (the
    // rest of the curve is clipped to it), with room around them of at least 20 % of their
    // median speed so a tight cluster is not blown up. Without the curve beside the points
    // the reader cannot tell a hard rep from an easy one.
    let mut speeds: Vec<f64> = data.points.iter().map(|p| p.speed_mps).collect();
    if let Some((v0, _)) = flat {
        speeds.extend(
            data.points
                .iter()
                .map(|p| v0 / crate::gap::factor(-p.grade_pct)),
        );
    }
    speeds.sort_by(|a, b| a.total_cmp(b));
    let median = speeds[speeds.len() / 2];
    let v_min = speeds[0].min(median * 0.8);
    let v_max = speeds[speeds.len() - 1].max(median * 1.2);
    let (a, b) = (unit.plot_value(v_min), unit.plot_value(v_max));
    let (mut lo, mut hi) = (a.min(b), a.max(b));
    let pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
    match opts.units.speed_display {
        crate::report::units::SpeedDisplay::Speed => lo = lo.max(0.0),
        // Nobody runs faster than 1:00/km (or /mi): a pace axis reaching 0:00 would be a ride.
        crate::report::units::SpeedDisplay::Pace => hi = hi.min(-60.0).max(lo + 30.0),
    }
    let keys = unit.key_points(lo, hi);

    let mut chart = ChartBuilder::on(&plot_area)
        .margin(sz.i(16.0))
        .x_label_area_size(sz.i(64.0))
        .y_label_area_size(sz.i(96.0))
        .build_cartesian_2d(x_min..x_max, Keyed::new(lo, hi, keys))?;

    // Band shading behind everything.
    let mut edges = vec![x_min];
    edges.extend(
        data.band_edges_pct
            .iter()
            .copied()
            .filter(|e| *e > x_min && *e < x_max),
    );
    edges.push(x_max);
    for win in edges.windows(2) {
        let band = data
            .band_edges_pct
            .iter()
            .take_while(|e| **e <= win[0])
            .count();
        chart.draw_series(std::iter::once(Rectangle::new(
            [(win[0], lo), (win[1], hi)],
            band_color(band).mix(0.10).filled(),
        )))?;
    }
    let band_spans: Vec<(f64, f64, usize)> = edges
        .windows(2)
        .map(|w| {
            let band = data
                .band_edges_pct
                .iter()
                .take_while(|e| **e <= w[0])
                .count();
            (w[0], w[1], band)
        })
        .collect();
    let x_fmt = |v: &f64| format!("{v:.0}");
    let y_fmt = |v: &f64| unit.format(*v);
    chart
        .configure_mesh()
        .x_desc("Grade (% downhill)")
        .y_desc(unit.axis_name())
        .axis_desc_style(sz.axis())
        .label_style(sz.tick())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_labels(12)
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .draw()?;
    // Band edges as dashed lines.
    for e in data
        .band_edges_pct
        .iter()
        .filter(|e| **e > x_min && **e < x_max)
    {
        chart.draw_series(DashedLineSeries::new(
            vec![(*e, lo), (*e, hi)],
            sz.i(6.0),
            sz.i(5.0),
            BLACK.mix(0.35).stroke_width(1),
        ))?;
    }

    let curve_color = RGBColor(60, 60, 60);
    // The curve, clipped to the plot: one line per run of points inside the y range.
    for run in curve
        .split(|c| c.1 < lo || c.1 > hi)
        .filter(|r| r.len() > 1)
    {
        chart.draw_series(LineSeries::new(
            run.iter().copied(),
            curve_color.stroke_width(sz.i(3.0) as u32),
        ))?;
    }

    // The marks, then their labels placed around them without overlap.
    // Many points (a season): smaller, translucent marks so clusters stay readable.
    let crowded = data.points.len() > 40;
    let r = sz.i(if crowded { 6.0 } else { 8.0 });
    let fill_alpha = if crowded { 0.65 } else { 1.0 };
    let all: Vec<(f64, f64, &SlopePoint)> = data
        .points
        .iter()
        // Beyond the axis (faster than 1:00/km): on its edge, not off the chart.
        .map(|p| (p.grade_pct, unit.plot_value(p.speed_mps).clamp(lo, hi), p))
        .collect();
    let centers: Vec<(i32, i32)> = all
        .iter()
        .map(|(x, y, _)| chart.backend_coord(&(*x, *y)))
        .collect();
    // Bounded by the pixels, not by the marks (see `decimate::one_per_cell`).
    let decimated = all.len() > DRAW_EVERY_MARK;
    let keep = if decimated {
        one_per_cell(&centers, |i| all[i].2.band_index, r.max(1))
    } else {
        (0..all.len()).collect()
    };
    let pts: Vec<_> = keep.iter().map(|&i| all[i]).collect();
    let centers: Vec<(i32, i32)> = keep.iter().map(|&i| centers[i]).collect();
    chart.draw_series(pts.iter().map(|(x, y, p)| {
        Circle::new(
            (*x, *y),
            r,
            band_color(p.band_index).mix(fill_alpha).filled(),
        )
    }))?;
    chart.draw_series(
        pts.iter()
            .map(|(x, y, _)| Circle::new((*x, *y), r, BLACK.mix(0.6).stroke_width(1))),
    )?;
    let (ax, ay) = chart.plotting_area().get_base_pixel();
    let (aw, ah) = chart.plotting_area().dim_in_pixel();
    let mut placer = Placer::new((ax, ay, ax + aw as i32, ay + ah as i32));
    for c in &centers {
        placer.reserve((c.0 - r, c.1 - r, c.0 + r, c.1 + r));
    }
    // Band names along the top of their shaded range, where they fit.
    for (a, b, band) in &band_spans {
        let Some(label) = data.band_labels.get(*band) else {
            continue;
        };
        let text = if *band == 0 {
            label.clone()
        } else {
            format!("{label} %")
        };
        let color = band_color(*band).mix(0.9);
        let style = sz.mark().color(&color);
        let size = root.estimate_text_size(&text, &style)?;
        let (pa, pb) = (
            chart.backend_coord(&(*a, hi)),
            chart.backend_coord(&(*b, hi)),
        );
        let x = (pa.0 + pb.0) / 2 - size.0 as i32 / 2;
        let cand = [(x, pa.1 + sz.i(4.0))];
        if pb.0 - pa.0 > size.0 as i32 + 4
            && let Some(pos) = placer.place(&cand, size)
        {
            text_at(root, &text, &style, pos)?;
        }
    }
    let mark_style = sz.mark();
    // Marks merged into cells have no room for a label of their own.
    for ((_, _, p), c) in pts.iter().zip(&centers).filter(|_| !decimated) {
        if p.label.is_empty() {
            continue;
        }
        let size = root.estimate_text_size(&p.label, &mark_style)?;
        if let Some(pos) = placer.place(&around(*c, r, size), size) {
            text_at(root, &p.label, &mark_style, pos)?;
        }
    }

    // Legend: bands present, the curve.
    let mut entries: Vec<(Swatch, String)> = Vec::new();
    entries.push((Swatch::None, format!("{} by band", capitalize(&data.what))));
    for i in 0..data.band_labels.len() {
        let n = data.points.iter().filter(|p| p.band_index == i).count();
        if n > 0 {
            entries.push((
                Swatch::Box(band_color(i), 1.0),
                format!("{}: {n}", band_text(&data.band_labels, i)),
            ));
        }
    }
    if let Some((v0, source)) = flat {
        entries.push((Swatch::None, String::new()));
        entries.push((Swatch::Line(curve_color), "Equal effort".to_string()));
        entries.push((
            Swatch::Indent,
            format!("to flat {}", opts.units.speed_with_unit(v0)),
        ));
        entries.push((
            Swatch::Indent,
            match source {
                FlatSpeedSource::Given => format!("(your flat {})", opts.units.speed_word()),
                FlatSpeedSource::EasyFlat => {
                    format!("(your easy flat {})", opts.units.speed_word())
                }
                FlatSpeedSource::MedianOfPoints => format!("(median of the {})", data.what),
            },
        ));
        entries.push((Swatch::Indent, format!("GAP model {GAP_MODEL}")));
        entries.push((Swatch::Indent, "above the curve:".to_string()));
        entries.push((Swatch::Indent, "a harder effort".to_string()));
    }
    if data.without_speed > 0 {
        entries.push((Swatch::None, String::new()));
        entries.push((
            Swatch::None,
            format!("{} without speed", data.without_speed),
        ));
    }
    let legend_top = legend_area.margin(sz.i(30.0), 0, 0, 0);
    draw_legend(&legend_top, &entries, sz)?;
    Ok(())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
