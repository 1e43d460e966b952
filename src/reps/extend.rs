//! Extending a rep's ends past its end samples: out to the turnaround between two samples,
//! and back to the rest it started from or ended in.

use super::geom::Path;

/// How far past its end sample `i` the runner turned around, metres: the rep's sample at a
/// turnaround is up to one recording interval short of it (smart or 5 s recording). With
/// `v_in` the rep's speed before (the gap before the last one) and `v_out` the recovery's
/// speed after (the gap after the next one), the turn lies either in the gap after `i`
/// (out `x` and back `x + c` in `dt`: `x = (dt - c / v_out) / (1 / v_in + 1 / v_out)`) or in
/// the gap before it (symmetrically). Nothing is added when either side stands still or a
/// gap is over 10 s; at most half of the longer gap at `v_in`, and 15 m. Returns the
/// distance and the time to add to the rep.
pub(super) fn turnaround_ext(path: &Path, i: usize, forward: bool, v_stand: f64) -> (f64, f64) {
    let n = path.len();
    let step = |k: usize, by: usize, fwd: bool| -> Option<usize> {
        if fwd {
            (k + by < n).then_some(k + by)
        } else {
            k.checked_sub(by)
        }
    };
    // `inside` is the side of the rep, `outside` the side of the recovery.
    let (Some(in1), Some(in2), Some(out1), Some(out2)) = (
        step(i, 1, !forward),
        step(i, 2, !forward),
        step(i, 1, forward),
        step(i, 2, forward),
    ) else {
        return (0.0, 0.0);
    };
    let gap = |p: usize, q: usize| -> Option<(f64, f64)> {
        let dt = (path.t[q] - path.t[p]).abs();
        let c = path.raw_dist(p, q)?;
        (dt > 0.0).then_some((c, dt))
    };
    let (Some((c_in2, dt_in2)), Some((c1, dt1)), Some((c2, dt2)), Some((c_out2, dt_out2))) =
        (gap(in2, in1), gap(in1, i), gap(i, out1), gap(out1, out2))
    else {
        return (0.0, 0.0);
    };
    let (v_in, v_out) = (c_in2 / dt_in2, c_out2 / dt_out2);
    if v_in < v_stand || v_out < v_stand || dt1 > 10.0 || dt2 > 10.0 {
        return (0.0, 0.0);
    }
    let k = 1.0 / v_in + 1.0 / v_out;
    let x_after = (dt2 - c2 / v_out) / k;
    let x_before = (dt1 - c1 / v_in) / k;
    let x = x_after.max(x_before).max(0.0);
    let x = x.min(0.5 * v_in * dt1.max(dt2)).min(15.0);
    // Time: the run out to the turn is added (turn after the sample), or the walk back from
    // the turn to the sample is taken off (turn before it).
    let dt = if x_after >= x_before {
        x / v_in
    } else {
        -x / v_out
    };
    (x, dt)
}

/// The part of a rep between its end sample `i` and the sample beside it outside the rep
/// (`forward`: after `i`) when the runner was at rest there: slower than `v_stand` over the
/// interval beyond it, or the recording paused between the two (auto-pause cuts a stand
/// out). The rep began (or ended) at that rest, somewhere inside the interval: the
/// displacement from the rest to `i` along the rep's direction (the last 10 m or more
/// inside the rep) is added, covered from (or to) rest at constant acceleration, so in
/// twice the time the speed at `i` would take. Nothing when the runner was not at rest
/// there (a turnaround without stopping: [`turnaround_ext`]), when the displacement goes
/// against the rep (the walk back up had begun), or when it is more than the speed at
/// `i` covers in [`STAND_EXT_MAX_S`]. Returns the distance and the time to add.
pub(super) fn stand_ext(path: &Path, i: usize, forward: bool, v_stand: f64) -> (f64, f64) {
    let n = path.len();
    let at = |k: isize| (k >= 0 && (k as usize) < n).then_some(k as usize);
    let dir: isize = if forward { 1 } else { -1 };
    let i_ = i as isize;
    let (Some(o1), Some(in1)) = (at(i_ + dir), at(i_ - dir)) else {
        return (0.0, 0.0);
    };
    let (Some(p_i), Some(p_o)) = (path.raw_xy[i], path.raw_xy[o1]) else {
        return (0.0, 0.0);
    };
    // Speed just inside the rep, and the rep's direction there (towards its inside when
    // `forward` is false, so that both ends measure "further along the rep" the same way).
    let (Some(v_in_m), dt_in) = (path.raw_dist(in1, i), (path.t[i] - path.t[in1]).abs()) else {
        return (0.0, 0.0);
    };
    if dt_in <= 0.0 {
        return (0.0, 0.0);
    }
    let v_in = v_in_m / dt_in;
    let mut k = in1 as isize;
    let inner = loop {
        let Some(kk) = at(k) else { break None };
        if path.raw_dist(kk, i).is_some_and(|d| d >= 10.0) {
            break path.raw_xy[kk];
        }
        k -= dir;
    };
    let Some(p_in) = inner else { return (0.0, 0.0) };
    let (ux, uy) = (p_i.0 - p_in.0, p_i.1 - p_in.1);
    let norm = (ux * ux + uy * uy).sqrt();
    if norm <= 0.0 || v_in < v_stand {
        return (0.0, 0.0);
    }
    // At rest beyond `o1`, or paused between `i` and `o1`.
    let dt_clock = (path.t[o1] - path.t[i]).abs();
    let dt_timer = (path.timer[o1] - path.timer[i]).abs();
    let paused = dt_clock - dt_timer > 2.0;
    let rest_beyond = at(o1 as isize + dir).is_some_and(|o2| {
        let dt = (path.t[o2] - path.t[o1]).abs();
        dt > 0.0 && path.raw_dist(o1, o2).is_some_and(|d| d / dt < v_stand)
    });
    // At rest: paused, or standing beyond `o1` no more than STAND_EXT_MAX_S away.
    let at_rest = paused || (rest_beyond && dt_clock <= STAND_EXT_MAX_S);
    if !at_rest {
        return (0.0, 0.0);
    }
    let x = ((p_o.0 - p_i.0) * ux + (p_o.1 - p_i.1) * uy) / norm;
    if x <= 0.0 || x > v_in * STAND_EXT_MAX_S {
        return (0.0, 0.0);
    }
    // The time: from rest at constant acceleration, but no more than the interval held of
    // moving time (the timer's share of it across a pause).
    let available_s = if paused { dt_timer } else { dt_clock };
    (x, (2.0 * x / v_in).min(available_s))
}

/// The longest stretch between a rest and a rep's end sample that [`stand_ext`] adds, in
/// seconds at the rep's speed (two 5 s recording intervals).
const STAND_EXT_MAX_S: f64 = 10.0;
