//! How the runner moved: computed once after cleaning, read by every later stage.
//!
//! Per track point: the smoothed position, the along-track distance, the timer time (the
//! clock with pauses taken out) and, for the whole track, the moving time, the stops and the
//! gaps in the recording. The profile, the descents, the reps, the summary and the charts all
//! read these figures; none of them sums distance or time again, so one stretch of track
//! has one length and one duration wherever it is shown.
//!
//! Method:
//! 1. positions are averaged over a few seconds to take the ~0.5 m jitter out (else 1 s data
//!    runs ~3 % long, a walk 10-20 %), never across a segment break;
//! 2. the distance is the sum of the steps between those positions, not counting the drift
//!    of a runner standing still; files without positions keep their own distance field;
//! 3. a **gap** is a step the recorder did not see (a recorded pause or a break of more than
//!    [`crate::clean::GAP_PAUSE_S`]). Its time and its distance are counted together or left
//!    out together: when the runner moved across it (the step is longer than the GPS drift
//!    of a standing runner) both count, so a pace is never a distance over a removed time;
//!    otherwise neither does.

use serde::Serialize;

use crate::haversine::{self, EARTH_RADIUS_M, Fix};
use crate::track::{Track, TrackPoint};

/// Motion settings. Each default says why it has its value.
#[derive(Debug, Clone, PartialEq)]
pub struct MotionParams {
    /// Positions are averaged over this centered time window before distances are summed.
    /// Default 3 s: at 1 s sampling it divides the jitter's contribution to distance by ~10,
    /// and at running speed it spans ~10 m, short enough not to cut a hairpin.
    pub position_window_s: f64,
    /// A step slower than this is GPS drift while standing, not running. Default 0.5 m/s
    /// (a slow walk is ~1 m/s; standing drift is 0.1-0.3 m/s).
    pub standing_speed_mps: f64,
    /// Steps up to this long are judged by their speed; longer ones by their length (see
    /// `gap_drift_m`). Default 10.5 s: smart recording writes a point every 1-10 s.
    pub short_step_s: f64,
    /// Across a longer step or a pause, a step shorter than this is GPS drift while the
    /// runner stood. Default 10 m: the horizontal error (~3 m per axis, correlated over
    /// ~1 min) wanders by up to ~10 m over a few minutes' pause, while a runner who moved
    /// with the timer stopped went further.
    pub gap_drift_m: f64,
    /// A stop lasts at least this long. Default 3 s: shorter is a turn, not a stand.
    pub stop_min_s: f64,
    /// While stopped the distance may creep by this much. Default 8 m (residual GPS drift
    /// that the standing test let through, pause gaps).
    pub stop_max_creep_m: f64,
    /// The moving time counts a step when the speed over this window around it reaches
    /// `standing_speed_mps`. Default 10 s: many recorders repeat a position for a few samples
    /// while the runner keeps moving, and over 10 s a walk covers 10 m, drift ~1 m.
    pub moving_window_s: f64,
    /// When the samples overrule the file's altitude source.
    pub altitude: crate::altitude::AltitudeParams,
}

impl Default for MotionParams {
    fn default() -> Self {
        MotionParams {
            position_window_s: 3.0,
            standing_speed_mps: 0.5,
            short_step_s: 10.5,
            gap_drift_m: 10.0,
            stop_min_s: 3.0,
            stop_max_creep_m: 8.0,
            moving_window_s: 10.0,
            altitude: crate::altitude::AltitudeParams::default(),
        }
    }
}

/// A stretch where the along-track distance did not advance for more than a few seconds
/// (standing, auto-pause, timer pause).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Stop {
    /// Along-track distance on arrival and on departure (equal unless the timer was stopped
    /// while the runner drifted or walked a few metres).
    pub arrive_m: f64,
    /// Along-track distance on departure, m.
    pub depart_m: f64,
    /// Clock times, seconds since the epoch.
    pub arrive_s: f64,
    /// Clock time of departure, s since the epoch.
    pub depart_s: f64,
    /// Timer times (pauses removed) since the first point.
    pub arrive_moving_s: f64,
    /// Timer time of departure, s since the first point.
    pub depart_moving_s: f64,
}

/// A step the recorder did not see: a recorded pause or a long break between two points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gap {
    /// Track point indices before and after the gap.
    pub from: usize,
    /// Index of the track point after the gap.
    pub to: usize,
    /// Clock time between the two points.
    pub duration_s: f64,
    /// Distance between their smoothed positions (or distance fields).
    pub step_m: f64,
    /// Whether the runner moved across it: then its time and distance both count, else
    /// neither does.
    pub counted: bool,
}

/// How the runner moved, per track point (same indices as `track.points`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Motion {
    /// Smoothed position; `None` without a fix.
    pub position: Vec<Option<Fix>>,
    /// Along-track distance from the first point; NaN before the first known distance.
    pub distance_m: Vec<f64>,
    /// Timer time since the first timed point: the clock less the uncounted gaps and pauses;
    /// NaN for untimed points.
    pub timer_s: Vec<f64>,
    /// Where the runner stood still or paused, in track order, disjoint.
    pub stops: Vec<Stop>,
    /// The gaps in the recording, in track order.
    pub gaps: Vec<Gap>,
    /// Time spent moving (standing excluded), when the track has times.
    pub moving_s: Option<f64>,
    /// Whether the distance came from positions (else from the file's distance field).
    pub from_positions: bool,
    /// The altitude as the samples show it: every stage that smooths or grades reads this,
    /// not the device's name.
    pub altitude: crate::altitude::AltitudeJudgement,
}

impl Motion {
    /// Total along-track distance, when known.
    pub fn total_distance_m(&self) -> Option<f64> {
        let first = self.distance_m.iter().find(|d| d.is_finite())?;
        let last = self.distance_m.iter().rev().find(|d| d.is_finite())?;
        Some(last - first)
    }

    /// Distance at point `i`, when known.
    pub fn distance_at(&self, i: usize) -> Option<f64> {
        self.distance_m.get(i).copied().filter(|d| d.is_finite())
    }

    /// Timer time at point `i`, when timed.
    pub fn timer_at(&self, i: usize) -> Option<f64> {
        self.timer_s.get(i).copied().filter(|t| t.is_finite())
    }

    /// Whether a counted gap lies between points `a` and `b`.
    pub fn gaps_between(&self, a: usize, b: usize) -> &[Gap] {
        let lo = self.gaps.partition_point(|g| g.to <= a);
        let hi = self.gaps.partition_point(|g| g.from < b).max(lo);
        &self.gaps[lo..hi]
    }

    /// The stop whose distance range lies within `tol_m` of `distance_m`, if any.
    pub fn stop_near(&self, distance_m: f64, tol_m: f64) -> Option<&Stop> {
        stop_near(&self.stops, distance_m, tol_m)
    }

    /// Local east / north metres of a position, equirectangular around `origin`.
    pub fn local_xy(origin: (f64, f64), lat: f64, lon: f64) -> (f64, f64) {
        let coslat = origin.0.to_radians().cos().max(0.01);
        (
            (lon - origin.1).to_radians() * EARTH_RADIUS_M * coslat,
            (lat - origin.0).to_radians() * EARTH_RADIUS_M,
        )
    }
}

/// The stop of `stops` whose distance range lies within `tol_m` of `distance_m`, if any.
pub fn stop_near(stops: &[Stop], distance_m: f64, tol_m: f64) -> Option<&Stop> {
    stops_within(stops, distance_m, tol_m)
        .iter()
        .find(|s| distance_m >= s.arrive_m - tol_m && distance_m <= s.depart_m + tol_m)
}

/// The stops whose distance range comes within `tol_m` of `distance_m` (and possibly a few
/// nanometres more: callers apply their own exact test), in track order. The stops are
/// ordered along the track and do not overlap, so this is two binary searches (a multi-day
/// track has tens of thousands of stops).
pub fn stops_within(stops: &[Stop], distance_m: f64, tol_m: f64) -> &[Stop] {
    let tol = tol_m.abs() * (1.0 + 1e-9) + 1e-9;
    let lo = stops.partition_point(|s| s.depart_m < distance_m - tol);
    let hi = stops
        .partition_point(|s| s.arrive_m <= distance_m + tol)
        .max(lo);
    &stops[lo..hi]
}

/// Compute the motion of a cleaned track.
pub fn compute_motion(track: &Track, params: &MotionParams) -> Motion {
    let n = track.points.len();
    let segment = segment_of_points(track);
    let position = smoothed_positions(track, &segment, params);
    let (distance_m, from_positions) = along_track_distance(track, &position, &segment, params);
    let (timer_s, gaps) = timer_and_gaps(track, &distance_m);
    debug_assert_eq!(distance_m.len(), n);
    let stops = find_stops(track, &distance_m, &timer_s, &gaps, params);
    debug_assert!(
        stops
            .windows(2)
            .all(|w| w[0].arrive_m <= w[0].depart_m && w[0].depart_m <= w[1].arrive_m),
        "stops are ordered and disjoint"
    );
    let moving_s = moving_time_s(track, &distance_m, &timer_s, params);
    Motion {
        position,
        distance_m,
        timer_s,
        stops,
        gaps,
        moving_s,
        from_positions,
        altitude: crate::altitude::judge(track, &params.altitude),
    }
}

/// The segment number of each point (0 before the first of `track.segment_starts`).
fn segment_of_points(track: &Track) -> Vec<u32> {
    let mut out = Vec::with_capacity(track.points.len());
    let mut seg = 0;
    for i in 0..track.points.len() {
        while seg < track.segment_starts.len() && track.segment_starts[seg] <= i {
            seg += 1;
        }
        out.push(seg as u32);
    }
    out
}

/// Each fix averaged with the fixes within +-`position_window_s / 2` of the same segment.
fn smoothed_positions(track: &Track, segment: &[u32], params: &MotionParams) -> Vec<Option<Fix>> {
    let pts = &track.points;
    let half = params.position_window_s / 2.0;
    let mut smooth: Vec<Option<Fix>> = vec![None; pts.len()];
    for (i, p) in pts.iter().enumerate() {
        let (Some(lat), Some(lon)) = (p.lat_deg, p.lon_deg) else {
            continue;
        };
        let Some(t) = p.time_s else {
            smooth[i] = Some(Fix::new(lat, lon));
            continue;
        };
        let seg = segment[i];
        let (mut sl, mut so, mut n) = (0.0, 0.0, 0.0);
        let in_window = |q: &TrackPoint| q.time_s.is_some_and(|tq| (tq - t).abs() <= half + 1e-9);
        let mut j = i;
        while j > 0 && in_window(&pts[j - 1]) && segment[j - 1] == seg {
            j -= 1;
        }
        let mut k = j;
        while k < pts.len() && in_window(&pts[k]) && segment[k] == seg {
            if let (Some(a), Some(b)) = (pts[k].lat_deg, pts[k].lon_deg) {
                sl += a;
                so += b;
                n += 1.0;
            }
            k += 1;
        }
        smooth[i] = Some(if n > 0.0 {
            Fix::new(sl / n, so / n)
        } else {
            Fix::new(lat, lon)
        });
    }
    smooth
}

/// Along-track distance of each point (see the module docs), NaN where unknown, and whether
/// it came from the positions.
fn along_track_distance(
    track: &Track,
    smooth: &[Option<Fix>],
    segment: &[u32],
    params: &MotionParams,
) -> (Vec<f64>, bool) {
    let pts = &track.points;
    let with_pos = pts.iter().filter(|p| p.lat_deg.is_some()).count();
    if with_pos * 5 < pts.len() * 4 || with_pos < 2 {
        // Too few positions: the file's (or cleaning's) distance, carried forward.
        let mut out: Vec<f64> = pts
            .iter()
            .map(|p| p.distance_m.filter(|d| d.is_finite()).unwrap_or(f64::NAN))
            .collect();
        let first = out.iter().copied().find(|d| d.is_finite()).unwrap_or(0.0);
        let mut last = f64::NAN;
        for d in &mut out {
            if d.is_finite() {
                // Never run backwards: a counter that drops is held at its last value
                // (cleaning has already continued counters that restart).
                *d = (*d - first).max(if last.is_finite() { last } else { 0.0 });
                last = *d;
            } else {
                *d = last;
            }
        }
        return (out, false);
    }
    let still = standing_points(track, smooth, params);
    let mut out = vec![f64::NAN; pts.len()];
    let mut total = 0.0;
    let mut prev: Option<(usize, Fix)> = None;
    for (i, s) in smooth.iter().enumerate() {
        let Some(here) = *s else { continue };
        if let Some((pi, pp)) = prev
            && segment[pi] == segment[i]
        {
            let step = haversine::distance_m(&pp, &here);
            let dt = match (pts[pi].time_s, pts[i].time_s) {
                (Some(a), Some(b)) => Some(b - a),
                _ => None,
            };
            // Drift while standing: a short step slower than a walk. Across a long gap the
            // runner may have moved with the timer stopped: a step longer than the drift of
            // a few minutes is kept (and its time counted, see `timer_and_gaps`).
            let standing = dt.is_some_and(|dt| {
                dt > 0.0
                    && if dt <= params.short_step_s {
                        step / dt < params.standing_speed_mps || still[pi] && still[i]
                    } else {
                        step < params.gap_drift_m
                    }
            });
            if !standing {
                total += step;
            }
        }
        prev = Some((i, here));
        out[i] = total;
    }
    // Points without a position: carry the distance forward.
    let mut last = f64::NAN;
    for d in &mut out {
        if d.is_finite() {
            last = *d;
        } else {
            *d = last;
        }
    }
    (out, true)
}

/// Points where the runner stands: their smoothed position moved less than
/// `standing_speed_mps` x the span over the ~10 s around them. Jitter and drift make
/// single steps look like a slow walk; over 10 s a walk covers 10 m, drift ~1 m.
fn standing_points(track: &Track, smooth: &[Option<Fix>], params: &MotionParams) -> Vec<bool> {
    let half_s = params.moving_window_s / 2.0;
    let pts = &track.points;
    let pauses = track.pause_index();
    // Whether a pause falls between point k - 1 and point k (both timed): a window grown one
    // timed point at a time has no pause inside as long as none of its steps has one.
    let step_paused: Vec<bool> = (0..pts.len())
        .map(|k| {
            k > 0
                && pts[k - 1]
                    .time_s
                    .zip(pts[k].time_s)
                    .is_some_and(|(a, b)| pauses.paused_between_s(a, b) > 0.0)
        })
        .collect();
    let mut out = vec![false; pts.len()];
    for i in 0..pts.len() {
        let Some(t) = pts[i].time_s else { continue };
        // The farthest points within +-5 s, without a pause between.
        let mut a = i;
        while a > 0 && pts[a - 1].time_s.is_some_and(|ta| t - ta <= half_s) && !step_paused[a] {
            a -= 1;
        }
        let mut b = i;
        while b + 1 < pts.len()
            && pts[b + 1].time_s.is_some_and(|tb| tb - t <= half_s)
            && !step_paused[b + 1]
        {
            b += 1;
        }
        let (Some(ta), Some(tb)) = (pts[a].time_s, pts[b].time_s) else {
            continue;
        };
        if tb - ta < half_s {
            continue;
        }
        if let (Some(pa), Some(pb)) = (&smooth[a], &smooth[b]) {
            out[i] = haversine::distance_m(pa, pb) < params.standing_speed_mps * (tb - ta);
        }
    }
    out
}

/// Timer time of each point and the gaps. A step is interrupted when a pause covers more
/// than half of it; its time counts in full when the distance advanced across it (the
/// runner moved), else the paused part is taken out.
fn timer_and_gaps(track: &Track, distance_m: &[f64]) -> (Vec<f64>, Vec<Gap>) {
    let pts = &track.points;
    let mut timer = vec![f64::NAN; pts.len()];
    let mut gaps = Vec::new();
    let pauses = track.pause_index();
    let mut total = 0.0;
    let mut prev: Option<(usize, f64)> = None;
    for (i, p) in pts.iter().enumerate() {
        let Some(t) = p.time_s.filter(|t| t.is_finite()) else {
            continue;
        };
        if let Some((pi, pt)) = prev {
            let dt = (t - pt).max(0.0);
            let paused = pauses.paused_between_s(pt, t).min(dt);
            let step_m = distance_m[i] - distance_m[pi];
            let moved = step_m.is_finite() && step_m > 0.0;
            // Cleaning turns breaks over GAP_PAUSE_S into pauses; the second test keeps a
            // track that was not cleaned (a library caller's) from spanning a break too.
            let interrupted = paused > 0.5 * dt || dt > crate::clean::GAP_PAUSE_S;
            if interrupted {
                let counted = moved;
                gaps.push(Gap {
                    from: pi,
                    to: i,
                    duration_s: dt,
                    step_m: if step_m.is_finite() { step_m } else { 0.0 },
                    counted,
                });
                total += if counted { dt } else { dt - paused };
            } else {
                total += dt - paused;
            }
        }
        prev = Some((i, t));
        timer[i] = total;
    }
    (timer, gaps)
}

/// Runs of timed points over which the distance crept less than `stop_max_creep_m` for at
/// least `stop_min_s` of clock time, slower on average than `standing_speed_mps`, or with a
/// pause inside; touching runs are merged.
fn find_stops(
    track: &Track,
    distance_m: &[f64],
    timer_s: &[f64],
    gaps: &[Gap],
    params: &MotionParams,
) -> Vec<Stop> {
    let mut next_gap = gaps.iter().peekable();
    let samples: Vec<Sample> = track
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            // A gap ends at point i: the recorder stopped, whether or not the runner moved.
            while next_gap.next_if(|g| g.to < i).is_some() {}
            let after_gap = next_gap.next_if(|g| g.to == i).is_some();
            let t = p.time_s.filter(|t| t.is_finite())?;
            let d = distance_m[i];
            let mt = timer_s[i];
            (d.is_finite() && mt.is_finite()).then_some(Sample {
                d,
                t,
                mt,
                after_gap,
            })
        })
        .collect();
    let paused = |a: &Sample, b: &Sample| b.after_gap || (b.t - a.t) - (b.mt - a.mt) > 1.0;
    // Each stop with the sample indices of its first and last sample.
    let mut out: Vec<(Stop, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < samples.len() {
        let mut j = i;
        // A recorded pause is a stop whatever the distance crept across it.
        while j + 1 < samples.len()
            && (samples[j + 1].d - samples[i].d < params.stop_max_creep_m
                || paused(&samples[j], &samples[j + 1]))
        {
            j += 1;
        }
        let (a, b) = (samples[i], samples[j]);
        let stop = stop_between(&a, &b);
        let (ta, tb) = (stop.arrive_s, stop.depart_s);
        let any_pause = (i..j).any(|k| paused(&samples[k], &samples[k + 1]));
        let speed = if tb > ta {
            (b.d - a.d) / (tb - ta)
        } else {
            0.0
        };
        if tb - ta >= params.stop_min_s && (speed < params.standing_speed_mps || any_pause) {
            match out.last_mut() {
                Some((last, _, last_j)) if ta - last.depart_s <= 2.0 => {
                    last.depart_m = stop.depart_m;
                    last.depart_s = tb;
                    last.depart_moving_s = stop.depart_moving_s;
                    *last_j = j;
                }
                _ => out.push((stop, i, j)),
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out.into_iter()
        .map(|(stop, i, j)| settle(&samples, stop, i, j, params, &paused))
        .collect()
}

/// One timed point with a distance: along-track distance, clock and timer time.
#[derive(Debug, Clone, Copy)]
struct Sample {
    d: f64,
    t: f64,
    mt: f64,
    /// The step from the previous timed point is a gap.
    after_gap: bool,
}

/// Narrow a stop found with the creep tolerance to the time the runner actually stood:
/// the run of samples starts up to `stop_max_creep_m` before the runner comes to rest
/// and may end as far after they set off (a runner slowing down or speeding up covers
/// those metres in 2-4 s). Arrival is the first sample from which the next step is slower
/// than standing (or a pause), departure the last sample reached at that pace.
fn settle(
    samples: &[Sample],
    stop: Stop,
    i: usize,
    j: usize,
    params: &MotionParams,
    paused: &dyn Fn(&Sample, &Sample) -> bool,
) -> Stop {
    let slow = |k: usize| {
        let (a, b) = (&samples[k], &samples[k + 1]);
        paused(a, b) || (b.t > a.t && (b.d - a.d) / (b.t - a.t) < params.standing_speed_mps)
    };
    let arrive = (i..j).find(|&k| slow(k));
    let depart = (i..j).rev().find(|&k| slow(k)).map(|k| k + 1);
    let (Some(ka), Some(kd)) = (arrive, depart) else {
        return stop;
    };
    let s = stop_between(&samples[ka], &samples[kd]);
    if kd > ka && s.depart_s > s.arrive_s {
        s
    } else {
        stop
    }
}

/// The stop from arrival sample `a` to departure sample `b`.
fn stop_between(a: &Sample, b: &Sample) -> Stop {
    Stop {
        arrive_m: a.d,
        depart_m: b.d,
        arrive_s: a.t,
        depart_s: b.t,
        arrive_moving_s: a.mt,
        depart_moving_s: b.mt,
    }
}

/// Time spent moving: the timer time of steps whose speed, judged over a window of at least
/// `moving_window_s` around them, reaches `standing_speed_mps` (many recorders repeat a
/// position for a few samples while the runner keeps moving). Uncounted gaps add nothing.
fn moving_time_s(
    track: &Track,
    distance_m: &[f64],
    timer_s: &[f64],
    params: &MotionParams,
) -> Option<f64> {
    let timed: Vec<(f64, f64, f64)> = track
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.time_s
                .filter(|t| t.is_finite())
                .map(|t| (t, distance_m[i], timer_s[i]))
        })
        .collect();
    if timed.len() < 2 {
        return None;
    }
    let mut total = 0.0;
    for i in 0..timed.len() - 1 {
        let (t0, t1) = (timed[i].0, timed[i + 1].0);
        let step_timer = timed[i + 1].2 - timed[i].2;
        if step_timer.is_nan() || step_timer <= 0.0 {
            continue;
        }
        let dt = t1 - t0;
        // The samples within `half` before t0 and after t1 (times are sorted: a short walk
        // out from i, not a search of the whole track).
        let half = (params.moving_window_s - dt).max(0.0) / 2.0;
        let mut a = i;
        while a > 0 && timed[a - 1].0 >= t0 - half {
            a -= 1;
        }
        let mut b = i + 1;
        while b + 1 < timed.len() && timed[b + 1].0 <= t1 + half {
            b += 1;
        }
        let (da, db) = (timed[a].1, timed[b].1);
        let span = timed[b].2 - timed[a].2;
        if da.is_finite()
            && db.is_finite()
            && span > 0.0
            && (db - da) / span < params.standing_speed_mps
        {
            continue;
        }
        total += step_timer;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::{Pause, TrackPoint};

    /// A straight run north at `v` m/s, one point a second, with a recording gap of `gap_s`
    /// after point 60 over which the runner covers `gap_m`.
    fn run_with_gap(v: f64, gap_s: f64, gap_m: f64) -> Track {
        let mut track = Track::default();
        let (mut t, mut y) = (0.0, 0.0);
        for i in 0..120 {
            if i == 61 {
                t += gap_s - 1.0;
                y += gap_m - v;
            }
            let (lat, lon) = (46.0 + y / 111_195.0, 7.0);
            track.points.push(TrackPoint {
                time_s: Some(1.7e9 + t),
                lat_deg: Some(lat),
                lon_deg: Some(lon),
                altitude_m: Some(1000.0 - 0.1 * y),
                ..TrackPoint::default()
            });
            t += 1.0;
            y += v;
        }
        track.pauses.push(Pause {
            start_s: 1.7e9 + 60.0,
            end_s: 1.7e9 + 60.0 + gap_s,
        });
        track
    }

    #[test]
    fn a_gap_the_runner_moved_across_counts_its_time_and_its_distance() {
        let track = run_with_gap(3.0, 120.0, 300.0);
        let m = compute_motion(&track, &MotionParams::default());
        assert_eq!(m.gaps.len(), 1, "{:?}", m.gaps);
        assert!(m.gaps[0].counted);
        let dd = m.distance_m[61] - m.distance_m[60];
        let dt = m.timer_s[61] - m.timer_s[60];
        assert!((dd - 300.0).abs() < 5.0, "{dd}");
        assert!((dt - 120.0).abs() < 1e-9, "{dt}");
        // The pace over the whole track is the runner's, not distance over removed time.
        let pace_v = m.total_distance_m().unwrap() / m.timer_s[119];
        assert!(pace_v < 3.1, "{pace_v}");
    }

    #[test]
    fn a_pause_standing_still_counts_neither_time_nor_distance() {
        let track = run_with_gap(3.0, 120.0, 3.0);
        let m = compute_motion(&track, &MotionParams::default());
        assert_eq!(m.gaps.len(), 1);
        assert!(!m.gaps[0].counted);
        assert!(m.distance_m[61] - m.distance_m[60] < 1e-9);
        assert!(m.timer_s[61] - m.timer_s[60] < 1.0 + 1e-9);
        assert_eq!(m.stops.len(), 1, "{:?}", m.stops);
        // 118 running steps of 3 m; the smoothing window trims ~1.5 m at both ends of each
        // of the two stretches, the 3 m of drift add nothing.
        let total = m.total_distance_m().unwrap();
        assert!((total - 118.0 * 3.0).abs() < 7.0, "{total}");
        assert!(total < 118.0 * 3.0, "{total}");
    }

    #[test]
    fn moving_time_leaves_out_standing() {
        let mut track = Track::default();
        for i in 0..200 {
            let y = if i < 100 { 3.0 * i as f64 } else { 300.0 };
            track.points.push(TrackPoint {
                time_s: Some(1.7e9 + i as f64),
                lat_deg: Some(46.0 + y / 111_195.0),
                lon_deg: Some(7.0),
                ..TrackPoint::default()
            });
        }
        let m = compute_motion(&track, &MotionParams::default());
        let moving = m.moving_s.unwrap();
        assert!((95.0..=106.0).contains(&moving), "{moving}");
        assert!((m.timer_s[199] - 199.0).abs() < 1e-9);
    }
}
