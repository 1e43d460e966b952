//! Position repairs: GPS spikes put back on the track, and steps faster than an airliner
//! (teleports) that start a new segment.

use super::GAP_PAUSE_S;
use crate::haversine::{self, Fix, METRES_PER_DEGREE};
use crate::stats::median;
use crate::track::{Track, TrackPoint};

/// Neighbours on each side a position is compared with.
const SPIKE_NEIGHBOURS: usize = 3;
/// A position this far from its neighbours' median is a spike, whatever the speed. Default
/// 12 m: GPS error wanders 2-4 m over a minute and jitters ~0.5 m, so a fix on the track
/// lies within a few metres of where its neighbours put it, even in a hairpin at 1 s.
const SPIKE_MIN_M: f64 = 12.0;
/// ... and this many times the typical step between the neighbours (fast or sparse tracks:
/// a cyclist at 15 m/s, smart recording 40 m apart, leave more room on bends). The typical
/// step is the second shortest of the neighbours' steps: the jumps into and out of a spike
/// among the neighbours are the longest ones.
const SPIKE_STEPS: f64 = 2.5;

/// The jump into and out of a spike is this much faster than the track between the fixes
/// around it: `SPIKE_SPEED_FACTOR x v + SPIKE_SPEED_MARGIN_MPS`. A corner (or a vertex of a
/// planned course) is reached at the speed of the track; a 20 m multipath jump in 1 s is
/// 20 m/s.
const SPIKE_SPEED_FACTOR: f64 = 2.0;
const SPIKE_SPEED_MARGIN_MPS: f64 = 3.0;
/// ... and faster than this in any case. Default 10 m/s: no runner covers 10 m in a
/// second, while a fast turnaround (out and straight back, so the fixes either side of the
/// apex are close together) is reached at running speed.
const SPIKE_MIN_JUMP_MPS: f64 = 10.0;
/// The longest spike, in samples; longer excursions are real (or beyond repair).
const SPIKE_MAX_SAMPLES: usize = 3;

/// Positions that leave the track for one to three samples and come back. A candidate fix
/// lies far from the component-wise median of its three neighbours either side (local
/// metres), within one stretch of steady recording (same segment, no step over
/// [`GAP_PAUSE_S`]); the median ignores up to two spiking neighbours, so each fix of a
/// three-sample spike is a candidate, while a corner, a hairpin or a turnaround moves it
/// by only a few metres. A run of candidates is a spike when the jumps into and out of it
/// are both far faster than the track between the fixes around it.
pub(super) fn repair_position_spikes(track: &mut Track) {
    let pts = &track.points;
    let n = pts.len();
    // Index of each point's stretch: a new one after a segment start, a missing time or
    // position, or a gap.
    let mut seg_starts = track.segment_starts.iter().peekable();
    let mut stretch = vec![0usize; n];
    let mut id = 0;
    for i in 0..n {
        let new_segment = seg_starts.peek().is_some_and(|&&s| s == i);
        if new_segment {
            seg_starts.next();
        }
        let continuous = i > 0
            && !new_segment
            && pts[i].lat_deg.is_some()
            && pts[i - 1].lat_deg.is_some()
            && pts[i - 1]
                .time_s
                .zip(pts[i].time_s)
                .is_some_and(|(a, b)| b - a <= GAP_PAUSE_S);
        if !continuous {
            id += 1;
        }
        stretch[i] = id;
    }
    let fix = |j: usize| {
        pts[j]
            .lat_deg
            .zip(pts[j].lon_deg)
            .map(|(la, lo)| Fix::new(la, lo))
    };
    let speed = |a: usize, b: usize| -> Option<f64> {
        let dt = pts[b].time_s? - pts[a].time_s?;
        let (fa, fb) = (fix(a)?, fix(b)?);
        (dt > 0.0).then(|| haversine::distance_m(&fa, &fb) / dt)
    };
    // A spike is entered and left by a step faster than SPIKE_MIN_JUMP_MPS, and is at most
    // SPIKE_MAX_SAMPLES long: only fixes within one more sample of such a step can belong
    // to a spike or border one, so only they are tested (the same result as testing all,
    // at a fraction of the cost: most tracks have no such step at all).
    let reach = SPIKE_MAX_SAMPLES + 1;
    let mut near_jump = vec![false; n];
    let coslat0 = first_cos_lat(track);
    for k in 1..n {
        // The flat-earth distance first (no trigonometry per step; it is within a factor
        // of two of the true one unless the track spans 60 degrees of latitude).
        let maybe_fast = || {
            let dt = pts[k].time_s? - pts[k - 1].time_s?;
            flat_farther(&pts[k - 1], &pts[k], coslat0, 0.5 * SPIKE_MIN_JUMP_MPS * dt)
        };
        if stretch[k] == stretch[k - 1]
            && maybe_fast() == Some(true)
            && speed(k - 1, k).is_some_and(|v| v > SPIKE_MIN_JUMP_MPS)
        {
            near_jump[k.saturating_sub(reach)..(k + reach).min(n)]
                .iter_mut()
                .for_each(|x| *x = true);
        }
    }
    let mut candidate = vec![false; n];
    let mut dx = Vec::with_capacity(2 * SPIKE_NEIGHBOURS);
    let mut dy = Vec::with_capacity(2 * SPIKE_NEIGHBOURS);
    let mut steps = Vec::with_capacity(2 * SPIKE_NEIGHBOURS);
    for i in 0..n {
        if !near_jump[i] {
            continue;
        }
        let (Some(lat), Some(lon)) = (pts[i].lat_deg, pts[i].lon_deg) else {
            continue;
        };
        let lo = i.saturating_sub(SPIKE_NEIGHBOURS);
        let hi = (i + SPIKE_NEIGHBOURS).min(n - 1);
        let (lo, hi) = (
            (lo..=i).find(|&j| stretch[j] == stretch[i]).unwrap_or(i),
            (i..=hi)
                .rev()
                .find(|&j| stretch[j] == stretch[i])
                .unwrap_or(i),
        );
        if hi - lo < 2 * SPIKE_NEIGHBOURS {
            continue; // too near an end of its stretch to tell
        }
        let coslat = lat.to_radians().cos();
        let local = |j: usize| {
            let p = &pts[j];
            p.lat_deg.zip(p.lon_deg).map(|(la, lo)| {
                (
                    (lo - lon) * METRES_PER_DEGREE * coslat,
                    (la - lat) * METRES_PER_DEGREE,
                )
            })
        };
        dx.clear();
        dy.clear();
        steps.clear();
        let mut prev: Option<(f64, f64)> = None;
        for j in lo..=hi {
            if j == i {
                continue;
            }
            let Some(q) = local(j) else { continue };
            dx.push(q.0);
            dy.push(q.1);
            if let Some(p) = prev {
                steps.push((q.0 - p.0).hypot(q.1 - p.1));
            }
            prev = Some(q);
        }
        steps.sort_by(f64::total_cmp);
        let (Some(mx), Some(my), Some(&step)) = (median(&dx), median(&dy), steps.get(1)) else {
            continue;
        };
        if mx.hypot(my) > SPIKE_MIN_M.max(SPIKE_STEPS * step) {
            candidate[i] = true;
        }
    }
    let mut spikes = Vec::new();
    let mut i = 0;
    while i < n {
        if !candidate[i] {
            i += 1;
            continue;
        }
        let a = i;
        while i < n && candidate[i] {
            i += 1;
        }
        let b = i - 1;
        // The fixes around the run, in its stretch.
        if a == 0 || b + 1 >= n || b - a + 1 > SPIKE_MAX_SAMPLES {
            continue;
        }
        let (p, q) = (a - 1, b + 1);
        if stretch[p] != stretch[a] || stretch[q] != stretch[b] {
            continue;
        }
        let (Some(v_in), Some(v_out), Some(v)) = (speed(p, a), speed(b, q), speed(p, q)) else {
            continue;
        };
        let jump = (SPIKE_SPEED_FACTOR * v + SPIKE_SPEED_MARGIN_MPS).max(SPIKE_MIN_JUMP_MPS);
        if v_in > jump && v_out > jump {
            spikes.push((p, a, b, q));
        }
    }
    // Each spiking fix is put back on the line between the fixes around the spike, at its
    // time: the track keeps its regular sampling (a hole would change how later stages
    // smooth and resample it).
    for &(p, a, b, q) in &spikes {
        let at = |t: &TrackPoint| {
            (
                t.time_s.unwrap_or(0.0),
                t.lat_deg.unwrap_or(0.0),
                t.lon_deg.unwrap_or(0.0),
            )
        };
        let ((tp, lap, lop), (tq, laq, loq)) = (at(&track.points[p]), at(&track.points[q]));
        for j in a..=b {
            let f = ((at(&track.points[j]).0 - tp) / (tq - tp)).clamp(0.0, 1.0);
            track.points[j].lat_deg = Some(lap + f * (laq - lap));
            track.points[j].lon_deg = Some(lop + f * (loq - lop));
        }
        track.cleaning.position_spikes += b - a + 1;
    }
}

/// cos(latitude) of the track's first fix (1 without one), for [`flat_farther`].
fn first_cos_lat(track: &Track) -> f64 {
    track
        .points
        .iter()
        .find_map(|p| p.lat_deg)
        .map_or(1.0, |lat| lat.to_radians().cos().max(0.01))
}

/// Whether the flat-earth distance between two fixes (one cos(latitude) for the whole
/// track) exceeds `limit_m`: a cheap first test before the haversine (squares, no root).
fn flat_farther(a: &TrackPoint, b: &TrackPoint, coslat: f64, limit_m: f64) -> Option<bool> {
    let dy = (b.lat_deg? - a.lat_deg?) * METRES_PER_DEGREE;
    let dx = (b.lon_deg? - a.lon_deg?) * METRES_PER_DEGREE * coslat;
    Some(dx * dx + dy * dy > limit_m * limit_m)
}

/// A step at least this long ...
pub(super) const TELEPORT_MIN_M: f64 = 1000.0;
/// ... and faster than this is no movement (a position from another place, a corrupt or
/// hostile file): 100 m/s is faster than anything a watch records but an airliner.
const TELEPORT_MPS: f64 = 100.0;

/// Whether a step of `step_m` in `dt_s` seconds is a jump no one moved (an infinite `dt_s`,
/// no times to tell, never is).
pub fn is_teleport(step_m: f64, dt_s: f64) -> bool {
    step_m > TELEPORT_MIN_M && step_m > TELEPORT_MPS * dt_s.max(0.0)
}

/// A new segment at each timed step that [`is_teleport`]: no distance is counted across it
/// (a file whose fixes jump between continents would otherwise be resampled on a grid of
/// millions of points).
pub(super) fn split_at_teleports(track: &mut Track) {
    let mut starts = Vec::new();
    let mut prev: Option<(f64, &TrackPoint)> = None;
    let mut seg = track.segment_starts.iter().peekable();
    let coslat0 = first_cos_lat(track);
    for (i, p) in track.points.iter().enumerate() {
        if seg.peek().is_some_and(|&&s| s == i) {
            seg.next();
            prev = None;
        }
        let (Some(t), Some(lat), Some(lon)) = (p.time_s, p.lat_deg, p.lon_deg) else {
            continue;
        };
        if let Some((tp, q)) = prev
            // The flat-earth distance first (see `flat_farther`), the haversine for long steps.
            && flat_farther(q, p, coslat0, 0.5 * TELEPORT_MIN_M) == Some(true)
            && let (Some(la), Some(lo)) = (q.lat_deg, q.lon_deg)
            && is_teleport(
                haversine::distance_m(&Fix::new(la, lo), &Fix::new(lat, lon)),
                t - tp,
            )
        {
            starts.push(i);
        }
        prev = Some((t, p));
    }
    if starts.is_empty() {
        return;
    }
    track.cleaning.teleports += starts.len();
    track.segment_starts.extend(starts);
    track.segment_starts.sort_unstable();
    track.segment_starts.dedup();
}
