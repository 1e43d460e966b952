//! The one-line verdict on a session: what was run, and which checks missed or cannot tell.

use super::speed::speeds;
use crate::phrase::{Phrase, Piece};
use crate::reps::geom::median;
use crate::reps::{Hill, RecoveryKind, Rep};
use crate::workout::{Check, CheckState, Prescription, WorkoutKind};

pub(crate) fn verdict(
    p: &Prescription,
    reps: &[&Rep],
    hill: Option<&Hill>,
    checks: &[Check],
    source: &str,
) -> Phrase {
    let n = reps.len();
    if n == 0 {
        return format!("no rep set; {} prescribed", p.name).into();
    }
    let lens: Vec<f64> = reps.iter().map(|r| r.distance_m).collect();
    let len = median(&lens).unwrap_or(0.0);
    let grade = hill.map(|h| h.grade_pct).unwrap_or(reps[0].grade_pct);
    let size = Phrase::from(format!("{n} x "))
        .with(Piece::Length { m: len })
        .text(format!(" at {grade:.1} % (band {})", reps[0].band));
    let mut parts: Vec<String> = Vec::new();
    let recs: Vec<RecoveryKind> = reps
        .iter()
        .filter_map(|r| r.recovery.as_ref().map(|x| x.kind))
        .collect();
    if let Some(k) = recs.first()
        && recs.iter().all(|x| x == k)
    {
        parts.push(match k {
            RecoveryKind::Walk => "walked back up".into(),
            RecoveryKind::Jog if p.kind == WorkoutKind::Intervals => "slow phases jogged".into(),
            RecoveryKind::Jog => "jogged back up".into(),
            RecoveryKind::Lift => "lift back up".into(),
            RecoveryKind::Stand => "stood between reps".into(),
            RecoveryKind::Ride => "rode back up".into(),
        });
    }
    let v = speeds(reps);
    if v.len() >= 2 {
        let (m, sd) = crate::reps::geom::mean_std(&v);
        parts.push(format!(
            "pace even within {:.0} %",
            (sd / m * 100.0).max(1.0)
        ));
    }
    let head = parts
        .iter()
        .fold(size, |h, p| h.text(", ").text(p.as_str()));
    let how = if source == "builtin" {
        format!("closest to {}", p.name)
    } else {
        p.name.clone()
    };
    let said = |c: &Check| {
        if c.name == "reps" {
            let few = reps.len() < p.reps_min;
            Phrase::from(if few { "only " } else { "" })
                .then(&c.actual)
                .text(" reps (")
                .then(&c.expected)
                .text(" prescribed)")
        } else {
            Phrase::from(format!("{} ", c.name))
                .then(&c.actual)
                .text(" (expected ")
                .then(&c.expected)
                .text(")")
        }
    };
    let of = |s: CheckState| -> Vec<Phrase> {
        checks.iter().filter(|c| c.state == s).map(&said).collect()
    };
    let missed = of(CheckState::Miss);
    let unclear = of(CheckState::Uncertain);
    if !missed.is_empty() {
        head.text(format!(": {how}, not as prescribed: "))
            .then(&Phrase::join(&missed, "; "))
    } else if !unclear.is_empty() {
        let names: Vec<&str> = checks
            .iter()
            .filter(|c| c.state == CheckState::Uncertain)
            .map(|c| c.name.as_str())
            .collect();
        head.text(format!(
            ": {how}, as prescribed as far as the recording can tell (cannot tell the {})",
            names.join(", ")
        ))
    } else {
        let near = checks.iter().any(|c| c.near_miss);
        head.text(format!(
            ": {how}, done as prescribed{}",
            if near { " (with near misses)" } else { "" }
        ))
    }
}
