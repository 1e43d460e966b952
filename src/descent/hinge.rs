//! The hinge fit: two straight lines meeting at a knot, fitted on the unsmoothed profile
//! to place a descent's ends and read the elevation at each.

use super::interp;
use crate::profile::Profile;

/// How far an end may move in the hinge fit, in grid points: a quarter of the descent,
/// 2-12 points (10-60 m). The fit window is twice that either side, so it never reaches the
/// other end of the descent.
pub(super) fn hinge_half_window(profile: &Profile, top: usize, bottom: usize) -> usize {
    let len = bottom.saturating_sub(top);
    let max = (60.0 / profile.step_m).round() as usize;
    (len / 4).clamp(2, max.max(2))
}

/// Samples wanted on each side of a hinge knot: two fix a line, a third checks it.
const MIN_SIDE_SAMPLES: usize = 3;
/// How far beyond its usual window a hinge fit may reach for samples.
const MAX_WIDEN_M: f64 = 40.0;

/// Least-squares continuous two-line fit of `y` over `x` with the knot at `xk`: returns
/// the sum of squared errors, the fitted value at the knot and the slopes before and after.
fn hinge_fit(x: &[f64], y: &[f64], xk: f64) -> Option<(f64, f64, f64, f64)> {
    // Model: y = c + s1 (x - xk) for x <= xk, c + s2 (x - xk) after. Basis: 1, min(x-xk,0),
    // max(x-xk,0). Normal equations 3x3.
    let mut m = [[0.0; 3]; 3];
    let mut r = [0.0; 3];
    for (&xi, &yi) in x.iter().zip(y) {
        let u = [1.0, (xi - xk).min(0.0), (xi - xk).max(0.0)];
        for a in 0..3 {
            for b in 0..3 {
                m[a][b] += u[a] * u[b];
            }
            r[a] += u[a] * yi;
        }
    }
    let sol = solve3(m, r)?;
    let sse = x
        .iter()
        .zip(y)
        .map(|(&xi, &yi)| {
            let f = sol[0] + sol[1] * (xi - xk).min(0.0) + sol[2] * (xi - xk).max(0.0);
            (yi - f) * (yi - f)
        })
        .sum();
    Some((sse, sol[0], sol[1], sol[2]))
}

fn solve3(mut m: [[f64; 3]; 3], mut r: [f64; 3]) -> Option<[f64; 3]> {
    for c in 0..3 {
        let p = (c..3).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs()))?;
        if m[p][c].abs() < 1e-12 {
            return None;
        }
        m.swap(c, p);
        r.swap(c, p);
        for row in 0..3 {
            if row != c {
                let f = m[row][c] / m[c][c];
                let pivot = m[c];
                for (x, p) in m[row].iter_mut().zip(pivot) {
                    *x -= f * p;
                }
                r[row] -= f * r[c];
            }
        }
    }
    Some([r[0] / m[0][0], r[1] / m[1][1], r[2] / m[2][2]])
}

/// Place the top and bottom by hinge fits on the unsmoothed profile: the best grid knot
/// whose outer line is gentler than `thr_pct`, then the best knot within a grid step of it
/// in tenths of a step. Returns (grid index,
/// distance) of each end.
pub(super) fn refine_ends(
    profile: &Profile,
    top: usize,
    bottom: usize,
    floor: usize,
    thr_pct: f64,
) -> ((usize, f64), (usize, f64)) {
    let n = profile.raw_elevation_m.len();
    let d = &profile.distance_m;
    let h = hinge_half_window(profile, top, bottom);
    let best = |center: usize, is_top: bool| -> (usize, f64) {
        // One window for every knot, so their errors compare.
        let mut lo = center.saturating_sub(2 * h).max(floor);
        let mut hi = (center + 2 * h).min(n - 1);
        // Sparse (smart) recording may leave a line with one sample in the window, and the
        // knot undetermined: widen each side to `MIN_SIDE_SAMPLES`, by at most
        // `MAX_WIDEN_M`, the inner side never past the other end.
        let widen = (MAX_WIDEN_M / profile.step_m).round() as usize;
        let (lo_min, hi_max) = if is_top {
            (center.saturating_sub(2 * h + widen).max(floor), bottom)
        } else {
            (top.max(floor), (center + 2 * h + widen).min(n - 1))
        };
        let samples_in = |a: usize, b: usize| fit_samples(profile, a, b).0.len();
        while lo > lo_min && lo < center && samples_in(lo, center) < MIN_SIDE_SAMPLES {
            lo -= 1;
        }
        while hi < hi_max && hi > center && samples_in(center, hi) < MIN_SIDE_SAMPLES {
            hi += 1;
        }
        if hi < lo + 2 {
            return (center, d[center]);
        }
        let (x, y) = fit_samples(profile, lo, hi);
        if x.len() < 3 {
            return (center, d[center]);
        }
        let score = |xk: f64| -> Option<f64> {
            let (sse, _, s1, s2) = hinge_fit(x, y, xk)?;
            // The top: the slope steepens downwards after the knot; the bottom: it eases.
            // Outside the knot the runner is no longer descending (gentler than the
            // threshold the state machine used): a break inside the descent is no end.
            let outside_flat = if is_top { s1 } else { s2 } * 100.0 > -thr_pct;
            let right_shape = if is_top { s2 < s1 } else { s2 > s1 } && outside_flat;
            right_shape.then_some(sse)
        };
        let mut best: Option<(f64, usize)> = None;
        let first = center.saturating_sub(h).max(lo + 1);
        let last = (center + h).min(hi - 1);
        for (k, &xk) in d.iter().enumerate().take(last + 1).skip(first) {
            if let Some(sse) = score(xk)
                && best.is_none_or(|(b, _)| sse < b)
            {
                best = Some((sse, k));
            }
        }
        let Some((sse_k, k)) = best else {
            return (center, d[center]);
        };
        let mut fine = (sse_k, d[k]);
        for t in -9..=9 {
            let xk = d[k] + profile.step_m * f64::from(t) / 10.0;
            if xk <= x[0] || xk >= x[x.len() - 1] {
                continue;
            }
            if let Some(sse) = score(xk)
                && sse < fine.0
            {
                fine = (sse, xk);
            }
        }
        (k, fine.1)
    };
    let a = best(top, true);
    let b = best(bottom, false);
    if b.1 > a.1 {
        (a, b)
    } else {
        ((top, d[top]), (bottom, d[bottom]))
    }
}

/// The fitted elevation at distance `xk` from a hinge fit with its knot there over `2 h`
/// grid points either side: the corner's own level, free of the smoothing's rounding.
pub(super) fn hinge_value(profile: &Profile, xk: f64, h: usize) -> f64 {
    let n = profile.raw_elevation_m.len();
    let d0 = profile.distance_m.first().copied().unwrap_or(0.0);
    let k = (((xk - d0) / profile.step_m).round().max(0.0) as usize).min(n.saturating_sub(1));
    let lo = k.saturating_sub(2 * h);
    let hi = (k + 2 * h).min(n.saturating_sub(1));
    if hi > lo + 1 {
        let (x, y) = fit_samples(profile, lo, hi);
        if x.len() >= 3
            && let Some((_, c, _, _)) = hinge_fit(x, y, xk)
        {
            return c;
        }
    }
    interp(&profile.distance_m, &profile.elevation_m, xk)
}

/// The recorded samples (despiked) between grid points `lo` and `hi`: the hinge is fitted on
/// them rather than on the grid, so that where smart recording left a gap across a corner
/// the two fitted lines still meet at the corner instead of at the middle of the
/// interpolated chord. Falls back to the grid when the profile has no samples.
fn fit_samples(profile: &Profile, lo: usize, hi: usize) -> (&[f64], &[f64]) {
    let sd = &profile.sample_distance_m;
    if sd.is_empty() || sd.len() != profile.sample_elevation_m.len() {
        return (
            &profile.distance_m[lo..=hi],
            &profile.raw_elevation_m[lo..=hi],
        );
    }
    let a = sd.partition_point(|&x| x < profile.distance_m[lo]);
    let b = sd.partition_point(|&x| x <= profile.distance_m[hi]);
    (&sd[a..b], &profile.sample_elevation_m[a..b])
}
