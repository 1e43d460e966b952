//! Altitude repairs: leading 0 m altitudes recorded before the barometer locked, and
//! altitude spikes put back between their neighbours, and altitude steps taken out.

use crate::haversine::{self, Fix};
use crate::track::{Track, TrackPoint};

pub(super) fn clear_leading_zero_altitudes(track: &mut Track) {
    let first_nonzero = track
        .points
        .iter()
        .position(|p| p.altitude_m.is_some_and(|a| a != 0.0));
    let Some(i) = first_nonzero else { return };
    let Some(first_alt) = track.points[i].altitude_m else {
        return;
    };
    // Only when the altimeter then reads clearly away from sea level.
    if first_alt.abs() < 10.0 {
        return;
    }
    for p in &mut track.points[..i] {
        if p.altitude_m == Some(0.0) {
            p.altitude_m = None;
            track.cleaning.leading_zero_altitudes += 1;
        }
    }
}

/// An altitude jump this fast is no terrain: runners climb or drop at most ~2 m/s, a
/// barometer or GPS glitch jumps tens of metres in a second.
const ALT_SPIKE_MPS: f64 = 5.0;
/// ... and at least this far (0.2 m steps and 1 m GPS noise at 1 s are no spike).
const ALT_SPIKE_MIN_M: f64 = 5.0;
/// The longest altitude spike, in samples.
const ALT_SPIKE_MAX_SAMPLES: usize = 5;
/// ... and steeper than this between fixes (rise over horizontal distance, when both have a
/// position): a planned course's sparse vertices may be seconds apart in its made-up times
/// and still be real terrain; no path is steeper than 100 %.
const ALT_SPIKE_MIN_GRADE: f64 = 1.0;

/// Altitudes that jump away and come back within [`ALT_SPIKE_MAX_SAMPLES`] samples (a
/// barometer settling at the start of a recording: 55, 142, 142, 142, 56 m in a real FIT):
/// put back on the line between the altitudes around them. The running median of the
/// profile removes short spikes too, but not at the ends of a track, where its window
/// shrinks, and a spike there becomes a "descent" of tens of metres.
pub(super) fn repair_altitude_spikes(track: &mut Track) {
    let n = track.points.len();
    // Too steep for terrain, or no positions to tell.
    let too_steep = |i: &TrackPoint, j: &TrackPoint, dz: f64| match (
        i.lat_deg.zip(i.lon_deg),
        j.lat_deg.zip(j.lon_deg),
    ) {
        (Some((la, lo)), Some((lb, lob))) => {
            dz.abs()
                > ALT_SPIKE_MIN_GRADE * haversine::distance_m(&Fix::new(la, lo), &Fix::new(lb, lob))
        }
        _ => true,
    };
    // Too fast for terrain, or no times to tell (a corrupt record's time is often gone
    // with its altitude).
    let too_fast = |i: &TrackPoint, j: &TrackPoint, dz: f64| match (i.time_s, j.time_s) {
        (Some(a), Some(b)) => dz.abs() > ALT_SPIKE_MPS * (b - a).max(0.0),
        _ => true,
    };
    let pts = &mut track.points;
    let mut repaired = 0;
    let mut a = 1;
    while a < n {
        let (Some(zp), Some(za)) = (pts[a - 1].altitude_m, pts[a].altitude_m) else {
            a += 1;
            continue;
        };
        let jump = za - zp;
        if jump.abs() < ALT_SPIKE_MIN_M
            || !too_fast(&pts[a - 1], &pts[a], jump)
            || !too_steep(&pts[a - 1], &pts[a], jump)
        {
            a += 1;
            continue;
        }
        // The first sample back near the altitude before the jump, reached as fast.
        let back = (a + 1..(a + 1 + ALT_SPIKE_MAX_SAMPLES).min(n)).find(|&q| {
            let (Some(zb), Some(zq)) = (pts[q - 1].altitude_m, pts[q].altitude_m) else {
                return false;
            };
            (zq - zp).abs() < 0.3 * jump.abs()
                && (zq - zb) * jump < 0.0
                && too_fast(&pts[q - 1], &pts[q], zq - zb)
                && too_steep(&pts[q - 1], &pts[q], zq - zb)
        });
        let Some(q) = back else {
            a += 1;
            continue;
        };
        let zq = pts[q].altitude_m.unwrap_or(zp);
        let (p, tp, tq) = (a - 1, pts[a - 1].time_s, pts[q].time_s);
        for (j, pt) in pts.iter_mut().enumerate().take(q).skip(a) {
            // At its time between the two, or by position in the run without times.
            let f = match (tp, pt.time_s, tq) {
                (Some(tp), Some(t), Some(tq)) if tq > tp => ((t - tp) / (tq - tp)).clamp(0.0, 1.0),
                _ => (j - p) as f64 / (q - p) as f64,
            };
            pt.altitude_m = Some(zp + f * (zq - zp));
            repaired += 1;
        }
        a = q + 1;
    }
    track.cleaning.altitude_spikes += repaired;
}

/// A step is at least this fast (m/s vertical) at its core: twice the fastest descents
/// run on foot (~1.4 m/s vertical, the physics gate's reference) and far above any climb.
const ALT_STEP_MPS: f64 = 2.5;
/// ... moves at least this much between two samples at its core (m): ten 0.2 m steps.
const ALT_STEP_CORE_MIN_M: f64 = 2.0;
/// ... and is steeper than this over the ground covered meanwhile (rise over horizontal
/// distance): no trail is steeper than 100 %, and a bike or a lift does not rise faster
/// than it travels.
const ALT_STEP_MIN_GRADE: f64 = 1.0;
/// Neighbouring samples moving the same way faster than this (m/s vertical, and steeper
/// than half the ground covered) belong to the step: a barometer's filter spreads a jump
/// over a few samples (+7.4, +3.6, +2.0, +1.0 m).
const ALT_STEP_TAIL_MPS: f64 = 0.8;
/// The longest step (s): the filter's settling.
const ALT_STEP_MAX_S: f64 = 10.0;
/// Only steps of this much or more beyond the slope around them are repaired (m): smaller
/// ones are within what smoothing absorbs.
const ALT_STEP_MIN_M: f64 = 4.0;
/// ... and of at most this much (m): a barometer recalibrated from GPS jumps by its
/// accumulated error, rarely more than a few tens of metres; a larger jump is left to the
/// physics gate, which sets the stretch aside rather than guess.
const ALT_STEP_MAX_M: f64 = 30.0;
/// The slope around a step is read over this long on each side (s).
const ALT_STEP_TREND_S: f64 = 30.0;

/// Altitudes that jump and stay (a watch recalibrating its barometer from GPS: a real
/// FR645M steps +15 m in 4 s on a 10 % climb walked at 1 m/s, and -17 m in 4 s later, on
/// a descent): the jump beyond the slope around it is taken out of every later altitude,
/// and the samples of the jump are put on that slope. The level after the jump may be the
/// truer one, but a grade needs altitudes that agree with each other, and the barometer's
/// do within minutes. Only where the samples have time and position: the step must be
/// faster and steeper than anyone moves on the ground. Only on barometric altitude (by the
/// device or its air temperature; `--altitude baro` too): a barometer's level is what
/// steps, and its altitudes agree with each other on either side. A course's altitude
/// (a terrain model sampled along a line, with times from a pace model) steps at cliffs
/// and stays right on either side; GPS altitude wanders anyway and is graded coarsely.
pub(super) fn repair_altitude_steps(track: &mut Track) {
    if track.meta.altitude_source != crate::track::AltitudeSource::Barometric {
        return;
    }
    let pts = &mut track.points;
    let n = pts.len();
    // Repaired altitudes stay on the file's storage step (0.2 m for FIT), which the
    // altitude judgement reads.
    let q = crate::altitude::quantum(pts.iter().filter_map(|p| p.altitude_m)).unwrap_or(0.01);
    let on_step = |z: f64| (z / q).round() * q;
    // (time, altitude, position) of sample i, when it has all three.
    let at = |pts: &[TrackPoint], i: usize| {
        let p = &pts[i];
        Some((p.time_s?, p.altitude_m?, Fix::new(p.lat_deg?, p.lon_deg?)))
    };
    // The pair (i - 1, i) moves at least `min_mps` vertically and steeper than `grade`:
    // its rise, signed.
    let moves = |pts: &[TrackPoint], i: usize, min_mps: f64, grade: f64| {
        let ((ta, za, fa), (tb, zb, fb)) = (at(pts, i - 1)?, at(pts, i)?);
        let (dz, dt) = (zb - za, tb - ta);
        (dt > 0.0 && dz.abs() > min_mps * dt && dz.abs() > grade * haversine::distance_m(&fa, &fb))
            .then_some(dz)
    };
    let mut steps = 0usize;
    let mut i = 1;
    while i < n {
        let Some(dz) = moves(pts, i, ALT_STEP_MPS, ALT_STEP_MIN_GRADE)
            .filter(|dz| dz.abs() >= ALT_STEP_CORE_MIN_M)
        else {
            i += 1;
            continue;
        };
        let same_way = |pts: &[TrackPoint], j: usize| {
            moves(pts, j, ALT_STEP_TAIL_MPS, 0.5 * ALT_STEP_MIN_GRADE).is_some_and(|d| d * dz > 0.0)
        };
        let time = |pts: &[TrackPoint], j: usize| pts[j].time_s.unwrap_or(f64::NAN);
        // The step runs from sample a to sample b.
        let (mut a, mut b) = (i - 1, i);
        while a > 0 && same_way(pts, a) && time(pts, b) - time(pts, a - 1) <= ALT_STEP_MAX_S {
            a -= 1;
        }
        while b + 1 < n && same_way(pts, b + 1) && time(pts, b + 1) - time(pts, a) <= ALT_STEP_MAX_S
        {
            b += 1;
        }
        let (ta, za) = (time(pts, a), pts[a].altitude_m.unwrap_or(f64::NAN));
        let (tb, zb) = (time(pts, b), pts[b].altitude_m.unwrap_or(f64::NAN));
        // The slope around it: the mean of the vertical speeds over 30 s before and after.
        let rate = |from: usize, to: usize| {
            let (t0, z0, _) = at(pts, from)?;
            let (t1, z1, _) = at(pts, to)?;
            (t1 > t0).then(|| (z1 - z0) / (t1 - t0))
        };
        let before = (0..a)
            .rev()
            .take_while(|&j| ta - time(pts, j) <= ALT_STEP_TREND_S)
            .last()
            .and_then(|j| rate(j, a));
        let after = (b + 1..n)
            .take_while(|&j| time(pts, j) - tb <= ALT_STEP_TREND_S)
            .last()
            .and_then(|j| rate(b, j));
        let trend_mps = match (before, after) {
            (Some(x), Some(y)) => 0.5 * (x + y),
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => 0.0,
        };
        let excess = on_step((zb - za) - trend_mps * (tb - ta));
        if !(ALT_STEP_MIN_M..=ALT_STEP_MAX_M).contains(&excess.abs()) {
            i = b + 1;
            continue;
        }
        for (j, p) in pts.iter_mut().enumerate().skip(a + 1) {
            if let Some(z) = p.altitude_m.as_mut() {
                *z = match p.time_s {
                    Some(t) if j <= b => on_step(za + trend_mps * (t - ta)),
                    _ => on_step(*z - excess),
                };
            }
        }
        steps += 1;
        i = b + 1;
    }
    track.cleaning.altitude_steps += steps;
}
