//! The session page: one self-contained HTML file (inline CSS, SVG and a few lines of
//! script; no network, no fonts fetched), readable offline, mailable, printable on one
//! A4 / Letter sheet.
//!
//! Rendered from the [`Analysis`] of one file: its [`Report`] and the profile and motion the
//! report was measured on (the per-sample series the profile chart draws). Nothing is
//! recomputed: descents and reps are placed on the profile grid by the ranges and times
//! the report gives, once (`svg::Spans`), and the profile and the map draw the same
//! ranges. Sections, in order: the verdict, the profile, the map, the reps, slope and pace,
//! notes, the altitude. Hovering a rep in any view highlights it in the others
//! (`data-rep` on every mark, see `page.js`); without script the page reads the same.

mod map;
mod profile;
mod season;
mod slope;
mod svg;

pub use season::{SEASON_SECTION_IDS, render as render_season};

use std::fmt::Write;

use super::units::Units;
use super::{Report, hms, table};
use crate::analysis::Analysis;
use crate::descent::Bands;
use crate::workout::{CheckState, VerdictState};
use svg::{Spans, band_hex, esc, rep_label};

/// The page's style sheet: screen, phone width and print.
const CSS: &str = include_str!("html/page.css");
/// Hover linking between the views; the page does not depend on it.
const JS: &str = include_str!("html/page.js");

/// The id of each section, in page order (for tests and the browser check).
pub const SECTION_IDS: [&str; 7] = [
    "verdict",
    "profile",
    "map",
    "reps",
    "slope-speed",
    "notes",
    "altitude",
];

/// The session page of one analysed file. `bands`: the bands the analysis used; `u`: the
/// units of its distances, lengths and paces.
pub fn render(a: &Analysis, bands: &Bands, u: Units) -> String {
    let r = &a.report;
    let spans = Spans::of(a);
    let title = page_title(r);
    let mut o = head(&title, &meta_line(r, u));
    section(&mut o, "verdict", "Verdict", &verdict(r, u));
    let legend = band_legend(r);
    let profile = format!("{}{legend}", profile::render(a, &spans, u));
    section(&mut o, "profile", "Elevation profile", &profile);
    let map = format!("{}{legend}", map::render(a, &spans, u));
    section(&mut o, "map", "Map", &map);
    section(&mut o, "reps", "Reps", &rep_table(r, u));
    section(
        &mut o,
        "slope-speed",
        &format!("Slope and {}", u.speed_word()),
        &slope::render(r, bands, u),
    );
    section(
        &mut o,
        "notes",
        "Cleaning, notes and warnings",
        &notes(r, u),
    );
    let altitude = match r.summary.gain_m {
        Some(_) => format!("<p>{}</p>", esc(&table::altitude_line(r, u))),
        None => "<p>No elevation in this file.</p>".into(),
    };
    section(&mut o, "altitude", "What the altitude allows", &altitude);
    o.push_str(&foot());
    o
}

/// The page up to its first section: the title, the style sheet, a heading and one line.
fn head(title: &str, meta: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body><header><h1>{}</h1>\
         <p class=\"meta\">{}</p></header>",
        esc(title),
        esc(title),
        esc(meta)
    )
}

/// The page after its last section: the hover script.
fn foot() -> String {
    format!("<script>{JS}</script></body></html>\n")
}

fn section(o: &mut String, id: &str, heading: &str, body: &str) {
    let _ = write!(o, "<section id=\"{id}\"><h2>{heading}</h2>{body}</section>");
}

/// The file's own name (its activity name when it has one).
fn page_title(r: &Report) -> String {
    let file = std::path::Path::new(&r.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| r.file.clone());
    match &r.name {
        Some(name) => format!("{name} ({file})"),
        None => file,
    }
}

/// Date, sport, device, distance, time and climb in one line.
fn meta_line(r: &Report, u: Units) -> String {
    let s = &r.summary;
    let mut parts = Vec::new();
    if let Some(t) = s.start_s {
        parts.push(super::local_date_time(t, r.utc_offset_s));
    }
    parts.push(r.sport.clone().unwrap_or_else(|| "unknown sport".into()));
    if let Some(d) = &r.device {
        parts.push(d.clone());
    }
    if let Some(d) = s.distance_m {
        parts.push(u.distance(d));
    }
    if let Some(m) = s.moving_s {
        parts.push(format!("{} moving", hms(m)));
    }
    if let (Some(g), Some(l)) = (s.gain_m, s.loss_m) {
        parts.push(format!("+{} / -{}", u.length(g), u.length(l)));
    }
    parts.join(" · ")
}

/// The bands of the descents, with their colour and count, and what the bold lines are.
fn band_legend(r: &Report) -> String {
    if r.descents.is_empty() {
        return String::new();
    }
    let mut o = String::from("<p class=\"legend\">Descents by band: ");
    let mut bands: Vec<&str> = r.band_labels.iter().map(String::as_str).collect();
    bands.push(super::UNMEASURABLE_BAND);
    let mut first = true;
    for b in bands {
        let n = r.descents.iter().filter(|d| d.band == b).count();
        if n == 0 {
            continue;
        }
        let sep = if first { "" } else { " · " };
        first = false;
        let _ = write!(
            o,
            "{sep}<span class=\"swatch\" style=\"background:{}\"></span>{}: {n}",
            band_hex(&r.band_labels, b),
            esc(b)
        );
    }
    if !r.reps.reps.is_empty() {
        o.push_str(
            ". Bold: the reps, numbered; on the map a circle at the top of each, a square at \
             the bottom",
        );
    }
    o.push_str(".</p>");
    o
}

/// The workout's kind, its state and each check.
fn verdict(r: &Report, u: Units) -> String {
    let w = &r.workout;
    let (state, class) = match w.state {
        Some(VerdictState::AsPrescribed) => ("done as prescribed", "pass"),
        Some(VerdictState::CannotTell) => ("cannot tell", "uncertain"),
        Some(VerdictState::NotAsPrescribed) => ("not as prescribed", "miss"),
        None => ("no workout recognized", "none"),
    };
    // The workout's name when one was recognized (a plan's, or the closest built-in).
    let kind = match (w.state, &w.prescription) {
        (None, _) => String::new(),
        (Some(_), Some(p)) => format!("<span class=\"kind\">{}</span> ", esc(p)),
        (Some(_), None) => format!("<span class=\"kind\">{}</span> ", w.kind.name()),
    };
    let mut o = format!(
        "<p class=\"verdict {class}\">{kind}<strong>{state}</strong></p><p>{}</p>",
        esc(&u.phrase(&w.verdict))
    );
    if w.checks.is_empty() {
        return o;
    }
    o.push_str(
        "<div class=\"table-wrap\"><table class=\"checks\"><thead><tr><th>check</th><th>expected</th><th>measured</th>\
         <th>±</th><th>state</th></tr></thead><tbody>",
    );
    for c in &w.checks {
        let (word, class) = match (c.state, c.near_miss) {
            (CheckState::Pass, false) => ("pass", "pass"),
            (CheckState::Pass, true) => ("pass (near)", "pass near"),
            (CheckState::Uncertain, _) => ("cannot tell", "uncertain"),
            (CheckState::Miss, _) => ("miss", "miss"),
        };
        let pm = match c.uncertainty {
            // A length's uncertainty in the page's length unit; other units as they are.
            Some(x) if x.is_finite() && x > 0.0 && c.unit == "m" => {
                format!("{} {}", round_like(u.length_value(x)), u.length_unit())
            }
            Some(x) if x.is_finite() && x > 0.0 => format!("{} {}", round_like(x), c.unit),
            _ => String::new(),
        };
        let note = c
            .note
            .as_ref()
            .map(|n| format!("<div class=\"note\">{}</div>", esc(&u.phrase(n))))
            .unwrap_or_default();
        let _ = write!(
            o,
            "<tr class=\"{class}\"><td class=\"name\">{}</td><td data-label=\"expected\">{}</td>\
             <td data-label=\"measured\">{}{note}</td><td data-label=\"±\">{}</td>\
             <td class=\"state\">{word}</td></tr>",
            esc(&c.name),
            esc(&u.phrase(&c.expected)),
            esc(&u.phrase(&c.actual)),
            esc(&pm)
        );
    }
    o.push_str("</tbody></table></div>");
    o
}

/// A number with as many decimals as its size needs (two below 1, one below 10, none above).
fn round_like(v: f64) -> String {
    match v.abs() {
        a if a < 1.0 => format!("{v:.2}"),
        a if a < 10.0 => format!("{v:.1}"),
        _ => format!("{v:.0}"),
    }
}

/// One row per rep; a sentence when there are none.
fn rep_table(r: &Report, u: Units) -> String {
    let reps = &r.reps.reps;
    if reps.is_empty() {
        return format!(
            "<p class=\"empty\">No reps found ({}).</p>{}",
            super::count(r.descents.len(), "descent", "descents"),
            descent_table(r, u)
        );
    }
    let mut o = String::from(
        "<div class=\"table-wrap\"><table class=\"reps\"><thead><tr><th>rep</th><th>start</th><th>length</th>\
         <th>drop</th><th>own grade</th><th>hill grade</th><th>band</th><th>",
    );
    let _ = write!(
        o,
        "{}</th><th>GAP</th><th>top speed</th><th>recovery</th>",
        u.speed_word()
    );
    // The heart-rate column only when the file records it.
    let with_hr = reps.iter().any(|x| x.heart_rate_bpm.is_some());
    if with_hr {
        o.push_str("<th>heart rate</th>");
    }
    o.push_str("</tr></thead><tbody>");
    for (k, x) in reps.iter().enumerate() {
        let start = x
            .start_s
            .map(|t| super::local_clock(t, r.utc_offset_s))
            .unwrap_or_else(|| "-".into());
        let recovery = match &x.recovery {
            Some(rc) => format!("{} {}", rc.kind.name(), hms(rc.duration_s)),
            None => "-".into(),
        };
        let pace = |v: Option<f64>| v.map_or_else(|| "-".into(), |v| u.speed_with_unit(v));
        let _ = write!(
            o,
            "<tr class=\"rep\" data-rep=\"{k}\"><td class=\"rep-cell\">{}</td><td>{start}</td>\
             <td>{} ± {}</td><td>{}</td><td>{:.1} %</td><td>{:.1} %</td>\
             <td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td>",
            esc(&rep_label(r, k)),
            u.length_num(x.distance_m, 0),
            u.length(2.0 * x.distance_sd_m),
            u.length_digits(x.drop_m, u.drop_digits()),
            x.pass_grade_pct,
            x.grade_pct,
            band_hex(&r.band_labels, &x.band),
            esc(&x.band),
            pace(x.avg_speed_mps),
            pace(x.gap_speed_mps),
            pace(x.max_speed_mps),
            esc(&recovery)
        );
        if with_hr {
            let hr = match (x.heart_rate_bpm, x.heart_rate_max_bpm) {
                (Some(m), Some(h)) => format!("{m:.0} bpm (max {h:.0})"),
                (Some(m), None) => format!("{m:.0} bpm"),
                _ => "-".into(),
            };
            let _ = write!(o, "<td>{hr}</td>");
        }
        o.push_str("</tr>");
    }
    o.push_str(
        "</tbody></table></div><p class=\"legend\">length ± 2 standard deviations; own grade: this \
         rep's drop over its length; hill grade: pooled over every pass of the hill, it sets \
         the band; pace over moving time; GAP: that pace made flat-equivalent on the hill \
         grade.</p>",
    );
    o
}

/// The descents, one row each, for a session without reps (none when there are none).
fn descent_table(r: &Report, u: Units) -> String {
    if r.descents.is_empty() {
        return String::new();
    }
    let mut o = String::from(
        "<div class=\"table-wrap\"><table class=\"descents\"><thead><tr><th>descent</th>\
         <th>at ",
    );
    let _ = write!(
        o,
        "{}</th><th>length</th><th>drop</th><th>grade</th><th>steepest {}</th>\
         <th>band</th><th>{}</th><th>GAP</th></tr></thead><tbody>",
        u.distance_unit(),
        u.length(50.0),
        u.speed_word()
    );
    let pace = |v: Option<f64>| v.map(|v| u.speed_with_unit(v));
    for d in &r.descents {
        let _ = write!(
            o,
            "<tr class=\"descent\" data-descent=\"{}\"><td>{}</td><td>{:.2}</td><td>{}</td><td>{}</td><td>{:.1} %</td>\
             <td>{:.1} %</td><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td>\
             <td>{}</td><td>{}</td></tr>",
            d.index,
            d.index,
            u.distance_value(d.start_distance_m),
            u.length(d.distance_m),
            u.length_digits(d.drop_m, u.drop_digits()),
            d.grade_pct,
            d.max_grade_pct,
            band_hex(&r.band_labels, &d.band),
            esc(&d.band),
            pace(d.avg_speed_mps).unwrap_or_else(|| "-".into()),
            pace(d.gap_speed_mps).unwrap_or_else(|| "-".into()),
        );
    }
    o.push_str("</tbody></table></div>");
    o
}

/// Cleaning, warnings and the notes of every stage, one item each.
fn notes(r: &Report, u: Units) -> String {
    let mut items: Vec<String> = Vec::new();
    let cleaned = r.cleaning.describe();
    if !cleaned.is_empty() {
        items.push(format!("cleaned: {}", cleaned.join("; ")));
    }
    items.extend(r.warnings.iter().map(|w| format!("warning: {w}")));
    items.extend(r.descent_notes.iter().map(|n| u.phrase(n)));
    items.extend(r.reps.rep_notes.iter().map(|n| u.phrase(n)));
    items.extend(
        r.set_aside
            .iter()
            .map(|a| format!("set aside: {}", table::set_aside_line(a, u))),
    );
    if items.is_empty() {
        return "<p>Nothing to clean, nothing to warn about.</p>".into();
    }
    let mut o = String::from("<ul>");
    for i in items {
        let _ = write!(o, "<li>{}</li>", esc(&i));
    }
    o.push_str("</ul>");
    o
}
