//! The pacing checks: how the rep speeds held over the set (consistency, fade) or rose
//! (progression).

use super::UNCERTAINTY_SIGMAS;
use super::judge::{Spec, judge};
use crate::reps::Rep;
use crate::workout::{Check, CheckState};

/// Mean of the last third over the mean of the first third, minus one (positive = faster),
/// and its standard deviation from the reps' speed uncertainties.
pub(super) fn trend(reps: &[&Rep]) -> Option<(f64, f64)> {
    let v: Vec<(f64, f64)> = reps
        .iter()
        .filter_map(|r| Some((r.avg_speed_mps?, r.avg_speed_sd_mps.unwrap_or(0.0))))
        .collect();
    if v.len() < 3 {
        return None;
    }
    let k = v.len() / 3;
    let mean = |s: &[(f64, f64)]| {
        let m = s.iter().map(|x| x.0).sum::<f64>() / k as f64;
        let sd = s.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt() / k as f64;
        (m, sd)
    };
    let (first, sf) = mean(&v[..k]);
    let (last, sl) = mean(&v[v.len() - k..]);
    (first > 0.0 && last > 0.0).then(|| {
        let r = last / first;
        (
            r - 1.0,
            r * ((sf / first).powi(2) + (sl / last).powi(2)).sqrt(),
        )
    })
}

/// Consistency: the measured spread of the rep speeds is the runner's spread plus the
/// measurement's; the uncertainty is what the measurement (at 2 sigma) could add.
/// `v`: the rep speeds, each known to `noise`; judged against at most `max_cv` %.
pub(super) fn consistency_check(max_cv: f64, v: &[f64], noise: f64) -> Check {
    let k_sd = UNCERTAINTY_SIGMAS;
    let (m, sd) = crate::reps::geom::mean_std(v);
    let cv = sd / m * 100.0;
    let noise_pct = k_sd * noise * 100.0;
    let u = cv - (cv * cv - noise_pct * noise_pct).max(0.0).sqrt();
    let (state, _) = judge(cv, u, None, Some(max_cv), 0.0, 0.0);
    Spec {
        name: "consistency",
        unit: "%",
        min: None,
        max: Some(max_cv),
        expected: format!("rep speeds vary by <= {max_cv:.0} % (coefficient of variation)").into(),
    }
    .with(
        Some(cv),
        Some(u),
        state,
        format!("{cv:.1} % (the measurement alone gives up to {noise_pct:.1} %)"),
    )
}

/// Fade: the last third of the reps at most `max_fade` % slower than the first third, from
/// the [`trend`] `t` and its standard deviation `sd`.
pub(super) fn fade_check(max_fade: f64, t: f64, sd: f64) -> Check {
    let k_sd = UNCERTAINTY_SIGMAS;
    let fade = -t * 100.0;
    let u = k_sd * sd * 100.0;
    let (state, _) = judge(fade, u, None, Some(max_fade), 0.0, 0.0);
    Spec {
        name: "fade",
        unit: "%",
        min: None,
        max: Some(max_fade),
        expected: format!("last third of the reps <= {max_fade:.0} % slower than the first third")
            .into(),
    }
    .with(
        Some(fade),
        Some(u),
        state,
        if fade <= 0.0 {
            format!("{:.1} % faster (+-{u:.1} %)", -fade)
        } else {
            format!("{fade:.1} % slower (+-{u:.1} %)")
        },
    )
}

/// Progression: the last third of the reps at least 2 % faster than the first third, from
/// the [`trend`] `t` (`None`: too few reps).
pub(super) fn progression_check(t: Option<(f64, f64)>) -> Check {
    let k_sd = UNCERTAINTY_SIGMAS;
    let spec = Spec {
        name: "progression",
        unit: "%",
        min: Some(2.0),
        max: None,
        expected: "start slowly then increase: last third >= 2 % faster than the first third"
            .into(),
    };
    match t {
        Some((t, sd)) => {
            let u = k_sd * sd * 100.0;
            let (state, _) = judge(t * 100.0, u, Some(2.0), None, 0.0, 0.0);
            spec.with(
                Some(t * 100.0),
                Some(u),
                state,
                format!("{:+.1} % (+-{u:.1} %)", t * 100.0),
            )
        }
        None => spec.with(None, None, CheckState::Uncertain, "too few reps to tell"),
    }
}
