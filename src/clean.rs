//! Repairs that real recordings need, counted in the track's [`CleaningLog`](crate::track::CleaningLog).
//!
//! In order:
//! 1. timestamps before 1990 or after 2100 (32-bit epoch sentinels such as 1901-12-13) are
//!    set to missing;
//! 2. positions outside the globe or at exactly (0, 0) are set to missing;
//! 3. altitudes at or below -499 m (the FIT/TomTom -500 m sentinel) or above 9000 m are set to
//!    missing, as are leading 0.0 m altitudes recorded before the barometer locked;
//! 4. points that carry nothing (no time, position, altitude or distance) are dropped;
//! 5. records of a later segment repeating an earlier segment's timestamps (a file chained
//!    with a copy of itself) are dropped, see `drop_repeated_segments`;
//!    times going backwards: the longest run of non-decreasing times is kept (so one bad
//!    first timestamp does not throw the whole file away) and the other points are dropped;
//!    points with equal times are merged;
//! 6. forward jumps of more than 6 h (a watch clock jumping by days) are closed up and kept as
//!    a pause;
//! 7. positions that jump off the track and back within a few samples (GPS multipath
//!    spikes, 10-30 m for 1-3 s) are put back on the line between their neighbours, see
//!    `repair_position_spikes`; altitudes that jump tens of metres for a few samples and
//!    come back (a barometer settling, a GPS altitude glitch) likewise, see
//!    `repair_altitude_spikes`; a step faster than an airliner ([`is_teleport`]) starts a
//!    new segment, so no distance is counted across it;
//! 8. the along-track distance is taken from the file when it has one (made non-decreasing),
//!    otherwise summed geodesically (geo's Haversine formula, `haversine`) within each segment;
//! 9. time gaps of more than [`GAP_PAUSE_S`] not already inside a recorded pause become pauses.

use std::collections::HashSet;

use crate::haversine::{self, Fix, METRES_PER_DEGREE};
use crate::stats::median;

use crate::track::{Pause, Track, TrackPoint};

/// 1990-01-01T00:00:00Z: no GPS watch recorded earlier.
const MIN_VALID_TIME_S: f64 = 631_152_000.0;
/// 2100-01-01T00:00:00Z.
const MAX_VALID_TIME_S: f64 = 4_102_444_800.0;
/// A forward step larger than this is a clock jump, not a pause.
const MAX_PLAUSIBLE_GAP_S: f64 = 6.0 * 3600.0;
/// A timestamp at most this far out of order is jitter, not a stray point.
const MAX_JITTER_S: f64 = 30.0;
/// Missing times are interpolated between neighbours at most this far apart.
const MAX_RETIME_SPAN_S: f64 = 60.0;
/// Samples further apart than this are a pause (auto-pause or signal loss). Smart recording
/// stores points up to ~10 s apart while moving; twice that leaves a margin.
pub const GAP_PAUSE_S: f64 = 20.0;

/// Clean `track` in place.
pub fn clean(track: &mut Track) {
    let log = &mut track.cleaning;
    for p in &mut track.points {
        if let Some(t) = p.time_s
            && !(MIN_VALID_TIME_S..=MAX_VALID_TIME_S).contains(&t)
        {
            p.time_s = None;
            log.invalid_times += 1;
        }
        let bad_pos = match (p.lat_deg, p.lon_deg) {
            (Some(lat), Some(lon)) => {
                !lat.is_finite()
                    || !lon.is_finite()
                    || lat.abs() > 90.0
                    || lon.abs() > 180.0
                    || (lat == 0.0 && lon == 0.0)
            }
            (None, None) => false,
            _ => true,
        };
        if bad_pos {
            p.lat_deg = None;
            p.lon_deg = None;
            log.impossible_positions += 1;
        }
        if let Some(a) = p.altitude_m
            && (!a.is_finite() || a <= -499.0 || a > 9000.0)
        {
            p.altitude_m = None;
            log.sentinel_altitudes += 1;
        }
    }
    clear_leading_zero_altitudes(track);
    drop_empty_points(track);
    drop_repeated_segments(track);
    keep_monotonic_times(track);
    close_time_jumps(track);
    repair_position_spikes(track);
    repair_altitude_spikes(track);
    split_at_teleports(track);
    fill_distance(track);
    interpolate_missing_times(track);
    add_gap_pauses(track);
    track.pauses.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
}

fn clear_leading_zero_altitudes(track: &mut Track) {
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

fn drop_empty_points(track: &mut Track) {
    let carries = |p: &TrackPoint| {
        p.time_s.is_some()
            || p.lat_deg.is_some()
            || p.altitude_m.is_some()
            || p.distance_m.is_some()
    };
    // Most files have no empty point: then nothing is copied.
    if track.points.iter().all(carries) {
        return;
    }
    let before = track.points.len();
    retain_points(track, |_, p| carries(p));
    track.cleaning.empty_points += before - track.points.len();
}

/// Keep points for which `keep` is true, keeping segment starts pointing at the right points.
fn retain_points(track: &mut Track, mut keep: impl FnMut(usize, &TrackPoint) -> bool) {
    let mut new_index = Vec::with_capacity(track.points.len());
    let mut kept = Vec::with_capacity(track.points.len());
    for (i, p) in track.points.iter().enumerate() {
        new_index.push(kept.len());
        if keep(i, p) {
            kept.push(*p);
        }
    }
    let n = kept.len();
    let mut segs: Vec<usize> = track
        .segment_starts
        .iter()
        .filter_map(|&s| new_index.get(s).copied())
        .filter(|&s| s > 0 && s < n)
        .collect();
    segs.dedup();
    track.segment_starts = segs;
    track.points = kept;
}

/// Drop the points of a later segment whose timestamp an earlier segment already has, and
/// before the earlier segments' last time: a FIT chained with a copy of itself (`cat run.fit
/// run.fit`, two gzip members) repeats every record, and keeping the longest monotonic run
/// would splice the copy's distances and positions into the first. The copy's last point
/// (at the earlier end time) is merged as a duplicate timestamp. Laps and pauses recorded
/// twice are kept once. Cost: one hash set of the times, O(n).
fn drop_repeated_segments(track: &mut Track) {
    if track.segment_starts.is_empty() {
        return;
    }
    let mut seen: HashSet<u64> = HashSet::new();
    let mut seen_end = f64::NEG_INFINITY;
    let mut repeated = vec![false; track.points.len()];
    let mut starts = track.segment_starts.iter().peekable();
    let mut segment: Vec<f64> = Vec::new();
    let mut any = false;
    for (i, p) in track.points.iter().enumerate() {
        if starts.next_if(|&&s| s == i).is_some() {
            for t in segment.drain(..) {
                seen.insert(t.to_bits());
                seen_end = seen_end.max(t);
            }
        }
        let Some(t) = p.time_s else { continue };
        if t < seen_end && seen.contains(&t.to_bits()) {
            repeated[i] = true;
            any = true;
        } else {
            segment.push(t);
        }
    }
    if !any {
        return;
    }
    let before = track.points.len();
    retain_points(track, |i, _| !repeated[i]);
    let dropped = before - track.points.len();
    track.cleaning.repeated_records += dropped;
    let (records, repeat) = if dropped == 1 {
        ("record", "repeats")
    } else {
        ("records", "repeat")
    };
    track.warnings.push(format!(
        "{dropped} {records} {repeat} the timestamps of an earlier part of the file (as a \
         file chained with a copy of itself does): dropped as duplicates"
    ));
    let mut laps = HashSet::new();
    track
        .laps
        .retain(|l| laps.insert((l.start_s.to_bits(), l.end_s.to_bits())));
    let mut pauses = HashSet::new();
    track
        .pauses
        .retain(|p| pauses.insert((p.start_s.to_bits(), p.end_s.to_bits())));
    let mut legs = HashSet::new();
    track
        .legs
        .retain(|l| legs.insert((l.start_s.to_bits(), l.end_s.to_bits(), l.sport.clone())));
}

fn keep_monotonic_times(track: &mut Track) {
    // Times already in order (nearly every file): nothing to drop, only duplicates to merge.
    let mut last = f64::NEG_INFINITY;
    let in_order = track.points.iter().filter_map(|p| p.time_s).all(|t| {
        let ok = t >= last;
        last = t;
        ok
    });
    if !in_order {
        drop_out_of_order_times(track);
    }
    merge_duplicate_times(track);
}

/// Keep the longest run of non-decreasing times; re-time points a few seconds off it, drop
/// the others.
fn drop_out_of_order_times(track: &mut Track) {
    // Longest non-decreasing subsequence of the timed points (patience sorting).
    let timed: Vec<(usize, f64)> = track
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.time_s.map(|t| (i, t)))
        .collect();
    if timed.len() < 2 {
        return;
    }
    let mut tails: Vec<usize> = Vec::new(); // index into `timed`
    let mut prev: Vec<Option<usize>> = vec![None; timed.len()];
    for (k, &(_, t)) in timed.iter().enumerate() {
        // first tail whose time is > t (non-decreasing allows equal)
        let pos = tails.partition_point(|&j| timed[j].1 <= t);
        if pos > 0 {
            prev[k] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut keep_timed = vec![false; timed.len()];
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        keep_timed[k] = true;
        cur = prev[k];
    }
    // A point off the monotonic run by only a few seconds is timestamp jitter (Sports
    // Tracker writes such files): keep the point, drop only its time, re-time it later from
    // its neighbours. Anything further off is a stray point and is dropped.
    let mut keep_point = vec![true; track.points.len()];
    let mut jittered = Vec::new();
    let mut prev_kept: Option<f64> = None;
    let mut next_kept = vec![None; timed.len()];
    let mut nk = None;
    for k in (0..timed.len()).rev() {
        next_kept[k] = nk;
        if keep_timed[k] {
            nk = Some(timed[k].1);
        }
    }
    let mut dropped = 0usize;
    for (k, &(i, t)) in timed.iter().enumerate() {
        if keep_timed[k] {
            prev_kept = Some(t);
            continue;
        }
        let lo = prev_kept.unwrap_or(f64::NEG_INFINITY) - MAX_JITTER_S;
        let hi = next_kept[k].unwrap_or(f64::INFINITY) + MAX_JITTER_S;
        if prev_kept.is_some() && next_kept[k].is_some() && (lo..=hi).contains(&t) {
            jittered.push(i);
        } else {
            keep_point[i] = false;
            dropped += 1;
        }
    }
    for &i in &jittered {
        track.points[i].time_s = None;
    }
    track.cleaning.jittered_times += jittered.len();
    if dropped > 0 {
        retain_points(track, |i, _| keep_point[i]);
        track.cleaning.backward_times += dropped;
    }
}

/// Merge equal timestamps: keep the first, fill its missing fields from the duplicate.
fn merge_duplicate_times(track: &mut Track) {
    let mut last_time: Option<f64> = None;
    let any_duplicate = track.points.iter().any(|p| {
        let dup = p.time_s.is_some() && p.time_s == last_time;
        if p.time_s.is_some() {
            last_time = p.time_s;
        }
        dup
    });
    if !any_duplicate {
        return;
    }
    let mut merged = 0usize;
    let mut last_time: Option<f64> = None;
    let mut out: Vec<TrackPoint> = Vec::with_capacity(track.points.len());
    let mut remove = vec![false; track.points.len()];
    for (i, p) in track.points.iter().enumerate() {
        if let (Some(t), Some(lt)) = (p.time_s, last_time)
            && t == lt
            && let Some(q) = out.last_mut()
        {
            fill_missing(q, p);
            remove[i] = true;
            merged += 1;
            continue;
        }
        if p.time_s.is_some() {
            last_time = p.time_s;
        }
        out.push(*p);
    }
    if merged > 0 {
        retain_points(track, |i, _| !remove[i]);
        track.points = out; // the same points, with the duplicates' fields merged in
        track.cleaning.duplicate_times += merged;
    }
}

fn fill_missing(q: &mut TrackPoint, p: &TrackPoint) {
    q.lat_deg = q.lat_deg.or(p.lat_deg);
    q.lon_deg = q.lon_deg.or(p.lon_deg);
    q.altitude_m = q.altitude_m.or(p.altitude_m);
    q.distance_m = q.distance_m.or(p.distance_m);
    q.speed_mps = q.speed_mps.or(p.speed_mps);
    q.heart_rate_bpm = q.heart_rate_bpm.or(p.heart_rate_bpm);
    q.cadence_spm = q.cadence_spm.or(p.cadence_spm);
    q.stance_time_s = q.stance_time_s.or(p.stance_time_s);
    q.vertical_oscillation_m = q.vertical_oscillation_m.or(p.vertical_oscillation_m);
}

fn close_time_jumps(track: &mut Track) {
    let mut shift = 0.0;
    let mut last: Option<f64> = None;
    let mut jumps = Vec::new();
    for p in &mut track.points {
        let Some(t) = p.time_s else { continue };
        if let Some(l) = last
            && t - shift - l > MAX_PLAUSIBLE_GAP_S
        {
            // Close the jump up to one second; keep it as a (zero-length) pause marker.
            let extra = t - shift - l - 1.0;
            shift += extra;
            jumps.push(l);
        }
        p.time_s = Some(t - shift);
        last = p.time_s;
    }
    if !jumps.is_empty() {
        track.cleaning.time_jumps += jumps.len();
        for start in jumps {
            track.pauses.push(Pause {
                start_s: start,
                end_s: start + 1.0,
            });
        }
        // Laps and pauses recorded after a jump were shifted too: drop those now beyond the
        // end, they can no longer be placed reliably.
        let end = track.end_time_s().unwrap_or(f64::MAX);
        track.laps.retain(|l| l.start_s <= end);
        track.pauses.retain(|p| p.start_s <= end);
    }
}

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
fn repair_position_spikes(track: &mut Track) {
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
fn repair_altitude_spikes(track: &mut Track) {
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
const TELEPORT_MIN_M: f64 = 1000.0;
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
fn split_at_teleports(track: &mut Track) {
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

fn fill_distance(track: &mut Track) {
    let n = track.points.len();
    if n == 0 {
        return;
    }
    let with_file_distance = track
        .points
        .iter()
        .filter(|p| p.distance_m.is_some())
        .count();
    if with_file_distance * 2 >= n {
        // Trust the file; fill gaps by carrying forward and keep it non-decreasing. A value
        // that jumps ahead faster than anyone moves is a corrupt field, not distance: it is
        // carried over too (else one bad record would hold every later value at its own).
        let mut last = track
            .points
            .iter()
            .find_map(|p| p.distance_m)
            .unwrap_or(0.0);
        // The next file distance after each point: an untimed value that jumps ahead and
        // falls back by over a kilometre is a glitch too.
        let mut next: Vec<Option<f64>> = vec![None; n];
        for i in (0..n.saturating_sub(1)).rev() {
            next[i] = track.points[i + 1].distance_m.or(next[i + 1]);
        }
        let mut last_t: Option<f64> = None;
        let mut glitches = 0;
        for (i, p) in track.points.iter_mut().enumerate() {
            let dt = p.time_s.zip(last_t).map(|(t, l)| t - l);
            let falls_back = |d: f64| next[i].is_some_and(|x| x < d - TELEPORT_MIN_M);
            let d = match p.distance_m {
                Some(d)
                    if d > last
                        && (is_teleport(d - last, dt.unwrap_or(f64::INFINITY))
                            || d - last > TELEPORT_MIN_M && falls_back(d)) =>
                {
                    glitches += 1;
                    last
                }
                Some(d) => d.max(last),
                None => last,
            };
            p.distance_m = Some(d);
            last = d;
            if p.time_s.is_some() {
                last_t = p.time_s;
            }
        }
        track.cleaning.teleports += glitches;
        return;
    }
    if !track.has_position() {
        for p in &mut track.points {
            p.distance_m = None;
        }
        return;
    }
    let mut seg_iter = track.segment_starts.iter().peekable();
    let mut total = 0.0;
    let mut last_pos: Option<Fix> = None;
    for (i, p) in track.points.iter_mut().enumerate() {
        if seg_iter.peek().is_some_and(|&&s| s == i) {
            seg_iter.next();
            last_pos = None;
        }
        if let (Some(lat), Some(lon)) = (p.lat_deg, p.lon_deg) {
            let here = Fix::new(lat, lon);
            if let Some(prev) = last_pos {
                total += haversine::distance_m(&prev, &here);
            }
            last_pos = Some(here);
        }
        p.distance_m = Some(total);
    }
}

/// Re-time points that lost their time (jitter) or never had one, between timed neighbours
/// less than [`MAX_RETIME_SPAN_S`] apart, in proportion to distance (or to the index when the
/// track has no distance).
fn interpolate_missing_times(track: &mut Track) {
    let n = track.points.len();
    let mut i = 0;
    while i < n {
        if track.points[i].time_s.is_some() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && track.points[i].time_s.is_none() {
            i += 1;
        }
        // run of missing times is start..i
        if start == 0 || i == n {
            continue;
        }
        let (a, b) = (track.points[start - 1], track.points[i]);
        let (Some(ta), Some(tb)) = (a.time_s, b.time_s) else {
            continue;
        };
        if tb - ta > MAX_RETIME_SPAN_S {
            continue;
        }
        let span_d = match (a.distance_m, b.distance_m) {
            (Some(da), Some(db)) if db > da => Some((da, db)),
            _ => None,
        };
        let count = (i - start + 1) as f64;
        for (k, j) in (start..i).enumerate() {
            let frac = match (span_d, track.points[j].distance_m) {
                (Some((da, db)), Some(d)) => ((d - da) / (db - da)).clamp(0.0, 1.0),
                _ => (k + 1) as f64 / count,
            };
            track.points[j].time_s = Some(ta + frac * (tb - ta));
        }
        track.cleaning.retimed += i - start;
    }
}

fn add_gap_pauses(track: &mut Track) {
    let mut new = Vec::new();
    let mut last: Option<f64> = None;
    let pauses = track.pause_index();
    for p in &track.points {
        let Some(t) = p.time_s else { continue };
        if let Some(l) = last
            && t - l > GAP_PAUSE_S
        {
            let covered = pauses.paused_between_s(l, t);
            if covered < 0.5 * (t - l) {
                new.push(Pause {
                    start_s: l,
                    end_s: t,
                });
            }
        }
        last = Some(t);
    }
    track.pauses.extend(new);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(t: f64, lat: f64, alt: f64) -> TrackPoint {
        TrackPoint {
            time_s: Some(1.7e9 + t),
            lat_deg: Some(lat),
            lon_deg: Some(6.0),
            altitude_m: Some(alt),
            ..Default::default()
        }
    }

    fn track_of(points: Vec<TrackPoint>) -> Track {
        Track {
            points,
            ..Default::default()
        }
    }

    /// A 1 Hz track from local east/north positions in metres around (46 N, 7 E).
    fn local_track(xy: &[(f64, f64)]) -> Track {
        let m = METRES_PER_DEGREE;
        track_of(
            xy.iter()
                .enumerate()
                .map(|(i, &(x, y))| TrackPoint {
                    time_s: Some(1.7e9 + i as f64),
                    lat_deg: Some(46.0 + y / m),
                    lon_deg: Some(7.0 + x / (m * 46f64.to_radians().cos())),
                    altitude_m: Some(500.0),
                    ..Default::default()
                })
                .collect(),
        )
    }

    fn local_xy(t: &Track, i: usize) -> (f64, f64) {
        let m = METRES_PER_DEGREE;
        let p = &t.points[i];
        (
            (p.lon_deg.unwrap() - 7.0) * m * 46f64.to_radians().cos(),
            (p.lat_deg.unwrap() - 46.0) * m,
        )
    }

    #[test]
    fn gps_spikes_are_put_back_on_the_track() {
        // East at 4 m/s with a small wobble; a 2-sample spike of 25 m north at 40-41, a
        // 3-sample one of 18 m south at 80-82.
        let mut xy: Vec<(f64, f64)> = (0..120)
            .map(|i| (4.0 * i as f64, 0.4 * ((i * 7) % 5) as f64))
            .collect();
        let clean_m: f64 = xy
            .windows(2)
            .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
            .sum();
        for i in [40, 41] {
            xy[i].1 += 25.0;
        }
        for i in [80, 81, 82] {
            xy[i].1 -= 18.0;
        }
        let mut t = local_track(&xy);
        clean(&mut t);
        assert_eq!(t.cleaning.position_spikes, 5);
        for i in [40, 41, 80, 81, 82] {
            let (x, y) = local_xy(&t, i);
            assert!(
                (x - 4.0 * i as f64).abs() < 1.0 && y.abs() < 2.0,
                "{i}: {x} {y}"
            );
        }
        // The distance no longer counts the detours (4 x 25 m, 2 x 18 m).
        let d = t.points.last().unwrap().distance_m.unwrap();
        assert!((d - clean_m).abs() < 0.01 * clean_m, "{d} vs {clean_m}");
    }

    #[test]
    fn altitude_spikes_are_put_back_between_their_neighbours() {
        // A barometer settling at the start (a real Fenix 2 FIT: 55, 142.4 x 3, 56 m), then
        // a steep real dip: 8 m down and up again over 40 m at 10 m/s (a cyclist).
        let xy: Vec<(f64, f64)> = (0..60).map(|i| (3.0 * i as f64, 0.0)).collect();
        let mut t = local_track(&xy);
        let mut z = vec![55.0, 142.4, 142.4, 142.4, 56.0];
        z.extend((5..60).map(|i| 56.0 + 0.1 * (i - 5) as f64));
        for (p, z) in t.points.iter_mut().zip(&z) {
            p.altitude_m = Some(*z);
        }
        let mut dip = local_track(&(0..20).map(|i| (10.0 * i as f64, 0.0)).collect::<Vec<_>>());
        let dz = [0.0, 0.0, 0.0, -4.0, -8.0, -4.0, 0.0, 0.0, 0.0, 0.0];
        for (i, p) in dip.points.iter_mut().enumerate() {
            p.altitude_m = Some(300.0 + dz.get(i).copied().unwrap_or(0.0));
        }
        clean(&mut t);
        clean(&mut dip);
        assert_eq!(t.cleaning.altitude_spikes, 3);
        for p in &t.points[1..4] {
            let a = p.altitude_m.unwrap();
            assert!((55.0..=56.0).contains(&a), "{a}");
        }
        assert_eq!(dip.cleaning.altitude_spikes, 0);
        assert_eq!(dip.points[4].altitude_m, Some(292.0));
    }

    #[test]
    fn a_jump_faster_than_an_airliner_starts_a_segment_and_adds_no_distance() {
        // 30 points east at 3 m/s, then 30 more 2000 km further east (10 s later).
        let mut xy: Vec<(f64, f64)> = (0..30).map(|i| (3.0 * i as f64, 0.0)).collect();
        xy.extend((0..30).map(|i| (2.0e6 + 3.0 * i as f64, 0.0)));
        let mut t = local_track(&xy);
        for p in &mut t.points[30..] {
            p.time_s = p.time_s.map(|x| x + 9.0);
        }
        clean(&mut t);
        assert_eq!(t.cleaning.teleports, 1);
        assert_eq!(t.segment_starts, vec![30]);
        let d = t.points.last().unwrap().distance_m.unwrap();
        assert!((d - 2.0 * 29.0 * 3.0).abs() < 1.0, "{d}");
        // A real 1.2 km hop in 60 s (a car, 20 m/s) is kept.
        assert!(!is_teleport(1200.0, 60.0) && is_teleport(1200.0, 10.0));
    }

    #[test]
    fn a_file_distance_that_jumps_ahead_is_carried_over() {
        // The file's distance: 3 m a second, one record at 24,517 km (timed), one far
        // ahead and untimed (its time was a sentinel), then on as before.
        let mut t = track_of(
            (0..40)
                .map(|i| TrackPoint {
                    time_s: Some(1.7e9 + i as f64),
                    distance_m: Some(3.0 * i as f64),
                    altitude_m: Some(10.0),
                    ..Default::default()
                })
                .collect(),
        );
        t.points[10].distance_m = Some(24_517_760.0);
        t.points[20].distance_m = Some(9_000_000.0);
        t.points[20].time_s = None;
        clean(&mut t);
        assert_eq!(t.cleaning.teleports, 2);
        assert_eq!(t.points[10].distance_m, Some(27.0));
        assert_eq!(t.points[39].distance_m, Some(117.0));
    }

    #[test]
    fn turnarounds_corners_and_fast_tracks_are_no_spikes() {
        // Out 50 m at 5 m/s and straight back with no stop, the apex fix 9 m past the turn
        // (receiver lag overshoots it), then a right-angle corner, then a cyclist at
        // 14 m/s on a wobbly line.
        let mut xy: Vec<(f64, f64)> = (0..=10).map(|i| (5.0 * i as f64, 0.0)).collect();
        xy.push((59.0, 0.3));
        xy.extend((1..=10).map(|i| (50.0 - 5.0 * i as f64, 0.5)));
        xy.extend((1..=10).map(|i| (0.0, 0.5 + 5.0 * i as f64)));
        xy.extend((1..=30).map(|i| (14.0 * i as f64, 50.5 + 3.0 * ((i % 3) as f64 - 1.0))));
        let mut t = local_track(&xy);
        clean(&mut t);
        assert_eq!(t.cleaning.position_spikes, 0);
    }

    #[test]
    fn backward_times_keep_the_longest_monotonic_run() {
        // first point is in the future (Runkeeper style), then a normal run
        let mut points = vec![pt(500.0, 45.0, 100.0)];
        points.extend((0..10).map(|i| pt(i as f64, 45.0 + i as f64 * 1e-4, 100.0)));
        let mut t = track_of(points);
        clean(&mut t);
        assert_eq!(t.points.len(), 10);
        assert_eq!(t.cleaning.backward_times, 1);
    }

    #[test]
    fn duplicate_times_are_merged_and_counted() {
        let mut t = Track {
            points: vec![
                pt(0.0, 45.0, 1.0),
                pt(1.0, 45.0001, 1.0),
                pt(1.0, 45.0002, 1.0),
            ],
            ..Default::default()
        };
        clean(&mut t);
        assert_eq!(t.points.len(), 2);
        assert_eq!(t.cleaning.duplicate_times, 1);
    }

    #[test]
    fn leading_zero_altitudes_and_sentinels_become_missing() {
        let mut t = Track {
            points: vec![pt(0.0, 45.0, 0.0), pt(1.0, 45.0, 0.0), pt(2.0, 45.0, 812.0)],
            ..Default::default()
        };
        t.points.push(pt(3.0, 45.0, -500.0));
        clean(&mut t);
        assert_eq!(t.cleaning.leading_zero_altitudes, 2);
        assert_eq!(t.cleaning.sentinel_altitudes, 1);
        assert_eq!(t.points[0].altitude_m, None);
        assert_eq!(t.points[2].altitude_m, Some(812.0));
    }

    #[test]
    fn a_jump_of_days_is_closed_up_and_counted() {
        let mut t = Track {
            points: vec![pt(0.0, 45.0, 1.0), pt(1.0, 45.0001, 1.0)],
            ..Default::default()
        };
        t.points.push(pt(20.0 * 86400.0, 45.0002, 1.0));
        clean(&mut t);
        assert_eq!(t.cleaning.time_jumps, 1);
        let span = t.end_time_s().unwrap() - t.start_time_s().unwrap();
        assert!(span < 10.0, "{span}");
    }

    #[test]
    fn geodesic_distance_fills_missing_file_distance() {
        // 0.001 deg of latitude is about 111 m
        let mut t = track_of(
            (0..11)
                .map(|i| pt(i as f64, 45.0 + i as f64 * 1e-3, 1.0))
                .collect(),
        );
        clean(&mut t);
        let d = t.points.last().unwrap().distance_m.unwrap();
        assert!((d - 1112.0).abs() < 5.0, "{d}");
    }

    #[test]
    fn epoch_sentinel_times_become_missing() {
        let mut t = Track::default();
        let mut p = pt(0.0, 45.0, 1.0);
        p.time_s = Some(-2_147_483_648.0);
        t.points = vec![p];
        clean(&mut t);
        assert_eq!(t.cleaning.invalid_times, 1);
        assert_eq!(t.points[0].time_s, None);
    }
}
