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

pub mod centerline;
pub mod geom;
pub mod hills;
pub mod intervals;
pub mod laps;
pub mod repeats;
pub mod shuttle;

use serde::Serialize;

use crate::descent::{Bands, Descent};
use crate::motion::Motion;
use crate::track::Track;
use geom::{Path, median};
pub use hills::{Hill, HillConfidence};
pub use intervals::IntervalParams;
pub use repeats::RepeatParams;
pub use shuttle::ShuttleParams;

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

/// A rep before numbering: sample range of the path, plus what it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub a: usize,
    pub b: usize,
    pub source: RepSource,
    /// Recovery sample range and whether it retraced the rep.
    pub rec: Option<(usize, usize, bool)>,
}

/// One pass over a hill (sample range of the path); open ends came or went in line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pass {
    pub a: usize,
    pub b: usize,
    pub open_start: bool,
    pub open_end: bool,
}

impl Pass {
    /// A pass whose ends are known (a descent's): the turnaround search does not move them
    /// outwards.
    fn fixed(a: usize, b: usize) -> Pass {
        Pass {
            a,
            b,
            open_start: true,
            open_end: true,
        }
    }
}

/// A group of reps (one set) with the passes over its hill.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub reps: Vec<Cand>,
    pub down: Vec<Pass>,
    pub up: Vec<Pass>,
    pub source: RepSource,
}

/// Drop standing from both ends of `a..=b`: the rep starts when the runner last leaves the
/// ground near its start (within a third of its length, 15-40 m) after a stop there
/// (slow, or a recording gap covering no distance: it belongs to the recovery), and ends when
/// first stopping near its end.
impl Group {
    /// First and last sample of all its passes.
    fn span(&self) -> (usize, usize) {
        let all = self.down.iter().chain(self.up.iter());
        let a = all.clone().map(|p| p.a).min().unwrap_or(0);
        let b = all.map(|p| p.b).max().unwrap_or(0);
        (a, b)
    }
}

fn trim(path: &Path, a: usize, b: usize, v_min: f64) -> (usize, usize) {
    let still = |i: usize, j: usize| {
        let dt = path.t[j] - path.t[i];
        dt > 3.0 && path.raw_dist(i, j).unwrap_or(path.s[j] - path.s[i]) < v_min * dt
    };
    let reach_m = (0.35 * path.length(a, b)).clamp(15.0, 40.0);
    let near = |i: usize, j: usize| {
        path.raw_dist(i, j)
            .unwrap_or(path.s[j.max(i)] - path.s[j.min(i)])
            <= reach_m
    };
    // One-sided speeds, towards the inside of the rep: a turnaround sample (out and back
    // around it, so its centred displacement is small) is where the rep starts or ends, not
    // standing; only a slow approach to the end (or a slow leaving of the start) is.
    let inward = |j: usize, forward: bool| -> f64 {
        let k = if forward {
            path.t
                .partition_point(|&t| t < path.t[j] + 2.0)
                .clamp(j + 1, path.len() - 1)
        } else {
            path.t
                .partition_point(|&t| t <= path.t[j] - 2.0)
                .saturating_sub(1)
                .min(j.saturating_sub(1))
        };
        let (i0, i1) = (j.min(k), j.max(k));
        let dt = path.t[i1] - path.t[i0];
        if dt <= 0.0 {
            return 0.0;
        }
        path.raw_dist(i0, i1).unwrap_or(path.s[i1] - path.s[i0]) / dt
    };
    let mut a2 = a;
    let mut j = a;
    while j + 1 < b && near(a, j) {
        if inward(j, true) < v_min || still(j, j + 1) {
            a2 = j + 1;
        }
        j += 1;
    }
    let mut b2 = b;
    let mut j = b;
    while j > a2 + 1 && near(b, j) {
        if inward(j, false) < v_min || still(j - 1, j) {
            b2 = j - 1;
        }
        j -= 1;
    }
    if b2 <= a2 {
        return (a, b);
    }
    // A rep is run without stopping: a stand further in but still near the start (the
    // runner walked or jogged down to the start mark and waited there) is where the rep
    // really starts. Not at the end: going on downhill after a stop near the bottom is the
    // same descent finished (a rider waiting on the trail, a runner letting someone pass).
    cut_at_start_stand(path, a2, b2, v_min)
}

/// A stand inside a rep: at least this long.
const REP_STAND_MIN_S: f64 = 10.0;

/// `a..=b` without the part before the last stand in its first stretch (a quarter of the
/// rep's length, at most 250 m).
fn cut_at_start_stand(path: &Path, a: usize, b: usize, v_min: f64) -> (usize, usize) {
    let reach_m = (0.25 * (path.s[b] - path.s[a])).min(250.0);
    // Standing: the net displacement over +-5 s is under half of v_min (GPS wander and
    // jitter move a standing fix by 1-3 m in 10 s; a slow walk covers 10 m).
    let slow = |k: usize| path.displacement_speed(k, 5.0) < 0.5 * v_min;
    // Runs of standing samples lasting REP_STAND_MIN_S or more, whose ends lie within
    // 0.5 v_min x their duration of each other.
    let mut stands = Vec::new();
    let mut k = a;
    while k < b {
        if !slow(k) {
            k += 1;
            continue;
        }
        let start = k;
        while k < b && slow(k) {
            k += 1;
        }
        let dt = path.t[k] - path.t[start];
        let net = path.raw_dist(start, k).unwrap_or(path.s[k] - path.s[start]);
        if dt >= REP_STAND_MIN_S && net < 0.5 * v_min * dt {
            stands.push((start, k));
        }
    }
    let head = stands
        .iter()
        .filter(|s| path.s[s.1] - path.s[a] <= reach_m)
        .map(|s| s.1)
        .max();
    match head {
        Some(a2) if b > a2 && path.s[b] - path.s[a2] >= 0.5 * (path.s[b] - path.s[a]) => (a2, b),
        _ => (a, b),
    }
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
    let mut groups = Vec::new();
    for sh in shuttle::find_shuttles(&path, &params.shuttle) {
        let mut g = Group {
            reps: Vec::new(),
            down: Vec::new(),
            up: Vec::new(),
            source: RepSource::Shuttle,
        };
        for (i, leg) in sh.legs.iter().enumerate() {
            if i % 2 == sh.down_parity {
                let (a, b) = path.extremes(leg.a, leg.b, leg.open_start, leg.open_end);
                let (a, b) = trim(&path, a, b, params.standing_speed_mps);
                let rec = sh.legs.get(i + 1).map(|n| (b, n.b, true));
                g.reps.push(Cand {
                    a,
                    b,
                    source: RepSource::Shuttle,
                    rec,
                });
                g.down.push(Pass {
                    a: leg.a,
                    b: leg.b,
                    open_start: leg.open_start,
                    open_end: leg.open_end,
                });
            } else {
                g.up.push(Pass {
                    a: leg.a,
                    b: leg.b,
                    open_start: leg.open_start,
                    open_end: leg.open_end,
                });
            }
        }
        // Remnants of trimming (a few metres between two stops) are no reps.
        g.reps
            .retain(|c| path.length(c.a, c.b) >= 0.6 * params.shuttle.min_leg_m);
        if g.reps.len() < 2 {
            continue;
        }
        // A recovery ends where the next rep starts.
        for k in 0..g.reps.len().saturating_sub(1) {
            let next_a = g.reps[k + 1].a;
            if let Some(r) = g.reps[k].rec.as_mut() {
                r.1 = next_a;
            }
        }
        groups.push(g);
    }
    // Descents already inside a shuttle rep are not searched again.
    // (With GPS altitude a descent may span two short reps and the walk between.)
    let covered = |t0: f64, t1: f64, groups: &[Group]| {
        groups.iter().any(|g| {
            let (a, b) = g.span();
            overlap(t0, t1, path.t[a], path.t[b]) >= 0.5 * (t1 - t0).max(1e-9)
        })
    };
    let usable: Vec<bool> = descents
        .iter()
        .map(|d| match (d.start_s, d.end_s) {
            (Some(a), Some(b)) => !covered(a, b, &groups),
            _ => false,
        })
        .collect();
    let h = if fine { 1.0 } else { 5.0 };
    // A descent cut by stops (a rider or runner waiting on the trail) is one pass when it
    // goes on down: the chained pieces are candidates beside the pieces themselves.
    let (passes, pass_usable) = repeats::with_chains(&path, descents, &usable, h, &params.repeat);
    let descents_in = descents;
    let descents = &passes[..];
    for set in repeats::find_repeats(&path, descents, &pass_usable, h, &params.repeat) {
        let mut g = Group {
            reps: Vec::new(),
            down: Vec::new(),
            up: Vec::new(),
            source: RepSource::Repeat,
        };
        let ranges: Vec<(usize, usize)> = set
            .iter()
            .filter_map(|&i| {
                Some((
                    path.at_time(descents[i].start_s?),
                    path.at_time(descents[i].end_s?),
                ))
            })
            .collect();
        for (k, &(a, b)) in ranges.iter().enumerate() {
            let (a, b) = trim(&path, a, b, params.standing_speed_mps);
            let rec = ranges.get(k + 1).map(|n| (b, n.0, false));
            g.reps.push(Cand {
                a,
                b,
                source: RepSource::Repeat,
                rec,
            });
            g.down.push(Pass::fixed(a, b));
        }
        groups.push(g);
    }
    let descents = descents_in;
    // The last rep of a set may have no way back up after it (the session ends at the bottom):
    // a descent after the set, from the set's top to its bottom and as long as its reps, is
    // one more rep, with no recovery.
    let in_time_order = descents.iter().all(|d| d.start_s.is_some())
        && descents
            .windows(2)
            .all(|w| w[0].start_s.zip(w[1].start_s).is_some_and(|(a, b)| a <= b));
    for gi in 0..groups.len() {
        add_final_rep(&path, descents, in_time_order, &mut groups, gi, params);
    }
    // Intervals: inside long reps, and inside long descents that are no rep.
    // Reps of a set are long reps unless the alternation inside is strong and regular.
    let set_interval = params.interval.for_set_reps();
    for g in groups.iter_mut() {
        let mut out = Vec::new();
        let mut any = false;
        for c in &g.reps {
            match intervals::find_phases(&path, c.a, c.b, &set_interval) {
                Some(ph) => {
                    any = true;
                    out.extend(phases_to_cands(&ph));
                }
                None => out.push(c.clone()),
            }
        }
        if any {
            g.reps = out;
            g.source = RepSource::Interval;
        }
    }
    for d in descents {
        let (Some(t0), Some(t1)) = (d.start_s, d.end_s) else {
            continue;
        };
        let inside = groups.iter().any(|g| {
            let (a, b) = g.span();
            overlap(t0, t1, path.t[a], path.t[b]) >= 0.5 * (t1 - t0).max(1e-9)
        });
        if inside {
            continue;
        }
        let (a, b) = (path.at_time(t0), path.at_time(t1));
        if let Some(ph) = intervals::find_phases(&path, a, b, &params.interval) {
            groups.push(Group {
                reps: phases_to_cands(&ph),
                down: vec![Pass::fixed(a, b)],
                up: Vec::new(),
                source: RepSource::Interval,
            });
        }
    }
    groups.sort_by_key(|g| g.reps.first().map(|c| c.a).unwrap_or(0));
    groups.retain(|g| !g.reps.is_empty());
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

/// The reps of one set run between the same marks: each rep's measured length is its true
/// length plus a measurement error of known size (`distance_sd_m`: GPS error of the two ends,
/// where between samples each end lies). The set tells how much the true lengths differ
/// (the spread of the measured lengths beyond what the measurement errors explain), and
/// each rep's length is estimated from both its own measurement and the set's (the best
/// linear unbiased predictor of a random-effects model: the own length weighted by
/// `tau^2 / (tau^2 + sd^2)`, where `tau` is the set's true spread). A rep far outside the
/// set (`pool_length_outlier_sd`) keeps its own length. Speeds and own grades follow the
/// new lengths; `distance_sd_m` becomes the standard deviation of the estimate.
pub(crate) fn pool_lengths(reps: &mut [Rep], params: &RepParams) {
    if reps.len() < params.pool_length_min_reps.max(2) {
        return;
    }
    let lens: Vec<f64> = reps.iter().map(|r| r.distance_m).collect();
    let Some(center) = median(&lens) else { return };
    // Robust spread of the measured lengths (MAD x 1.4826: one rep run past the mark does
    // not make the whole set look spread).
    let dev: Vec<f64> = lens.iter().map(|l| (l - center).abs()).collect();
    let Some(mad) = median(&dev) else { return };
    let spread_sd = 1.4826 * mad;
    let mean_var = reps.iter().map(|r| r.distance_sd_m.powi(2)).sum::<f64>() / reps.len() as f64;
    let tau2 = (spread_sd.powi(2) - mean_var).max(0.0);
    // The set's length: the mean of the reps weighted by their precision (as the hill's
    // grade is pooled), without the outliers; its own standard error.
    let inlier = |r: &Rep| {
        (r.distance_m - center).abs()
            <= params.pool_length_outlier_sd * (tau2 + r.distance_sd_m.powi(2)).sqrt()
    };
    let (mut wsum, mut wlen) = (0.0, 0.0);
    for r in reps.iter().filter(|r| inlier(r)) {
        let w = 1.0 / (tau2 + r.distance_sd_m.powi(2)).max(1e-6);
        wsum += w;
        wlen += w * r.distance_m;
    }
    if wsum <= 0.0 {
        return;
    }
    let set_m = wlen / wsum;
    let set_var = 1.0 / wsum;
    for r in reps.iter_mut() {
        if !inlier(r) || r.distance_m <= 0.0 {
            continue;
        }
        let own_var = r.distance_sd_m.powi(2);
        let k = if tau2 + own_var > 0.0 {
            tau2 / (tau2 + own_var)
        } else {
            1.0
        };
        let d = set_m + k * (r.distance_m - set_m);
        if d <= 0.0 {
            continue;
        }
        let sd = (k * own_var + (1.0 - k).powi(2) * set_var).sqrt();
        let scale = d / r.distance_m;
        r.distance_m = d;
        r.distance_sd_m = sd;
        r.pass_grade_pct = r.drop_m / d * 100.0;
        r.avg_speed_mps = r.avg_speed_mps.map(|v| v * scale);
        r.avg_speed_sd_mps = speed_sd_mps(r.avg_speed_mps, d, sd, r.duration_s, r.duration_sd_s)
            .or(r.avg_speed_sd_mps);
    }
}

/// Measure `rep` along its hill's line: `along` metres between its projected ends instead
/// of `path_m` along its own path (the turnaround extension is kept). Not when the two
/// disagree by half: then the rep is not on that line.
fn on_hill_line(rep: &mut Rep, along: f64, path_m: f64) {
    if !(0.5 * path_m..=1.5 * path_m).contains(&along) {
        return;
    }
    let ext = rep.distance_m - path_m;
    let d = along + ext;
    if d <= 0.0 {
        return;
    }
    let scale = d / rep.distance_m.max(1e-9);
    rep.distance_m = d;
    rep.pass_grade_pct = rep.drop_m / d * 100.0;
    rep.avg_speed_mps = rep.avg_speed_mps.map(|v| v * scale);
    rep.avg_speed_sd_mps = rep.avg_speed_sd_mps.map(|v| v * scale);
}

/// Append to group `gi` a descent that follows its last rep on the same ground (start
/// within `same_ground_m` or 15 % of the rep length of the set's top, end likewise of its
/// bottom) with a length within `min_length_ratio` of the set's median rep, that no other
/// group holds and that starts before the next group.
fn add_final_rep(
    path: &Path,
    descents: &[Descent],
    in_time_order: bool,
    groups: &mut [Group],
    gi: usize,
    params: &RepParams,
) {
    let g = &groups[gi];
    if g.source == RepSource::Interval || g.reps.len() < 2 {
        return;
    }
    let Some(last) = g.reps.last() else { return };
    let last_end = last.rec.map(|r| r.1).unwrap_or(last.b).max(last.b);
    let (Some(top), Some(bottom)) = (
        hills::mean_xy(path, g.reps.iter().map(|c| c.a)),
        hills::mean_xy(path, g.reps.iter().map(|c| c.b)),
    ) else {
        return;
    };
    let lens: Vec<f64> = g.reps.iter().map(|c| path.length(c.a, c.b)).collect();
    let Some(len) = median(&lens) else { return };
    let tol = params.shuttle.same_ground_m.max(0.15 * len);
    let near = |i: usize, q: (f64, f64)| {
        path.xy[i].is_some_and(|p| ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt() <= tol)
    };
    let next_start = groups
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != gi)
        .map(|(_, h)| h.span().0)
        .filter(|&a| a > last_end)
        .min()
        .unwrap_or(usize::MAX);
    let taken = |a: usize, b: usize| {
        groups.iter().any(|h| {
            h.reps
                .iter()
                .any(|c| overlap(path.t[a], path.t[b], path.t[c.a], path.t[c.b]) > 0.0)
        })
    };
    let ratio = params.shuttle.min_length_ratio;
    // Only descents that start after the set's last rep (sample times are sorted: the
    // first sample at or after `start_s` is at or after `last_end` exactly when the sample
    // before `last_end` is earlier than `start_s`); the cheap tests go first, a track of
    // thousands of descents and sets would otherwise measure every descent for every set.
    // In time order, the descents that start after `last_end` follow each other, and those
    // from one that starts at or after `next_start` on cannot qualify.
    let after_last = |t: f64| last_end == 0 || path.t[last_end - 1] < t;
    let first = if in_time_order {
        descents.partition_point(|d| d.start_s.is_some_and(|t| !after_last(t)))
    } else {
        0
    };
    let before_next = |d: &&Descent| {
        !in_time_order
            || next_start >= path.len()
            || d.start_s.is_none_or(|t| path.at_time(t) < next_start)
    };
    let found = descents[first..]
        .iter()
        .take_while(before_next)
        .find_map(|d| {
            if !after_last(d.start_s?) {
                return None;
            }
            let (a, b) = (path.at_time(d.start_s?), path.at_time(d.end_s?));
            (a >= last_end && b < next_start && b > a)
                .then(|| path.length(a, b))
                .filter(|&l| l >= ratio * len && l * ratio <= len && !taken(a, b))
                .map(|_| (a, b))
                .and_then(|(a, b)| {
                    // The descent may start before the top or run on past the bottom: the rep is
                    // its part between the samples nearest to them.
                    let a2 = (a..=b).filter(|&i| near(i, top)).min_by(|&i, &j| {
                        let di = path.xy[i].map_or(f64::MAX, |p| (p.0 - top.0).hypot(p.1 - top.1));
                        let dj = path.xy[j].map_or(f64::MAX, |p| (p.0 - top.0).hypot(p.1 - top.1));
                        di.total_cmp(&dj)
                    })?;
                    let b2 = (a2..=b).filter(|&i| near(i, bottom)).min_by(|&i, &j| {
                        let di =
                            path.xy[i].map_or(f64::MAX, |p| (p.0 - bottom.0).hypot(p.1 - bottom.1));
                        let dj =
                            path.xy[j].map_or(f64::MAX, |p| (p.0 - bottom.0).hypot(p.1 - bottom.1));
                        di.total_cmp(&dj)
                    })?;
                    let l2 = path.length(a2, b2);
                    (l2 >= ratio * len && l2 * ratio <= len).then_some((a2, b2))
                })
        });
    let Some((a, b)) = found else { return };
    let (a, b) = trim(path, a, b, params.standing_speed_mps);
    let g = &mut groups[gi];
    let same = g.source == RepSource::Shuttle;
    if let Some(prev) = g.reps.last_mut() {
        match prev.rec.as_mut() {
            Some(r) => r.1 = a,
            None => prev.rec = Some((prev.b, a, same)),
        }
    }
    g.reps.push(Cand {
        a,
        b,
        source: g.source,
        rec: None,
    });
    g.down.push(Pass::fixed(a, b));
}

fn phases_to_cands(ph: &[intervals::Phase]) -> Vec<Cand> {
    let mut v = Vec::new();
    for (i, p) in ph.iter().enumerate() {
        if p.fast {
            let rec = ph.get(i + 1).filter(|n| !n.fast).map(|n| (n.a, n.b, false));
            v.push(Cand {
                a: p.a,
                b: p.b,
                source: RepSource::Interval,
                rec,
            });
        }
    }
    v
}

/// How far past its end sample `i` the runner turned around, metres: the rep's sample at a
/// turnaround is up to one recording interval short of it (smart or 5 s recording). With
/// `v_in` the rep's speed before (the gap before the last one) and `v_out` the recovery's
/// speed after (the gap after the next one), the turn lies either in the gap after `i`
/// (out `x` and back `x + c` in `dt`: `x = (dt - c / v_out) / (1 / v_in + 1 / v_out)`) or in
/// the gap before it (symmetrically). Nothing is added when either side stands still or a
/// gap is over 10 s; at most half of the longer gap at `v_in`, and 15 m. Returns the
/// distance and the time to add to the rep.
fn turnaround_ext(path: &Path, i: usize, forward: bool, v_stand: f64) -> (f64, f64) {
    let n = path.len();
    let step = |k: usize, by: usize, fwd: bool| -> Option<usize> {
        if fwd {
            (k + by < n).then_some(k + by)
        } else {
            k.checked_sub(by)
        }
    };
    // `inside` is the side of the rep, `outside` the side of the recovery.
    let (Some(in1), Some(in2), Some(out1), Some(out2)) = (
        step(i, 1, !forward),
        step(i, 2, !forward),
        step(i, 1, forward),
        step(i, 2, forward),
    ) else {
        return (0.0, 0.0);
    };
    let gap = |p: usize, q: usize| -> Option<(f64, f64)> {
        let dt = (path.t[q] - path.t[p]).abs();
        let c = path.raw_dist(p, q)?;
        (dt > 0.0).then_some((c, dt))
    };
    let (Some((c_in2, dt_in2)), Some((c1, dt1)), Some((c2, dt2)), Some((c_out2, dt_out2))) =
        (gap(in2, in1), gap(in1, i), gap(i, out1), gap(out1, out2))
    else {
        return (0.0, 0.0);
    };
    let (v_in, v_out) = (c_in2 / dt_in2, c_out2 / dt_out2);
    if v_in < v_stand || v_out < v_stand || dt1 > 10.0 || dt2 > 10.0 {
        return (0.0, 0.0);
    }
    let k = 1.0 / v_in + 1.0 / v_out;
    let x_after = (dt2 - c2 / v_out) / k;
    let x_before = (dt1 - c1 / v_in) / k;
    let x = x_after.max(x_before).max(0.0);
    let x = x.min(0.5 * v_in * dt1.max(dt2)).min(15.0);
    // Time: the run out to the turn is added (turn after the sample), or the walk back from
    // the turn to the sample is taken off (turn before it).
    let dt = if x_after >= x_before {
        x / v_in
    } else {
        -x / v_out
    };
    (x, dt)
}

/// The part of a rep between its end sample `i` and the sample beside it outside the rep
/// (`forward`: after `i`) when the runner was at rest there: slower than `v_stand` over the
/// interval beyond it, or the recording paused between the two (auto-pause cuts a stand
/// out). The rep began (or ended) at that rest, somewhere inside the interval: the
/// displacement from the rest to `i` along the rep's direction (the last 10 m or more
/// inside the rep) is added, covered from (or to) rest at constant acceleration, so in
/// twice the time the speed at `i` would take. Nothing when the runner was not at rest
/// there (a turnaround without stopping: [`turnaround_ext`]), when the displacement goes
/// against the rep (the walk back up had begun), or when it is more than the speed at
/// `i` covers in [`STAND_EXT_MAX_S`]. Returns the distance and the time to add.
fn stand_ext(path: &Path, i: usize, forward: bool, v_stand: f64) -> (f64, f64) {
    let n = path.len();
    let at = |k: isize| (k >= 0 && (k as usize) < n).then_some(k as usize);
    let dir: isize = if forward { 1 } else { -1 };
    let i_ = i as isize;
    let (Some(o1), Some(in1)) = (at(i_ + dir), at(i_ - dir)) else {
        return (0.0, 0.0);
    };
    let (Some(p_i), Some(p_o)) = (path.raw_xy[i], path.raw_xy[o1]) else {
        return (0.0, 0.0);
    };
    // Speed just inside the rep, and the rep's direction there (towards its inside when
    // `forward` is false, so that both ends measure "further along the rep" the same way).
    let (Some(v_in_m), dt_in) = (path.raw_dist(in1, i), (path.t[i] - path.t[in1]).abs()) else {
        return (0.0, 0.0);
    };
    if dt_in <= 0.0 {
        return (0.0, 0.0);
    }
    let v_in = v_in_m / dt_in;
    let mut k = in1 as isize;
    let inner = loop {
        let Some(kk) = at(k) else { break None };
        if path.raw_dist(kk, i).is_some_and(|d| d >= 10.0) {
            break path.raw_xy[kk];
        }
        k -= dir;
    };
    let Some(p_in) = inner else { return (0.0, 0.0) };
    let (ux, uy) = (p_i.0 - p_in.0, p_i.1 - p_in.1);
    let norm = (ux * ux + uy * uy).sqrt();
    if norm <= 0.0 || v_in < v_stand {
        return (0.0, 0.0);
    }
    // At rest beyond `o1`, or paused between `i` and `o1`.
    let dt_clock = (path.t[o1] - path.t[i]).abs();
    let dt_timer = (path.timer[o1] - path.timer[i]).abs();
    let paused = dt_clock - dt_timer > 2.0;
    let rest_beyond = at(o1 as isize + dir).is_some_and(|o2| {
        let dt = (path.t[o2] - path.t[o1]).abs();
        dt > 0.0 && path.raw_dist(o1, o2).is_some_and(|d| d / dt < v_stand)
    });
    // At rest: paused, or standing beyond `o1` no more than STAND_EXT_MAX_S away.
    let at_rest = paused || (rest_beyond && dt_clock <= STAND_EXT_MAX_S);
    if !at_rest {
        return (0.0, 0.0);
    }
    let x = ((p_o.0 - p_i.0) * ux + (p_o.1 - p_i.1) * uy) / norm;
    if x <= 0.0 || x > v_in * STAND_EXT_MAX_S {
        return (0.0, 0.0);
    }
    // The time: from rest at constant acceleration, but no more than the interval held of
    // moving time (the timer's share of it across a pause).
    let available_s = if paused { dt_timer } else { dt_clock };
    (x, (2.0 * x / v_in).min(available_s))
}

/// The longest stretch between a rest and a rep's end sample that [`stand_ext`] adds, in
/// seconds at the rep's speed (two 5 s recording intervals).
const STAND_EXT_MAX_S: f64 = 10.0;

/// Standard deviation of a speed `v` = distance / duration, from those of the distance and
/// the duration (independent, relative errors added in quadrature); `None` without a speed
/// or with nothing to divide by.
pub(crate) fn speed_sd_mps(
    v: Option<f64>,
    distance_m: f64,
    distance_sd_m: f64,
    duration_s: Option<f64>,
    duration_sd_s: f64,
) -> Option<f64> {
    let (v, t) = (v?, duration_s?);
    (distance_m > 0.0 && t > 0.0)
        .then(|| v * ((distance_sd_m / distance_m).powi(2) + (duration_sd_s / t).powi(2)).sqrt())
}

pub(crate) fn build_rep(path: &Path, c: &Cand, params: &RepParams) -> Rep {
    let (a, b) = (c.a, c.b);
    // Shuttle reps start and end where the runner turns around, between samples.
    // A rep that starts or ends standing starts or ends at the standing sample beside it.
    let (ext_m, ext_s) = if c.source == RepSource::Shuttle {
        let (x0, t0) = turnaround_ext(path, a, false, params.standing_speed_mps);
        let (x1, t1) = turnaround_ext(path, b, true, params.standing_speed_mps);
        let (y0, u0) = stand_ext(path, a, false, params.standing_speed_mps);
        let (y1, u1) = stand_ext(path, b, true, params.standing_speed_mps);
        (x0 + x1 + y0 + y1, t0 + t1 + u0 + u1)
    } else if c.source == RepSource::Repeat {
        let (y0, u0) = stand_ext(path, a, false, params.standing_speed_mps);
        let (y1, u1) = stand_ext(path, b, true, params.standing_speed_mps);
        (y0 + y1, u0 + u1)
    } else {
        (0.0, 0.0)
    };
    let distance_m = path.length(a, b) + ext_m;
    let drop_m = path
        .alt_at(a)
        .zip(path.alt_at(b))
        .map(|(x, y)| x - y)
        .unwrap_or(0.0);
    let moving = (path.moving_s(a, b) + ext_s).max(0.0);
    let v = (moving > 0.0).then(|| distance_m / moving);
    // Each end lies somewhere in the recording interval around its sample (uniform: sd
    // dt / sqrt 12), in time and, at the rep's speed, in position; the GPS errors of the two
    // ends are independent when the rep lasts much longer than their correlation time.
    let dt_a = sample_interval_s(path, a);
    let dt_b = sample_interval_s(path, b);
    let duration_sd_s = (dt_a.powi(2) + dt_b.powi(2)).sqrt() / 12f64.sqrt();
    let v_end = v.unwrap_or(0.0);
    let gps_sd = relative_position_sd_m(params, path.t[b] - path.t[a]);
    let distance_sd_m = (gps_sd.powi(2) + (v_end * duration_sd_s).powi(2)).sqrt();
    Rep {
        index: 0,
        hill: 0,
        set: 0,
        start_s: Some(path.t[a]),
        end_s: Some(path.t[b]),
        distance_m,
        drop_m,
        grade_pct: 0.0,
        pass_grade_pct: if distance_m > 0.0 {
            drop_m / distance_m * 100.0
        } else {
            0.0
        },
        band: String::new(),
        distance_sd_m,
        duration_s: Some(moving),
        duration_sd_s,
        avg_speed_mps: v,
        avg_speed_sd_mps: speed_sd_mps(v, distance_m, distance_sd_m, Some(moving), duration_sd_s),
        max_speed_mps: (a..=b)
            .filter(|&i| path.t[i] - path.t[a] >= 2.5 && path.t[b] - path.t[i] >= 2.5)
            .map(|i| path.displacement_speed(i, 2.5))
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
            .or((moving > 0.0).then(|| distance_m / moving)),
        cadence_spm: path.cadence_mean(a, b),
        heart_rate_bpm: path.heart_rate_mean(a, b),
        heart_rate_max_bpm: path.heart_rate_max(a, b),
        gap_speed_mps: None,
        source: c.source,
        descent: None,
        lap: None,
        recovery: c
            .rec
            .map(|(ra, rb, same)| recovery(path, ra, rb, same, params)),
    }
}

/// A recovery ending this close to its rep's start went back to it.
pub fn returned_within_m(p: &RepParams, rep_length_m: f64) -> f64 {
    p.returned_m.max(0.03 * rep_length_m)
}

/// Samples on either side of a rep's end that tell its recording interval.
const SAMPLE_INTERVAL_REACH: usize = 5;

/// The recording interval at sample `i`: the median timer gap over the samples around it (a
/// pause on one side, paused time being left out of the timer, or one odd early sample
/// does not decide it).
fn sample_interval_s(path: &Path, i: usize) -> f64 {
    let n = path.len();
    let lo = i.saturating_sub(SAMPLE_INTERVAL_REACH);
    let hi = (i + SAMPLE_INTERVAL_REACH).min(n.saturating_sub(1));
    let gaps: Vec<f64> = (lo..hi)
        .map(|k| path.timer[k + 1] - path.timer[k])
        .filter(|g| *g > 0.0)
        .collect();
    median(&gaps).unwrap_or(0.0)
}

/// Standard deviation of the distance between two GPS fixes `dt_s` apart that comes from
/// their errors: `sqrt(2 (1 - exp(-dt / tau))) sd` for an error wandering with correlation
/// time `tau` (nearby fixes share it, distant ones do not).
pub(crate) fn relative_position_sd_m(p: &RepParams, dt_s: f64) -> f64 {
    let shared = (-dt_s.abs() / p.position_tau_s.max(1e-9)).exp();
    (2.0 * (1.0 - shared)).sqrt() * p.position_sd_m
}

fn recovery(path: &Path, a: usize, b: usize, same_ground: bool, p: &RepParams) -> Recovery {
    let b = b.max(a);
    let duration_s = path.t[b] - path.t[a];
    let distance_m = path.length(a, b);
    // The recovery is how the runner moved back up: standing before (or after) it, at the
    // bottom or the top, does not make a walk a stand. Its moving part is the time spent
    // moving faster than standing (net displacement, not inflated by GPS jitter).
    let moving = moving_part_s(path, a, b, p.standing_speed_mps);
    let gain_m = path
        .alt_at(b)
        .zip(path.alt_at(a))
        .map(|(x, y)| (x - y).max(0.0))
        .unwrap_or(0.0);
    let avg = (moving > 0.0).then(|| distance_m / moving);
    let vert = (moving > 0.0).then(|| gain_m / moving);
    let cadence = path.cadence_mean(a, b);
    // A stand: the moving part is too short to be a way back (under 10 s or 20 m).
    let kind = if moving < 10.0 || distance_m < 20.0 || avg.unwrap_or(0.0) < 0.4 {
        RecoveryKind::Stand
    } else if max_climb_rate(path, a, b, 60.0) > p.lift_vertical_mps {
        RecoveryKind::Lift
    } else if let Some(c) = cadence {
        if c < p.walk_cadence_spm {
            RecoveryKind::Walk
        } else {
            RecoveryKind::Jog
        }
    } else if avg.unwrap_or(0.0) < p.walk_speed_mps {
        RecoveryKind::Walk
    } else {
        RecoveryKind::Jog
    };
    Recovery {
        kind,
        duration_s,
        distance_m,
        gain_m,
        avg_speed_mps: avg,
        vertical_speed_m_per_h: vert.map(|v| v * 3600.0),
        cadence_spm: cadence,
        heart_rate_bpm: path.heart_rate_mean(a, b),
        heart_rate_max_bpm: path.heart_rate_max(a, b),
        returned_to_start: false,
        end_from_start_m: None,
        end_from_start_sd_m: 0.0,
        return_radius_m: 0.0,
        same_ground,
    }
}

/// Time spent moving inside `a..=b`: intervals between samples whose net displacement
/// speed (over +-2 s) reaches half of `standing_speed_mps` at either end, so that standing
/// (GPS drift 0.1-0.3 m/s) does not count, whatever the recording interval.
fn moving_part_s(path: &Path, a: usize, b: usize, standing_speed_mps: f64) -> f64 {
    let b = b.min(path.len().saturating_sub(1));
    let v_min = 0.5 * standing_speed_mps;
    let mut tot = 0.0;
    for k in a..b {
        let dt = path.t[k + 1] - path.t[k];
        let seg_v = path.raw_dist(k, k + 1).unwrap_or(path.s[k + 1] - path.s[k]) / dt.max(1e-9);
        let moving = if dt > 3.0 {
            seg_v >= v_min
        } else {
            path.displacement_speed(k, 2.0)
                .max(path.displacement_speed(k + 1, 2.0))
                >= v_min
        };
        if moving {
            tot += dt;
        }
    }
    tot
}

/// Fastest climb over any `window_s` inside `a..=b`, m/s.
fn max_climb_rate(path: &Path, a: usize, b: usize, window_s: f64) -> f64 {
    let mut best = 0.0f64;
    let mut j = a;
    for i in a..=b {
        while j < b && path.t[j] - path.t[i] < window_s {
            j += 1;
        }
        let dt = path.t[j] - path.t[i];
        if dt >= window_s * 0.8
            && let (Some(zi), Some(zj)) = (path.alt_at(i), path.alt_at(j))
        {
            best = best.max((zj - zi) / dt);
        }
    }
    best
}

/// Median speed while moving on near-flat ground (|grade| <= 3 % over ~50 m each side)
/// outside reps, recoveries and the passes of the hills.
fn easy_speed(path: &Path, groups: &[Group]) -> Option<f64> {
    let n = path.len();
    let mut busy = vec![false; n];
    for g in groups {
        for &Pass { a, b, .. } in g.down.iter().chain(g.up.iter()) {
            busy[a..=b.min(n - 1)].iter_mut().for_each(|x| *x = true);
        }
        for c in &g.reps {
            let end = c.rec.map(|r| r.1).unwrap_or(c.b).max(c.b);
            busy[c.a..=end.min(n - 1)]
                .iter_mut()
                .for_each(|x| *x = true);
        }
    }
    // The grade over +-50 m of path around each sample (`s` is non-decreasing, so the window
    // ends only move forward).
    let mut grade = Vec::with_capacity(n);
    let (mut a, mut b) = (0, 0);
    for i in 0..n {
        let s0 = path.s[i];
        while a < n && path.s[a] < s0 - 50.0 {
            a += 1;
        }
        while b < n && path.s[b] <= s0 + 50.0 {
            b += 1;
        }
        let (lo, hi) = (a.min(n - 1), b.min(n - 1));
        let ds = path.s[hi] - path.s[lo];
        grade.push(if ds < 40.0 {
            None
        } else {
            path.alt_at(hi)
                .zip(path.alt_at(lo))
                .map(|(zb, za)| (zb - za) / ds * 100.0)
        });
    }
    for max_grade in [3.0, 6.0, f64::INFINITY] {
        let v: Vec<f64> = (0..n)
            .filter(|&i| !busy[i] && path.speed[i] >= 1.0)
            .filter(|&i| max_grade.is_infinite() || grade[i].is_some_and(|g| g.abs() <= max_grade))
            .map(|i| path.speed[i])
            .collect();
        if v.len() >= 60 {
            return median(&v);
        }
    }
    None
}

#[cfg(test)]
pub(crate) mod tests;
