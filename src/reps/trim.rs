//! Trimming standing off a rep's ends: a rep starts when the runner leaves the start and
//! ends on arrival, not at the samples of the stand beside it.

use super::geom::Path;

/// Drop standing from both ends of `a..=b`: the rep starts when the runner last leaves the
/// ground near its start (within a third of its length, 15-40 m) after a stop there
/// (slow, or a recording gap covering no distance: it belongs to the recovery), and ends when
/// first stopping near its end.
pub(super) fn trim(path: &Path, a: usize, b: usize, v_min: f64) -> (usize, usize) {
    let still = |i: usize, j: usize| {
        let dt = path.t[j] - path.t[i];
        dt > 3.0 && path.raw_dist(i, j).unwrap_or(path.s[j] - path.s[i]) < v_min * dt
    };
    let reach_m = (0.35 * path.length(a, b)).clamp(15.0, 40.0);
    let near = |i: usize, j: usize| {
        path.raw_dist(i, j)
            .unwrap_or(path.s[j.max(i)] - path.s[j.min(i)])
            <= reach_m
    };
    // One-sided speeds, towards the inside of the rep: a turnaround sample (out and back
    // around it, so its centred displacement is small) is where the rep starts or ends, not
    // standing; only a slow approach to the end (or a slow leaving of the start) is.
    let inward = |j: usize, forward: bool| -> f64 {
        let k = if forward {
            path.t
                .partition_point(|&t| t < path.t[j] + 2.0)
                .clamp(j + 1, path.len() - 1)
        } else {
            path.t
                .partition_point(|&t| t <= path.t[j] - 2.0)
                .saturating_sub(1)
                .min(j.saturating_sub(1))
        };
        let (i0, i1) = (j.min(k), j.max(k));
        let dt = path.t[i1] - path.t[i0];
        if dt <= 0.0 {
            return 0.0;
        }
        path.raw_dist(i0, i1).unwrap_or(path.s[i1] - path.s[i0]) / dt
    };
    let mut a2 = a;
    let mut j = a;
    while j + 1 < b && near(a, j) {
        if inward(j, true) < v_min || still(j, j + 1) {
            a2 = j + 1;
        }
        j += 1;
    }
    let mut b2 = b;
    let mut j = b;
    while j > a2 + 1 && near(b, j) {
        if inward(j, false) < v_min || still(j - 1, j) {
            b2 = j - 1;
        }
        j -= 1;
    }
    if b2 <= a2 {
        return (a, b);
    }
    // A rep is run without stopping: a stand further in but still near the start (the
    // runner walked or jogged down to the start mark and waited there) is where the rep
    // really starts. Not at the end: going on downhill after a stop near the bottom is the
    // same descent finished (a rider waiting on the trail, a runner letting someone pass).
    cut_at_start_stand(path, a2, b2, v_min)
}

/// A stand inside a rep: at least this long.
const REP_STAND_MIN_S: f64 = 10.0;

/// `a..=b` without the part before the last stand in its first stretch (a quarter of the
/// rep's length, at most 250 m).
fn cut_at_start_stand(path: &Path, a: usize, b: usize, v_min: f64) -> (usize, usize) {
    let reach_m = (0.25 * (path.s[b] - path.s[a])).min(250.0);
    // Standing: the net displacement over +-5 s is under half of v_min (GPS wander and
    // jitter move a standing fix by 1-3 m in 10 s; a slow walk covers 10 m).
    let slow = |k: usize| path.displacement_speed(k, 5.0) < 0.5 * v_min;
    // Runs of standing samples lasting REP_STAND_MIN_S or more, whose ends lie within
    // 0.5 v_min x their duration of each other.
    let mut stands = Vec::new();
    let mut k = a;
    while k < b {
        if !slow(k) {
            k += 1;
            continue;
        }
        let start = k;
        while k < b && slow(k) {
            k += 1;
        }
        let dt = path.t[k] - path.t[start];
        let net = path.raw_dist(start, k).unwrap_or(path.s[k] - path.s[start]);
        if dt >= REP_STAND_MIN_S && net < 0.5 * v_min * dt {
            stands.push((start, k));
        }
    }
    let head = stands
        .iter()
        .filter(|s| path.s[s.1] - path.s[a] <= reach_m)
        .map(|s| s.1)
        .max();
    match head {
        Some(a2) if b > a2 && path.s[b] - path.s[a2] >= 0.5 * (path.s[b] - path.s[a]) => (a2, b),
        _ => (a, b),
    }
}
