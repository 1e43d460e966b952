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
pub fn render(a: &Analysis, spans: &Spans, u: crate::report::units::Units) -> String {
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
    let Some(all) = bbox(pts.iter().flatten().copied()) else {
        return "<p class=\"empty\">No map: this file has no positions.</p>".into();
    };
    // At least 50 m across, so a run on one spot is not blown up to the whole figure.
    let main = Frame::fit(all, 50.0, (PAD, PAD, W - 2.0 * PAD, H - 2.0 * PAD));
    let mut o = format!(
        "<svg class=\"fig map\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Map of the track\">\
         <rect class=\"paper\" x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\"/>"
    );
    let layers = Layers {
        a,
        spans,
        pts: &pts,
    };
    layers.draw(&mut o, &main, "rep-mark");
    scale_bar(&mut o, main.scale, (PAD / 2.0, H - PAD / 2.0), W / 5.0, u);
    north_arrow(&mut o);
    // Reps packed into a small part of the map (a shuttle on one hill) get a detail view.
    let reps = (spans.reps.iter().flatten())
        .flat_map(|&(s, e)| pts[s..=e.min(pts.len() - 1)].iter().flatten().copied());
    if let Some(hill) = bbox(reps) {
        let span_px = (hill.1 - hill.0).max(hill.3 - hill.2) * main.scale;
        if span_px < DETAIL_BELOW_PX {
            detail(&mut o, &layers, &main, hill, u);
        }
    }
    o.push_str("</svg>");
    o
}

/// Reps spanning less than this on the main map (in figure units) get the detail view: a
/// rep drawn shorter than a few label heights cannot be told from its neighbours.
const DETAIL_BELOW_PX: f64 = 150.0;
/// The detail view's box: a bit over a third of the map's width.
const DETAIL_W: f64 = 380.0;
const DETAIL_H: f64 = 270.0;
/// The detail view shows at least this many metres across around the reps.
const DETAIL_MIN_M: f64 = 80.0;

/// (east min, east max, north min, north max) of points in metres.
fn bbox(pts: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64, f64, f64)> {
    pts.fold(None, |b, (e, n)| {
        Some(match b {
            None => (e, e, n, n),
            Some((a, b, c, d)) => (a.min(e), b.max(e), c.min(n), d.max(n)),
        })
    })
}

/// A projection of metres east/north onto a box of the figure, north up, one scale.
struct Frame {
    /// Centre of the drawn area in metres, and where it lands in the figure.
    centre_m: (f64, f64),
    centre_px: (f64, f64),
    /// Figure units per metre.
    scale: f64,
}

impl Frame {
    /// The frame that fits `b` (at least `min_m` across) into the box (x, y, w, h).
    fn fit(b: (f64, f64, f64, f64), min_m: f64, into: (f64, f64, f64, f64)) -> Frame {
        let (w_m, h_m) = ((b.1 - b.0).max(1.0), (b.3 - b.2).max(1.0));
        let scale = (into.2 / w_m)
            .min(into.3 / h_m)
            .min(into.2.min(into.3) / min_m);
        Frame {
            centre_m: ((b.0 + b.1) / 2.0, (b.2 + b.3) / 2.0),
            centre_px: (into.0 + into.2 / 2.0, into.1 + into.3 / 2.0),
            scale,
        }
    }
    fn px(&self, (e, n): (f64, f64)) -> (f64, f64) {
        (
            self.centre_px.0 + (e - self.centre_m.0) * self.scale,
            self.centre_px.1 - (n - self.centre_m.1) * self.scale,
        )
    }
}

/// What the map draws, in any frame: the track, the descents by band, the reps.
struct Layers<'a> {
    a: &'a Analysis,
    spans: &'a Spans,
    /// Metres east/north per profile grid point.
    pts: &'a [Option<(f64, f64)>],
}

impl Layers<'_> {
    fn line(&self, f: &Frame, a: usize, b: usize) -> String {
        points_attr(
            thinned(a, b)
                .into_iter()
                .filter_map(|i| self.pts.get(i).copied().flatten())
                .map(|p| f.px(p)),
        )
    }

    /// Draw every layer in frame `f`; each rep's line gets class `mark`.
    fn draw(&self, o: &mut String, f: &Frame, mark: &str) {
        let report = &self.a.report;
        let _ = write!(
            o,
            "<polyline class=\"track\" points=\"{}\"/>",
            self.line(f, 0, self.pts.len().saturating_sub(1))
        );
        let labels = &report.band_labels;
        for (d, span) in report.descents.iter().zip(&self.spans.descents) {
            let Some((s, e)) = *span else { continue };
            let _ = write!(
                o,
                "<polyline class=\"descent-line\" data-descent=\"{}\" stroke=\"{}\" points=\"{}\"><title>descent {}</title></polyline>",
                d.index,
                band_hex(labels, &d.band),
                self.line(f, s, e),
                d.index
            );
        }
        // Reps on one hill start at one spot: their numbers are listed once there ("1-10").
        let mut groups: Vec<((f64, f64), Vec<String>)> = Vec::new();
        for (k, (r, span)) in report.reps.reps.iter().zip(&self.spans.reps).enumerate() {
            let Some((s, e)) = *span else { continue };
            let at = |i: usize| self.pts.get(i).copied().flatten().map(|p| f.px(p));
            let Some(start) = at(s) else { continue };
            let end = at(e).unwrap_or(start);
            let label = rep_label(report, k);
            let _ = write!(
                o,
                "<g class=\"rep\" data-rep=\"{k}\"><polyline class=\"{mark}\" stroke=\"{}\" \
                 points=\"{}\"/><circle class=\"rep-start\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"/>\
                 <rect class=\"rep-end\" x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\"/>\
                 <title>{}: circle at the top, square at the bottom</title></g>",
                band_hex(labels, &r.band),
                self.line(f, s, e),
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
        if let Some(first) = self.pts.iter().flatten().next().map(|&p| f.px(p)) {
            let _ = write!(
                o,
                "<circle class=\"start\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"6\"><title>start of the run</title></circle>",
                first.0, first.1
            );
        }
    }
}

/// The reps' hill enlarged in the corner of the map the track crosses least, its area
/// outlined on the main map.
fn detail(
    o: &mut String,
    layers: &Layers,
    main: &Frame,
    hill: (f64, f64, f64, f64),
    u: crate::report::units::Units,
) {
    let margin = 10.0;
    let corners = [
        (margin, margin),
        (W - DETAIL_W - margin, margin),
        (margin, H - DETAIL_H - margin),
        (W - DETAIL_W - margin, H - DETAIL_H - margin),
    ];
    let crossing = |&(x, y): &(f64, f64)| {
        (layers.pts.iter().flatten())
            .map(|&p| main.px(p))
            .filter(|p| p.0 >= x && p.0 <= x + DETAIL_W && p.1 >= y && p.1 <= y + DETAIL_H)
            .count()
    };
    let Some(&(x, y)) = corners.iter().min_by_key(|c| crossing(c)) else {
        return;
    };
    // A quarter of the hill's size around it, so the ends of the reps are not on the edge.
    let (pw, ph) = ((hill.1 - hill.0) * 0.25, (hill.3 - hill.2) * 0.25);
    let padded = (hill.0 - pw, hill.1 + pw, hill.2 - ph, hill.3 + ph);
    let f = Frame::fit(
        padded,
        DETAIL_MIN_M,
        (x + 8.0, y + 8.0, DETAIL_W - 16.0, DETAIL_H - 16.0),
    );
    // The detail's area outlined on the main map.
    let (a, b) = (
        main.px((
            f.centre_m.0 - DETAIL_W / 2.0 / f.scale,
            f.centre_m.1 + DETAIL_H / 2.0 / f.scale,
        )),
        main.px((
            f.centre_m.0 + DETAIL_W / 2.0 / f.scale,
            f.centre_m.1 - DETAIL_H / 2.0 / f.scale,
        )),
    );
    let _ = write!(
        o,
        "<rect class=\"detail-box\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>\
         <clipPath id=\"hill-detail-clip\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{DETAIL_W}\" height=\"{DETAIL_H}\"/></clipPath>\
         <g class=\"detail\"><rect class=\"detail-paper\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{DETAIL_W}\" height=\"{DETAIL_H}\"/>\
         <g clip-path=\"url(#hill-detail-clip)\">",
        a.0,
        a.1,
        (b.0 - a.0).max(2.0),
        (b.1 - a.1).max(2.0)
    );
    layers.draw(o, &f, "rep-mark-detail");
    let _ = write!(
        o,
        "</g><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\">the hill, enlarged</text>",
        x + 8.0,
        y + 18.0
    );
    scale_bar(
        o,
        f.scale,
        (x + 10.0, y + DETAIL_H - 10.0),
        DETAIL_W / 3.0,
        u,
    );
    o.push_str("</g>");
}

/// Whether two rep starts are one spot on the figure (their numbers would overlap).
fn near(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).hypot(a.1 - b.1) < LABEL_GAP
}

/// A bar of a round length in the page's units (1, 2 or 5 x 10^k m or km; ft or mi), at
/// most `max_px` long, its left end at `at`.
fn scale_bar(
    o: &mut String,
    px_per_m: f64,
    at: (f64, f64),
    max_px: f64,
    u: crate::report::units::Units,
) {
    let want_m = max_px / px_per_m;
    // The largest of 1, 2 or 5 x 10^k units not longer than wanted.
    let round = |want: f64| {
        let mag = 10f64.powf(want.max(1e-3).log10().floor());
        [5.0, 2.0, 1.0]
            .iter()
            .map(|m| m * mag)
            .find(|l| *l <= want)
            .unwrap_or(mag)
    };
    let (len_m, text) = match u.system {
        crate::report::units::System::Metric => {
            let len_m = round(want_m.max(1.0));
            let text = if len_m >= 1000.0 {
                format!("{} km", len_m / 1000.0)
            } else {
                format!("{len_m:.0} m")
            };
            (len_m, text)
        }
        crate::report::units::System::Imperial => {
            use crate::report::units::{M_PER_FT, M_PER_MI};
            let want_ft = (want_m / M_PER_FT).max(1.0);
            if want_ft * M_PER_FT >= M_PER_MI {
                let mi = round(want_m / M_PER_MI);
                (mi * M_PER_MI, format!("{mi} mi"))
            } else {
                let ft = round(want_ft);
                (ft * M_PER_FT, format!("{ft:.0} ft"))
            }
        }
    };
    let len_px = len_m * px_per_m;
    let (x0, y0) = at;
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
