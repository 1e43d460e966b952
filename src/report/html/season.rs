//! The season page: the trend in words, reps per week by band (stacked bars), the median
//! rep pace per band over the weeks, and the sessions table. Rendered from the
//! [`SeasonReport`] the season stage computed; nothing is recomputed.

use std::fmt::Write;

use super::svg::{band_hex, esc, grid_line, points_attr, ticks};
use crate::chart::SpeedAxis;
use crate::report::units::Units;
use crate::season::SeasonReport;
use crate::season::render::{
    ALTITUDE_HEADING, ALTITUDE_LEGEND, active_bands, headline, session_cells, skipped_line,
    speed_heading,
};

/// The id of each section of the season page, in page order.
pub const SEASON_SECTION_IDS: [&str; 5] = [
    "trend",
    "reps-per-week",
    "pace-per-band",
    "hills",
    "sessions",
];

const W: f64 = 1000.0;
const H: f64 = 320.0;
/// Room for the value labels (left) and the week labels (bottom).
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;
/// Most week labels under a chart: more would overlap at 1000 units wide.
const MAX_WEEK_LABELS: usize = 12;

/// The season page; `links`: the sessions' names link to their pages (written beside it);
/// `u`: the units of its distances and paces.
pub fn render(r: &SeasonReport, links: bool, u: Units) -> String {
    let mut meta = headline(r);
    if let Some(s) = skipped_line(r) {
        meta.push_str("; ");
        meta.push_str(&s);
    }
    let mut o = super::head("Season", &meta);
    let mut trend = String::from("<ul>");
    for t in &r.trend {
        let _ = write!(trend, "<li>{}</li>", esc(&u.phrase(t)));
    }
    trend.push_str("</ul>");
    if r.trend.is_empty() {
        trend = "<p class=\"empty\">No trend: too few sessions with reps.</p>".into();
    }
    super::section(&mut o, "trend", "Trend", &trend);
    let legend = band_legend(r);
    let bars = format!("{}{legend}", reps_per_week(r));
    super::section(&mut o, "reps-per-week", "Reps per week by band", &bars);
    let pace = format!("{}{legend}", pace_per_band(r, u));
    let heading = format!("Median rep {} per band", u.speed_word());
    super::section(&mut o, "pace-per-band", &heading, &pace);
    super::section(&mut o, "hills", "Hills run more than once", &hills(r, u));
    super::section(&mut o, "sessions", "Sessions", &sessions(r, links, u));
    o.push_str(&super::foot());
    o
}

/// The bands with reps in the season, with their colour.
fn band_legend(r: &SeasonReport) -> String {
    let used: Vec<&String> = (r.band_labels.iter())
        .filter(|b| (r.weeks.iter()).any(|w| w.bands.iter().any(|x| &x.band == *b && x.reps > 0)))
        .collect();
    if used.is_empty() {
        return String::new();
    }
    let mut o = String::from("<p class=\"legend\">");
    for (i, b) in used.iter().enumerate() {
        let sep = if i == 0 { "" } else { " · " };
        let _ = write!(
            o,
            "{sep}<span class=\"swatch\" style=\"background:{}\"></span>{}",
            band_hex(&r.band_labels, b),
            esc(b)
        );
    }
    o.push_str("</p>");
    o
}

/// The x position of week `i` of `n` (the centre of its slot).
fn week_x(i: usize, n: usize) -> f64 {
    LEFT + (i as f64 + 0.5) / n as f64 * (W - LEFT - RIGHT)
}

/// The week labels under a chart, thinned to at most [`MAX_WEEK_LABELS`].
fn week_labels(o: &mut String, r: &SeasonReport) {
    let n = r.weeks.len();
    let every = n.div_ceil(MAX_WEEK_LABELS).max(1);
    for (i, w) in r.weeks.iter().enumerate().step_by(every) {
        let _ = write!(
            o,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            week_x(i, n),
            H - BOTTOM + 16.0,
            esc(&w.week)
        );
    }
}

fn reps_per_week(r: &SeasonReport) -> String {
    let n = r.weeks.len();
    let most = r.weeks.iter().map(|w| w.reps).max().unwrap_or(0);
    if n == 0 || most == 0 {
        return "<p class=\"empty\">No reps this season.</p>".into();
    }
    let top = most as f64 * 1.05;
    let y = |v: f64| TOP + (top - v) / top * (H - TOP - BOTTOM);
    let mut o = format!(
        "<svg class=\"fig\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Reps per week by band\">"
    );
    for t in ticks(0.0, top, 5) {
        grid_line(&mut o, (LEFT, W - RIGHT), y(t), &format!("{t:.0}"));
    }
    // A bar is 70 % of its week's slot: the gaps tell the weeks apart.
    let bar = (W - LEFT - RIGHT) / n as f64 * 0.7;
    for (i, w) in r.weeks.iter().enumerate() {
        let mut below = 0.0;
        for b in active_bands(w).filter(|b| b.reps > 0) {
            let (y0, y1) = (y(below), y(below + b.reps as f64));
            let _ = write!(
                o,
                "<rect class=\"week-bar\" fill=\"{}\" x=\"{:.1}\" y=\"{y1:.1}\" width=\"{bar:.1}\" \
                 height=\"{:.1}\"><title>{}: {} at {}</title></rect>",
                band_hex(&r.band_labels, &b.band),
                week_x(i, n) - bar / 2.0,
                y0 - y1,
                esc(&w.week),
                crate::report::count(b.reps, "rep", "reps"),
                esc(&b.band)
            );
            below += b.reps as f64;
        }
    }
    week_labels(&mut o, r);
    o.push_str("</svg>");
    o
}

fn pace_per_band(r: &SeasonReport, u: Units) -> String {
    let unit = SpeedAxis(u);
    let n = r.weeks.len();
    // Per band: (week index, plotted pace) where the band had reps with a speed.
    let series: Vec<(&String, Vec<(usize, f64)>)> = (r.band_labels.iter())
        .map(|label| {
            let pts = (r.weeks.iter().enumerate())
                .filter_map(|(i, w)| {
                    let b = w.bands.iter().find(|b| &b.band == label)?;
                    Some((i, unit.plot_value(b.median_rep_speed_mps?)))
                })
                .collect();
            (label, pts)
        })
        .filter(|(_, pts): &(_, Vec<_>)| !pts.is_empty())
        .collect();
    let values = series.iter().flat_map(|(_, p)| p.iter().map(|q| q.1));
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !lo.is_finite() {
        return "<p class=\"empty\">No rep speeds this season (no times, or no reps).</p>".into();
    }
    // A tenth of the range above and below, at least 15 s/km each side (30 s/km of range;
    // 0.75 km/h with --speed), so week-to-week noise is not drawn as a trend.
    let pad = ((hi - lo) * 0.1).max(1.5 * unit.min_pad());
    let (lo, hi) = (lo - pad, hi + pad);
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
    let mut o = format!(
        "<svg class=\"fig\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"Median rep {} per band\">",
        u.speed_word()
    );
    for v in unit.key_points(lo, hi) {
        grid_line(&mut o, (LEFT, W - RIGHT), y(v), &unit.format(v));
    }
    for (band, pts) in &series {
        let color = band_hex(&r.band_labels, band);
        let line = points_attr(pts.iter().map(|&(i, v)| (week_x(i, n), y(v))));
        let _ = write!(
            o,
            "<polyline class=\"band-line\" stroke=\"{color}\" points=\"{line}\"/>"
        );
        for &(i, v) in pts {
            let _ = write!(
                o,
                "<circle style=\"fill:{color}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\"><title>{} {}: {} {}</title></circle>",
                week_x(i, n),
                y(v),
                esc(&r.weeks[i].week),
                esc(band),
                unit.format(v),
                u.speed_unit()
            );
        }
    }
    week_labels(&mut o, r);
    o.push_str("</svg>");
    o
}

/// Each hill run in two sessions or more: its visits in order, and the pace on the first
/// and the last.
fn hills(r: &SeasonReport, u: Units) -> String {
    if r.hills.is_empty() {
        return "<p class=\"empty\">No hill was run in more than one session (hills are matched \
                by the positions of their top and bottom).</p>"
            .into();
    }
    let mut o = String::from(
        "<div class=\"table-wrap\"><table class=\"hills\"><thead><tr><th>hill</th><th>visits</th>\
         <th>first → last rep ",
    );
    let _ = write!(o, "{}</th></tr></thead><tbody>", u.speed_word());
    let pace = |v: Option<f64>| v.map(|v| u.speed_with_unit(v));
    for h in &r.hills {
        let visits: Vec<String> = (h.visits.iter())
            .map(|v| {
                let offset = r.sessions.get(v.session).map_or(0, |s| s.utc_offset_s);
                let day = (v.start_s.and_then(|t| crate::localtime::local(t, offset)))
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| "no date".into());
                let at = pace(v.median_rep_speed_mps).map(|p| format!(" at {p}"));
                format!(
                    "{day}: {}{}",
                    crate::report::count(v.reps, "rep", "reps"),
                    at.unwrap_or_default()
                )
            })
            .collect();
        let first = h.visits.first().and_then(|v| pace(v.median_rep_speed_mps));
        let last = h.visits.last().and_then(|v| pace(v.median_rep_speed_mps));
        let progression = match (first, last) {
            (Some(a), Some(b)) => format!("{a} → {b}"),
            _ => "-".into(),
        };
        let _ = write!(
            o,
            "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}: {} at {:.1} %</td>\
             <td>{}</td><td>{}</td></tr>",
            band_hex(&r.band_labels, &h.band),
            h.index,
            u.length(h.length_m),
            h.grade_pct,
            esc(&visits.join("; ")),
            esc(&progression)
        );
    }
    o.push_str("</tbody></table></div>");
    o
}

fn sessions(r: &SeasonReport, links: bool, u: Units) -> String {
    if r.sessions.is_empty() {
        return "<p class=\"empty\">No sessions.</p>".into();
    }
    let mut o = String::from(
        "<div class=\"table-wrap\"><table class=\"sessions\"><thead><tr><th>date</th>\
         <th>name</th><th>workout</th><th>reps</th><th>band</th><th>as prescribed</th>\
         <th>",
    );
    let _ = write!(
        o,
        "{}</th><th>{}</th><th>{ALTITUDE_HEADING}</th></tr></thead><tbody>",
        speed_heading("rep", u),
        speed_heading("GAP", u)
    );
    for s in &r.sessions {
        o.push_str("<tr>");
        for (i, c) in session_cells(s, u).iter().enumerate() {
            // The name links to the session's page when the season wrote one beside it.
            match (&s.page, i) {
                (Some(page), 1) if links => {
                    let _ = write!(o, "<td><a href=\"{}\">{}</a></td>", esc(page), esc(c));
                }
                _ => {
                    let _ = write!(o, "<td>{}</td>", esc(c));
                }
            }
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div>");
    let _ = write!(o, "<p class=\"note\">{}.</p>", esc(ALTITUDE_LEGEND));
    o
}
