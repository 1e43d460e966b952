//! Find every descent on the smoothed profile and grade it; slope bands.
//!
//! Method: a hysteresis state machine on the smoothed [`Profile`] (as GoldenCheetah and
//! Runalyze do for climbs, turned downhill and with thresholds small enough for 80 m reps):
//! a descent opens where the grade falls below `-enter_grade_pct`, grows while the
//! elevation keeps making new lows at an average grade of at least `exit_grade_pct`, and
//! closes at its lowest point once the profile has risen `max_rise_m` above it or gone
//! `max_flat_m` without a new low. The top is found the same way walking backwards. Each
//! end is then placed by a least-squares hinge fit (two straight lines meeting at a knot,
//! continuous) on the despiked but unsmoothed profile, so the smoothing does not round the
//! ends off: the reported drop is the difference of the fitted elevations at the knots and
//! the grade is that drop over the horizontal length (DOMAIN.md).

mod bands;
mod hinge;
mod locate;
mod measure;

pub use bands::Bands;
pub use locate::{Located, locate_descents};

use serde::Serialize;

use crate::profile::Profile;
use crate::track::Track;
use measure::{PointsByTime, measure};

/// Descent-detection settings. Each default says why it has its value.
#[derive(Debug, Clone, PartialEq)]
pub struct DescentParams {
    /// Shortest descent reported. Default 60 m: the article's shortest reps are 80 m and the
    /// measured length may come out short (GPS cuts corners), so 60 m keeps them with margin
    /// while single steep ramps shorter than a rep are left out.
    pub min_length_m: f64,
    /// Smallest net drop. Default 4 m: an 80 m rep at 8 % drops 6.4 m; barometric noise
    /// after smoothing is ~0.1 m, so 4 m is far above noise, and GPS wander of a few metres
    /// on flat ground mostly stays below it.
    pub min_drop_m: f64,
    /// Smallest net grade. Default 4 %: flatter than that a runner runs as on the flat
    /// (the gentle band starts well above it, and GAP factors differ by < 10 %).
    pub min_grade_pct: f64,
    /// A descent opens where the smoothed grade is at least this steep. Default 3 %: below
    /// `min_grade_pct`, so a descent's start is not missed, but 8x the ~0.4 pp grade noise
    /// of barometric data.
    pub enter_grade_pct: f64,
    /// A new low extends the descent only if reached at this average grade from the last
    /// one. Default 1.5 %: weather drift (up to 8 m/h, < 0.1 % at running speed) and noise
    /// on a flat do not extend a descent; a gentle run-out does.
    pub exit_grade_pct: f64,
    /// Longest flat (no new low) a descent may contain. Default 40 m: a hairpin landing, a
    /// bridge or a short level stretch inside one trail descent; longer and the runner has
    /// reached the bottom.
    pub max_flat_m: f64,
    /// A run-in or run-out less steep than this fraction of the descent's grade (and than
    /// `runout_max_pct`) is the flat before or after it, not part of it. Default 0.3: a 14 %
    /// descent ends where a 2 % run-out begins, while a 5 % trail descent keeps its 1.5 %
    /// stretches.
    pub runout_ratio: f64,
    /// The steepest grade a run-out can have. Default 2.5 %: gentler than anything a runner
    /// calls a descent (`min_grade_pct` 4 %), so a steep top and its runnable 4-6 % lower
    /// part stay one descent.
    pub runout_max_pct: f64,
    /// An end this close to a stop (standing, pause) moves to it. Default 20 m: reps start
    /// from standing at the top and end standing at the bottom; the ends found on the
    /// profile may miss the stop by a few grid steps where the terrain is gently rounded.
    pub stop_snap_m: f64,
    /// Largest rise a descent may contain. Default 1.5 m: trail bumps and roots; more is a
    /// climb and splits the descent.
    pub max_rise_m: f64,
    /// Steepest net grade a runner can run down. Default 60 % (31 degrees): the steepest
    /// raced descents (vertical-kilometre and skyrace courses) average 30-50 %; steeper is
    /// scrambling, so a steeper "descent" is an altitude artefact (GPS altitude settling,
    /// a course file's plateau-then-step altitude).
    pub max_runnable_grade_pct: f64,
    /// Fastest vertical descent on foot. Default 2.0 m/s: the fastest race descents reach
    /// ~1.4 m/s vertical (DOMAIN.md); the margin covers a short steep burst. Faster is an
    /// altitude artefact (a barometric step, GPS altitude settling at the start).
    pub max_vertical_mps: f64,
    /// Fastest vertical descent in a sport off foot (a bike, skis). Default 10 m/s: a
    /// downhill racer at 20 m/s down 45 % (world-cup downhill skiing drops ~6 m/s); faster is
    /// an altitude artefact on any sport.
    pub max_vertical_mps_off_foot: f64,
    /// Fastest average speed down a descent on foot. Default 9.0 m/s (32 km/h): the 400 m
    /// world record averages 9.3 m/s on the flat and steep ground slows a runner; faster
    /// is a bike or a vehicle, whatever the file calls the sport.
    pub max_foot_speed_mps: f64,
    /// On coarse altitude a single descent is banded only when its drop is at least this
    /// many standard deviations of the altitude's drop noise
    /// ([`crate::altitude::AltitudeJudgement::drop_sd_m`]). Default 2.5: one window makes
    /// such a drop from noise alone about 1 time in 160, but the detector looks at every
    /// window of a run and keeps the ones that drop: at 2.0 the flat and rolling GPS runs of
    /// `tools/indsim` listed 1.36 banded 8 %+ descents per 10 km where none exists, at 2.5
    /// 0.84. Below it the descent is listed as not measurable from this altitude (repeated
    /// passes are still pooled into a hill's grade).
    pub band_min_drop_sd: f64,
    /// The most a runner sustains, as flat-equivalent km per hour ("km-effort": km plus
    /// 1 km per 100 m climbed) over a whole session of the given elapsed hours, log-
    /// interpolated between the points. Default: the world records with about 10 % to spare:
    /// 26 over 1 h (10 km in 26:11 is 22.9 km/h; a vertical kilometre in 29 min is about
    /// 25), 23 over 2 h (marathon 21.1 km/h), 18.5 over 6 h (100 km in 6:05, 16.4 km/h),
    /// 14.5 over 24 h (319 km). A session beyond it was not run as recorded: a course's
    /// pace model (`tools/` course files make 72 km and +5800 m in 5 h), a vehicle, or a
    /// clock error; it gets its descents and bands, no GAP and no running verdict.
    pub sustained_km_effort_per_h: [(f64, f64); 4],
    /// Sessions shorter than this (elapsed h) are not judged by
    /// [`Self::sustained_km_effort_per_h`]: a short file's speed is one effort, and a few
    /// minutes of a bad clock say little.
    pub sustained_min_h: f64,
}

impl DescentParams {
    /// The most km-effort per hour a runner sustains over `hours` (see
    /// [`Self::sustained_km_effort_per_h`]).
    pub fn sustained_limit(&self, hours: f64) -> f64 {
        let c = &self.sustained_km_effort_per_h;
        if hours <= c[0].0 {
            return c[0].1;
        }
        for w in c.windows(2) {
            let ((h0, v0), (h1, v1)) = (w[0], w[1]);
            if hours <= h1 {
                let f = (hours.ln() - h0.ln()) / (h1.ln() - h0.ln());
                return v0 + f * (v1 - v0);
            }
        }
        c[c.len() - 1].1
    }
}

/// Why a descent was set aside as no runner's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Implausible {
    /// Steeper than [`DescentParams::max_runnable_grade_pct`].
    TooSteep,
    /// Faster down than [`DescentParams::max_vertical_mps`].
    TooFastVertically,
}

/// Whether descent `d` could have been made as recorded, on foot (`on_foot`) or in another
/// sport: `None` when it could, else why not. The grade limit holds for every sport (the
/// ground is the same), the vertical speed limit is the sport's.
pub fn implausible(d: &Descent, params: &DescentParams, on_foot: bool) -> Option<Implausible> {
    if d.grade_pct > params.max_runnable_grade_pct {
        return Some(Implausible::TooSteep);
    }
    let vertical_mps = d.vertical_speed_m_per_h.map(|v| v / 3600.0);
    let limit = if on_foot {
        params.max_vertical_mps
    } else {
        params.max_vertical_mps_off_foot
    };
    if vertical_mps.is_some_and(|v| v > limit) {
        return Some(Implausible::TooFastVertically);
    }
    None
}

impl Default for DescentParams {
    fn default() -> Self {
        DescentParams {
            min_length_m: 60.0,
            min_drop_m: 4.0,
            min_grade_pct: 4.0,
            enter_grade_pct: 3.0,
            exit_grade_pct: 1.5,
            max_flat_m: 40.0,
            runout_ratio: 0.3,
            runout_max_pct: 2.5,
            stop_snap_m: 20.0,
            max_rise_m: 1.5,
            max_runnable_grade_pct: 60.0,
            max_vertical_mps: 2.0,
            max_vertical_mps_off_foot: 10.0,
            max_foot_speed_mps: 9.0,
            band_min_drop_sd: 2.5,
            sustained_km_effort_per_h: [(1.0, 26.0), (2.0, 23.0), (6.0, 18.5), (24.0, 14.5)],
            sustained_min_h: 0.5,
        }
    }
}

/// How far a descent's grade can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Barometric or terrain-model altitude.
    High,
    /// GPS altitude alone: +-3 % over 200 m; short descents may be mis-banded.
    Low,
}

/// One descent. Times in seconds since the epoch; rendered as RFC 3339 in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Descent {
    /// 1-based, in order of the run.
    pub index: usize,
    /// When the runner left the top (after any stop there); `None` without times.
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    /// When the runner reached the bottom (before any stop there); `None` without times.
    #[serde(rename = "end", serialize_with = "crate::report::ser_time")]
    pub end_s: Option<f64>,
    /// Along-track distance of the start from the start of the activity (the motion's).
    pub start_distance_m: f64,
    /// Horizontal length.
    pub distance_m: f64,
    /// Net drop, positive.
    pub drop_m: f64,
    /// Net drop / horizontal length x 100.
    pub grade_pct: f64,
    /// Steepest 50 m inside the descent.
    pub max_grade_pct: f64,
    /// The grade band of `grade_pct` ([`Bands::label`], e.g. `8-10`).
    pub band: String,
    /// Moving time from start to end (pauses excluded).
    pub duration_s: Option<f64>,
    /// `distance_m` over `duration_s`, m/s; `None` without moving time.
    pub avg_speed_mps: Option<f64>,
    /// Vertical descent rate, m/h.
    pub vertical_speed_m_per_h: Option<f64>,
    /// Flat-equivalent speed from the GAP model named in the report; `None` off foot.
    pub gap_speed_mps: Option<f64>,
    /// Run or walked: the leg's sport is a foot sport and the speed one a runner can hold
    /// (see [`DescentParams::max_foot_speed_mps`]). Off foot a descent keeps its band (the
    /// ground's) but gets no GAP and no rep.
    pub on_foot: bool,
    /// Mean cadence of the samples inside, steps/min; `None` when the file records none.
    pub cadence_spm: Option<f64>,
    /// Mean ground contact time of the samples inside, s; `None` when the file records none.
    pub stance_time_s: Option<f64>,
    /// How far the drop and grade can be trusted: high on fine-grained altitude.
    pub confidence: Confidence,
    /// Latitude at the top, degrees; `None` when that point has no fix.
    pub start_lat_deg: Option<f64>,
    /// Longitude at the top, degrees; `None` when that point has no fix.
    pub start_lon_deg: Option<f64>,
    /// Latitude at the bottom, degrees; `None` when that point has no fix.
    pub end_lat_deg: Option<f64>,
    /// Longitude at the bottom, degrees; `None` when that point has no fix.
    pub end_lon_deg: Option<f64>,
    /// Profile grid indices (inclusive start, inclusive end), for later stages.
    #[serde(skip)]
    pub grid_range: (usize, usize),
}

/// Find the descents of `profile` (see the module docs).
pub fn find_descents(
    profile: &Profile,
    track: &Track,
    params: &DescentParams,
    bands: &Bands,
) -> Vec<Descent> {
    let by_time = PointsByTime::new(track);
    locate_descents(profile, params)
        .into_iter()
        .enumerate()
        .map(|(k, at)| measure(profile, track, &by_time, &at, k + 1, params, bands))
        .collect()
}

/// Linear interpolation of `v` (on the grid `d`) at distance `x`.
fn interp(d: &[f64], v: &[f64], x: f64) -> f64 {
    let n = d.len().min(v.len());
    if n == 0 {
        return f64::NAN;
    }
    let i = d[..n].partition_point(|&di| di <= x);
    if i == 0 {
        return v[0];
    }
    if i >= n {
        return v[n - 1];
    }
    let f = (x - d[i - 1]) / (d[i] - d[i - 1]);
    v[i - 1] + f * (v[i] - v[i - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sustained_effort_limit_falls_with_hours_through_its_points() {
        let p = DescentParams::default();
        for &(h, v) in &p.sustained_km_effort_per_h {
            assert!((p.sustained_limit(h) - v).abs() < 1e-9, "{h} h");
        }
        assert_eq!(p.sustained_limit(0.25), p.sustained_km_effort_per_h[0].1);
        assert_eq!(p.sustained_limit(72.0), p.sustained_km_effort_per_h[3].1);
        let mut last = f64::INFINITY;
        for k in 1..200 {
            let v = p.sustained_limit(k as f64 * 0.2);
            assert!(v <= last, "not falling at {} h", k as f64 * 0.2);
            last = v;
        }
        // 4 h lies between the 2 h and 6 h points, on the log-hours line.
        let f = (4f64.ln() - 2f64.ln()) / (6f64.ln() - 2f64.ln());
        assert!((p.sustained_limit(4.0) - (23.0 + f * (18.5 - 23.0))).abs() < 1e-9);
    }
}
