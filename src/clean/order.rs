//! Records out of time order: a chained copy's repeated records, times going backwards
//! (the longest monotonic run kept, jittered times re-timed later), equal times merged.

use std::collections::HashSet;

use super::retain_points;
use crate::track::{Track, TrackPoint};

/// A timestamp at most this far out of order is jitter, not a stray point.
const MAX_JITTER_S: f64 = 30.0;

/// Drop the points of a later segment whose timestamp an earlier segment already has, and
/// before the earlier segments' last time: a FIT chained with a copy of itself (`cat run.fit
/// run.fit`, two gzip members) repeats every record, and keeping the longest monotonic run
/// would splice the copy's distances and positions into the first. The copy's last point
/// (at the earlier end time) is merged as a duplicate timestamp. Laps and pauses recorded
/// twice are kept once. Cost: one hash set of the times, O(n).
pub(super) fn drop_repeated_segments(track: &mut Track) {
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

pub(super) fn keep_monotonic_times(track: &mut Track) {
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
