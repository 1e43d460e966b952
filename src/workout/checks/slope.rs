//! The slope check: the hill's pooled grade against the prescribed band, with a near-miss
//! tolerance that grows with the grade's standard error up to a cap.

use super::judge::{Spec, judge, range_text};
use super::{MAX_GRADE_TOLERANCE_PCT, UNCERTAINTY_SIGMAS};
use crate::reps::geom::median;
use crate::reps::{Hill, HillConfidence, Rep};
use crate::workout::{Check, CheckState, GRADE_TOLERANCE_PCT, Prescription, WorkoutKind};

/// The hill's pooled grade (the median pass grade for intervals).
pub(super) fn slope_check(p: &Prescription, reps: &[&Rep], hill: Option<&Hill>) -> Check {
    let grade = if p.kind == WorkoutKind::Intervals {
        median(&reps.iter().map(|r| r.grade_pct).collect::<Vec<_>>()).unwrap_or(0.0)
    } else {
        hill.map(|h| h.grade_pct).unwrap_or(reps[0].grade_pct)
    };
    let se = hill.and_then(|h| h.grade_se_pct).unwrap_or(0.0);
    let u = UNCERTAINTY_SIGMAS * se;
    // A near miss is allowed up to twice the pooled grade's standard error, capped at
    // MAX_GRADE_TOLERANCE_PCT: a hill read 2 points off its band is another hill for the
    // legs; past the cap the reading cannot tell, it does not pass.
    let tol = if hill.is_some_and(|h| h.confidence == HillConfidence::High) {
        GRADE_TOLERANCE_PCT
    } else {
        GRADE_TOLERANCE_PCT.max(u.min(MAX_GRADE_TOLERANCE_PCT))
    };
    let (state, near) = judge(grade, u, p.grade_min_pct, p.grade_max_pct, tol, tol);
    let pooled = hill
        .map(|h| {
            format!(
                ", {} passes pooled{}",
                h.passes_down + h.passes_up,
                h.grade_se_pct
                    .map(|s| format!(" +-{:.1} %", UNCERTAINTY_SIGMAS * s))
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let mut c = Spec {
        name: "slope",
        unit: "%",
        min: p.grade_min_pct,
        max: p.grade_max_pct,
        expected: format!(
            "{} (tolerance {tol:.1} points: 2 standard errors of the pooled grade, at least {:.1}, at most {:.1})",
            range_text(p.grade_min_pct, p.grade_max_pct, " %"),
            GRADE_TOLERANCE_PCT,
            MAX_GRADE_TOLERANCE_PCT
        ).into(),
    }
    .with(
        Some(grade),
        Some(u),
        state,
        format!(
            "{grade:.1} % (band {}{pooled}{})",
            reps[0].band,
            if state == CheckState::Uncertain {
                format!(
                    "; band uncertain: {:.1}-{:.1} % at 2 standard errors",
                    grade - u,
                    grade + u
                )
            } else {
                String::new()
            }
        ),
    );
    c.near_miss = near;
    if state == CheckState::Uncertain {
        c.note = Some(
            "the band of this hill is uncertain (GPS altitude): the recording cannot tell".into(),
        );
    }
    c
}
