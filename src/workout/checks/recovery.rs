//! The recovery check: how the runner went back up between reps, and whether to the start.

use super::UNCERTAINTY_SIGMAS;
use super::judge::{Spec, judge, worse};
use crate::reps::{RecoveryKind, Rep};
use crate::workout::{Check, CheckState, Prescription};

/// How the runner went back up, and whether to the start: a recovery ending farther from
/// the start than `returned_m` plus its position uncertainty did not go back.
pub(super) fn recovery_check(p: &Prescription, reps: &[&Rep]) -> Check {
    let with: Vec<(&Rep, &crate::reps::Recovery)> = reps
        .iter()
        .filter_map(|r| Some((*r, r.recovery.as_ref()?)))
        .collect();
    let count = |k: RecoveryKind| with.iter().filter(|r| r.1.kind == k).count();
    let kinds: Vec<String> = [
        RecoveryKind::Walk,
        RecoveryKind::Jog,
        RecoveryKind::Lift,
        RecoveryKind::Stand,
        RecoveryKind::Ride,
    ]
    .iter()
    .filter(|k| count(**k) > 0)
    .map(|k| format!("{} {}", k.name(), count(*k)))
    .collect();
    // Without cadence a walk and a slow uphill jog move at the same speed: either passes
    // for the other.
    let blurred = |k: RecoveryKind| matches!(k, RecoveryKind::Walk | RecoveryKind::Jog);
    let allowed_kind = |r: &crate::reps::Recovery| {
        p.recovery.contains(&r.kind)
            || (r.cadence_spm.is_none()
                && blurred(r.kind)
                && p.recovery.iter().any(|k| blurred(*k)))
    };
    let kind_ok = p.recovery.is_empty() || with.iter().all(|r| allowed_kind(r.1));
    let lenient = with.iter().any(|r| !p.recovery.contains(&r.1.kind)) && kind_ok;
    let back: Vec<CheckState> = with
        .iter()
        .map(|(_, r)| match r.end_from_start_m {
            Some(d) => {
                judge(
                    d,
                    UNCERTAINTY_SIGMAS * r.end_from_start_sd_m,
                    None,
                    Some(r.return_radius_m),
                    0.0,
                    0.0,
                )
                .0
            }
            None if r.returned_to_start => CheckState::Pass,
            None => CheckState::Miss,
        })
        .collect();
    let returned = back.iter().filter(|s| **s == CheckState::Pass).count();
    let unclear = back.iter().filter(|s| **s == CheckState::Uncertain).count();
    let mut state = if kind_ok {
        CheckState::Pass
    } else {
        CheckState::Miss
    };
    if p.return_to_start {
        state = back.iter().fold(state, |a, b| worse(a, *b));
    }
    let allowed: Vec<&str> = p.recovery.iter().map(|k| k.name()).collect();
    let mut c = Spec {
        name: "recovery",
        unit: "recoveries",
        min: p.return_to_start.then_some(with.len() as f64),
        max: None,
        expected: format!(
            "{}{}",
            if allowed.is_empty() {
                "any".to_string()
            } else {
                allowed.join(" or ")
            },
            if p.return_to_start {
                " back up to the start"
            } else {
                ""
            }
        )
        .into(),
    }
    .with(
        Some(returned as f64),
        Some(unclear as f64),
        state,
        if with.is_empty() {
            "none between reps".into()
        } else {
            format!(
                "{}; back at the start {returned} of {}{}{}",
                kinds.join(", "),
                with.len(),
                if unclear > 0 {
                    format!(", {unclear} too close to tell")
                } else {
                    String::new()
                },
                // The last rep needs no way back up: the session may end at the bottom.
                if reps.last().is_some_and(|r| r.recovery.is_none()) {
                    "; last rep: none (session ended)"
                } else {
                    ""
                }
            )
        },
    );
    if lenient {
        c.note = Some(
            "no cadence in the file: a walk and a slow uphill jog cannot be told apart".into(),
        );
    }
    c
}
