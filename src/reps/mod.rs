//! Recognize downhill reps: rep sets on one hill, and intervals inside one continuous
//! descent; pool every pass over a hill to grade it; describe each recovery.
//!
//! Three detectors feed one list of rep sets:
//! - [`shuttle`]: down and back up the same ground (turnarounds found from the horizontal
//!   track, oriented by the altitudes pooled over all passes);
//! - [`repeats`]: the same descent (same start, same end, same length within the GPS error)
//!   found again by the descent detector, with any return uphill between (lift, loop road);
//! - [`intervals`]: alternating fast / slow phases inside one long descent, from speed with
//!   hysteresis relative to the speeds within that descent (the fast phases are the reps).
//!
//! Then: each hill's grade is pooled over all its passes, down and up ([`hills`]); FIT laps
//! that match reps confirm them and cut their ends ([`laps`]); the runner's easy speed is
//! the median speed on near-flat ground outside the reps and recoveries.

mod build;
pub mod centerline;
mod easy;
mod extend;
pub mod geom;
pub mod hills;
pub mod intervals;
pub mod laps;
mod pool;
mod recovery;
pub mod repeats;
mod sets;
pub mod shuttle;
mod trim;

use serde::Serialize;

use crate::descent::{Bands, Descent};
use crate::motion::Motion;
use crate::track::Track;
use geom::Path;
pub use hills::{Hill, HillConfidence};
pub use intervals::IntervalParams;
pub use recovery::returned_within_m;
pub use repeats::RepeatParams;
pub use shuttle::ShuttleParams;

pub(crate) use build::{build_rep, speed_sd_mps};
use build::{relative_position_sd_m, sample_interval_s};
use easy::easy_speed;
use pool::{across_line_sd_m, measured_length_error, on_hill_line, pool_lengths};
pub(crate) use sets::{Cand, Group, Pass};

/// Rep-detection settings. See each field for the default and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RepParams {
    /// Settings of the shuttle detector (down and back up the same ground).
    pub shuttle: ShuttleParams,
    /// Settings of the repeat detector (the same descent found again).
    pub repeat: RepeatParams,
    /// Settings of the interval detector (fast / slow phases inside one descent).
    pub interval: IntervalParams,
    /// Standing at either end of a rep is trimmed below this speed. Default 1.0 m/s (a slow
    /// walk; GPS drift while standing is 0.1-0.3 m/s).
    pub standing_speed_mps: f64,
    /// Without cadence, a recovery slower than this is a walk. Default 1.9 m/s (brisk
    /// uphill walking is 1.2-1.7 m/s; a slow uphill jog is above 2).
    pub walk_speed_mps: f64,
    /// With cadence, below this is walking. Default 135 steps/min (walking 100-125,
    /// running 150+).
    pub walk_cadence_spm: f64,
    /// A return climbing faster than this is a lift. Default 0.7 m/s (2500 m/h; the best
    /// vertical-kilometre runners climb ~0.55 m/s).
    pub lift_vertical_mps: f64,
    /// A recovery ending within this distance (or 3 % of the rep's length) of the rep's start
    /// returned to it. Default 30 m (GPS error).
    pub returned_m: f64,
    /// A lap confirms a rep when they overlap by this fraction of their union. Default 0.5.
    pub lap_overlap: f64,
    /// A confirming lap cuts the rep to its own ends when they differ by at most this.
    /// Default 15 s: a lap pressed late is still the rep; a lap off by more is another
    /// structure.
    pub lap_cut_s: f64,
    /// Standard deviation of a GPS fix's horizontal error. Default 3 m: consumer watches on
    /// open ground or light forest (DOMAIN.md gives 2-5 m; worse under cliffs and canopy).
    pub position_sd_m: f64,
    /// Correlation time of that error: two fixes this far apart err independently, closer
    /// ones share most of their error. Default 60 s (the error wanders with the satellite
    /// geometry and multipath over tens of seconds to minutes).
    pub position_tau_s: f64,
    /// Reps of a set of at least this many are pooled for their length (see
    /// [`pool_lengths`]). Default 3: with two, the spread of the set says nothing of how
    /// much the reps really differ.
    pub pool_length_min_reps: usize,
    /// A rep whose own length lies further than this many standard deviations (its own
    /// measurement error and the set's true spread together) from the set's length keeps
    /// its own length: it was run differently (a rep run past the mark), not measured
    /// badly. Default 3.
    pub pool_length_outlier_sd: f64,
    /// How many reps' worth of evidence the prior GPS error ([`RepParams::position_sd_m`])
    /// weighs against the error a set shows across its line ([`pool::across_line_sd_m`]).
    /// Default 2: a set of three reps (two degrees of freedom) counts as much as the prior,
    /// a set of twelve five times more.
    pub position_prior_reps: f64,
}

impl Default for RepParams {
    fn default() -> Self {
        RepParams {
            shuttle: ShuttleParams::default(),
            repeat: RepeatParams::default(),
            interval: IntervalParams::default(),
            standing_speed_mps: 1.0,
            walk_speed_mps: 1.9,
            walk_cadence_spm: 135.0,
            lift_vertical_mps: 0.7,
            returned_m: 30.0,
            lap_overlap: 0.5,
            lap_cut_s: 15.0,
            position_sd_m: 3.0,
            position_tau_s: 60.0,
            pool_length_min_reps: 3,
            pool_length_outlier_sd: 3.0,
            position_prior_reps: 2.0,
        }
    }
}

/// How the rep was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RepSource {
    /// Down and back up the same ground.
    Shuttle,
    /// The same descent again, any way back up.
    Repeat,
    /// A fast phase inside one continuous descent.
    Interval,
}

/// How the runner got back up (or, for intervals, the slow phase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecoveryKind {
    /// On foot, below [`RepParams::walk_cadence_spm`] (or, without cadence, below
    /// [`RepParams::walk_speed_mps`]).
    Walk,
    /// On foot, at running cadence (or speed).
    Jog,
    /// Climbing faster than anyone on foot ([`RepParams::lift_vertical_mps`]): a ski lift,
    /// a car.
    Lift,
    /// Too little movement to be a way back (under 10 s or 20 m of moving).
    Stand,
    /// Back up on a bike, under the rider's own power (the file is a ride).
    Ride,
}

impl RecoveryKind {
    /// The lower-case name used in reports and plans: `walk`, `jog`, `lift`, `stand`, `ride`.
    pub fn name(self) -> &'static str {
        match self {
            RecoveryKind::Walk => "walk",
            RecoveryKind::Jog => "jog",
            RecoveryKind::Lift => "lift",
            RecoveryKind::Stand => "stand",
            RecoveryKind::Ride => "ride",
        }
    }
}

/// What followed a rep, up to the start of the next one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recovery {
    /// How the runner got back up.
    pub kind: RecoveryKind,
    /// Elapsed time.
    pub duration_s: f64,
    /// Horizontal distance covered, m.
    pub distance_m: f64,
    /// Height gained from its start to its end, 0 when it ended lower, m.
    pub gain_m: f64,
    /// Distance over moving time.
    pub avg_speed_mps: Option<f64>,
    /// `gain_m` over moving time, m/h; `None` when it did not move.
    pub vertical_speed_m_per_h: Option<f64>,
    /// Mean cadence, steps/min; `None` when the file records none.
    pub cadence_spm: Option<f64>,
    /// Mean heart rate over the recovery, when the file records it.
    pub heart_rate_bpm: Option<f64>,
    /// Highest heart rate over the recovery.
    pub heart_rate_max_bpm: Option<f64>,
    /// Whether it ended at the rep's start (within `returned_m`).
    pub returned_to_start: bool,
    /// How far from the rep's start it ended (none for intervals).
    pub end_from_start_m: Option<f64>,
    /// Standard deviation of `end_from_start_m` from GPS error and the recording interval.
    pub end_from_start_sd_m: f64,
    /// Ending within this of the start is back at the start ([`RepParams::returned_m`], or
    /// 3 % of the rep's length).
    pub return_radius_m: f64,
    /// Whether it went back up the ground of the rep.
    pub same_ground: bool,
}

/// One repetition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rep {
    /// 1-based within its set.
    pub index: usize,
    /// Which hill (1-based) the rep was run on.
    pub hill: usize,
    /// Which rep set (1-based).
    pub set: usize,
    /// When the rep began (its first sample), s since the Unix epoch.
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    /// When the rep ended (its last sample), s since the Unix epoch.
    #[serde(rename = "end", serialize_with = "crate::report::ser_time")]
    pub end_s: Option<f64>,
    /// Horizontal length.
    pub distance_m: f64,
    /// Standard deviation of `distance_m`: GPS error between the two ends and where between
    /// two samples each end lies ([`RepParams::position_sd_m`], the recording interval).
    pub distance_sd_m: f64,
    /// Drop of this pass.
    pub drop_m: f64,
    /// The hill's pooled grade (shuttles, repeats, and intervals on GPS altitude), or this
    /// pass's own grade (intervals on barometric altitude). `band` is the band of this grade.
    pub grade_pct: f64,
    /// This pass's own drop / length.
    pub pass_grade_pct: f64,
    /// The grade band of `grade_pct` ([`Bands::label`], e.g. `8-10`).
    pub band: String,
    /// Moving time.
    pub duration_s: Option<f64>,
    /// Standard deviation of `duration_s`: each end lies somewhere between two samples.
    pub duration_sd_s: f64,
    /// `distance_m` over moving time, m/s; `None` when the rep has no moving time.
    pub avg_speed_mps: Option<f64>,
    /// Standard deviation of `avg_speed_mps`, from those of the length and the duration.
    pub avg_speed_sd_mps: Option<f64>,
    /// Fastest net speed over 5 s inside the rep (a short rep from a standing start spends
    /// much of its length accelerating and braking; this is the speed it reached).
    pub max_speed_mps: Option<f64>,
    /// Mean cadence over the rep, steps/min; `None` when the file records none.
    pub cadence_spm: Option<f64>,
    /// Mean heart rate over the rep, when the file records it.
    pub heart_rate_bpm: Option<f64>,
    /// Highest heart rate over the rep.
    pub heart_rate_max_bpm: Option<f64>,
    /// Grade-adjusted (flat-equivalent) speed: `avg_speed_mps` on `grade_pct`, the hill's
    /// pooled grade. None off foot, and where it would pass what a runner can do.
    pub gap_speed_mps: Option<f64>,
    /// Which detector found it.
    pub source: RepSource,
    /// Index of the descent (in `descents`) this rep lies in, when one does.
    pub descent: Option<usize>,
    /// Index (1-based) of the FIT lap that confirms it.
    pub lap: Option<usize>,
    /// What followed the rep up to the next one; `None` after the last rep of a set.
    pub recovery: Option<Recovery>,
}

/// A set of reps on one hill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepSet {
    /// 1-based, in order of the first rep.
    pub index: usize,
    /// Which hill (1-based) it was run on.
    pub hill: usize,
    /// Which detector found its reps.
    pub source: RepSource,
    /// How many reps it holds.
    pub reps: usize,
}

/// Everything the rep stage found.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RepAnalysis {
    /// Every rep of every set, in time order.
    pub reps: Vec<Rep>,
    /// The rep sets, each on one hill.
    pub rep_sets: Vec<RepSet>,
    /// The hills the sets were run on, each graded over all its passes.
    pub hills: Vec<Hill>,
    /// The runner's easy speed in this file: median speed on near-flat ground outside reps
    /// and recoveries.
    pub easy_speed_mps: Option<f64>,
    /// Remarks for people on how the reps were measured (laps confirming reps, pooled GPS
    /// grades); lengths and speeds in them stay numbers.
    pub rep_notes: Vec<crate::phrase::Phrase>,
}

fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Find the reps among `descents`, on `track`.
pub fn find_reps(
    track: &Track,
    motion: &Motion,
    descents: &[Descent],
    params: &RepParams,
    bands: &Bands,
) -> RepAnalysis {
    let path = Path::from_track(track, motion);
    if path.len() < 10 {
        return RepAnalysis::default();
    }
    let fine = motion.altitude.fine;
    let groups = sets::find_groups(&path, descents, fine, params);
    let hill_list = hills::pool(&path, &groups, fine, &params.shuttle, bands);
    let mut out = RepAnalysis {
        hills: hill_list.hills,
        ..Default::default()
    };
    for (gi, g) in groups.iter().enumerate() {
        let hill = hill_list.of_group[gi];
        let h = &out.hills[hill - 1];
        let set_no = gi + 1;
        out.rep_sets.push(RepSet {
            index: set_no,
            hill,
            source: g.source,
            reps: g.reps.len(),
        });
        // Shuttles and repeats of three or more reps are measured along one line: the rep
        // of median length, the set's most typical pass.
        let line = (g.source != RepSource::Interval && g.reps.len() >= 3)
            .then(|| {
                let mut by_len: Vec<(f64, usize)> = g
                    .reps
                    .iter()
                    .enumerate()
                    .map(|(k, c)| (path.length(c.a, c.b), k))
                    .collect();
                by_len.sort_by(|x, y| x.0.total_cmp(&y.0));
                let c = &g.reps[by_len[by_len.len() / 2].1];
                centerline::Centerline::from_pass(&path, c.a, c.b)
            })
            .flatten();
        let set_first = out.reps.len();
        for (k, c) in g.reps.iter().enumerate() {
            let mut rep = build_rep(&path, c, params);
            if let Some(along) = line.as_ref().and_then(|l| l.between(&path, c.a, c.b)) {
                on_hill_line(&mut rep, along, path.length(c.a, c.b));
            }
            rep.index = k + 1;
            rep.hill = hill;
            rep.set = set_no;
            let own_ok = c.source == RepSource::Interval && fine && rep.distance_m >= 50.0;
            rep.grade_pct = if own_ok {
                rep.pass_grade_pct
            } else {
                h.grade_pct
            };
            rep.band = bands.label(rep.grade_pct);
            if let Some(r) = rep.recovery.as_mut() {
                if c.source != RepSource::Interval
                    && let Some((_, rb, _)) = c.rec
                {
                    r.end_from_start_m = path.dist(rb, c.a);
                    let quantum = path.speed[rb] * sample_interval_s(&path, rb) / 12f64.sqrt();
                    r.end_from_start_sd_m =
                        relative_position_sd_m(params, path.t[rb] - path.t[c.a]).hypot(quantum);
                }
                r.return_radius_m = returned_within_m(params, rep.distance_m);
                r.returned_to_start = r.end_from_start_m.is_some_and(|d| d <= r.return_radius_m);
                if r.kind == RecoveryKind::Walk && c.source == RepSource::Interval {
                    r.kind = RecoveryKind::Jog;
                }
            }
            rep.descent = descents
                .iter()
                .find(|d| match (d.start_s, d.end_s, rep.start_s, rep.end_s) {
                    (Some(d0), Some(d1), Some(r0), Some(r1)) => {
                        overlap(d0, d1, r0, r1) >= 0.5 * (r1 - r0).max(1e-9)
                    }
                    _ => false,
                })
                .map(|d| d.index);
            out.reps.push(rep);
        }
        if g.source != RepSource::Interval {
            let ends: Vec<_> = g
                .reps
                .iter()
                .filter_map(|c| path.raw_xy[c.a].zip(path.raw_xy[c.b]))
                .collect();
            let prior: Vec<f64> = g
                .reps
                .iter()
                .map(|c| relative_position_sd_m(params, path.t[c.b] - path.t[c.a]))
                .collect();
            let across = (ends.len() == g.reps.len())
                .then(|| across_line_sd_m(&ends))
                .flatten();
            measured_length_error(&mut out.reps[set_first..], &prior, across, params);
            pool_lengths(&mut out.reps[set_first..], params);
        }
    }
    let n_laps = laps::apply(&path, track, &mut out.reps, params);
    if n_laps > 0 {
        out.rep_notes.push(
            format!(
                "{n_laps} of {} confirmed by the laps in the file",
                crate::report::count(out.reps.len(), "rep", "reps")
            )
            .into(),
        );
    }
    out.easy_speed_mps = easy_speed(&path, &groups);
    if !fine && !out.hills.is_empty() {
        out.rep_notes.push(
            "GPS altitude: rep grades are pooled over every pass of the hill (down and up)".into(),
        );
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
