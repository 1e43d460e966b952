//! The speed checks: rep speed against the runner's easy speed, fast phases against slow
//! ones, and the length of the fast phases (intervals).

use super::UNCERTAINTY_SIGMAS;
use super::judge::{Spec, judge, range_text};
use crate::phrase::{Phrase, Piece};
use crate::reps::Rep;
use crate::reps::geom::median;
use crate::workout::{Check, CheckState, PHASE_TOLERANCE_S, Prescription, SPEED_TOLERANCE_FRAC};

pub(super) fn speeds(reps: &[&Rep]) -> Vec<f64> {
    reps.iter().filter_map(|r| r.avg_speed_mps).collect()
}

/// Root mean square of the reps' relative speed uncertainty (one standard deviation).
pub(super) fn speed_noise_frac(reps: &[&Rep]) -> f64 {
    let v: Vec<f64> = reps
        .iter()
        .filter_map(|r| Some(r.avg_speed_sd_mps? / r.avg_speed_mps.filter(|v| *v > 0.0)?))
        .collect();
    if v.is_empty() {
        return 0.0;
    }
    (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt()
}

/// Speed against easy pace: each rep's measured length over its time; the median of the
/// rep speeds `v` (each known to `noise`) over `easy_mps`, against at least `k`.
pub(super) fn speed_check(k: f64, v: &[f64], noise: f64, easy_mps: Option<f64>) -> Check {
    let k_sd = UNCERTAINTY_SIGMAS;
    let spec = Spec {
        name: "speed",
        unit: "x easy",
        min: Some(k),
        max: None,
        expected: format!(
            "rep speed >= {k:.2} x easy speed (tolerance {:.0} %)",
            SPEED_TOLERANCE_FRAC * 100.0
        )
        .into(),
    };
    match (easy_mps, median(v)) {
        (Some(e), Some(m)) if e > 0.0 => {
            let ratio = m / e;
            // The median of n reps, each known to `noise`; the easy speed is a median of
            // hundreds of samples and adds little.
            let u = k_sd * ratio * noise * (std::f64::consts::FRAC_PI_2 / v.len() as f64).sqrt();
            let tol = k * SPEED_TOLERANCE_FRAC;
            let (state, near) = judge(ratio, u, Some(k), None, tol, 0.0);
            let mut c = spec.with(
                Some(ratio),
                Some(u),
                state,
                Phrase::from("median rep speed ")
                    .with(Piece::Speed { mps: m })
                    .text(format!(" = {ratio:.2} x easy ("))
                    .with(Piece::Speed { mps: e })
                    .text(" in this file)"),
            );
            c.near_miss = near;
            c
        }
        _ => {
            let mut c = spec.with(None, None, CheckState::Uncertain, "not judged");
            c.note = Some("no easy running on flat ground in this file to compare with".into());
            c
        }
    }
}

/// Fast vs slow (intervals): the median of each fast phase's speed over that of the slow
/// phase after it, against at least `k`.
pub(super) fn fast_vs_slow_check(k: f64, reps: &[&Rep], noise: f64) -> Check {
    let k_sd = UNCERTAINTY_SIGMAS;
    let ratios: Vec<f64> = reps
        .iter()
        .filter_map(|r| Some(r.avg_speed_mps? / r.recovery.as_ref()?.avg_speed_mps?))
        .collect();
    let spec = Spec {
        name: "fast vs slow",
        unit: "x",
        min: Some(k),
        max: None,
        expected: format!(
            ">= {k:.2} x the slow phases (tolerance {:.0} %)",
            SPEED_TOLERANCE_FRAC * 100.0
        )
        .into(),
    };
    match median(&ratios) {
        Some(m) => {
            // Both phases are measured alike: twice the variance of one.
            let u =
                k_sd * m * noise * (2.0 * std::f64::consts::FRAC_PI_2 / ratios.len() as f64).sqrt();
            let (state, near) = judge(m, u, Some(k), None, k * SPEED_TOLERANCE_FRAC, 0.0);
            let mut c = spec.with(Some(m), Some(u), state, format!("{m:.2} x"));
            c.near_miss = near;
            c
        }
        None => spec.with(None, None, CheckState::Miss, "no slow phases"),
    }
}

/// Phase duration (intervals): the median fast phase against the prescribed range.
pub(super) fn phase_check(p: &Prescription, reps: &[&Rep]) -> Check {
    let k_sd = UNCERTAINTY_SIGMAS;
    let d: Vec<f64> = reps.iter().filter_map(|r| r.duration_s).collect();
    let m = median(&d).unwrap_or(0.0);
    let sd: Vec<f64> = reps.iter().map(|r| r.duration_sd_s).collect();
    let u = k_sd * median(&sd).unwrap_or(0.0);
    let (state, near) = judge(
        m,
        u,
        p.phase_min_s,
        p.phase_max_s,
        PHASE_TOLERANCE_S,
        PHASE_TOLERANCE_S,
    );
    let mut c = Spec {
        name: "phase length",
        unit: "s",
        min: p.phase_min_s,
        max: p.phase_max_s,
        expected: format!(
            "{} fast (tolerance {:.0} s)",
            range_text(p.phase_min_s, p.phase_max_s, " s"),
            PHASE_TOLERANCE_S
        )
        .into(),
    }
    .with(Some(m), Some(u), state, format!("median {m:.0} s"));
    c.near_miss = near;
    c
}
