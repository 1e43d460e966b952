//! The elevation profile as inline SVG: the smoothed profile over distance, each descent
//! shaded in its band's colour, each rep drawn bold and numbered (one `rep-mark` per rep).

use std::fmt::Write;

use super::svg::{Spans, Taken, band_hex, esc, grid_line, points_attr, rep_label, thinned, ticks};
use crate::analysis::Analysis;

/// The figure's coordinate box: 1000 x 320 units, wide like a profile; the SVG scales it to
/// the page width.
const W: f64 = 1000.0;
const H: f64 = 320.0;
/// Room for the elevation labels (left), the km labels (bottom) and the rep numbers (top).
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 36.0;

/// The profile figure, or a sentence saying why there is none.
pub fn render(a: &Analysis, spans: &Spans, u: crate::report::units::Units) -> String {
    let Some(p) = &a.profile else {
        return "<p class=\"empty\">No elevation profile: this file has no usable elevation or \
                distance.</p>"
            .into();
    };
    let n = p.distance_m.len().min(p.elevation_m.len());
    let finite = |v: &[f64]| {
        v.iter()
            .filter(|x| x.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            })
    };
    let (e_lo, e_hi) = finite(&p.elevation_m[..n]);
    let (d_lo, d_hi) = finite(&p.distance_m[..n]);
    if n < 2 || !e_lo.is_finite() || !d_lo.is_finite() || d_hi <= d_lo {
        return "<p class=\"empty\">No elevation profile: too few points.</p>".into();
    }
    // At least 10 m of height, so a flat run does not magnify noise into mountains.
    let span = (e_hi - e_lo).max(10.0);
    // 5 % of the height above and below: the line never touches the frame.
    let (lo, hi) = (e_lo - span * 0.05, e_hi + span * 0.05);
    let x = |d: f64| LEFT + (d - d_lo) / (d_hi - d_lo) * (W - LEFT - RIGHT);
    let y = |e: f64| TOP + (hi - e) / (hi - lo) * (H - TOP - BOTTOM);
    let at = |i: usize| (x(p.distance_m[i]), y(p.elevation_m[i]));
    let base = y(lo);

    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=\"fig\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Elevation profile\">"
    );
    // Ticks at round values of the page's units (m or ft, km or mi).
    let per_len = u.length_value(1.0);
    for t in ticks(lo * per_len, hi * per_len, 5) {
        grid_line(
            &mut o,
            (LEFT, W - RIGHT),
            y(t / per_len),
            &format!("{t:.0}"),
        );
    }
    // The unit once, above the elevation labels (short labels stay legible on a phone).
    let _ = write!(
        o,
        "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        LEFT - 6.0,
        TOP - 12.0,
        u.length_unit()
    );
    let per_dist = u.distance_value(1.0);
    for t in ticks(d_lo * per_dist, d_hi * per_dist, 8) {
        let _ = write!(
            o,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x(t / per_dist),
            H - BOTTOM + 16.0,
            km_label(t, (d_hi - d_lo) * per_dist * 1000.0)
        );
    }
    let _ = write!(
        o,
        "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">distance ({})</text>",
        (LEFT + W - RIGHT) / 2.0,
        H - 4.0,
        u.distance_unit()
    );
    let all = thinned(0, n - 1);
    let mut area: Vec<(f64, f64)> = all.iter().map(|&i| at(i)).collect();
    area.push((x(p.distance_m[n - 1]), base));
    area.push((x(p.distance_m[0]), base));
    let _ = write!(
        o,
        "<polygon class=\"ground\" points=\"{}\"/>",
        points_attr(area)
    );
    let labels = &a.report.band_labels;
    for (d, span) in a.report.descents.iter().zip(&spans.descents) {
        let Some((s, e)) = *span else { continue };
        let mut poly: Vec<(f64, f64)> = thinned(s, e).into_iter().map(at).collect();
        poly.push((at(e).0, base));
        poly.push((at(s).0, base));
        let _ = write!(
            o,
            "<polygon class=\"descent\" data-descent=\"{}\" fill=\"{}\" points=\"{}\"><title>descent \
             {}: {} at {:.1} % ({})</title></polygon>",
            d.index,
            band_hex(labels, &d.band),
            points_attr(poly),
            d.index,
            u.length(d.distance_m),
            d.grade_pct,
            esc(&d.band)
        );
    }
    let _ = write!(
        o,
        "<polyline class=\"line\" points=\"{}\"/>",
        points_attr(all.iter().map(|&i| at(i)))
    );
    let mut taken = Taken::default();
    let is_rep =
        |s: usize, e: usize| (spans.reps.iter().flatten()).any(|&(rs, re)| rs <= e && s <= re);
    // Descents that are no rep carry their own numbers (the descent table's): then the reps
    // keep their "R", or rep 2 and descent 2 would read the same.
    let mixed = spans.descents.iter().flatten().any(|&(s, e)| !is_rep(s, e));
    for (k, (r, span)) in a.report.reps.reps.iter().zip(&spans.reps).enumerate() {
        let Some((s, e)) = *span else { continue };
        let label = rep_label(&a.report, k);
        let (lx, top) = at(s);
        // Above the rep's start, or a line higher when taken; none when all are.
        let ly = (0..3)
            .map(|i| (top - 8.0 - 15.0 * i as f64).max(12.0))
            .find(|&y| taken.take(lx, y));
        let number = match ly {
            Some(_) if mixed => esc(&label),
            Some(_) => esc(label.trim_start_matches('R')),
            None => String::new(),
        };
        let _ = write!(
            o,
            "<g class=\"rep\" data-rep=\"{k}\"><polyline class=\"rep-mark\" stroke=\"{}\" \
             points=\"{}\"/><text class=\"rep-num\" x=\"{lx:.1}\" y=\"{:.1}\" \
             text-anchor=\"middle\">{number}</text><title>{}: {} at {:.1} %</title></g>",
            band_hex(labels, &r.band),
            points_attr(thinned(s, e).into_iter().map(at)),
            ly.unwrap_or(top),
            esc(&label),
            u.length(r.distance_m),
            r.pass_grade_pct
        );
    }
    // Descents not run as reps get their own number (the descent table's), where there is
    // room; a rep already carries its number.
    for (d, span) in a.report.descents.iter().zip(&spans.descents) {
        let Some((s, e)) = *span else { continue };
        let (lx, top) = at(s);
        let ly = (top - 8.0).max(12.0);
        if !is_rep(s, e) && taken.take(lx, ly) {
            let _ = write!(
                o,
                "<text class=\"descent-num\" data-descent=\"{}\" x=\"{lx:.1}\" y=\"{ly:.1}\" \
                 text-anchor=\"middle\">{}</text>",
                d.index, d.index
            );
        }
    }
    o.push_str("</svg>");
    o
}

/// A km tick: one decimal on short runs, whole km on long ones.
fn km_label(km: f64, span_m: f64) -> String {
    // Under 10 km the ticks fall on tenths or halves; past it on whole km.
    if span_m < 10_000.0 {
        format!("{km:.1}")
    } else {
        format!("{km:.0}")
    }
}
