//! Season progression: per week, the reps per band (stacked bars) with the steepest band
//! named above each bar, and below it the median rep speed per band over the weeks.
//!
//! The input is a small per-week table ([`SeasonWeek`]) that the season stage fills;
//! [`weeks_from_reports`] builds it from single-file reports for callers without it.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;

use super::layout::{Keyed, Placer, Swatch, draw_legend, text_at};
use super::{
    ChartError, ChartOptions, Sizes, band_color, band_index, band_text, draw_empty, draw_titles,
};
use crate::descent::Bands;
use crate::report::Report;

/// One training week of a season.
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonWeek {
    /// Monday of the (ISO) week, UTC.
    pub week_start: NaiveDate,
    /// Reps run in each band, indexed like [`SeasonChartData::band_labels`].
    pub reps_per_band: Vec<usize>,
    /// The steepest band with a rep this week.
    pub steepest_band: Option<usize>,
    /// Median speed of the week's reps in each band, m/s (`None`: no rep with a speed).
    pub rep_speed_mps_per_band: Vec<Option<f64>>,
}

/// Everything the season chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonChartData {
    /// Heading of the chart.
    pub title: String,
    /// One line under the title: reps and weeks counted, first and last week.
    pub subtitle: String,
    /// Slope band labels, gentlest first; indexes of [`SeasonWeek`]'s per-band values.
    pub band_labels: Vec<String>,
    /// Weeks in order; weeks without sessions may be left out (they show as gaps).
    pub weeks: Vec<SeasonWeek>,
}

/// Monday of the week holding `time_s`, on the clock of `utc_offset_s`.
fn monday_of(time_s: f64, utc_offset_s: i32) -> Option<NaiveDate> {
    let d = crate::localtime::local(time_s, utc_offset_s)?.date_naive();
    Some(d - Duration::days(d.weekday().num_days_from_monday() as i64))
}

/// Group the reps of single-file reports by week (reports without a start time are left
/// out). A fallback for callers that have no season stage result.
pub fn weeks_from_reports(reports: &[Report], bands: &Bands) -> Vec<SeasonWeek> {
    let labels = bands.labels();
    let nb = labels.len();
    // Per week: counts, and the rep speeds, per band.
    type Tally = (Vec<usize>, Vec<Vec<f64>>);
    let mut weeks: BTreeMap<NaiveDate, Tally> = BTreeMap::new();
    for r in reports {
        let Some(monday) = r.summary.start_s.and_then(|t| monday_of(t, r.utc_offset_s)) else {
            continue;
        };
        let w = weeks
            .entry(monday)
            .or_insert_with(|| (vec![0; nb], vec![Vec::new(); nb]));
        for rep in &r.reps.reps {
            let b = band_index(&labels, &rep.band, bands.index_of(rep.grade_pct)).min(nb - 1);
            w.0[b] += 1;
            if let Some(v) = rep.avg_speed_mps.filter(|v| v.is_finite() && *v > 0.0) {
                w.1[b].push(v);
            }
        }
    }
    weeks
        .into_iter()
        .map(|(week_start, (counts, speeds))| SeasonWeek {
            week_start,
            steepest_band: counts.iter().rposition(|&c| c > 0),
            reps_per_band: counts,
            rep_speed_mps_per_band: speeds.iter().map(|v| crate::stats::median(v)).collect(),
        })
        .collect()
}

/// The chart's weeks from the season stage's weekly summary (`SeasonReport::weeks`): reps
/// and median rep speed per band, the steepest band. Weeks whose Monday does not parse are
/// left out; bands are matched by label.
pub fn weeks_from_season(
    weeks: &[crate::season::WeekSummary],
    band_labels: &[String],
) -> Vec<SeasonWeek> {
    weeks
        .iter()
        .filter_map(|w| {
            let week_start = NaiveDate::parse_from_str(&w.monday, "%Y-%m-%d").ok()?;
            let band = |label: &str| w.bands.iter().find(|b| b.band == label);
            Some(SeasonWeek {
                week_start,
                reps_per_band: band_labels
                    .iter()
                    .map(|l| band(l).map_or(0, |b| b.reps))
                    .collect(),
                steepest_band: w
                    .steepest_band
                    .as_deref()
                    .and_then(|s| band_labels.iter().position(|l| l == s)),
                rep_speed_mps_per_band: band_labels
                    .iter()
                    .map(|l| band(l).and_then(|b| b.median_rep_speed_mps))
                    .collect(),
            })
        })
        .collect()
}

impl SeasonChartData {
    /// The chart data for `weeks`, the subtitle counted from them.
    pub fn new(title: &str, band_labels: Vec<String>, weeks: Vec<SeasonWeek>) -> SeasonChartData {
        let reps: usize = weeks.iter().flat_map(|w| w.reps_per_band.iter()).sum();
        let subtitle = match (weeks.first(), weeks.last()) {
            (Some(a), Some(b)) => format!(
                "{} in {}, {} to {}",
                crate::report::count(reps, "rep", "reps"),
                crate::report::count(weeks.len(), "week", "weeks"),
                a.week_start.format("%Y-%m-%d"),
                b.week_start.format("%Y-%m-%d")
            ),
            _ => String::new(),
        };
        SeasonChartData {
            title: title.to_string(),
            subtitle,
            band_labels,
            weeks,
        }
    }
}

/// Round integer key points from 0 to `hi`.
/// The x axis's labelled weeks (weeks after `first`) and their date format, for a season
/// `last` weeks long with room for `max_labels`: day and month within half a year, month
/// and year up to three years, else the years (each label at 1 January).
fn week_keys(first: NaiveDate, last: f64, max_labels: usize) -> (Vec<f64>, &'static str) {
    let weeks_to = |d: NaiveDate| (d - first).num_days() as f64 / 7.0;
    let max_labels = max_labels.max(2);
    if last <= 26.0 {
        let step = ((last + 1.0) / max_labels as f64).ceil().max(1.0);
        let keys = (0..).map(|k| k as f64 * step).take_while(|v| *v <= last);
        return (keys.collect(), "%d %b");
    }
    let end = first + Duration::days((last * 7.0).round() as i64 + 6);
    let months = (end.year() - first.year()) * 12 + end.month() as i32 - first.month() as i32;
    let (every_months, format) = if months <= 36 {
        let every = [1, 2, 3, 4, 6, 12]
            .into_iter()
            .find(|m| months / m < max_labels as i32)
            .unwrap_or(12);
        (every, "%b %Y")
    } else {
        let years = months / 12 + 1;
        let every = [1, 2, 5, 10, 20, 50]
            .into_iter()
            .find(|y| years / y < max_labels as i32)
            .unwrap_or(100);
        (every * 12, "%Y")
    };
    // Month starts from the first after `first`, on multiples of `every_months` (January,
    // July for 6; years divisible by the step for whole years).
    let mut keys = Vec::new();
    let mut m = first.year() * 12 + first.month0() as i32 + 1;
    while m % every_months != 0 {
        m += 1;
    }
    while let Some(d) = NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1) {
        // Within the axis (the last bar's half width past its week).
        if d > end || weeks_to(d) > last + 0.6 {
            break;
        }
        keys.push(weeks_to(d));
        m += every_months;
    }
    (keys, format)
}

fn count_keys(hi: f64) -> Vec<f64> {
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        .into_iter()
        .find(|s| hi / s <= 8.0)
        .unwrap_or(200.0);
    (0..)
        .map(|k| k as f64 * step)
        .take_while(|v| *v <= hi)
        .collect()
}

/// Draw the season chart.
pub fn draw_season<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &SeasonChartData,
    opts: &ChartOptions,
) -> Result<(), ChartError> {
    let sz = Sizes::of(root.dim_in_pixel());
    let total: usize = data.weeks.iter().flat_map(|w| w.reps_per_band.iter()).sum();
    let Some(first) = data.weeks.first().map(|w| w.week_start) else {
        return draw_empty(root, &data.title, "No reps in this season");
    };
    if total == 0 {
        return draw_empty(root, &data.title, "No reps in this season");
    }
    let unit = super::SpeedAxis(opts.units);
    let area = draw_titles(root, &data.title, &data.subtitle)?;
    let (w, h) = area.dim_in_pixel();
    let (plots, legend_area) = area.split_horizontally(w as i32 - sz.i(240.0));
    let (top, bottom) = plots.split_vertically((h as f64 * 0.56) as i32);

    let xk: Vec<f64> = data
        .weeks
        .iter()
        .map(|w| (w.week_start - first).num_days() as f64 / 7.0)
        .collect();
    let last = xk.last().copied().unwrap_or(0.0);
    let (x0, x1) = (-0.6, last + 0.6);
    let max_labels = ((w as f64 / sz.scale) / 110.0).max(3.0) as usize;
    let (x_keys, date_format) = week_keys(first, last, max_labels);
    let x_fmt = |v: &f64| {
        let d = first + Duration::days((v * 7.0).round() as i64);
        d.format(date_format).to_string()
    };

    // Top: stacked reps per band.
    let max_total = data
        .weeks
        .iter()
        .map(|w| w.reps_per_band.iter().sum::<usize>())
        .max()
        .unwrap_or(1) as f64;
    let y_hi = max_total * 1.25 + 1.0;
    let mut chart = ChartBuilder::on(&top)
        .margin(sz.i(12.0))
        .caption("Reps per week, by band", sz.axis())
        .x_label_area_size(sz.i(40.0))
        .y_label_area_size(sz.i(90.0))
        .build_cartesian_2d(
            Keyed::new(x0, x1, x_keys.clone()),
            Keyed::new(0.0, y_hi, count_keys(y_hi)),
        )?;
    chart
        .configure_mesh()
        .y_desc("Reps")
        .axis_desc_style(sz.axis())
        .label_style(sz.tick())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&|v: &f64| format!("{v:.0}"))
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.10))
        .disable_x_mesh()
        .draw()?;
    // Bars are most of a week wide, and never under 3 px: over several years a week is a
    // pixel or less.
    let week_px = chart.plotting_area().dim_in_pixel().0 as f64 / (x1 - x0);
    let half = 0.38f64.max(sz.scale * 1.5 / week_px.max(1e-9));
    for (wk, x) in data.weeks.iter().zip(&xk) {
        let mut base = 0.0;
        for (b, &c) in wk.reps_per_band.iter().enumerate() {
            if c == 0 {
                continue;
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - half, base), (x + half, base + c as f64)],
                band_color(b).filled(),
            )))?;
            base += c as f64;
        }
    }
    // The steepest band named above the bar of each week where it changes (naming it above
    // every bar crowds a long season and runs into the neighbouring bars), when there is room.
    let mut previous: Option<usize> = None;
    let (ax, ay) = chart.plotting_area().get_base_pixel();
    let (aw, ah) = chart.plotting_area().dim_in_pixel();
    let mut placer = Placer::new((ax, ay, ax + aw as i32, ay + ah as i32));
    let style = sz.mark();
    for (wk, x) in data.weeks.iter().zip(&xk) {
        let Some(b) = wk.steepest_band else { continue };
        if previous == Some(b) {
            continue;
        }
        previous = Some(b);
        let Some(label) = data.band_labels.get(b) else {
            continue;
        };
        let top_y: usize = wk.reps_per_band.iter().sum();
        let c = chart.backend_coord(&(*x, top_y as f64));
        let size = root.estimate_text_size(label, &style)?;
        let cand = [(c.0 - size.0 as i32 / 2, c.1 - sz.i(4.0) - size.1 as i32)];
        if let Some(pos) = placer.place(&cand, size) {
            text_at(root, label, &style.color(&band_color(b)), pos)?;
        }
    }

    // Bottom: median rep speed per band.
    let speeds: Vec<f64> = data
        .weeks
        .iter()
        .flat_map(|w| w.rep_speed_mps_per_band.iter().flatten())
        .map(|v| unit.plot_value(*v))
        .collect();
    if !speeds.is_empty() {
        let (mut lo, mut hi) = speeds
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
                (a.min(y), b.max(y))
            });
        let pad = ((hi - lo) * 0.12).max(unit.min_pad());
        lo -= pad;
        hi += pad;
        let mut chart = ChartBuilder::on(&bottom)
            .margin(sz.i(12.0))
            .caption(
                format!("Median rep {} per band", opts.units.speed_word()),
                sz.axis(),
            )
            .x_label_area_size(sz.i(60.0))
            .y_label_area_size(sz.i(90.0))
            .build_cartesian_2d(
                Keyed::new(x0, x1, x_keys.clone()),
                Keyed::new(lo, hi, unit.key_points(lo, hi)),
            )?;
        chart
            .configure_mesh()
            .x_desc("Week starting")
            .y_desc(match opts.units.speed_display {
                crate::report::units::SpeedDisplay::Speed => opts.units.speed_unit().to_string(),
                crate::report::units::SpeedDisplay::Pace => {
                    format!("{} (faster up)", opts.units.speed_unit())
                }
            })
            .axis_desc_style(sz.axis())
            .label_style(sz.tick())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|v: &f64| unit.format(*v))
            .light_line_style(WHITE.mix(0.0))
            .bold_line_style(BLACK.mix(0.10))
            .draw()?;
        for b in 0..data.band_labels.len() {
            let series: Vec<(f64, f64)> = data
                .weeks
                .iter()
                .zip(&xk)
                .filter_map(|(w, x)| {
                    w.rep_speed_mps_per_band
                        .get(b)
                        .copied()
                        .flatten()
                        .map(|v| (*x, unit.plot_value(v)))
                })
                .collect();
            if series.is_empty() {
                continue;
            }
            let c = band_color(b);
            chart.draw_series(LineSeries::new(
                series.iter().copied(),
                c.stroke_width(sz.i(3.0) as u32),
            ))?;
            chart.draw_series(
                series
                    .iter()
                    .map(|p| Circle::new(*p, sz.i(6.0), c.filled())),
            )?;
        }
    } else {
        let style = sz.subtitle();
        let (bw, bh) = bottom.dim_in_pixel();
        let msg = "No rep speeds (files without times)";
        let size = bottom.estimate_text_size(msg, &style)?;
        bottom.draw_text(
            msg,
            &style,
            ((bw as i32 - size.0 as i32) / 2, bh as i32 / 2),
        )?;
    }

    // Legend.
    let mut entries: Vec<(Swatch, String)> = vec![(Swatch::None, "Band (reps)".into())];
    for b in 0..data.band_labels.len() {
        let k: usize = data
            .weeks
            .iter()
            .map(|w| w.reps_per_band.get(b).copied().unwrap_or(0))
            .sum();
        if k > 0 {
            entries.push((
                Swatch::Box(band_color(b), 1.0),
                format!("{}: {k}", band_text(&data.band_labels, b)),
            ));
        }
    }
    entries.push((Swatch::None, String::new()));
    entries.push((Swatch::None, "Above the bars:".into()));
    entries.push((Swatch::Indent, "the steepest band,".into()));
    entries.push((Swatch::Indent, "where it changes".into()));
    let legend_top = legend_area.margin(sz.i(40.0), 0, 0, 0);
    draw_legend(&legend_top, &entries, sz)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(first: NaiveDate, weeks: f64, max: usize) -> Vec<String> {
        let (keys, format) = week_keys(first, weeks, max);
        keys.iter()
            .map(|k| {
                (first + Duration::days((k * 7.0).round() as i64))
                    .format(format)
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn a_season_of_years_is_labelled_by_year_on_1_january() {
        let first = NaiveDate::from_ymd_opt(2009, 12, 28).unwrap();
        // 2009-12-28 to 2026-05-11: 854 weeks, room for 10 labels: every other year.
        let l = labels(first, 854.0, 10);
        assert_eq!(
            l,
            [
                "2010", "2012", "2014", "2016", "2018", "2020", "2022", "2024", "2026"
            ]
        );
    }

    #[test]
    fn a_season_of_months_names_month_and_year_and_a_short_one_the_days() {
        let first = NaiveDate::from_ymd_opt(2024, 9, 2).unwrap();
        let l = labels(first, 60.0, 8);
        // 14 months in at most 8 labels: every other month, on even months.
        assert_eq!(
            l,
            [
                "Nov 2024", "Jan 2025", "Mar 2025", "May 2025", "Jul 2025", "Sep 2025"
            ]
        );
        assert!(l.len() <= 8, "{l:?}");
        let l = labels(first, 10.0, 8);
        assert_eq!(l.first().map(String::as_str), Some("02 Sep"));
    }
}
