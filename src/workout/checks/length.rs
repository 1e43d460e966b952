//! The length check: each rep's length judged with its own uncertainty, then the set by
//! the prescription's rule (every rep, or the median and most reps).

use super::judge::{Spec, judge, worse};
use super::{MOST_REPS_FRAC, UNCERTAINTY_SIGMAS};
use crate::phrase::{Phrase, Piece};
use crate::reps::Rep;
use crate::reps::geom::median;
use crate::workout::{Check, CheckState, LENGTH_TOLERANCE_FRAC, Prescription, SetRule};

/// Length of each rep, judged rep by rep with its own uncertainty, then over the set by
/// the prescription's rule.
pub(super) fn length_check(p: &Prescription, reps: &[&Rep]) -> Check {
    let k_sd = UNCERTAINTY_SIGMAS;
    let lens: Vec<f64> = reps.iter().map(|r| r.distance_m).collect();
    let med = median(&lens).unwrap_or(0.0);
    let tol_lo = p.length_min_m.unwrap_or(0.0) * LENGTH_TOLERANCE_FRAC;
    let tol_hi = p.length_max_m.unwrap_or(0.0) * LENGTH_TOLERANCE_FRAC;
    let judged: Vec<(CheckState, bool)> = reps
        .iter()
        .map(|r| {
            judge(
                r.distance_m,
                k_sd * r.distance_sd_m,
                p.length_min_m,
                p.length_max_m,
                tol_lo,
                tol_hi,
            )
        })
        .collect();
    let u_med =
        k_sd * median(&reps.iter().map(|r| r.distance_sd_m).collect::<Vec<_>>()).unwrap_or(0.0);
    let every = judged
        .iter()
        .fold(CheckState::Pass, |acc, j| worse(acc, j.0));
    let state = match p.length_rule {
        SetRule::Every => every,
        SetRule::Most => {
            let (median_state, _) = judge(
                med,
                u_med / (reps.len() as f64).sqrt(),
                p.length_min_m,
                p.length_max_m,
                tol_lo,
                tol_hi,
            );
            let missing = judged.iter().filter(|j| j.0 == CheckState::Miss).count();
            let enough = (reps.len() - missing) as f64 >= MOST_REPS_FRAC * reps.len() as f64;
            if !enough {
                CheckState::Miss
            } else {
                median_state
            }
        }
    };
    let off: Vec<usize> = (0..reps.len())
        .filter(|&i| judged[i].0 != CheckState::Pass || judged[i].1)
        .collect();
    let others: Vec<f64> = (0..reps.len())
        .filter(|i| !off.contains(i))
        .map(|i| lens[i])
        .collect();
    let span = |v: &[f64]| {
        Phrase::new().with(Piece::LengthSpan {
            min_m: v.iter().copied().fold(f64::INFINITY, f64::min),
            max_m: v.iter().copied().fold(0.0, f64::max),
        })
    };
    let rule = match p.length_rule {
        SetRule::Every => "every rep".to_string(),
        SetRule::Most => format!("the median and {:.0} % of the reps", MOST_REPS_FRAC * 100.0),
    };
    let mut c = Spec {
        name: "length",
        unit: "m",
        min: p.length_min_m,
        max: p.length_max_m,
        expected: Phrase::new()
            .with(Piece::LengthRange {
                min_m: p.length_min_m,
                max_m: p.length_max_m,
            })
            .text(format!(
                " per rep, {rule} (tolerance {:.0} %)",
                LENGTH_TOLERANCE_FRAC * 100.0
            )),
    }
    .with(
        Some(med),
        Some(u_med),
        state,
        span(&lens).text(", median ").with(Piece::Length { m: med }),
    );
    c.near_miss = state == CheckState::Pass && judged.iter().any(|j| j.1);
    if !off.is_empty() {
        let said: Vec<Phrase> = off
            .iter()
            .map(|&i| {
                let r = reps[i];
                let how = match judged[i] {
                    (CheckState::Miss, _) => "",
                    (CheckState::Uncertain, _) => ", cannot tell",
                    _ => ", near miss",
                };
                Phrase::from(format!("rep {} was ", r.index))
                    .with(Piece::LengthPm {
                        m: r.distance_m,
                        pm_m: k_sd * r.distance_sd_m,
                    })
                    .text(how)
            })
            .collect();
        let said = Phrase::join(&said, "; ");
        c.note = Some(if others.is_empty() {
            said
        } else {
            said.text("; the others ").then(&span(&others))
        });
    }
    c
}
