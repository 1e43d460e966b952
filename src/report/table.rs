//! Plain-text rendering for the terminal.

use crate::descent::Implausible;
use anstyle::AnsiColor;
use std::fmt::Write;

use super::{Report, hms, pace_per_km};
use crate::workout::CheckState;

/// How the table is drawn.
#[derive(Debug, Clone, Default)]
pub struct Style {
    /// ANSI colours on the verdict marks: `ok` green, `near` yellow, `?` (cannot tell) cyan,
    /// `MISS` red.
    pub color: bool,
}

/// The report as a human reads it, without colour.
pub fn render(r: &Report) -> String {
    render_with(r, &Style::default())
}

/// The report as a human reads it, drawn in `style`.
pub fn render_with(r: &Report, style: &Style) -> String {
    let mut o = String::new();
    let s = &r.summary;
    let _ = writeln!(o, "{}", r.file);
    let fmt = r
        .format
        .map(|f| format!("{}{}", f.name(), if r.gzipped { " (gzip)" } else { "" }))
        .unwrap_or_default();
    let sport = match (&r.sport, &r.sub_sport) {
        (Some(a), Some(b)) if b != "generic" => format!("{a}/{b}"),
        (Some(a), _) => a.clone(),
        _ => "unknown sport".into(),
    };
    let _ = writeln!(
        o,
        "  {} | {} | {} | {}",
        s.start_s
            .map(|t| super::local_date_time(t, r.utc_offset_s))
            .unwrap_or_else(|| "no date".into()),
        sport,
        r.device.as_deref().unwrap_or("unknown device"),
        fmt
    );
    if let Some(name) = &r.name {
        let _ = writeln!(o, "  name:      {name}");
    }
    let dur = match (s.moving_s, s.elapsed_s) {
        (Some(m), Some(e)) => format!("{} moving, {} elapsed", hms(m), hms(e)),
        _ => "no timestamps: duration and speed cannot be computed".into(),
    };
    let _ = writeln!(o, "  duration:  {dur}");
    let dist = s
        .distance_m
        .map(|d| format!("{:.2} km", d / 1000.0))
        .unwrap_or_else(|| "no positions: distance cannot be computed".into());
    let _ = writeln!(o, "  distance:  {dist}");
    let elev = match (s.gain_m, s.loss_m) {
        (Some(g), Some(l)) => format!(
            "+{g:.0} m / -{l:.0} m (altitude: {})",
            r.altitude_source.name()
        ),
        _ => "no elevation in this file".into(),
    };
    let _ = writeln!(o, "  elevation: {elev}");
    if s.gain_m.is_some() {
        let _ = writeln!(o, "  altitude:  {}", altitude_line(r));
    }
    let _ = writeln!(
        o,
        "  points:    {} ({}, {})",
        s.points,
        super::count(s.pauses, "pause", "pauses"),
        super::count(s.laps, "lap", "laps")
    );
    if !r.legs.is_empty() {
        let legs: Vec<String> = r
            .legs
            .iter()
            .map(|l| {
                format!(
                    "{} {}-{}",
                    l.sport.as_deref().unwrap_or("unknown"),
                    &super::local_clock(l.start_s, r.utc_offset_s)[..5],
                    &super::local_clock(l.end_s, r.utc_offset_s)[..5]
                )
            })
            .collect();
        let _ = writeln!(o, "  legs:      {}", legs.join(", "));
    }
    let cleaned = r.cleaning.describe();
    if !cleaned.is_empty() {
        let _ = writeln!(o, "  cleaned:   {}", cleaned.join("; "));
    }
    for w in &r.warnings {
        let _ = writeln!(o, "  warning:   {w}");
    }
    for n in &r.descent_notes {
        let _ = writeln!(o, "  note:      {n}");
    }
    for a in &r.set_aside {
        let _ = writeln!(o, "  set aside: {}", set_aside_line(a));
    }
    render_descents(&mut o, r);
    render_reps(&mut o, r, style);
    o
}

fn render_descents(o: &mut String, r: &Report) {
    if r.descents.is_empty() {
        if r.descent_notes.is_empty() {
            let _ = writeln!(o, "  descents:  none");
        }
        return;
    }
    let _ = writeln!(o, "  descents:  {}", r.descents.len());
    // The band column fits its widest label ("unmeasurable" where a band could not be told).
    let w = r
        .descents
        .iter()
        .map(|d| d.band.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let _ = writeln!(
        o,
        "  {:>3}  {:>8}  {:>7}  {:>6}  {:>6}  {:>6}  {:>6}  {:>w$}  {:>7}  {:>7}  {:>6}",
        "#", "start", "at km", "dist m", "drop m", "grade%", "max%", "band", "time", "pace", "GAP"
    );
    for d in &r.descents {
        let start = d
            .start_s
            .map(|t| super::local_clock(t, r.utc_offset_s))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            o,
            "  {:>3}  {:>8}  {:>7.2}  {:>6.0}  {:>6.1}  {:>6.1}  {:>6.1}  {:>w$}  {:>7}  {:>7}  {:>6}",
            d.index,
            start,
            d.start_distance_m / 1000.0,
            d.distance_m,
            d.drop_m,
            d.grade_pct,
            d.max_grade_pct,
            d.band,
            d.duration_s.map(hms).unwrap_or_else(|| "-".into()),
            d.avg_speed_mps
                .map(pace_per_km)
                .unwrap_or_else(|| "-".into()),
            d.gap_speed_mps
                .map(pace_per_km)
                .unwrap_or_else(|| "-".into()),
        );
    }
    if let Some(line) = off_foot_line(r) {
        let _ = writeln!(o, "{line}");
    }
}

/// Which descents were not on foot, as one note line (none when all were).
fn off_foot_line(r: &Report) -> Option<String> {
    let off: Vec<String> = r
        .descents
        .iter()
        .filter(|d| !d.on_foot)
        .map(|d| format!("#{}", d.index))
        .collect();
    (!off.is_empty()).then(|| {
        format!(
            "  note:      {} of {} descents not on foot (a leg of another sport, or faster \
             than a runner): {}; no GAP, no running verdict",
            off.len(),
            r.descents.len(),
            off.join(" ")
        )
    })
}

/// The reps (one line each) and the workout verdict with its checks.
fn render_reps(o: &mut String, r: &Report, style: &Style) {
    let reps = &r.reps;
    for h in &reps.hills {
        let _ = writeln!(
            o,
            "  hill {}:    {:.0} m at {:.1} % (band {}), {} passes down + {} up pooled, {} confidence",
            h.index,
            h.length_m,
            h.grade_pct,
            h.band,
            h.passes_down,
            h.passes_up,
            match h.confidence {
                crate::reps::HillConfidence::High => "high",
                crate::reps::HillConfidence::Medium => "medium",
                crate::reps::HillConfidence::Low => "low",
            }
        );
    }
    if !reps.reps.is_empty() {
        let _ = writeln!(
            o,
            "  {:>3}  {:>3}  {:>8}  {:>9}  {:>6}  {:>5}  {:>6}  {:>7}  {:>7}  {:>6}  {:>7}",
            "set",
            "rep",
            "start",
            "dist m",
            "drop m",
            "own%",
            "hill%",
            "band",
            "pace",
            "back",
            "took"
        );
        let _ = writeln!(
            o,
            "  (dist +- 2 standard deviations; own%: drop / length of this rep; hill%: pooled over every pass, sets the band)"
        );
        for x in &reps.reps {
            let start = x
                .start_s
                .map(|t| super::local_clock(t, r.utc_offset_s))
                .unwrap_or_else(|| "-".into());
            let (back, took) = match &x.recovery {
                Some(rc) => (rc.kind.name().to_string(), hms(rc.duration_s)),
                None => ("-".into(), "-".into()),
            };
            let _ = writeln!(
                o,
                "  {:>3}  {:>3}  {:>8}  {:>9}  {:>6.1}  {:>5.1}  {:>6.1}  {:>7}  {:>7}  {:>6}  {:>7}",
                x.set,
                x.index,
                start,
                format!("{:.0} +-{:.0}", x.distance_m, 2.0 * x.distance_sd_m),
                x.drop_m,
                x.pass_grade_pct,
                x.grade_pct,
                x.band,
                x.avg_speed_mps
                    .map(pace_per_km)
                    .unwrap_or_else(|| "-".into()),
                back,
                took
            );
        }
    }
    for n in &reps.rep_notes {
        let _ = writeln!(o, "  note:      {n}");
    }
    let w = &r.workout;
    let _ = writeln!(o, "  workout:   {}", w.verdict);
    for c in &w.checks {
        let (mark, color) = match (c.state, c.near_miss) {
            (CheckState::Pass, false) => ("ok  ", AnsiColor::Green),
            (CheckState::Pass, true) => ("near", AnsiColor::Yellow),
            (CheckState::Uncertain, _) => ("?   ", AnsiColor::Cyan),
            (CheckState::Miss, _) => ("MISS", AnsiColor::Red),
        };
        let paint = if style.color {
            color.on_default().bold()
        } else {
            anstyle::Style::new()
        };
        let mark = format!("{paint}{mark}{paint:#}");
        let _ = writeln!(
            o,
            "    {mark} {:<13} {} (expected {})",
            c.name, c.actual, c.expected
        );
        if let Some(n) = &c.note {
            let _ = writeln!(o, "         {:<13} {n}", "");
        }
    }
}

/// A descent set aside, and why, in one line (shared with the HTML page).
pub(crate) fn set_aside_line(a: &super::SetAside) -> String {
    let d = &a.descent;
    let why = match a.reason {
        Implausible::TooSteep => "steeper than anyone runs",
        Implausible::TooFastVertically => "faster down than anyone runs",
    };
    let vertical = d
        .vertical_speed_m_per_h
        .map(|v| format!(", {:.1} m/s vertical", v / 3600.0))
        .unwrap_or_default();
    format!(
        "km {:.2}, {:.0} m at {:.1} %{vertical}: {why}, an altitude artefact (no band, no GAP, \
         no rep)",
        d.start_distance_m / 1000.0,
        d.distance_m,
        d.grade_pct,
    )
}

/// What the altitude's own samples say of it, and what that allows (shared with the HTML
/// page).
pub(crate) fn altitude_line(r: &Report) -> String {
    let a = &r.altitude;
    let mut parts = vec![if a.fine { "fine-grained" } else { "coarse" }.to_string()];
    if let Some(spread) = a.revisit_spread_m {
        parts.push(format!(
            "revisited ground differs by a median {spread:.1} m ({} revisits)",
            a.revisit_pairs
        ));
    }
    if let Some(n) = a.noise {
        parts.push(match n.quantum_m {
            Some(q) if n.white_m < q / 4.0 => format!("no white noise above its {q:.1} m steps"),
            Some(q) => format!("white noise {:.2} m in {q:.1} m steps", n.white_m),
            None => format!("white noise {:.2} m", n.white_m),
        });
    }
    if a.overruled {
        parts.push(if a.fine {
            format!(
                "{} by the file, but it agrees with itself",
                r.altitude_source.name()
            )
        } else {
            format!(
                "{} by the file, but it disagrees with itself (a hump or step): graded as GPS",
                r.altitude_source.name()
            )
        });
    }
    parts.push(format!(
        "one descent's grade is good to +-1 % (2 sigma) from {:.0} m long",
        a.length_for_1pct_m()
    ));
    parts.join("; ")
}
