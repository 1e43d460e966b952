//! Measuring a set's reps together: each along the hill's line, and their lengths pooled
//! over the set.

use super::geom::median;
use super::{Rep, RepParams, speed_sd_mps};

/// A rep's (start, end) recorded positions, local metres.
pub(super) type RepEnds = ((f64, f64), (f64, f64));

/// The GPS error of a set's rep lengths, measured on the set itself: the standard deviation
/// of the reps' end-to-end displacements across the hill's line (the mean displacement's
/// direction). The runner starts and stops at the marks on a trail a metre or two wide, so
/// across the line the reps barely differ, while the GPS error, the same in every direction,
/// moves each end by as much across the line as along it: the spread across is the error
/// the lengths carry, without the true differences in length that the spread along holds.
/// Robust (MAD x 1.4826: a position spike at one end does not make the whole set noisy).
/// `ends` are each rep's (start, end) recorded positions in local metres; `None` for fewer
/// than three reps.
pub(super) fn across_line_sd_m(ends: &[RepEnds]) -> Option<f64> {
    if ends.len() < 3 {
        return None;
    }
    let d: Vec<(f64, f64)> = ends.iter().map(|(a, b)| (b.0 - a.0, b.1 - a.1)).collect();
    let (mx, my) = d
        .iter()
        .fold((0.0, 0.0), |acc, v| (acc.0 + v.0, acc.1 + v.1));
    let norm = mx.hypot(my);
    if norm < 1e-6 {
        return None;
    }
    let (ux, uy) = (mx / norm, my / norm);
    let across: Vec<f64> = d.iter().map(|v| v.0 * uy - v.1 * ux).collect();
    let center = median(&across)?;
    let dev: Vec<f64> = across.iter().map(|c| (c - center).abs()).collect();
    Some(1.4826 * median(&dev)?)
}

/// The GPS part of each rep's length error raised to what the set shows across its line
/// ([`across_line_sd_m`]), weighed against the prior ([`RepParams::position_sd_m`]) by
/// [`RepParams::position_prior_reps`]: `prior_sd_m[k]` is rep `k`'s prior GPS part, whose
/// variance its `distance_sd_m` holds besides the sampling part. Speeds' standard deviations
/// follow.
pub(super) fn measured_length_error(
    reps: &mut [Rep],
    prior_sd_m: &[f64],
    across_sd_m: Option<f64>,
    params: &RepParams,
) {
    let Some(s) = across_sd_m else { return };
    let dof = reps.len().saturating_sub(1) as f64;
    let nu = params.position_prior_reps.max(0.0);
    for (r, prior) in reps.iter_mut().zip(prior_sd_m) {
        // Only ever raised: across the line the set shows the GPS error alone, not the
        // errors along it (where between samples the runner turned, the receiver's lag at
        // the marks), so a quiet spread across does not make the lengths better measured
        // than the prior says (measured on tools/indsim: lowering it weakened the pooling
        // of barometric 1 s sets, p95 length error 3.9 -> 4.6 %).
        let var =
            ((nu * prior.powi(2) + dof * s.powi(2)) / (nu + dof).max(1e-9)).max(prior.powi(2));
        let sampling = (r.distance_sd_m.powi(2) - prior.powi(2)).max(0.0);
        r.distance_sd_m = (sampling + var).sqrt();
        r.avg_speed_sd_mps = speed_sd_mps(
            r.avg_speed_mps,
            r.distance_m,
            r.distance_sd_m,
            r.duration_s,
            r.duration_sd_s,
        )
        .or(r.avg_speed_sd_mps);
    }
}

/// The reps of one set run between the same marks: each rep's measured length is its true
/// length plus a measurement error of known size (`distance_sd_m`: GPS error of the two ends,
/// where between samples each end lies). The set tells how much the true lengths differ
/// (the spread of the measured lengths beyond what the measurement errors explain), and
/// each rep's length is estimated from both its own measurement and the set's (the best
/// linear unbiased predictor of a random-effects model: the own length weighted by
/// `tau^2 / (tau^2 + sd^2)`, where `tau` is the set's true spread). A rep far outside the
/// set (`pool_length_outlier_sd`) keeps its own length. Speeds and own grades follow the
/// new lengths; `distance_sd_m` becomes the standard deviation of the estimate.
pub(crate) fn pool_lengths(reps: &mut [Rep], params: &RepParams) {
    if reps.len() < params.pool_length_min_reps.max(2) {
        return;
    }
    let lens: Vec<f64> = reps.iter().map(|r| r.distance_m).collect();
    let Some(center) = median(&lens) else { return };
    // Robust spread of the measured lengths (MAD x 1.4826: one rep run past the mark does
    // not make the whole set look spread).
    let dev: Vec<f64> = lens.iter().map(|l| (l - center).abs()).collect();
    let Some(mad) = median(&dev) else { return };
    let spread_sd = 1.4826 * mad;
    let mean_var = reps.iter().map(|r| r.distance_sd_m.powi(2)).sum::<f64>() / reps.len() as f64;
    let tau2 = (spread_sd.powi(2) - mean_var).max(0.0);
    // The set's length: the mean of the reps weighted by their precision (as the hill's
    // grade is pooled), without the outliers; its own standard error.
    let inlier = |r: &Rep| {
        (r.distance_m - center).abs()
            <= params.pool_length_outlier_sd * (tau2 + r.distance_sd_m.powi(2)).sqrt()
    };
    let (mut wsum, mut wlen) = (0.0, 0.0);
    for r in reps.iter().filter(|r| inlier(r)) {
        let w = 1.0 / (tau2 + r.distance_sd_m.powi(2)).max(1e-6);
        wsum += w;
        wlen += w * r.distance_m;
    }
    if wsum <= 0.0 {
        return;
    }
    let set_m = wlen / wsum;
    let set_var = 1.0 / wsum;
    for r in reps.iter_mut() {
        if !inlier(r) || r.distance_m <= 0.0 {
            continue;
        }
        let own_var = r.distance_sd_m.powi(2);
        let k = if tau2 + own_var > 0.0 {
            tau2 / (tau2 + own_var)
        } else {
            1.0
        };
        let d = set_m + k * (r.distance_m - set_m);
        if d <= 0.0 {
            continue;
        }
        let sd = (k * own_var + (1.0 - k).powi(2) * set_var).sqrt();
        let scale = d / r.distance_m;
        r.distance_m = d;
        r.distance_sd_m = sd;
        r.pass_grade_pct = r.drop_m / d * 100.0;
        r.avg_speed_mps = r.avg_speed_mps.map(|v| v * scale);
        r.avg_speed_sd_mps = speed_sd_mps(r.avg_speed_mps, d, sd, r.duration_s, r.duration_sd_s)
            .or(r.avg_speed_sd_mps);
    }
}

/// Measure `rep` along its hill's line: `along` metres between its projected ends instead
/// of `path_m` along its own path (the turnaround extension is kept). Not when the two
/// disagree by half: then the rep is not on that line.
pub(super) fn on_hill_line(rep: &mut Rep, along: f64, path_m: f64) {
    if !(0.5 * path_m..=1.5 * path_m).contains(&along) {
        return;
    }
    let ext = rep.distance_m - path_m;
    let d = along + ext;
    if d <= 0.0 {
        return;
    }
    let scale = d / rep.distance_m.max(1e-9);
    rep.distance_m = d;
    rep.pass_grade_pct = rep.drop_m / d * 100.0;
    rep.avg_speed_mps = rep.avg_speed_mps.map(|v| v * scale);
    rep.avg_speed_sd_mps = rep.avg_speed_sd_mps.map(|v| v * scale);
}
