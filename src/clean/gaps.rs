//! Gaps in time: clock jumps of days closed up, missing times interpolated between
//! neighbours, and long gaps between samples turned into pauses.

use super::GAP_PAUSE_S;
use crate::track::{Pause, Track};

/// A forward step larger than this is a clock jump, not a pause.
const MAX_PLAUSIBLE_GAP_S: f64 = 6.0 * 3600.0;
/// Missing times are interpolated between neighbours at most this far apart.
const MAX_RETIME_SPAN_S: f64 = 60.0;

pub(super) fn close_time_jumps(track: &mut Track) {
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

/// Re-time points that lost their time (jitter) or never had one, between timed neighbours
/// less than [`MAX_RETIME_SPAN_S`] apart, in proportion to distance (or to the index when the
/// track has no distance).
pub(super) fn interpolate_missing_times(track: &mut Track) {
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

pub(super) fn add_gap_pauses(track: &mut Track) {
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
