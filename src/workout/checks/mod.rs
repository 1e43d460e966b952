//! The checks of one session against one prescription, and the one-line verdict.
//!
//! Every check carries the measured value, its uncertainty (two standard deviations, from
//! the GPS error, the recording interval and the altitude) and the prescribed range, and is
//! judged in three states: it passes when the value is inside the range (or inside the
//! stated tolerance: a near miss), misses when it lies outside by more than both the
//! tolerance and its uncertainty, and cannot tell in between. A session is "not as
//! prescribed" only when some check misses.

mod judge;
mod length;
mod pacing;
mod recovery;
mod slope;
mod speed;
mod verdict;

use super::{Check, Prescription, WorkoutKind};
use crate::reps::{Hill, Rep};
use judge::{Spec, range_text};
use length::length_check;
use pacing::{consistency_check, fade_check, progression_check, trend};
use recovery::recovery_check;
use slope::slope_check;
use speed::{fast_vs_slow_check, phase_check, speed_check, speed_noise_frac, speeds};

pub(crate) use judge::judge;
pub(super) use verdict::verdict;

/// The largest near-miss tolerance on a hill's grade, points. Default 1.0: half a slope
/// band; beyond it the legs meet another hill (the GAP models change ~3-4 % of pace per
/// point of grade at 8-12 %). Past it, an uncertain grade cannot tell; it does not pass.
pub const MAX_GRADE_TOLERANCE_PCT: f64 = 1.0;
/// How many standard deviations a measured value may lie outside its range before the
/// check misses: 2 (a correctly run rep is called a miss about 1 time in 40 per side).
pub const UNCERTAINTY_SIGMAS: f64 = 2.0;
/// Under [`SetRule::Most`](super::SetRule::Most), this share of the reps must not miss.
pub const MOST_REPS_FRAC: f64 = 2.0 / 3.0;

pub(super) fn checks(
    p: &Prescription,
    reps: &[&Rep],
    hill: Option<&Hill>,
    easy_mps: Option<f64>,
) -> Vec<Check> {
    let mut out = Vec::new();
    let n = reps.len();
    out.push(reps_check(p, n));
    if n == 0 {
        return out;
    }
    if p.length_min_m.is_some() || p.length_max_m.is_some() {
        out.push(length_check(p, reps));
    }
    if p.grade_min_pct.is_some() || p.grade_max_pct.is_some() {
        out.push(slope_check(p, reps, hill));
    }
    let v = speeds(reps);
    let noise = speed_noise_frac(reps);
    if let Some(k) = p.speed_vs_easy_min {
        out.push(speed_check(k, &v, noise, easy_mps));
    }
    if let Some(k) = p.fast_vs_slow_min {
        out.push(fast_vs_slow_check(k, reps, noise));
    }
    if p.phase_min_s.is_some() || p.phase_max_s.is_some() {
        out.push(phase_check(p, reps));
    }
    if let Some(max_cv) = p.max_cv_pct
        && v.len() >= 2
    {
        out.push(consistency_check(max_cv, &v, noise));
    }
    let t = trend(reps);
    if let Some(max_fade) = p.max_fade_pct
        && let Some((t, sd)) = t
    {
        out.push(fade_check(max_fade, t, sd));
    }
    if p.progression {
        out.push(progression_check(t));
    }
    if !p.recovery.is_empty() || p.return_to_start {
        out.push(recovery_check(p, reps));
    }
    out
}

/// The number of reps (`n`) against the prescribed count.
fn reps_check(p: &Prescription, n: usize) -> Check {
    let what = if p.kind == WorkoutKind::Intervals {
        "fast phases"
    } else {
        "reps"
    };
    // Number of reps: counted, not measured.
    let (state, _) = judge(
        n as f64,
        0.0,
        Some(p.reps_min as f64),
        p.reps_max.map(|m| m as f64),
        0.0,
        0.0,
    );
    Spec {
        name: "reps",
        unit: what,
        min: Some(p.reps_min as f64),
        max: p.reps_max.map(|m| m as f64),
        expected: format!(
            "{} {what}",
            range_text(Some(p.reps_min as f64), p.reps_max.map(|m| m as f64), "")
        )
        .into(),
    }
    .with(Some(n as f64), Some(0.0), state, format!("{n}"))
}
