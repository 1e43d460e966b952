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
//!    `repair_altitude_spikes`; altitudes that jump and stay, faster and steeper than anyone
//!    moves (a barometer recalibrated from GPS), lose the jump, see `repair_altitude_steps`;
//!    a step faster than an airliner ([`is_teleport`]) starts a
//!    new segment, so no distance is counted across it;
//! 8. the along-track distance is taken from the file when it has one (made non-decreasing),
//!    otherwise summed geodesically (geo's Haversine formula, `haversine`) within each segment;
//! 9. time gaps of more than [`GAP_PAUSE_S`] not already inside a recorded pause become pauses.

mod altitude;
mod distance;
mod gaps;
mod order;
mod position;
#[cfg(test)]
mod tests;

use crate::track::{Track, TrackPoint};

use altitude::{clear_leading_zero_altitudes, repair_altitude_spikes, repair_altitude_steps};
use distance::fill_distance;
use gaps::{add_gap_pauses, close_time_jumps, interpolate_missing_times};
use order::{drop_repeated_segments, keep_monotonic_times};
pub use position::is_teleport;
use position::{repair_position_spikes, split_at_teleports};

/// 1990-01-01T00:00:00Z: no GPS watch recorded earlier.
const MIN_VALID_TIME_S: f64 = 631_152_000.0;
/// 2100-01-01T00:00:00Z.
const MAX_VALID_TIME_S: f64 = 4_102_444_800.0;
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
    repair_altitude_steps(track);
    split_at_teleports(track);
    fill_distance(track);
    interpolate_missing_times(track);
    add_gap_pauses(track);
    track.pauses.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
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
