//! The elevation profile on a regular along-track distance grid, smoothed, with grade.
//!
//! Method (DOMAIN.md, after CourseScope and NREL GradeIT):
//! 1. the along-track distance and timer time of [`crate::motion`] (computed once, read by
//!    every stage);
//! 2. linear resampling of altitude and time on a grid of [`ProfileParams::step_m`]; time is
//!    interpolated as *timer* time (pauses removed) and mapped back to the clock, so a pause
//!    never stretches a grid step;
//! 3. a running median removes altitude spikes;
//! 4. a centered moving average whose width depends on the altitude source;
//! 5. grade as elevation difference over distance (never over samples), so 1 s and smart
//!    recording give the same profile.

use crate::motion::Motion;
use crate::track::{AltitudeSource, Track};

/// Profile settings. Each default says why it has its value.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileParams {
    /// Grid step. Default 5 m (CourseScope's grid): an 80 m rep spans 16 steps.
    pub step_m: f64,
    /// Running-median window against spikes. Default 25 m (5 points): removes isolated
    /// spikes up to 2 points wide and leaves monotone stretches (a descent) unchanged.
    pub spike_window_m: f64,
    /// Smoothing window for barometric and terrain-model altitude. Default 25 m: white noise
    /// of 0.1-0.3 m and 0.2 m steps averaged over ~5 points fall to ~0.1 m, so a 50 m grade
    /// is good to ~0.4 pp, while the corners of an 80 m rep are only rounded over 25 m
    /// (the endpoints are then located on the unsmoothed profile, see `descent`).
    pub smooth_baro_m: f64,
    /// Smoothing window for GPS or unknown altitude. Default 100 m: GPS altitude has 5-10 m
    /// errors correlated over minutes that no window removes; 100 m takes out the jitter and
    /// the fast wander while an 80-100 m rep (6-10 m drop) still shows as one descent.
    pub smooth_gps_m: f64,
}

impl Default for ProfileParams {
    fn default() -> Self {
        ProfileParams {
            step_m: 5.0,
            spike_window_m: 25.0,
            smooth_baro_m: 25.0,
            smooth_gps_m: 100.0,
        }
    }
}

/// Elevation and time on a regular along-track distance grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// Spacing of the grid, m ([`ProfileParams::step_m`]).
    pub step_m: f64,
    /// Along-track distance of each grid point.
    pub distance_m: Vec<f64>,
    /// Smoothed elevation.
    pub elevation_m: Vec<f64>,
    /// Time at each grid point (seconds since the epoch) when the track has times; NaN at
    /// grid points between untimed samples (files with partly timed points).
    pub time_s: Option<Vec<f64>>,
    /// Where the track's altitudes came from (the track's [`TrackMeta::altitude_source`]).
    ///
    /// [`TrackMeta::altitude_source`]: crate::track::TrackMeta::altitude_source
    pub altitude_source: AltitudeSource,
    /// Whether the altitude is fine-grained, as judged from the samples (see `altitude`).
    pub altitude_fine: bool,
    /// Elevation after spike removal, before smoothing: the fine detail used to place the
    /// ends of a descent.
    pub raw_elevation_m: Vec<f64>,
    /// The recorded samples along the track, those at one spot (standing) merged into one,
    /// spikes removed: along-track distance and elevation. Ends of descents are fitted on
    /// them (see `descent`).
    pub sample_distance_m: Vec<f64>,
    /// Elevation of each merged sample, despiked, unsmoothed, m.
    pub sample_elevation_m: Vec<f64>,
    /// Timer time (the motion's: pauses and uncounted gaps removed, standing still kept)
    /// since the first point, when the track has times (NaN where `time_s` is). A
    /// descent's time takes out the stops it starts from, ends in and holds.
    pub moving_time_s: Option<Vec<f64>>,
    /// Grade of the smoothed profile over one step either side, percent (negative down).
    pub grade_pct: Vec<f64>,
    /// Index of the track point at or before each grid point.
    pub track_index: Vec<usize>,
    /// Where the runner stood still or paused: a descent that starts at a stop starts when
    /// the runner leaves it, one that ends at a stop ends when the runner arrives.
    pub stops: Vec<Stop>,
}

pub use crate::motion::Stop;

/// The most grid points per usable sample, on average over the track: 20 is 100 m of
/// track per sample at the 5 m step. Real recordings stay far below (1 s recording at
/// running speed is under one grid point per sample, smart recording on a bike under 25,
/// and [`GRID_SLACK`] covers any route under 500 km); samples kilometres apart (untimed
/// points alternating between two places, or fixes at just under the teleport speed) are
/// no recording anyone ran, and resampling them took gigabytes.
pub const MAX_GRID_PER_SAMPLE: usize = 20;
/// Grid points allowed whatever the sample count: 100,000 (500 km at 5 m), so a sparse
/// planned route is still resampled.
pub const GRID_SLACK: usize = 100_000;

/// The most grid points a track of `samples` usable samples is resampled on (the profile
/// and the shuttle grid alike): `MAX_GRID_PER_SAMPLE * samples + GRID_SLACK`. A longer
/// track gets no profile. With ~100 bytes per grid point across the stages, this bounds
/// the grids to about 2 KB per decoded point plus 10 MB, whatever the geometry.
pub fn max_grid_points(samples: usize) -> usize {
    MAX_GRID_PER_SAMPLE
        .saturating_mul(samples)
        .saturating_add(GRID_SLACK)
}

/// Whether a span of `span_m` over `samples` samples needs more grid points of `step_m` than
/// [`max_grid_points`] allows.
pub fn exceeds_grid_bound(span_m: f64, step_m: f64, samples: usize) -> bool {
    let points = span_m / step_m;
    points.is_nan() || points > max_grid_points(samples) as f64
}

impl Profile {
    /// The stop whose distance range lies within `tol_m` of `distance_m`, if any.
    pub fn stop_near(&self, distance_m: f64, tol_m: f64) -> Option<&Stop> {
        crate::motion::stop_near(&self.stops, distance_m, tol_m)
    }

    /// The stops whose distance range comes within `tol_m` of `distance_m`, in track order
    /// (see [`crate::motion::stops_within`]).
    pub fn stops_within(&self, distance_m: f64, tol_m: f64) -> &[Stop] {
        crate::motion::stops_within(&self.stops, distance_m, tol_m)
    }
}

/// One usable sample: along-track distance, altitude, clock and moving time, track index.
#[derive(Debug, Clone, Copy)]
struct Sample {
    d: f64,
    z: f64,
    t: Option<f64>,
    mt: Option<f64>,
    i: usize,
}

/// Build the profile, or `None` when the track has no usable elevation or distance.
pub fn build_profile(track: &Track, motion: &Motion, params: &ProfileParams) -> Option<Profile> {
    let samples = usable_samples(track, motion);
    let step = step_of(params);
    let first = samples.first()?;
    let last = samples.last()?;
    if samples.len() < 2 || last.d - first.d < 2.0 * step {
        return None;
    }
    if exceeds_grid_bound(last.d - first.d, step, samples.len()) {
        return None; // samples kilometres apart on average: no track to resample
    }
    resample(track, motion, params, &samples, step)
}

/// When the track has no profile because its samples lie too far apart on average for
/// [`max_grid_points`] (not for want of altitude or distance): the mean track length per
/// sample, metres.
pub fn too_sparse_for_a_grid(
    track: &Track,
    motion: &Motion,
    params: &ProfileParams,
) -> Option<f64> {
    let samples = usable_samples(track, motion);
    let span_m = samples.last()?.d - samples.first()?.d;
    exceeds_grid_bound(span_m, step_of(params), samples.len())
        .then(|| span_m / samples.len() as f64)
}

fn step_of(params: &ProfileParams) -> f64 {
    if params.step_m > 0.0 {
        params.step_m
    } else {
        5.0
    }
}

/// The samples with an along-track distance and a finite altitude.
fn usable_samples(track: &Track, motion: &Motion) -> Vec<Sample> {
    track
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            Some(Sample {
                d: motion.distance_at(i)?,
                z: p.altitude_m.filter(|z| z.is_finite())?,
                t: p.time_s,
                mt: motion.timer_at(i),
                i,
            })
        })
        .collect()
}

/// The grid of `build_profile` over `samples` (at least two, `step` apart at most
/// [`max_grid_points`] times).
fn resample(
    track: &Track,
    motion: &Motion,
    params: &ProfileParams,
    samples: &[Sample],
    step: f64,
) -> Option<Profile> {
    let first = samples.first()?;
    let last = samples.last()?;
    let n = ((last.d - first.d) / step).floor() as usize + 1;
    // Files with partly timed points (GPSBabel merges) keep times where both neighbours
    // have one; the other grid points get NaN.
    let has_time = samples.iter().any(|s| s.t.is_some() && s.mt.is_some());
    let mut distance_m = Vec::with_capacity(n);
    let mut raw = Vec::with_capacity(n);
    let mut time_s = Vec::with_capacity(n);
    let mut moving_time_s = Vec::with_capacity(n);
    let mut track_index = Vec::with_capacity(n);
    let mut j = 0;
    for k in 0..n {
        let g = first.d + k as f64 * step;
        // Bracket: samples[j].d <= g < samples[j + 1].d (the last sample at the same
        // distance, so standing still occupies no grid distance).
        while j + 1 < samples.len() && samples[j + 1].d <= g {
            j += 1;
        }
        let a = samples[j];
        let b = samples.get(j + 1).copied().unwrap_or(a);
        let f = if b.d > a.d {
            ((g - a.d) / (b.d - a.d)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        distance_m.push(g);
        raw.push(a.z + f * (b.z - a.z));
        track_index.push(a.i);
        if has_time {
            match (a.t, b.t, a.mt, b.mt) {
                (Some(ta), Some(tb), Some(ma), Some(mb)) => {
                    let mt = ma + f * (mb - ma);
                    moving_time_s.push(mt);
                    // The moving part of the step first, then any pause.
                    time_s.push((ta + (mt - ma)).min(tb));
                }
                _ => {
                    moving_time_s.push(f64::NAN);
                    time_s.push(f64::NAN);
                }
            }
        }
    }
    let stops = if has_time {
        motion.stops.clone()
    } else {
        Vec::new()
    };
    let window = |m: f64| ((m / step).round() as usize) | 1;
    let (sample_distance_m, sample_elevation_m) = merged_samples(samples);
    let despiked = running_median(&raw, window(params.spike_window_m));
    let smooth_m = if motion.altitude.fine {
        params.smooth_baro_m
    } else {
        params.smooth_gps_m
    };
    let elevation_m = moving_average(&despiked, window(smooth_m));
    let grade_pct = (0..n)
        .map(|i| {
            let (a, b) = (i.saturating_sub(1), (i + 1).min(n - 1));
            if b > a {
                (elevation_m[b] - elevation_m[a]) / (distance_m[b] - distance_m[a]) * 100.0
            } else {
                0.0
            }
        })
        .collect();
    Some(Profile {
        step_m: step,
        distance_m,
        elevation_m,
        time_s: has_time.then_some(time_s),
        altitude_source: track.meta.altitude_source,
        altitude_fine: motion.altitude.fine,
        raw_elevation_m: despiked,
        sample_distance_m,
        sample_elevation_m,
        moving_time_s: has_time.then_some(moving_time_s),
        grade_pct,
        track_index,
        stops,
    })
}

/// Samples less than 0.5 m apart merged (mean elevation), then a 5-sample running median.
fn merged_samples(samples: &[Sample]) -> (Vec<f64>, Vec<f64>) {
    let mut d: Vec<f64> = Vec::with_capacity(samples.len());
    let mut z: Vec<f64> = Vec::with_capacity(samples.len());
    let mut count = 0.0;
    for s in samples {
        match d.last() {
            Some(&last) if s.d - last < 0.5 => {
                if let Some(zl) = z.last_mut() {
                    *zl = (*zl * count + s.z) / (count + 1.0);
                }
                count += 1.0;
            }
            _ => {
                d.push(s.d);
                z.push(s.z);
                count = 1.0;
            }
        }
    }
    let z = running_median(&z, 5);
    (d, z)
}

/// Centered running median with an odd `window`, shrinking at the ends.
///
/// The full windows slide: the sorted window drops the value that leaves and takes the one
/// that enters (O(window) per point, not a sort per point).
pub fn running_median(v: &[f64], window: usize) -> Vec<f64> {
    let h = window / 2;
    let n = v.len();
    let mut buf = Vec::with_capacity(2 * h + 1);
    let mut shrunk = |i: usize| {
        let r = h.min(i).min(n - 1 - i);
        buf.clear();
        buf.extend_from_slice(&v[i - r..=i + r]);
        buf.sort_by(f64::total_cmp);
        buf[buf.len() / 2]
    };
    if n <= 2 * h {
        return (0..n).map(shrunk).collect();
    }
    let mut out = Vec::with_capacity(n);
    out.extend((0..h).map(&mut shrunk));
    let mut sorted = v[..=2 * h].to_vec();
    sorted.sort_by(f64::total_cmp);
    out.push(sorted[h]);
    for i in h + 1..n - h {
        let (leaving, entering) = (v[i - h - 1], v[i + h]);
        // The entering value takes the leaving one's place (values equal under total_cmp
        // are the same bits: any one of them may go) and moves to its rank.
        let mut k = sorted
            .iter()
            .position(|x| x.total_cmp(&leaving).is_eq())
            .unwrap_or(0);
        sorted[k] = entering;
        while k > 0 && sorted[k - 1].total_cmp(&sorted[k]).is_gt() {
            sorted.swap(k - 1, k);
            k -= 1;
        }
        while k + 1 < sorted.len() && sorted[k].total_cmp(&sorted[k + 1]).is_gt() {
            sorted.swap(k, k + 1);
            k += 1;
        }
        out.push(sorted[h]);
    }
    out.extend((n - h..n).map(shrunk));
    out
}

/// Centered moving average with an odd `window`, symmetric and shrinking at the ends (so a
/// straight line stays straight).
pub fn moving_average(v: &[f64], window: usize) -> Vec<f64> {
    let h = window / 2;
    let mut prefix = Vec::with_capacity(v.len() + 1);
    prefix.push(0.0);
    for x in v {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + x);
    }
    (0..v.len())
        .map(|i| {
            let r = h.min(i).min(v.len() - 1 - i);
            (prefix[i + r + 1] - prefix[i - r]) / (2 * r + 1) as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The profile of `t` with default settings, over its motion.
    pub(crate) fn profile_of(t: &Track) -> Option<Profile> {
        let motion = crate::motion::compute_motion(t, &Default::default());
        build_profile(t, &motion, &ProfileParams::default())
    }
    use crate::track::TrackPoint;

    /// The definition: sort each (shrinking) window.
    fn median_by_sorting(v: &[f64], window: usize) -> Vec<f64> {
        let h = window / 2;
        (0..v.len())
            .map(|i| {
                let r = h.min(i).min(v.len() - 1 - i);
                let mut w = v[i - r..=i + r].to_vec();
                w.sort_by(f64::total_cmp);
                w[w.len() / 2]
            })
            .collect()
    }

    #[test]
    fn sliding_median_is_the_sorted_window_median() {
        // Repeated values (plateaus), spikes, both signs of zero, all lengths around the window.
        let base: Vec<f64> = (0..400)
            .map(|i| match i % 17 {
                0 => 50.0,
                5 => -0.0,
                6 => 0.0,
                _ => ((i * 7919) % 23) as f64 * 0.5 - 3.0,
            })
            .collect();
        for window in [1, 3, 5, 7, 21] {
            for n in [0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 21, 22, 400] {
                let v = &base[..n];
                let got: Vec<u64> = running_median(v, window)
                    .iter()
                    .map(|x| x.to_bits())
                    .collect();
                let want: Vec<u64> = median_by_sorting(v, window)
                    .iter()
                    .map(|x| x.to_bits())
                    .collect();
                assert_eq!(got, want, "window {window}, {n} values");
            }
        }
    }

    fn line_track(n: usize, dt: f64, grade: f64) -> Track {
        let mut t = Track::default();
        for i in 0..n {
            let x = i as f64 * 3.0 * dt;
            t.points.push(TrackPoint {
                time_s: Some(1.7e9 + i as f64 * dt),
                lat_deg: Some(46.0),
                lon_deg: Some(7.0 + x / (111_320.0 * 46f64.to_radians().cos())),
                altitude_m: Some(1000.0 - grade * x),
                ..TrackPoint::default()
            });
        }
        t.meta.altitude_source = AltitudeSource::Barometric;
        crate::clean::clean(&mut t);
        t
    }

    #[test]
    fn samples_kilometres_apart_are_not_resampled() {
        // 60 fixes 20 km apart (at 3 m/s, hours apart): 1180 km would be 236,000 grid
        // points for 60 samples. No profile, and no rep grid.
        let t = line_track(60, 20_000.0 / 3.0, 0.0);
        let span = t.points.last().unwrap().distance_m.unwrap();
        assert!(span > 1.0e6, "{span}");
        assert!(profile_of(&t).is_none());
        let reps = crate::reps::find_reps(
            &t,
            &crate::motion::compute_motion(&t, &Default::default()),
            &[],
            &crate::reps::RepParams::default(),
            &crate::descent::Bands::default(),
        );
        assert!(reps.reps.is_empty());
        // A normal track has well under one grid point per sample.
        assert!(profile_of(&line_track(200, 1.0, 0.1)).is_some());
    }

    #[test]
    fn a_straight_slope_keeps_its_grade_and_length() {
        let p = profile_of(&line_track(200, 1.0, 0.1)).unwrap();
        let len = p.distance_m.last().unwrap() - p.distance_m[0];
        assert!((len - 597.0).abs() < 10.0, "{len}");
        for g in &p.grade_pct[5..p.grade_pct.len() - 5] {
            assert!((g + 10.0).abs() < 0.05, "{g}");
        }
    }

    #[test]
    fn a_spike_is_removed() {
        let mut t = line_track(100, 1.0, 0.0);
        t.points[50].altitude_m = Some(1030.0);
        let p = profile_of(&t).unwrap();
        assert!(p.elevation_m.iter().all(|z| (z - 1000.0).abs() < 0.01));
    }

    #[test]
    fn a_pause_does_not_stretch_time() {
        let mut t = line_track(100, 1.0, 0.05);
        // Shift the second half 600 s later: a timer pause.
        for p in &mut t.points[50..] {
            p.time_s = p.time_s.map(|x| x + 600.0);
        }
        crate::clean::clean(&mut t);
        let p = profile_of(&t).unwrap();
        let mt = p.moving_time_s.unwrap();
        let steps: Vec<f64> = mt.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(steps.iter().all(|s| *s < 3.0), "{steps:?}");
        let ts = p.time_s.unwrap();
        assert!(ts.last().unwrap() - ts[0] > 600.0);
    }

    #[test]
    fn no_altitude_gives_no_profile() {
        let mut t = line_track(100, 1.0, 0.0);
        for p in &mut t.points {
            p.altitude_m = None;
        }
        assert!(profile_of(&t).is_none());
    }
}
