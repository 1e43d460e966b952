//! Altitude repairs: leading 0 m altitudes recorded before the barometer locked, and
//! altitude spikes put back between their neighbours.

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
