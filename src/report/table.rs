//! Plain-text rendering for the terminal.

use crate::descent::Implausible;
use anstyle::AnsiColor;
use std::fmt::Write;

use super::units::Units;
use super::{Report, hms};
use crate::workout::CheckState;

/// How the table is drawn.
#[derive(Debug, Clone, Default)]
pub struct Style {
    /// ANSI colours on the verdict marks: `ok` green, `near` yellow, `?` (cannot tell) cyan,
    /// `MISS` red.
    pub color: bool,
    /// Distances, lengths and speeds in these units (grades stay percent).
    pub units: Units,
}

/// The report as a human reads it, without colour.
pub fn render(r: &Report) -> String {
    render_with(r, &Style::default())
}

/// The report as a human reads it, drawn in `style`.
pub fn render_with(r: &Report, style: &Style) -> String {
    let mut o = String::new();
    let s = &r.summary;
    let u = style.units;
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
        .map(|d| u.distance(d))
        .unwrap_or_else(|| "no positions: distance cannot be computed".into());
    let _ = writeln!(o, "  distance:  {dist}");
    let elev = match (s.gain_m, s.loss_m) {
        (Some(g), Some(l)) => format!(
            "+{} / -{} (altitude: {}{})",
            u.length(g),
            u.length(l),
            r.altitude_source.name(),
            if r.altitude_source_from_temperature {
                ", by the air temperature it records"
            } else {
                ""
            }
        ),
        _ => "no elevation in this file".into(),
    };
    let _ = writeln!(o, "  elevation: {elev}");
    if s.gain_m.is_some() {
        let _ = writeln!(o, "  altitude:  {}", altitude_line(r, u));
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
        let _ = writeln!(o, "  note:      {}", u.phrase(n));
    }
    for a in &r.set_aside {
        let _ = writeln!(o, "  set aside: {}", set_aside_line(a, u));
    }
    render_descents(&mut o, r, u);
    render_reps(&mut o, r, style);
    o
}

fn render_descents(o: &mut String, r: &Report, u: Units) {
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
        "#",
        "start",
        format!("at {}", u.distance_unit()),
        format!("dist {}", u.length_unit()),
        format!("drop {}", u.length_unit()),
        "grade%",
        "max%",
        "band",
        "time",
        u.speed_column(),
        "GAP"
    );
    let drop_digits = u.drop_digits();
    for d in &r.descents {
        let start = d
            .start_s
            .map(|t| super::local_clock(t, r.utc_offset_s))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            o,
            "  {:>3}  {:>8}  {:>7.2}  {:>6}  {:>6}  {:>6.1}  {:>6.1}  {:>w$}  {:>7}  {:>7}  {:>6}",
            d.index,
            start,
            u.distance_value(d.start_distance_m),
            u.length_num(d.distance_m, 0),
            u.length_num(d.drop_m, drop_digits),
            d.grade_pct,
            d.max_grade_pct,
            d.band,
            d.duration_s.map(hms).unwrap_or_else(|| "-".into()),
            d.avg_speed_mps
                .map(|v| u.speed(v))
                .unwrap_or_else(|| "-".into()),
            d.gap_speed_mps
                .map(|v| u.speed(v))
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
            "  note:      {} of {} not on foot (a leg of another sport, or faster \
             than a runner): {}; no GAP, no running verdict",
            off.len(),
            super::count(r.descents.len(), "descent", "descents"),
            off.join(" ")
        )
    })
}

/// The reps (one line each) and the workout verdict with its checks.
fn render_reps(o: &mut String, r: &Report, style: &Style) {
    let reps = &r.reps;
    let u = style.units;
    for h in &reps.hills {
        let _ = writeln!(
            o,
            "  hill {}:    {} at {:.1} % (band {}), {} down + {} up pooled, {} confidence",
            h.index,
            u.length(h.length_m),
            h.grade_pct,
            h.band,
            super::count(h.passes_down, "pass", "passes"),
            h.passes_up,
            match h.confidence {
                crate::reps::HillConfidence::High => "high",
                crate::reps::HillConfidence::Medium => "medium",
                crate::reps::HillConfidence::Low => "low",
            }
        );
    }
    if !reps.reps.is_empty() {
        // Heart rate and cadence columns only when the file records them.
        let with_hr = reps.reps.iter().any(|x| x.heart_rate_bpm.is_some());
        let with_cad = reps.reps.iter().any(|x| x.cadence_spm.is_some());
        let _ = write!(
            o,
            "  {:>3}  {:>3}  {:>8}  {:>9}  {:>6}  {:>5}  {:>6}  {:>7}  {:>7}  {:>7}  {:>6}  {:>7}",
            "set",
            "rep",
            "start",
            format!("dist {}", u.length_unit()),
            format!("drop {}", u.length_unit()),
            "own%",
            "hill%",
            "band",
            u.speed_column(),
            "GAP",
            "back",
            "took"
        );
        if with_hr {
            let _ = write!(o, "  {:>7}", "HR");
        }
        if with_cad {
            let _ = write!(o, "  {:>4}", "spm");
        }
        o.push('\n');
        let _ = writeln!(
            o,
            "  (dist +- 2 standard deviations; own%: drop / length of this rep; hill%: pooled over every pass, sets the band; GAP on hill%{})",
            if with_hr { "; HR mean/max bpm" } else { "" }
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
            let speed = |v: Option<f64>| v.map(|v| u.speed(v)).unwrap_or_else(|| "-".into());
            let _ = write!(
                o,
                "  {:>3}  {:>3}  {:>8}  {:>9}  {:>6}  {:>5.1}  {:>6.1}  {:>7}  {:>7}  {:>7}  {:>6}  {:>7}",
                x.set,
                x.index,
                start,
                format!(
                    "{} +-{}",
                    u.length_num(x.distance_m, 0),
                    u.length_num(2.0 * x.distance_sd_m, 0)
                ),
                u.length_num(x.drop_m, u.drop_digits()),
                x.pass_grade_pct,
                x.grade_pct,
                x.band,
                speed(x.avg_speed_mps),
                speed(x.gap_speed_mps),
                back,
                took
            );
            if with_hr {
                let hr = match (x.heart_rate_bpm, x.heart_rate_max_bpm) {
                    (Some(m), Some(h)) => format!("{m:.0}/{h:.0}"),
                    (Some(m), None) => format!("{m:.0}"),
                    _ => "-".into(),
                };
                let _ = write!(o, "  {hr:>7}");
            }
            if with_cad {
                let cad = x
                    .cadence_spm
                    .map_or_else(|| "-".into(), |c| format!("{c:.0}"));
                let _ = write!(o, "  {cad:>4}");
            }
            o.push('\n');
        }
    }
    for n in &reps.rep_notes {
        let _ = writeln!(o, "  note:      {}", u.phrase(n));
    }
    let w = &r.workout;
    let _ = writeln!(o, "  workout:   {}", u.phrase(&w.verdict));
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
            c.name,
            u.phrase(&c.actual),
            u.phrase(&c.expected)
        );
        if let Some(n) = &c.note {
            let _ = writeln!(o, "         {:<13} {}", "", u.phrase(n));
        }
    }
}

/// A descent set aside, and why, in one line (shared with the HTML page).
pub(crate) fn set_aside_line(a: &super::SetAside, u: Units) -> String {
    let d = &a.descent;
    let why = match a.reason {
        Implausible::TooSteep => "steeper than anyone runs",
        Implausible::TooFastVertically => "faster down than anyone runs",
    };
    let vertical = d
        .vertical_speed_m_per_h
        .map(|v| format!(", {}/s vertical", u.length_digits(v / 3600.0, 1)))
        .unwrap_or_default();
    format!(
        "{} {:.2}, {} at {:.1} %{vertical}: {why}, an altitude artefact (no band, no GAP, \
         no rep)",
        u.distance_unit(),
        u.distance_value(d.start_distance_m),
        u.length(d.distance_m),
        d.grade_pct,
    )
}

/// What the altitude's own samples say of it, and what that allows (shared with the HTML
/// page).
pub(crate) fn altitude_line(r: &Report, u: Units) -> String {
    let a = &r.altitude;
    let mut parts = vec![if a.fine { "fine-grained" } else { "coarse" }.to_string()];
    if let Some(spread) = a.revisit_spread_m {
        parts.push(format!(
            "revisited ground differs by a median {} ({} revisits)",
            u.length_digits(spread, 1),
            a.revisit_pairs
        ));
    }
    if let Some(n) = a.noise {
        parts.push(match n.quantum_m {
            Some(q) if n.white_m < q / 4.0 => {
                format!("no white noise above its {} steps", u.length_digits(q, 1))
            }
            Some(q) => format!(
                "white noise {} in {} steps",
                u.length_digits(n.white_m, 2),
                u.length_digits(q, 1)
            ),
            None => format!("white noise {}", u.length_digits(n.white_m, 2)),
        });
    }
    if a.overruled {
        parts.push(if a.fine {
            format!(
                "{} {}, but it agrees with itself",
                r.altitude_source.name(),
                super::source_basis(r.altitude_source_from_temperature)
            )
        } else {
            format!(
                "{} {}, but it disagrees with itself (a hump or step): graded as GPS",
                r.altitude_source.name(),
                super::source_basis(r.altitude_source_from_temperature)
            )
        });
    }
    parts.push(format!(
        "one descent's grade is good to +-1 % (2 sigma) from {} long",
        u.length(a.length_for_1pct_m())
    ));
    parts.join("; ")
}
