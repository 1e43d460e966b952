//! Renderers of a [`SeasonReport`]: a table for the terminal, JSON, CSV (one for the sessions,
//! one for the weeks) and Markdown. They format only; every figure is computed before.

use std::collections::BTreeMap;
use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{SeasonReport, SessionRow, SkipReason, WeekSummary};
use crate::report::units::Units;
use crate::track::rfc3339;
use crate::workout::WorkoutKind;

fn date(r: &SessionRow) -> String {
    r.start_s
        .and_then(|t| crate::localtime::local(t, r.utc_offset_s))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".into())
}

/// The name shown: the activity name, else the file name without its folders.
fn title(r: &SessionRow) -> String {
    r.name.clone().unwrap_or_else(|| {
        let base = r.file.rsplit(['/', '\\', '!']).next().unwrap_or(&r.file);
        base.to_string()
    })
}

fn kind(k: WorkoutKind) -> &'static str {
    match k {
        WorkoutKind::Short => "short",
        WorkoutKind::Long => "long",
        WorkoutKind::Intervals => "intervals",
        WorkoutKind::None => "-",
    }
}

/// date, name, workout, reps, band, compliant, rep speed, GAP speed: as shown, speeds in
/// `u`.
/// The heading of the altitude column, and the sentence that explains it.
pub(crate) const ALTITUDE_HEADING: &str = "altitude";
pub(crate) const ALTITUDE_LEGEND: &str = "altitude: fine-grained or coarse, as its samples \
     show, and the shortest single descent it grades to +-1 % (2 sigma)";

pub(crate) fn session_cells(s: &SessionRow, u: Units) -> [String; 9] {
    [
        date(s),
        // Control characters (a tab, a newline in a name) as escapes, on one line.
        crate::error::one_line(&title(s)),
        kind(s.workout).to_string(),
        s.reps.to_string(),
        s.main_band.clone().unwrap_or_else(|| "-".into()),
        // No rep set, no verdict: "no" would read as a set not done as prescribed.
        match (s.workout, s.compliant) {
            (crate::workout::WorkoutKind::None, _) => "-",
            (_, true) => "yes",
            (_, false) => "no",
        }
        .to_string(),
        speed(s.rep_speed_mps, u),
        speed(s.gap_speed_mps, u),
        format!(
            "{} {}",
            if s.altitude_fine { "fine" } else { "coarse" },
            u.length(2.0 * s.altitude_drop_sd_m / 0.01)
        ),
    ]
}

fn speed(v: Option<f64>, u: Units) -> String {
    v.map(|s| u.speed(s)).unwrap_or_else(|| "-".into())
}

/// The heading of a speed column: "rep min/km", "GAP mph".
pub(crate) fn speed_heading(what: &str, u: Units) -> String {
    format!("{what} {}", u.speed_unit())
}

/// `s` padded with spaces to `width` terminal columns, by display width: a CJK character
/// takes two columns, a combining mark none (`{:<n}` counts chars and misaligns them).
fn pad(s: &str, width: usize) -> String {
    let fill = width.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(fill))
}

/// "12 skipped: other sports 10 (Ride 8, Swim 2), outside the dates 2".
pub fn skipped_line(r: &SeasonReport) -> Option<String> {
    if r.skipped.is_empty() {
        return None;
    }
    let mut sports: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut dates, mut nodate, mut not_run) = (0, 0, 0);
    let mut copies = Vec::new();
    for s in &r.skipped {
        match &s.reason {
            SkipReason::Sport(x) => *sports.entry(x.as_str()).or_default() += 1,
            SkipReason::OutsideDates => dates += 1,
            SkipReason::NoDate => nodate += 1,
            SkipReason::TimesNotARunners => not_run += 1,
            SkipReason::Duplicate { of } => copies.push(format!("{} (kept {of})", s.file)),
        }
    }
    let mut parts = Vec::new();
    let n_sport: usize = sports.values().sum();
    if n_sport > 0 {
        let list: Vec<String> = sports.iter().map(|(k, v)| format!("{k} {v}")).collect();
        parts.push(format!("other sports {n_sport} ({})", list.join(", ")));
    }
    if dates > 0 {
        parts.push(format!("outside the dates {dates}"));
    }
    if not_run > 0 {
        parts.push(format!(
            "times faster than anyone runs {not_run} (course files, vehicles)"
        ));
    }
    if nodate > 0 {
        parts.push(format!("no date {nodate}"));
    }
    if !copies.is_empty() {
        parts.push(format!(
            "{} of an activity already counted: {}",
            if copies.len() == 1 {
                "a copy"
            } else {
                "copies"
            },
            copies.join(", ")
        ));
    }
    Some(format!("{} skipped: {}", r.skipped.len(), parts.join(", ")))
}

pub(crate) fn headline(r: &SeasonReport) -> String {
    format!(
        "{}: {} analyzed, {} skipped, {} failed",
        crate::report::count(r.files, "file", "files"),
        crate::report::count(r.sessions.len(), "session", "sessions"),
        r.skipped.len(),
        r.failures.len()
    )
}

/// Plain text for the terminal, in `u`.
pub fn table(r: &SeasonReport, u: Units) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Season: {}", headline(r));
    if let Some(s) = skipped_line(r) {
        let _ = writeln!(o, "  {s}");
    }
    let _ = writeln!(o, "\nSessions");
    // The name column is as wide as its widest name, in terminal columns: names are not cut.
    let rows: Vec<[String; 9]> = r.sessions.iter().map(|s| session_cells(s, u)).collect();
    let name_w = rows.iter().map(|c| c[1].width()).max().unwrap_or(0).max(4);
    let _ = writeln!(
        o,
        "  {:<10}  {}  {:<9}  {:>4}  {:<6}  {:<3}  {:>10}  {:>10}  {}",
        "date",
        pad("name", name_w),
        "workout",
        "reps",
        "band",
        "ok",
        speed_heading("rep", u),
        speed_heading("GAP", u),
        ALTITUDE_HEADING
    );
    for [d, n, k, reps, band, ok, rep, gap, alt] in rows {
        let _ = writeln!(
            o,
            "  {d:<10}  {}  {k:<9}  {reps:>4}  {band:<6}  {ok:<3}  {rep:>10}  {gap:>10}  {alt}",
            pad(&n, name_w),
        );
    }
    if !r.sessions.is_empty() {
        let _ = writeln!(o, "  {ALTITUDE_LEGEND}");
    }
    let _ = writeln!(o, "\nWeeks");
    let _ = writeln!(
        o,
        "  {:<8}  {:<10}  {:>8}  {:>4}  {:>8}  {:<8}",
        "week", "monday", "sessions", "reps", "downhill", "steepest"
    );
    let (dist, su) = (u.distance_unit(), u.speed_unit());
    for w in &r.weeks {
        let _ = writeln!(
            o,
            "  {:<8}  {:<10}  {:>8}  {:>4}  {:>5.1} {dist}  {:<8}",
            w.week,
            w.monday,
            w.sessions,
            w.reps,
            u.distance_value(w.downhill_m),
            w.steepest_band.as_deref().unwrap_or("-")
        );
        for b in active_bands(w) {
            let _ = writeln!(
                o,
                "      band {:<6}  {:>3} reps  {:>5.2} {dist}  best {} {su}  median {} {su}",
                b.band,
                b.reps,
                u.distance_value(b.downhill_m),
                speed(b.best_rep_speed_mps, u),
                speed(b.median_rep_speed_mps, u)
            );
        }
    }
    let _ = writeln!(o, "\nTrend");
    for t in &r.trend {
        let _ = writeln!(o, "  {}", u.phrase(t));
    }
    if !r.failures.is_empty() {
        let _ = writeln!(o, "\nFailed ({})", r.failures.len());
        for f in &r.failures {
            let _ = writeln!(o, "  {}", f.reason);
        }
    }
    o
}

pub(crate) fn active_bands(w: &WeekSummary) -> impl Iterator<Item = &super::BandWeek> {
    w.bands.iter().filter(|b| b.reps > 0 || b.downhill_m > 0.0)
}

/// The whole report as pretty JSON (SI units whatever `_u` says).
pub fn json(r: &SeasonReport, _u: Units) -> String {
    crate::report::json::to_json(r, true)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}")).unwrap_or_default()
}

/// One CSV line per session (SI units whatever `_u` says).
pub fn sessions_csv(r: &SeasonReport, _u: Units) -> String {
    let mut o = String::from(
        "start,file,name,sport,workout,reps,main_band,compliant,rep_speed_mps,gap_speed_mps,\
         descents,downhill_m,distance_m,altitude_fine,altitude_drop_sd_m\n",
    );
    for s in &r.sessions {
        let _ = writeln!(
            o,
            "{},{},{},{},{},{},{},{},{},{},{},{:.1},{},{},{:.2}",
            s.start_s.map(rfc3339).unwrap_or_default(),
            csv_field(&s.file),
            csv_field(s.name.as_deref().unwrap_or("")),
            csv_field(s.sport.as_deref().unwrap_or("")),
            kind(s.workout).trim_matches('-'),
            s.reps,
            s.main_band.as_deref().unwrap_or(""),
            s.compliant,
            opt(s.rep_speed_mps, 3),
            opt(s.gap_speed_mps, 3),
            s.descents,
            s.downhill_m,
            opt(s.distance_m, 1),
            s.altitude_fine,
            s.altitude_drop_sd_m,
        );
    }
    o
}

/// One CSV line per week, four columns per band (SI units whatever `_u` says).
pub fn weeks_csv(r: &SeasonReport, _u: Units) -> String {
    let mut o = String::from("week,monday,sessions,reps,downhill_m,steepest_band");
    for b in &r.band_labels {
        let _ = write!(
            o,
            ",reps_{b},downhill_m_{b},best_rep_speed_mps_{b},median_rep_speed_mps_{b}"
        );
    }
    o.push('\n');
    for w in &r.weeks {
        let _ = write!(
            o,
            "{},{},{},{},{:.1},{}",
            w.week,
            w.monday,
            w.sessions,
            w.reps,
            w.downhill_m,
            w.steepest_band.as_deref().unwrap_or("")
        );
        for b in &w.bands {
            let _ = write!(
                o,
                ",{},{:.1},{},{}",
                b.reps,
                b.downhill_m,
                opt(b.best_rep_speed_mps, 3),
                opt(b.median_rep_speed_mps, 3)
            );
        }
        o.push('\n');
    }
    o
}

fn md(s: &str) -> String {
    s.replace('|', "\\|")
}

/// GitHub-flavoured Markdown, in `u`.
pub fn markdown(r: &SeasonReport, u: Units) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Season\n\n{}.", headline(r));
    if let Some(s) = skipped_line(r) {
        let _ = writeln!(o, "{s}.");
    }
    let _ = writeln!(o, "\n## Trend\n");
    for t in &r.trend {
        let _ = writeln!(o, "- {}", md(&u.phrase(t)));
    }
    let _ = writeln!(o, "\n## Sessions\n");
    let _ = writeln!(
        o,
        "| date | name | workout | reps | band | compliant | {} | {} | {ALTITUDE_HEADING} |\n|---|---|---|---:|---|---|---:|---:|---|",
        speed_heading("rep", u),
        speed_heading("GAP", u)
    );
    for s in &r.sessions {
        let cells = session_cells(s, u).map(|c| md(&c));
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
    if !r.sessions.is_empty() {
        let _ = writeln!(o, "\n{}.", md(ALTITUDE_LEGEND));
    }
    let _ = writeln!(o, "\n## Weeks\n");
    let _ = writeln!(
        o,
        "| week | sessions | band | reps | downhill {} | best {} | median {} |\n|---|---:|---|---:|---:|---:|---:|",
        u.distance_unit(),
        u.speed_unit(),
        u.speed_unit()
    );
    for w in &r.weeks {
        let _ = writeln!(
            o,
            "| **{}** | {} | steepest {} | {} | {:.2} | | |",
            w.week,
            w.sessions,
            w.steepest_band.as_deref().unwrap_or("-"),
            w.reps,
            u.distance_value(w.downhill_m)
        );
        for b in active_bands(w) {
            let _ = writeln!(
                o,
                "| | | {} | {} | {:.2} | {} | {} |",
                b.band,
                b.reps,
                u.distance_value(b.downhill_m),
                speed(b.best_rep_speed_mps, u),
                speed(b.median_rep_speed_mps, u)
            );
        }
    }
    if !r.failures.is_empty() {
        let _ = writeln!(o, "\n## Failed files\n");
        for f in &r.failures {
            let _ = writeln!(o, "- {}", md(&f.reason));
        }
    }
    o
}

/// A renderer of the whole report: the human ones (text, Markdown) in the units given, JSON
/// and CSV in SI.
pub type Renderer = fn(&SeasonReport, Units) -> String;

/// The files `--out DIR` writes, with their renderers.
pub const OUTPUTS: [(&str, Renderer); 5] = [
    ("season.txt", table),
    ("season.json", json),
    ("season.md", markdown),
    ("sessions.csv", sessions_csv),
    ("weeks.csv", weeks_csv),
];
