//! A map of the track drawn from its own (smoothed) positions, no tiles: a local
//! equirectangular projection around the track's centre (east-west distances scaled by
//! cos(latitude), exact to well under 1 % over the few km of a session), with a scale bar
//! and a north arrow; descents coloured by band, reps bold and numbered at their start
//! (one `rep-mark` per rep), the start of the run marked.

use std::fmt::Write;

use super::svg::{LABEL_GAP, Spans, band_hex, esc, number_list, points_attr, rep_label, thinned};
use crate::analysis::Analysis;
use crate::haversine::METRES_PER_DEGREE;

/// The figure's box: 1000 x 600 units; the track is fitted inside keeping its shape.
const W: f64 = 1000.0;
const H: f64 = 600.0;
/// Room around the track for the rep numbers, the scale bar and the north arrow.
const PAD: f64 = 40.0;

/// The map figure, or a sentence saying why there is none.
pub fn render(a: &Analysis, spans: &Spans) -> String {
    // One position per profile grid point (the track point at or before it), so the map
    // and the profile draw the very same ranges; without a profile, every track point.
    let fixes: Vec<Option<(f64, f64)>> = match &a.profile {
        Some(p) => (p.track_index.iter())
            .map(|&i| a.motion.position.get(i).copied().flatten())
            .map(|f| f.map(|f| (f.lat_deg, f.lon_deg)))
            .collect(),
        None => (a.motion.position.iter())
            .map(|f| f.map(|f| (f.lat_deg, f.lon_deg)))
            .collect(),
    };
    let known: Vec<(f64, f64)> = fixes.iter().flatten().copied().collect();
    if known.len() < 2 {
        return "<p class=\"empty\">No map: this file has no positions.</p>".into();
    }
    let lat0 = known.iter().map(|f| f.0).sum::<f64>() / known.len() as f64;
    let cos0 = lat0.to_radians().cos();
    let lon0 = known.iter().map(|f| f.1).sum::<f64>() / known.len() as f64;
    // Metres east and north of the centre.
    let en = |f: (f64, f64)| {
        (
            (f.1 - lon0) * cos0 * METRES_PER_DEGREE,
            (f.0 - lat0) * METRES_PER_DEGREE,
        )
    };
    let pts: Vec<Option<(f64, f64)>> = fixes.iter().map(|f| f.map(en)).collect();
    let (mut x_lo, mut x_hi, mut y_lo, mut y_hi) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (e, nn) in pts.iter().flatten() {
        (x_lo, x_hi, y_lo, y_hi) = (x_lo.min(*e), x_hi.max(*e), y_lo.min(*nn), y_hi.max(*nn));
    }
    // At least 50 m across, so a run on one spot is not blown up to the whole figure.
    let span = (x_hi - x_lo).max(y_hi - y_lo).max(50.0);
    let scale = ((W - 2.0 * PAD) / (x_hi - x_lo).max(1.0))
        .min((H - 2.0 * PAD) / (y_hi - y_lo).max(1.0))
        .min((W - 2.0 * PAD) / span);
    let (cx, cy) = ((x_lo + x_hi) / 2.0, (y_lo + y_hi) / 2.0);
    let to_px = |(e, nn): (f64, f64)| (W / 2.0 + (e - cx) * scale, H / 2.0 - (nn - cy) * scale);
    let line = |a: usize, b: usize| {
        points_attr(
            thinned(a, b)
                .into_iter()
                .filter_map(|i| pts.get(i).copied().flatten())
                .map(to_px),
        )
    };

    let mut o = String::new();
    let _ = write!(
        o,
        "<svg class=\"fig map\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Map of the track\">\
         <rect class=\"paper\" x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\"/>\
         <polyline class=\"track\" points=\"{}\"/>",
        line(0, pts.len() - 1)
    );
    let labels = &a.report.band_labels;
    for (d, span) in a.report.descents.iter().zip(&spans.descents) {
        let Some((s, e)) = *span else { continue };
        let _ = write!(
            o,
            "<polyline class=\"descent-line\" stroke=\"{}\" points=\"{}\"><title>descent {}</title></polyline>",
            band_hex(labels, &d.band),
            line(s, e),
            d.index
        );
    }
    // Reps on one hill start at one spot: their numbers are listed once there ("1-10").
    let mut groups: Vec<((f64, f64), Vec<String>)> = Vec::new();
    for (k, (r, span)) in a.report.reps.reps.iter().zip(&spans.reps).enumerate() {
        let Some((s, e)) = *span else { continue };
        let Some(start) = pts.get(s).copied().flatten().map(to_px) else {
            continue;
        };
        let end = pts.get(e).copied().flatten().map(to_px).unwrap_or(start);
        let label = rep_label(&a.report, k);
        let _ = write!(
            o,
            "<g class=\"rep\" data-rep=\"{k}\"><polyline class=\"rep-mark\" stroke=\"{}\" \
             points=\"{}\"/><circle class=\"rep-start\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/>\
             <rect class=\"rep-end\" x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\"/>\
             <title>{}: circle at the top, square at the bottom</title></g>",
            band_hex(labels, &r.band),
            line(s, e),
            start.0,
            start.1,
            end.0 - 3.5,
            end.1 - 3.5,
            esc(&label)
        );
        let number = label.trim_start_matches('R').to_string();
        match groups.iter_mut().find(|(p, _)| near(*p, start)) {
            Some((_, g)) => g.push(number),
            None => groups.push((start, vec![number])),
        }
    }
    for ((x, y), numbers) in &groups {
        let plain: Option<Vec<usize>> = numbers.iter().map(|n| n.parse().ok()).collect();
        let text = match plain {
            Some(v) => number_list(&v),
            None => numbers.join(", "),
        };
        let _ = write!(
            o,
            "<text class=\"rep-num halo\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 7.0,
            y - 7.0,
            esc(&text)
        );
    }
    if let Some(first) = pts.iter().flatten().next().copied().map(to_px) {
        let _ = write!(
            o,
            "<circle class=\"start\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"6\"><title>start of the run</title></circle>",
            first.0, first.1
        );
    }
    scale_bar(&mut o, scale);
    north_arrow(&mut o);
    o.push_str("</svg>");
    o
}

/// Whether two rep starts are one spot on the figure (their numbers would overlap).
fn near(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).hypot(a.1 - b.1) < LABEL_GAP
}

/// A bar of a round length (about a fifth of the figure) in the lower left corner.
fn scale_bar(o: &mut String, px_per_m: f64) {
    let want_m = (W / 5.0) / px_per_m;
    // The largest of 1, 2 or 5 x 10^k metres not longer than wanted.
    let mag = 10f64.powf(want_m.max(1.0).log10().floor());
    let len_m = [5.0, 2.0, 1.0]
        .iter()
        .map(|m| m * mag)
        .find(|l| *l <= want_m)
        .unwrap_or(mag);
    let len_px = len_m * px_per_m;
    let (x0, y0) = (PAD / 2.0, H - PAD / 2.0);
    let text = if len_m >= 1000.0 {
        format!("{} km", len_m / 1000.0)
    } else {
        format!("{len_m:.0} m")
    };
    let _ = write!(
        o,
        "<g class=\"scale\"><path d=\"M{x0:.1},{:.1}V{y0:.1}H{:.1}V{:.1}\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{text}</text></g>",
        y0 - 6.0,
        x0 + len_px,
        y0 - 6.0,
        x0 + len_px / 2.0,
        y0 - 8.0
    );
}

/// An arrow pointing up (the projection keeps north up) in the upper right corner.
fn north_arrow(o: &mut String) {
    let (x, y) = (W - PAD, PAD);
    let _ = write!(
        o,
        "<g class=\"north\"><path d=\"M{x:.1},{:.1}L{:.1},{:.1}L{x:.1},{:.1}L{:.1},{:.1}Z\"/>\
         <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">N</text></g>",
        y - 14.0,
        x + 8.0,
        y + 12.0,
        y + 6.0,
        x - 8.0,
        y + 12.0,
        y + 28.0
    );
}
