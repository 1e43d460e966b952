//! Measuring a located descent: length, drop and grade, times from the stops at its ends,
//! speeds, running dynamics and end points.

use super::{Bands, Confidence, Descent, DescentParams, Located, interp};
use crate::gap;
use crate::profile::{Profile, Stop};
use crate::track::Track;

/// Everything reported about the descent over grid points `a..=b`.
pub(super) fn measure(
    profile: &Profile,
    track: &Track,
    by_time: &PointsByTime,
    at: &Located,
    index: usize,
    params: &DescentParams,
    bands: &Bands,
) -> Descent {
    let (a, b, drop_m) = (at.top, at.bottom, at.drop_m);
    let d = &profile.distance_m;
    let e = &profile.elevation_m;
    let distance_m = at.bottom_m - at.top_m;
    let grade_pct = if distance_m > 0.0 {
        drop_m / distance_m * 100.0
    } else {
        0.0
    };
    let span = (50.0 / profile.step_m).round().max(1.0) as usize;
    let max_grade_pct = if b - a > span {
        (a..=b - span)
            .map(|i| (e[i] - e[i + span]) / (d[i + span] - d[i]) * 100.0)
            .fold(grade_pct, f64::max)
    } else {
        grade_pct
    };
    // A descent started from standing starts when the runner leaves; one that ends in a
    // stop ends on arrival (see `end_stops`).
    let (start_stop, end_stop) = end_stops(profile, at, params);
    let start_s = profile
        .time_s
        .as_ref()
        .map(|t| start_stop.map_or_else(|| interp(d, t, at.top_m), |s| s.depart_s));
    let end_s = profile
        .time_s
        .as_ref()
        .map(|t| end_stop.map_or_else(|| interp(d, t, at.bottom_m), |s| s.arrive_s));
    let duration_s = profile
        .moving_time_s
        .as_ref()
        .map(|m| {
            let m0 = start_stop.map_or_else(|| interp(d, m, at.top_m), |s| s.depart_moving_s);
            let m1 = end_stop.map_or_else(|| interp(d, m, at.bottom_m), |s| s.arrive_moving_s);
            m1 - m0
        })
        // Standing still inside the descent is not descending: the stops between its ends
        // leave its time, as they leave the session's moving time.
        .map(|m| m - stood_inside_s(profile, at, start_stop, end_stop))
        .filter(|s| *s > 0.0);
    let start_s = start_s.filter(|t| t.is_finite());
    let end_s = end_s.filter(|t| t.is_finite());
    let duration_s = duration_s.filter(|s| s.is_finite());
    // Times that run backwards (a stop's arrival taken from a sample before an untimed
    // stretch, the start interpolated after it) tell nothing of this descent's span: it
    // is reported untimed rather than with an end before its start.
    let (start_s, end_s, duration_s) = match (start_s, end_s) {
        (Some(t0), Some(t1)) if t1 < t0 => (None, None, None),
        _ => (start_s, end_s, duration_s),
    };
    let avg_speed_mps = duration_s.map(|s| distance_m / s);
    let (cadence_spm, stance_time_s) = match (start_s, end_s) {
        (Some(t0), Some(t1)) => dynamics(track, by_time, t0, t1),
        _ => (None, None),
    };
    let point = |k: usize| {
        profile
            .track_index
            .get(k)
            .and_then(|&i| track.points.get(i))
            .map(|p| (p.lat_deg, p.lon_deg))
            .unwrap_or((None, None))
    };
    let (start_lat_deg, start_lon_deg) = point(a);
    let (end_lat_deg, end_lon_deg) = point(b);
    Descent {
        index,
        start_s,
        end_s,
        start_distance_m: at.top_m,
        distance_m,
        drop_m,
        grade_pct,
        max_grade_pct,
        band: bands.label(grade_pct),
        duration_s,
        avg_speed_mps,
        vertical_speed_m_per_h: duration_s.map(|s| drop_m / s * 3600.0),
        gap_speed_mps: avg_speed_mps.map(|v| gap::flat_equivalent_speed_mps(v, -grade_pct)),
        on_foot: true,
        cadence_spm,
        stance_time_s,
        confidence: if profile.altitude_fine {
            Confidence::High
        } else {
            Confidence::Low
        },
        start_lat_deg,
        start_lon_deg,
        end_lat_deg,
        end_lon_deg,
        grid_range: (a, b),
    }
}

/// The timer time of the stops that lie wholly between the descent's ends (not the stops
/// it starts from or ends in, which its ends already leave out).
fn stood_inside_s(
    profile: &Profile,
    at: &Located,
    start_stop: Option<&Stop>,
    end_stop: Option<&Stop>,
) -> f64 {
    let mid = (at.top_m + at.bottom_m) / 2.0;
    let is = |a: Option<&Stop>, s: &Stop| a.is_some_and(|a| std::ptr::eq(a, s));
    profile
        .stops_within(mid, (at.bottom_m - at.top_m) / 2.0)
        .iter()
        .filter(|s| s.arrive_m >= at.top_m && s.depart_m <= at.bottom_m)
        .filter(|s| !is(start_stop, s) && !is(end_stop, s))
        .map(|s| (s.depart_moving_s - s.arrive_moving_s).max(0.0))
        .sum()
}

/// The stops a descent starts from and ends in: a descent run from standing starts when the
/// runner leaves the stop, one that ends in a stop ends on arrival. A stop counts when it
/// lies within `stop_snap_m` of the end, with less than `max_rise_m` of elevation between.
/// Only the times move: distances stay at the knots (GPS drift while standing is no run).
fn end_stops<'a>(
    profile: &'a Profile,
    at: &Located,
    params: &DescentParams,
) -> (Option<&'a Stop>, Option<&'a Stop>) {
    let tol = params.stop_snap_m;
    let z = |x: f64| interp(&profile.distance_m, &profile.elevation_m, x);
    let mid = (at.top_m + at.bottom_m) / 2.0;
    // The stop nearest to the end (distance 0 when the end lies inside its creep), if it
    // is within `tol` and level with the end.
    let nearest = |x: f64, on_side: &dyn Fn(&Stop) -> bool| {
        profile
            .stops_within(x, tol)
            .iter()
            .filter(|s| on_side(s))
            .map(|s| {
                let gap = (s.arrive_m - x).max(x - s.depart_m).max(0.0);
                (gap, s)
            })
            .filter(|(gap, s)| {
                *gap <= tol
                    && (z(x) - z(x.clamp(s.arrive_m, s.depart_m))).abs() <= params.max_rise_m
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, s)| s)
    };
    let start = nearest(at.top_m, &|s: &Stop| s.depart_m < mid);
    let end = nearest(at.bottom_m, &|s: &Stop| s.arrive_m > mid);
    (start, end)
}

/// The timed points of a track sorted by time, to find those of one descent without a pass
/// over the whole track per descent (a multi-day track has thousands of descents).
pub(super) struct PointsByTime {
    time_s: Vec<f64>,
    index: Vec<usize>,
}

impl PointsByTime {
    pub(super) fn new(track: &Track) -> PointsByTime {
        let mut timed: Vec<(f64, usize)> = track
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.time_s.filter(|t| !t.is_nan()).map(|t| (t, i)))
            .collect();
        // Cleaned tracks are already in time order: then this is one linear check.
        if !timed.is_sorted_by(|a, b| a.0 <= b.0) {
            timed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        }
        PointsByTime {
            time_s: timed.iter().map(|x| x.0).collect(),
            index: timed.iter().map(|x| x.1).collect(),
        }
    }

    /// Indices of the points timed within `t0..=t1`, in track order.
    fn within(&self, t0: f64, t1: f64) -> Vec<usize> {
        let lo = self.time_s.partition_point(|&t| t < t0);
        let hi = self.time_s.partition_point(|&t| t <= t1).max(lo);
        let mut out = self.index[lo..hi].to_vec();
        if !out.is_sorted() {
            out.sort_unstable();
        }
        out
    }
}

/// Mean cadence and stance time of the points recorded between `t0` and `t1`.
fn dynamics(track: &Track, by_time: &PointsByTime, t0: f64, t1: f64) -> (Option<f64>, Option<f64>) {
    let within = by_time.within(t0, t1);
    let mean = |f: &dyn Fn(&crate::track::TrackPoint) -> Option<f64>| {
        let v: Vec<f64> = within
            .iter()
            .map(|&i| &track.points[i])
            .filter_map(f)
            .filter(|x| x.is_finite() && *x > 0.0)
            .collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    (mean(&|p| p.cadence_spm), mean(&|p| p.stance_time_s))
}
