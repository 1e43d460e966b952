//! Slope against pace as inline SVG: each rep a dot (one `rep-mark` per rep; the descents
//! when there are no reps), grade on x, pace on y (faster up), the bands shaded, and the
//! equal-effort curve of the GAP model through the runner's flat speed (the one the
//! slope-speed chart draws).

use std::fmt::Write;

use super::svg::{Taken, band_hex, esc, grid_line, points_attr, rep_label, ticks};
use crate::chart::{FlatSpeedSource, SlopeSpeedData, SpeedAxis};
use crate::descent::Bands;
use crate::report::Report;
use crate::report::units::Units;

const W: f64 = 1000.0;
const H: f64 = 380.0;
/// Room for the pace labels (left) and the grade labels (bottom; the last one centred on
/// the right edge).
const LEFT: f64 = 64.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;
/// Points of the equal-effort curve across the grade axis: smooth at any width.
const CURVE_POINTS: usize = 60;

/// The slope-pace figure, or a sentence saying why there is none.
pub fn render(report: &Report, bands: &Bands, u: Units) -> String {
    let unit = SpeedAxis(u);
    let reps = &report.reps.reps;
    // (grade %, speed m/s, band, rep index when a rep, label)
    let marks: Vec<(f64, f64, &str, Option<usize>, String)> = if reps.is_empty() {
        (report.descents.iter())
            .filter_map(|d| {
                Some((
                    d.grade_pct,
                    d.avg_speed_mps?,
                    d.band.as_str(),
                    None,
                    d.index.to_string(),
                ))
            })
            .collect()
    } else {
        (reps.iter().enumerate())
            .filter_map(|(k, r)| {
                let label = rep_label(report, k);
                Some((
                    r.grade_pct,
                    r.avg_speed_mps?,
                    r.band.as_str(),
                    Some(k),
                    label,
                ))
            })
            .collect()
    };
    let marks: Vec<_> = marks
        .into_iter()
        .filter(|m| m.0.is_finite() && m.1.is_finite() && m.1 > 0.0)
        .collect();
    if marks.is_empty() {
        return "<p class=\"empty\">No slope-speed chart: no descent here has a speed (no \
                times, or no descents).</p>"
            .into();
    }
    let flat = SlopeSpeedData::from_report(report, bands).reference_flat_speed_mps();
    // The grades run, 2 points either side (the curve and the bands around them), from 0.
    let g_hi = marks.iter().map(|m| m.0).fold(0.0, f64::max) + 2.0;
    let g_lo = (marks.iter().map(|m| m.0).fold(f64::INFINITY, f64::min) - 2.0).max(0.0);
    let curve: Vec<(f64, f64)> = match flat {
        Some((v0, _)) => (0..=CURVE_POINTS)
            .map(|i| g_lo + (g_hi - g_lo) * i as f64 / CURVE_POINTS as f64)
            .map(|g| (g, unit.plot_value(v0 / crate::gap::factor(-g))))
            .collect(),
        None => Vec::new(),
    };
    let values = marks
        .iter()
        .map(|m| unit.plot_value(m.1))
        .chain(curve.iter().map(|c| c.1));
    let (v_lo, v_hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    // A tenth of the range around the dots and the curve, at least 10 s/km (or half a
    // km/h), so one pace is not spread over the whole height.
    let pad = ((v_hi - v_lo) * 0.1).max(unit.min_pad());
    let (lo, hi) = (v_lo - pad, v_hi + pad);
    let x = |g: f64| LEFT + (g - g_lo) / (g_hi - g_lo) * (W - LEFT - RIGHT);
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);

    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=\"fig\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Slope and {}\">",
        u.speed_word()
    );
    // The bands as stripes behind the dots.
    let edges: Vec<f64> = std::iter::once(g_lo)
        .chain(
            bands
                .edges_pct
                .iter()
                .copied()
                .filter(|e| *e > g_lo && *e < g_hi),
        )
        .chain(std::iter::once(g_hi))
        .collect();
    let labels = bands.labels();
    for w in edges.windows(2) {
        let label = bands.label((w[0] + w[1]) / 2.0);
        let _ = write!(
            o,
            "<rect class=\"band\" fill=\"{}\" x=\"{:.1}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{:.1}\"><title>band {}</title></rect>",
            band_hex(&labels, &label),
            x(w[0]),
            x(w[1]) - x(w[0]),
            H - TOP - BOTTOM,
            esc(&label)
        );
    }
    for v in unit.key_points(lo, hi) {
        grid_line(&mut o, (LEFT, W - RIGHT), y(v), &unit.format(v));
    }
    let grade_ticks = ticks(g_lo, g_hi, 8);
    // Half-point ticks on a narrow range need their decimal.
    let decimals = usize::from(grade_ticks.iter().any(|g| g.fract().abs() > 1e-9));
    for g in grade_ticks {
        let _ = write!(
            o,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{g:.decimals$} %</text>",
            x(g),
            H - BOTTOM + 16.0
        );
    }
    let _ = write!(
        o,
        "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">grade downhill; \
         {}</text>",
        (LEFT + W - RIGHT) / 2.0,
        H - 4.0,
        match u.speed_display {
            crate::report::units::SpeedDisplay::Pace =>
                format!("pace {}, faster up", u.speed_unit()),
            crate::report::units::SpeedDisplay::Speed => format!("speed {}", u.speed_unit()),
        }
    );
    if let Some((v0, _)) = flat {
        let _ = write!(
            o,
            "<polyline class=\"curve\" points=\"{}\"><title>equal effort to {} on the flat \
             ({})</title></polyline>",
            points_attr(curve.iter().map(|&(g, v)| (x(g), y(v)))),
            u.speed_with_unit(v0),
            esc(crate::gap::MODEL_NAME)
        );
    }
    let mut taken = Taken::default();
    for (g, v, band, rep, label) in &marks {
        let (cx, cy) = (x(*g), y(unit.plot_value(*v)));
        let fill = band_hex(&report.band_labels, band);
        let what = format!("{label}: {g:.1} %, {}", u.speed_with_unit(*v));
        match rep {
            Some(k) => {
                let (lx, ly) = (cx + 9.0, cy - 6.0);
                let number = if taken.take(lx, ly) {
                    esc(label.trim_start_matches('R'))
                } else {
                    String::new()
                };
                let _ = write!(
                    o,
                    "<g class=\"rep\" data-rep=\"{k}\"><circle class=\"rep-mark\" style=\"fill:{fill}\" \
                     cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"7\"/><text class=\"rep-num\" x=\"{:.1}\" \
                     y=\"{:.1}\">{number}</text><title>{}</title></g>",
                    lx,
                    ly,
                    esc(&what)
                );
            }
            None => {
                let _ = write!(
                    o,
                    "<circle class=\"descent-dot\" data-descent=\"{}\" style=\"fill:{fill}\" \
                     cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\"><title>descent {}</title></circle>",
                    esc(label),
                    esc(&what)
                );
            }
        }
    }
    o.push_str("</svg>");
    if let Some((v0, source)) = flat {
        let from = match source {
            FlatSpeedSource::Given => format!("your flat {}", u.speed_word()),
            FlatSpeedSource::EasyFlat => "your easy running on the flat in this file".into(),
            FlatSpeedSource::MedianOfPoints => {
                format!(
                    "the median flat-equivalent {} of the points",
                    u.speed_word()
                )
            }
        };
        let _ = write!(
            o,
            "<p class=\"legend\">Dashed: equal effort to {} on the flat ({from}), by the \
             {} grade-adjusted-pace model; a dot above it was run harder than that.</p>",
            u.speed_with_unit(v0),
            esc(crate::gap::MODEL_NAME)
        );
    }
    o
}
