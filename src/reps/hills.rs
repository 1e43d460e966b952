//! Hills: the ground one or more rep sets were run on, graded by pooling every pass.
//!
//! Each pass (a rep going down, a recovery retracing it going up) is measured end to end
//! between its turnaround extremes. Picking one sample at each end biases the drop low (any
//! sample a second off the turnaround lies lower at the top and higher at the bottom), so
//! each end's altitude is the mean of the samples within 12 m of it, each moved to the end
//! along the pass's slope (least squares over its middle 80 %); on barometric altitude, where
//! the runner stood at an end, the reading the sensor settled to there (a barometer lags the
//! ground by seconds, and the lag, read from the loop the passes down and up make, says when
//! it has settled). Distances are the recorded
//! positions decimated to 10 m steps, so that jitter does not stretch slow passes. The hill's
//! grade is the mean of the passes' grades weighted by their inverse variance (end noise plus
//! the altitude error's wander during the pass: a minute-long walk up on GPS altitude counts
//! less than a 15 s rep down), and its standard error the weighted spread over the effective
//! number of passes. GPS altitude errors (5-10 m, correlated over minutes) mostly cancel within one
//! short pass and average out over many; this is what lets a band of GPS-altitude reps be
//! trusted.

use serde::Serialize;

use super::geom::{Path, median};
use super::shuttle::ShuttleParams;
use super::{Group, Pass, RepSource};
use crate::descent::Bands;

/// How far a hill's grade can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HillConfidence {
    /// Barometric or terrain-model altitude, or GPS passes pooled to a standard error of
    /// 0.5 % or less.
    High,
    /// Pooled standard error up to 1 %.
    Medium,
    /// Anything less (few passes of GPS altitude).
    Low,
}

/// One hill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hill {
    /// 1-based, in order of the first pass.
    pub index: usize,
    /// Rep sets run on it.
    pub sets: usize,
    /// Passes pooled: reps (or the descent holding the intervals) going down...
    pub passes_down: usize,
    /// ...and recoveries that retraced the hill going up.
    pub passes_up: usize,
    /// Horizontal length between the reference points (median over the passes down).
    pub length_m: f64,
    /// Pooled height difference.
    pub drop_m: f64,
    /// Pooled grade.
    pub grade_pct: f64,
    /// Standard error of the pooled grade (none with one pass).
    pub grade_se_pct: Option<f64>,
    /// How far `grade_pct` can be trusted.
    pub confidence: HillConfidence,
    /// The grade band of `grade_pct` ([`Bands::label`], e.g. `8-10`).
    pub band: String,
    /// Latitude of the top reference point, degrees; `None` without positions.
    pub top_lat_deg: Option<f64>,
    /// Longitude of the top reference point, degrees; `None` without positions.
    pub top_lon_deg: Option<f64>,
    /// Latitude of the bottom reference point, degrees; `None` without positions.
    pub bottom_lat_deg: Option<f64>,
    /// Longitude of the bottom reference point, degrees; `None` without positions.
    pub bottom_lon_deg: Option<f64>,
}

pub(crate) struct HillList {
    pub hills: Vec<Hill>,
    /// Hill number (1-based) of each group.
    pub of_group: Vec<usize>,
}

/// Mean recorded position of the samples `idx`.
pub(crate) fn mean_xy(path: &Path, idx: impl Iterator<Item = usize>) -> Option<(f64, f64)> {
    let (mut x, mut y, mut n) = (0.0, 0.0, 0.0);
    for i in idx {
        if let Some(p) = path.xy[i] {
            x += p.0;
            y += p.1;
            n += 1.0;
        }
    }
    (n > 0.0).then(|| (x / n, y / n))
}

/// Least-squares slope (percent) of altitude against along-track distance over the middle
/// 80 % of `a..=b`, and its weight (the inverse of its variance up to a constant: the sum of
/// squared distances from their mean; a walk up has many more samples than a fast rep down).
/// On barometric altitude an end where the runner stood is read where the sensor settled
/// ([`settled_alt`], `lag_s` its lag behind the positions).
fn slope_pct(path: &Path, a: usize, b: usize, lag_s: f64) -> Option<(f64, f64)> {
    // Distance coordinate: the recorded positions decimated to >= 10 m steps (as
    // `Path::length`), so that position jitter does not stretch slow passes.
    let mut coord: Vec<(usize, f64)> = Vec::new();
    let mut anchor: Option<((f64, f64), f64)> = None;
    for i in a..=b {
        let Some(p) = path.raw_xy[i] else { continue };
        match anchor {
            None => {
                anchor = Some((p, 0.0));
                coord.push((i, 0.0));
            }
            Some((q, c)) => {
                let dd = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
                coord.push((i, c + dd));
                if dd >= 10.0 {
                    anchor = Some((p, c + dd));
                }
            }
        }
    }
    let span = coord.last().map(|c| c.1).unwrap_or(0.0);
    if span <= 0.0 {
        return None;
    }
    let pts: Vec<(f64, f64)> = coord
        .iter()
        .filter_map(|&(i, c)| path.alt[i].map(|z| (c, z)))
        .collect();
    let end_diff = || {
        path.alt_at(b)
            .zip(path.alt_at(a))
            .map(|(zb, za)| ((zb - za) / span * 100.0, 1.0))
    };
    let (lo, hi) = (0.1 * span, 0.9 * span);
    let mid: Vec<&(f64, f64)> = pts.iter().filter(|p| p.0 >= lo && p.0 <= hi).collect();
    if mid.len() < 3 {
        return end_diff();
    }
    let n = mid.len() as f64;
    let mx = mid.iter().map(|p| p.0).sum::<f64>() / n;
    let my = mid.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = mid.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = mid.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return end_diff();
    }
    let k = sxy / sxx;
    // Each end's altitude: the samples within 12 m of it, each moved to the end along the
    // local slope, averaged.
    let at_end = |end: f64| -> Option<f64> {
        let v: Vec<f64> = pts
            .iter()
            .filter(|p| (p.0 - end).abs() <= 12.0)
            .map(|p| p.1 - k * (p.0 - end))
            .collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    // Where the runner stood at an end, the altitude a barometer settled to there. Not on
    // GPS altitude: its error wanders over minutes, so a stand's readings are no better
    // than the pass's own (measured on tools/indsim: GPS bands 82 -> 74 % with them).
    // The stand's readings are moved to the pass's end along its slope: the runner may
    // stand a metre or two past the end sample (0.2 m of height at 10 %).
    let dir = path.raw_xy[a].zip(path.raw_xy[b]).and_then(|(p, q)| {
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let l = dx.hypot(dy);
        (l > 1e-6).then(|| (dx / l, dy / l))
    });
    let settled = |e: usize, after: bool| -> Option<f64> {
        let (z, p) = path
            .fine
            .then(|| settled_alt(path, e, after, lag_s))
            .flatten()?;
        let (u, q) = (dir?, path.raw_xy[e]?);
        let beyond = (p.0 - q.0) * u.0 + (p.1 - q.1) * u.1;
        Some(z - k * beyond)
    };
    let z0 = settled(a, false).or_else(|| at_end(0.0));
    let z1 = settled(b, true).or_else(|| at_end(span));
    match (z0, z1) {
        (Some(z0), Some(z1)) => Some(((z1 - z0) / span * 100.0, 1.0)),
        _ => end_diff(),
    }
}

/// A stand at a pass's end: samples within this of the end sample (m): GPS jitter of a
/// standing fix, a step or two of shuffling at the mark.
const STAND_RADIUS_M: f64 = 5.0;
/// A lagging sensor has settled (to within 5 %, e^-3) this many lags into a stand.
const SETTLE_LAGS: f64 = 3.0;
/// How much of a settled stand is read for an end's height (s), next to the pass: ten
/// 1 s readings average the white noise to a third, while the drift (1-8 m/h) moves the
/// level by at most 2 cm (read over a two-minute stand it moved a 4 m drop by 0.1 m).
const STAND_READ_S: f64 = 10.0;
/// The longest stand looked through (s).
const STAND_READ_MAX_S: f64 = 120.0;

/// The altitude at pass end `e` when the runner stood there (beside `e`: after it when
/// `after`, else before it), read once a lagging sensor had settled: the mean of the stand's
/// samples from [`SETTLE_LAGS`] lags after the stand began (arriving at `e`, or arriving at
/// the stand before leaving from `e`), the [`STAND_READ_S`] nearest the pass; across an auto-pause the first reading after it (the
/// sensor caught up while the recording paused). Reading the end samples instead leaves
/// a short rep's drop a lag's worth of vertical speed short at each end (0.4 m of a 4 m
/// drop for a 3 s lag). `None` without a settled stand.
pub(crate) fn settled_alt(
    path: &Path,
    e: usize,
    after: bool,
    lag_s: f64,
) -> Option<(f64, (f64, f64))> {
    let n = path.len();
    let paused = |i: usize, j: usize| {
        let (i, j) = (i.min(j), i.max(j));
        (path.t[j] - path.t[i]) - (path.timer[j] - path.timer[i]) > PAUSE_GAP_S
    };
    // The stand: consecutive samples beside `e`, within STAND_RADIUS_M of it.
    let mut stand = Vec::new();
    let mut k = e;
    loop {
        let next = if after { k + 1 } else { k.wrapping_sub(1) };
        if next >= n
            || (path.t[next] - path.t[e]).abs() > STAND_READ_MAX_S
            || !path.raw_dist(e, next).is_some_and(|d| d <= STAND_RADIUS_M)
        {
            break;
        }
        if paused(k, next) {
            // The sensor settled during the pause: its first reading after it.
            let first_after = if after { next } else { k };
            return path.alt[first_after].zip(path.raw_xy[first_after]);
        }
        stand.push(next);
        k = next;
    }
    if !after && stand.is_empty() && e > 0 && paused(e - 1, e) {
        return path.alt[e].zip(path.raw_xy[e]);
    }
    // Time the stand began: on arrival at `e` (after), or at the stand's first sample.
    let began = if after {
        path.t[e]
    } else {
        stand.last().map_or(path.t[e], |&f| path.t[f])
    };
    // Settled, and within STAND_READ_S of the settled reading nearest the pass.
    let settled_from = began + SETTLE_LAGS * lag_s;
    let read = |i: usize| {
        let t = path.t[i];
        t >= settled_from
            && if after {
                t <= settled_from + STAND_READ_S
            } else {
                t >= path.t[e] - STAND_READ_S
            }
    };
    let settled: Vec<(f64, (f64, f64))> = stand
        .iter()
        .chain((!after).then_some(&e))
        .filter(|&&i| read(i))
        .filter_map(|&i| path.alt[i].zip(path.raw_xy[i]))
        .collect();
    // A stand of at least a lag's worth of settled readings, so that a pass through the
    // mark without stopping is not read as one.
    let stood_s = stand.last().map_or(0.0, |&f| (path.t[f] - path.t[e]).abs());
    if settled.is_empty() || stood_s < (SETTLE_LAGS + 1.0) * lag_s.max(1.0) {
        return None;
    }
    let m = settled.len() as f64;
    let (z, x, y) = settled.iter().fold((0.0, 0.0, 0.0), |acc, (z, p)| {
        (acc.0 + z, acc.1 + p.0, acc.2 + p.1)
    });
    Some((z / m, (x / m, y / m)))
}

/// The altitude the sensor reads `lag_s` after sample `i` (for [`altitude_lag_s`]): what it
/// had caught up to of the ground under sample `i`. Interpolated in time between the samples around; across a
/// pause (auto-pause cut a stand out) the first reading after it, taken when the sensor had
/// long caught up with the ground the runner stood on.
fn lagged_alt(path: &Path, i: usize, lag_s: f64) -> Option<f64> {
    if lag_s <= 0.0 {
        return path.alt_at(i);
    }
    let n = path.len();
    let t = path.t[i] + lag_s;
    let j = path.t.partition_point(|&x| x < t);
    if j >= n {
        return path.alt_at(n - 1);
    }
    if j <= i {
        return path.alt_at(i);
    }
    let (t0, t1) = (path.t[j - 1], path.t[j]);
    let paused = (t1 - t0) - (path.timer[j] - path.timer[j - 1]) > PAUSE_GAP_S;
    match (path.alt[j - 1], path.alt[j]) {
        (Some(z0), Some(z1)) if !paused && t1 > t0 => Some(z0 + (z1 - z0) * (t - t0) / (t1 - t0)),
        _ => path.alt_at(j),
    }
}

/// Clock time beyond timer time between two samples that makes a pause (s), as the rep
/// ends read it (`extend::stand_ext`).
const PAUSE_GAP_S: f64 = 2.0;

/// The longest altitude lag looked for (s): barometers lag 2-4 s behind the ground
/// (DOMAIN.md), and positions lag 1-2 s too, so the altitude's lag behind the positions is
/// shorter; 8 s leaves room for a slow sensor.
pub(crate) const MAX_ALTITUDE_LAG_S: f64 = 8.0;

/// How far the altitude lags behind the positions on a hill passed both ways (s): a lagging
/// sensor reads high going down and low going up, so at the same place on the hill the
/// passes down lie above the passes up (a hysteresis loop). The lag is the shift of the
/// altitude that closes the loop: with a common slope and one offset per pass (the drift
/// moves each pass's level) fitted over each pass's middle 80 % (the runner moving), the
/// passes down's mean offset equals the passes up's. 0 without passes both ways or
/// without a loop to close (none opens with the shift, the sensor does not lag).
pub(crate) fn altitude_lag_s(path: &Path, downs: &[Pass], ups: &[Pass]) -> f64 {
    if downs.is_empty() || ups.is_empty() {
        return 0.0;
    }
    // Each pass's moving samples: (sample, distance down the hill from its top).
    let samples = |ps: &Pass, down: bool| -> Vec<(usize, f64)> {
        let (a, b) = (ps.a.min(ps.b), ps.a.max(ps.b));
        let (sa, sb) = (path.s[a], path.s[b]);
        let span = sb - sa;
        (a..=b)
            .filter(|&i| {
                let f = (path.s[i] - sa) / span.max(1e-9);
                (0.1..=0.9).contains(&f)
            })
            .map(|i| (i, if down { path.s[i] - sa } else { sb - path.s[i] }))
            .collect()
    };
    let passes: Vec<(bool, Vec<(usize, f64)>)> = downs
        .iter()
        .map(|p| (true, samples(p, true)))
        .chain(ups.iter().map(|p| (false, samples(p, false))))
        .filter(|(_, v)| v.len() >= 3)
        .collect();
    if !passes.iter().any(|p| p.0) || !passes.iter().any(|p| !p.0) {
        return 0.0;
    }
    // Down passes' mean offset minus the up passes', with the altitude read `lag` later.
    let loop_m = |lag: f64| -> Option<f64> {
        let z: Vec<Vec<(f64, f64)>> = passes
            .iter()
            .map(|(_, v)| {
                v.iter()
                    .filter_map(|&(i, x)| lagged_alt(path, i, lag).map(|z| (x, z)))
                    .collect()
            })
            .collect();
        // Common slope within passes.
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for v in z.iter().filter(|v| v.len() >= 2) {
            let n = v.len() as f64;
            let (mx, mz) = (
                v.iter().map(|p| p.0).sum::<f64>() / n,
                v.iter().map(|p| p.1).sum::<f64>() / n,
            );
            sxy += v.iter().map(|p| (p.0 - mx) * (p.1 - mz)).sum::<f64>();
            sxx += v.iter().map(|p| (p.0 - mx).powi(2)).sum::<f64>();
        }
        if sxx <= 0.0 {
            return None;
        }
        let k = sxy / sxx;
        let offset = |v: &Vec<(f64, f64)>| {
            (!v.is_empty()).then(|| v.iter().map(|p| p.1 - k * p.0).sum::<f64>() / v.len() as f64)
        };
        let mean_of = |down: bool| -> Option<f64> {
            let o: Vec<f64> = passes
                .iter()
                .zip(&z)
                .filter(|(p, _)| p.0 == down)
                .filter_map(|(_, v)| offset(v))
                .collect();
            (!o.is_empty()).then(|| o.iter().sum::<f64>() / o.len() as f64)
        };
        Some(mean_of(true)? - mean_of(false)?)
    };
    // The loop shrinks as the shift grows; the lag is where it closes (a quarter-second
    // grid, linear between).
    let Some(mut prev) = loop_m(0.0) else {
        return 0.0;
    };
    if prev <= 0.0 {
        return 0.0;
    }
    let step = 0.25;
    let mut lag = 0.0;
    while lag < MAX_ALTITUDE_LAG_S {
        let next_lag = lag + step;
        let Some(d) = loop_m(next_lag) else {
            return 0.0;
        };
        if d <= 0.0 {
            return lag + step * prev / (prev - d);
        }
        (prev, lag) = (d, next_lag);
    }
    // Still open at the longest lag looked for: no sensor lag explains it.
    0.0
}

fn trimmed_mean(v: &[f64]) -> f64 {
    let mut w = v.to_vec();
    w.sort_by(|a, b| a.total_cmp(b));
    if w.len() >= 6 {
        w = w[1..w.len() - 1].to_vec();
    }
    w.iter().sum::<f64>() / w.len().max(1) as f64
}

pub(crate) fn pool(
    path: &Path,
    groups: &[Group],
    fine: bool,
    sp: &ShuttleParams,
    bands: &Bands,
) -> HillList {
    // Assign groups to hills by their reference points.
    struct Acc {
        groups: Vec<usize>,
        top: Option<(f64, f64)>,
        bottom: Option<(f64, f64)>,
        len: f64,
    }
    let mut accs: Vec<Acc> = Vec::new();
    let mut of_group = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let top = mean_xy(path, g.down.iter().map(|d| d.a));
        let bottom = mean_xy(path, g.down.iter().map(|d| d.b));
        let lens: Vec<f64> = g.down.iter().map(|d| path.length(d.a, d.b)).collect();
        let len = median(&lens).unwrap_or(0.0);
        let tol = sp.same_ground_m.max(0.1 * len);
        let close = |p: Option<(f64, f64)>, q: Option<(f64, f64)>| match (p, q) {
            (Some(p), Some(q)) => ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt() <= tol,
            _ => false,
        };
        let found = accs.iter().position(|h| {
            g.source != RepSource::Interval && close(h.top, top) && close(h.bottom, bottom)
        });
        match found {
            Some(h) => {
                accs[h].groups.push(gi);
                of_group.push(h + 1);
            }
            None => {
                accs.push(Acc {
                    groups: vec![gi],
                    top,
                    bottom,
                    len,
                });
                of_group.push(accs.len());
            }
        }
    }
    let mut hills = Vec::new();
    for (hi, acc) in accs.iter().enumerate() {
        let downs: Vec<Pass> = acc
            .groups
            .iter()
            .flat_map(|&g| groups[g].down.clone())
            .collect();
        let ups: Vec<Pass> = acc
            .groups
            .iter()
            .flat_map(|&g| groups[g].up.clone())
            .collect();
        let lag_s = if fine {
            altitude_lag_s(path, &downs, &ups)
        } else {
            0.0
        };
        let top = mean_xy(path, downs.iter().map(|d| d.a));
        let bottom = mean_xy(path, downs.iter().map(|d| d.b));
        let mut drops = Vec::new();
        let mut grades = Vec::new();
        let mut weights = Vec::new();
        let mut lens = Vec::new();
        let mut all_lens = Vec::new();
        for (ps, down) in downs
            .iter()
            .map(|p| (p, true))
            .chain(ups.iter().map(|p| (p, false)))
        {
            // (t, m): the ends near the pass's start and end.
            let (t, m) = path.extremes(ps.a, ps.b, ps.open_start, ps.open_end);
            let len = path.length(t.min(m), t.max(m));
            if down {
                lens.push(len);
            }
            // The grade of a pass is the slope of altitude against distance over its middle
            // 80 %: unbiased by white altitude noise, and not pulled down by the end samples
            // (any sample picked a second off the turnaround lies lower at the top and higher
            // at the bottom). Up passes climb: their slope counts with the sign turned.
            if let Some((g, _)) = slope_pct(path, t.min(m), t.max(m), lag_s) {
                let grade = if down { -g } else { g };
                grades.push(grade);
                // Inverse variance of the pass's grade: end noise (white, averaged) plus the
                // altitude error's wander during the pass (GPS: ~7 m over a few minutes, so
                // ~0.05 m/s; barometric drift is 1-8 m/h).
                let dt = (path.t[t.max(m)] - path.t[t.min(m)]).abs();
                let (white_m, wander_mps) = if fine { (0.2, 0.002) } else { (0.7, 0.05) };
                let var_m2 = 2.0 * white_m * white_m + (wander_mps * dt).powi(2);
                weights.push(len * len / var_m2);
                drops.push(grade / 100.0 * len);
                all_lens.push(len);
            }
        }
        // On barometric altitude only passes over the hill's full extent grade it: a pass
        // much longer than the others (over 15 %) runs on over flatter ground past a
        // turnaround (its grade reads low), and a pass whose grade lies far from the others'
        // (over 3 robust standard deviations, 1.4826 x MAD) did not run between the hill's
        // ends. Kept when at least 3 remain. On GPS altitude the passes' own errors dominate
        // (measured: filtering there lost band accuracy on few-rep sessions).
        let (grades, weights, drops) = {
            let g_med = median(&grades).unwrap_or(0.0);
            let mad = median(&grades.iter().map(|g| (g - g_med).abs()).collect::<Vec<_>>())
                .unwrap_or(0.0);
            let l_med = median(&all_lens).unwrap_or(0.0);
            let keep: Vec<bool> = grades
                .iter()
                .zip(&all_lens)
                .map(|(g, l)| {
                    (!fine || mad <= 0.0 || (g - g_med).abs() <= 3.0 * 1.4826 * mad.max(0.1))
                        && (!fine || l_med <= 0.0 || (l / l_med - 1.0).abs() <= 0.15)
                })
                .collect();
            if keep.iter().filter(|k| **k).count() >= 3 {
                let pick = |v: &[f64]| -> Vec<f64> {
                    v.iter()
                        .zip(&keep)
                        .filter(|(_, k)| **k)
                        .map(|(x, _)| *x)
                        .collect()
                };
                (pick(&grades), pick(&weights), pick(&drops))
            } else {
                (grades, weights, drops)
            }
        };
        let len = median(&lens)
            .filter(|l| *l > 0.0)
            .unwrap_or(acc.len.max(1.0));
        let drop_m = if drops.is_empty() {
            0.0
        } else {
            trimmed_mean(&drops)
        };
        // Weighted by each pass's precision; standard error from the weighted spread over
        // the effective number of passes.
        let sw: f64 = weights.iter().sum();
        let grade_pct = if grades.is_empty() || sw <= 0.0 {
            0.0
        } else {
            grades.iter().zip(&weights).map(|(g, w)| g * w).sum::<f64>() / sw
        };
        let se = (grades.len() >= 2 && sw > 0.0).then(|| {
            let var = grades
                .iter()
                .zip(&weights)
                .map(|(g, w)| w * (g - grade_pct).powi(2))
                .sum::<f64>()
                / sw;
            let n_eff = sw * sw / weights.iter().map(|w| w * w).sum::<f64>();
            (var / (n_eff - 1.0).max(1.0)).sqrt()
        });
        let confidence = if fine || se.is_some_and(|s| s <= 0.5) {
            HillConfidence::High
        } else if se.is_some_and(|s| s <= 1.0) {
            HillConfidence::Medium
        } else {
            HillConfidence::Low
        };
        let t_ll = top.map(|p| path.latlon(p));
        let b_ll = bottom.map(|p| path.latlon(p));
        hills.push(Hill {
            index: hi + 1,
            sets: acc.groups.len(),
            passes_down: downs.len(),
            passes_up: ups.len(),
            length_m: len,
            drop_m,
            grade_pct,
            grade_se_pct: se,
            confidence,
            band: bands.label(grade_pct),
            top_lat_deg: t_ll.map(|p| p.0),
            top_lon_deg: t_ll.map(|p| p.1),
            bottom_lat_deg: b_ll.map(|p| p.0),
            bottom_lon_deg: b_ll.map(|p| p.1),
        });
    }
    HillList { hills, of_group }
}
