//! Simulated running sessions with known truth, for accuracy tests and benchmarks.
//!
//! Built from physics so that the detector is measured against the world, not against a
//! model of itself: a [`Course`] (a bent 2-D path with an elevation profile), a [`Runner`]
//! moving along it [`Leg`] by [`Leg`] with equal-effort speeds by grade, acceleration and
//! braking, then a watch recording the motion: 1 s or smart sampling, auto-pause, timer
//! pauses, horizontal GPS error, and barometric or GPS altitude with the DOMAIN.md noise.
//!
//! Truth is generic: every maximal one-direction pass of the runner over the course is
//! intersected with the maximal runs of hill sections that go down in that direction; each
//! intersection is a [`TrueDescent`]. Sessions of any shape (reps down and walks back up,
//! intervals within one descent) get their truth without extra bookkeeping.
//!
//! ```
//! use downhill_testkit::sim::*;
//! use rand::SeedableRng;
//! let mut rng = rand::rngs::StdRng::seed_from_u64(1);
//! let course = Course::build(
//!     &[Section::flat(200.0, Terrain::Road), Section::hill(100.0, -9.0, Terrain::Road),
//!       Section::flat(100.0, Terrain::Road)],
//!     &PathStyle::road(), 500.0, &mut rng);
//! let legs = [Leg::Go { to_m: 400.0, pace: Pace::Run { effort: 1.2 } }];
//! let s = simulate(&course, &Runner::default(), 0.0, &legs, &Recording::default(), &mut rng);
//! assert_eq!(s.truth.len(), 1);
//! assert!((s.truth[0].grade_pct - 9.0).abs() < 1e-6);
//! ```

mod course;
pub mod hostile;
mod noise;
mod runner;
pub mod sessions;

pub use course::{Course, PathStyle, Section, SectionSpan, Terrain};
pub use noise::{NoiseParams, SmoothGaussMarkov, gauss, quantize};
pub use runner::{Leg, Pace, Runner, equal_effort_factor};

use rand::Rng;

use downhill::track::{AltitudeSource, Pause, Track, TrackPoint};

/// Simulation time step. Recording times are whole seconds, a multiple of it.
const DT_S: f64 = 0.25;
/// The simulator's session start: 2023-11-14T22:13:20Z.
pub const START_TIME_S: f64 = 1_700_000_000.0;
/// Where local metres are placed on the globe.
const ORIGIN_LAT_DEG: f64 = 46.5;
const ORIGIN_LON_DEG: f64 = 7.0;

/// How the watch samples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sampling {
    /// One point per second.
    EverySecond,
    /// Garmin-style smart recording: a point when speed or heading changes markedly, else
    /// every 1-`max_interval_s` seconds.
    Smart {
        /// The longest time between two points, s.
        max_interval_s: u32,
    },
}

/// Which altitude the watch stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AltitudeKind {
    /// A barometric altimeter: offset, slow weather drift, fine steps.
    Barometric,
    /// Satellite altitude: metres of error correlated over minutes.
    Gps,
    /// No altitude stored.
    None,
}

/// The recording device.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recording {
    /// When a point is stored.
    pub sampling: Sampling,
    /// Which altitude is stored.
    pub altitude: AltitudeKind,
    /// Stop recording while standing (timer keeps state "auto-paused").
    pub auto_pause: bool,
    /// Store cadence and stance time.
    pub dynamics: bool,
    /// The position and altitude errors of the device.
    pub noise: NoiseParams,
}

impl Default for Recording {
    fn default() -> Self {
        Recording {
            sampling: Sampling::EverySecond,
            altitude: AltitudeKind::Barometric,
            auto_pause: false,
            dynamics: true,
            noise: NoiseParams::typical(),
        }
    }
}

/// The true state of the runner at one simulation step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrueState {
    /// Seconds since the epoch.
    pub time_s: f64,
    /// Course distance.
    pub course_m: f64,
    /// True speed along the course, m/s (0 standing).
    pub speed_mps: f64,
    /// +1 forwards along the course, -1 backwards, 0 standing.
    pub direction: i8,
    /// Whether the watch's timer is running (false in a timer pause).
    pub timer_running: bool,
}

/// A descent the runner truly ran.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrueDescent {
    /// When the runner left the top, s since the epoch.
    pub start_s: f64,
    /// When the runner reached the bottom, s since the epoch.
    pub end_s: f64,
    /// Course distances of the top and bottom.
    pub top_course_m: f64,
    /// Course distance of the bottom, m.
    pub bottom_course_m: f64,
    /// Horizontal length.
    pub length_m: f64,
    /// Net drop, positive.
    pub drop_m: f64,
    /// drop / length x 100.
    pub grade_pct: f64,
    /// Whether the descent (its middle) lies on a trail section.
    pub trail: bool,
}

/// A simulated session: the track a reader would give (cleaned), and the truth.
#[derive(Debug, Clone)]
pub struct SimSession {
    /// The recorded track, as a reader would give it.
    pub track: Track,
    /// The descents truly run, by start.
    pub truth: Vec<TrueDescent>,
    /// The runner's true state at every simulation step.
    pub states: Vec<TrueState>,
}

/// Run `legs` on `course` from course distance `start_m` and record them.
pub fn simulate<R: Rng>(
    course: &Course,
    runner: &Runner,
    start_m: f64,
    legs: &[Leg],
    rec: &Recording,
    rng: &mut R,
) -> SimSession {
    let states = move_runner(course, runner, start_m, legs, rng);
    let truth = true_descents(course, &states);
    let track = record(course, runner, &states, rec, rng);
    SimSession {
        track,
        truth,
        states,
    }
}

/// `one` run `copies` times back to back, each copy one session-length (plus a second)
/// after the previous, on the same ground: a huge track with known content, for the
/// long-track and hostile-input checks. Distances from the file are dropped (cleaning sums
/// them again), so the copies join without a jump.
pub fn repeated(one: &Track, copies: usize) -> Track {
    let span_s = one.end_time_s().unwrap_or(0.0) - one.start_time_s().unwrap_or(0.0) + 1.0;
    let mut big = Track {
        meta: one.meta.clone(),
        ..Track::default()
    };
    big.points.reserve(one.points.len() * copies);
    for copy in 0..copies {
        let shift = copy as f64 * span_s;
        big.points.extend(one.points.iter().map(|p| TrackPoint {
            time_s: p.time_s.map(|t| t + shift),
            distance_m: None,
            ..*p
        }));
        big.pauses.extend(one.pauses.iter().map(|p| Pause {
            start_s: p.start_s + shift,
            end_s: p.end_s + shift,
        }));
    }
    big
}

/// Integrate the runner's motion, one [`TrueState`] every 0.25 s.
pub fn move_runner<R: Rng>(
    course: &Course,
    runner: &Runner,
    start_m: f64,
    legs: &[Leg],
    rng: &mut R,
) -> Vec<TrueState> {
    let mut out = Vec::new();
    let mut t = START_TIME_S;
    let mut s = start_m.clamp(0.0, course.length_m());
    let mut v = 0.0_f64;
    // Slow random variation of the runner's pace, +-3 %.
    let mut wobble = SmoothGaussMarkov::new(0.03, 30.0, rng);
    let push = |out: &mut Vec<TrueState>, t: f64, s: f64, v: f64, dir: i8, on: bool| {
        out.push(TrueState {
            time_s: t,
            course_m: s,
            speed_mps: v,
            direction: dir,
            timer_running: on,
        })
    };
    for (li, leg) in legs.iter().enumerate() {
        match *leg {
            Leg::Stand { duration_s } | Leg::TimerPause { duration_s } => {
                let on = matches!(leg, Leg::Stand { .. });
                let steps = (duration_s / DT_S).round() as usize;
                for _ in 0..steps {
                    t += DT_S;
                    push(&mut out, t, s, 0.0, 0, on);
                }
                v = 0.0;
            }
            Leg::Go { to_m, pace } => {
                let to = to_m.clamp(0.0, course.length_m());
                let dir: f64 = if to >= s { 1.0 } else { -1.0 };
                // Stop at the end unless the next leg carries on in the same direction.
                let stop_at_end = match legs.get(li + 1) {
                    Some(Leg::Go { to_m: next, .. }) => (next - to) * dir <= 0.0,
                    _ => true,
                };
                let mut guard = 0usize;
                while (to - s) * dir > 1e-6 && guard < 2_000_000 {
                    guard += 1;
                    let remaining = (to - s).abs();
                    let grade = course.grade(s) * dir;
                    let trail_down = grade < -0.01
                        && course
                            .span_at(s)
                            .is_some_and(|sp| sp.section.terrain.is_trail());
                    let w = 1.0 + wobble.step(DT_S, rng);
                    let target = match pace {
                        Pace::Run { effort } => {
                            let tech = if trail_down {
                                runner.technical_factor
                            } else {
                                1.0
                            };
                            runner.flat_speed_mps * effort * equal_effort_factor(grade) * tech * w
                        }
                        Pace::Walk { speed_mps } => speed_mps * w,
                    };
                    if v < target {
                        v = (v + runner.accel_mps2 * DT_S).min(target);
                    } else {
                        v = (v - runner.decel_mps2 * DT_S).max(target);
                    }
                    if stop_at_end {
                        v = v.min((2.0 * runner.decel_mps2 * remaining).sqrt());
                    }
                    v = v.max(0.3);
                    let ds = (v * DT_S).min(remaining);
                    s += dir * ds;
                    t += DT_S;
                    push(&mut out, t, s, v, dir as i8, true);
                }
                if stop_at_end {
                    v = 0.0;
                }
            }
        }
    }
    out
}

/// The true descents of a motion on a course (see the module docs).
pub fn true_descents(course: &Course, states: &[TrueState]) -> Vec<TrueDescent> {
    // Passes: maximal runs of one direction, standing in between does not end a pass.
    let mut passes: Vec<(usize, usize, i8)> = Vec::new();
    let mut cur: Option<(usize, usize, i8)> = None;
    for (i, st) in states.iter().enumerate() {
        if st.direction == 0 {
            continue;
        }
        match cur {
            Some((a, _, d)) if d == st.direction => cur = Some((a, i, d)),
            Some(c) => {
                passes.push(c);
                cur = Some((i.saturating_sub(1), i, st.direction));
            }
            None => cur = Some((i.saturating_sub(1), i, st.direction)),
        }
    }
    passes.extend(cur);
    let mut out = Vec::new();
    for (a, b, dir) in passes {
        for (lo, hi) in downhill_runs(course, dir) {
            let (s_a, s_b) = (states[a].course_m, states[b].course_m);
            let (p_lo, p_hi) = (s_a.min(s_b), s_a.max(s_b));
            let (i_lo, i_hi) = (lo.max(p_lo), hi.min(p_hi));
            if i_hi - i_lo < 20.0 {
                continue;
            }
            let (top, bottom) = if dir > 0 { (i_lo, i_hi) } else { (i_hi, i_lo) };
            // Leaves the top: the last moment at or before it; reaches the bottom: the first
            // moment at or past it.
            let t0 = states[a..=b]
                .iter()
                .rev()
                .find(|st| (st.course_m - top) * dir as f64 <= 1e-6)
                .map(|st| st.time_s);
            let t1 = states[a..=b]
                .iter()
                .find(|st| (st.course_m - bottom) * dir as f64 >= -1e-6)
                .map(|st| st.time_s);
            let (Some(t0), Some(t1)) = (t0, t1) else {
                continue;
            };
            let length_m = i_hi - i_lo;
            let drop_m = course.elevation_m(top) - course.elevation_m(bottom);
            let trail = course
                .span_at((i_lo + i_hi) / 2.0)
                .is_some_and(|sp| sp.section.terrain.is_trail());
            out.push(TrueDescent {
                start_s: t0,
                end_s: t1,
                top_course_m: top,
                bottom_course_m: bottom,
                length_m,
                drop_m,
                grade_pct: drop_m / length_m * 100.0,
                trail,
            });
        }
    }
    out.sort_by(|x, y| x.start_s.total_cmp(&y.start_s));
    out
}

/// Maximal runs of consecutive hill sections going down in direction `dir`, as course
/// distance intervals.
fn downhill_runs(course: &Course, dir: i8) -> Vec<(f64, f64)> {
    let mut runs: Vec<(f64, f64)> = Vec::new();
    for sp in &course.spans {
        let down = sp.section.is_hill() && sp.section.grade_pct * f64::from(dir) < 0.0;
        if !down {
            continue;
        }
        match runs.last_mut() {
            Some(last) if (last.1 - sp.start_m).abs() < 1e-6 => last.1 = sp.end_m,
            _ => runs.push((sp.start_m, sp.end_m)),
        }
    }
    runs
}

/// Record the motion as a watch would.
fn record<R: Rng>(
    course: &Course,
    runner: &Runner,
    states: &[TrueState],
    rec: &Recording,
    rng: &mut R,
) -> Track {
    let nz = &rec.noise;
    let mut ex = SmoothGaussMarkov::new(nz.horizontal_sigma_m, nz.horizontal_tau_s, rng);
    let mut ey = SmoothGaussMarkov::new(nz.horizontal_sigma_m, nz.horizontal_tau_s, rng);
    let mut ez = SmoothGaussMarkov::new(nz.gps_alt_sigma_m, nz.gps_alt_tau_s, rng);
    let mut track = Track::default();
    let per_s = (1.0 / DT_S).round() as usize;
    let mut last_t = START_TIME_S;
    let mut last_rec: Option<(f64, f64, f64)> = None; // time, speed, heading
    let mut next_due = 0.0;
    let mut paused_since: Option<f64> = None;
    let mut still_s = 0.0;
    for (i, st) in states.iter().enumerate() {
        if (i + 1) % per_s != 0 {
            continue;
        }
        let t = st.time_s;
        // Errors evolve in wall time, recorded or not.
        let dt = t - last_t;
        last_t = t;
        let (nx, ny, nzv) = (ex.step(dt, rng), ey.step(dt, rng), ez.step(dt, rng));
        still_s = if st.speed_mps < 0.2 {
            still_s + 1.0
        } else {
            0.0
        };
        let paused = !st.timer_running || (rec.auto_pause && still_s >= 3.0);
        match (paused, paused_since) {
            (true, None) => paused_since = Some(t),
            (false, Some(p0)) => {
                track.pauses.push(Pause {
                    start_s: p0,
                    end_s: t,
                });
                paused_since = None;
            }
            _ => {}
        }
        if paused {
            continue;
        }
        let heading = {
            let (x0, y0) = course.position_m(st.course_m - 2.0);
            let (x1, y1) = course.position_m(st.course_m + 2.0);
            (y1 - y0).atan2(x1 - x0)
        };
        let take = match (rec.sampling, last_rec) {
            (_, None) | (Sampling::EverySecond, _) => true,
            (Sampling::Smart { .. }, Some((lt, lv, lh))) => {
                let turned = (heading - lh).sin().abs() > 0.5 || (heading - lh).cos() < 0.0;
                t >= next_due || (st.speed_mps - lv).abs() > 0.5 || turned || t - lt > 30.0
            }
        };
        if !take {
            continue;
        }
        if let Sampling::Smart { max_interval_s } = rec.sampling {
            next_due = t + rng.gen_range(1..=max_interval_s.max(1)) as f64;
        }
        last_rec = Some((t, st.speed_mps, heading));
        let (x, y) = course.position_m(st.course_m);
        let x = x + nx + nz.horizontal_jitter_m * gauss(rng);
        let y = y + ny + nz.horizontal_jitter_m * gauss(rng);
        let z = course.elevation_m(st.course_m);
        let altitude_m = match rec.altitude {
            AltitudeKind::Barometric => Some(quantize(
                z + nz.baro_offset_m
                    + nz.baro_drift_m_per_h * (t - START_TIME_S) / 3600.0
                    + nz.baro_white_m * gauss(rng),
                nz.baro_step_m,
            )),
            AltitudeKind::Gps => Some(z + nzv + nz.gps_alt_jitter_m * gauss(rng)),
            AltitudeKind::None => None,
        };
        let moving = st.speed_mps > 0.5;
        let (cadence_spm, stance_time_s) = if rec.dynamics && moving {
            let rel = st.speed_mps / runner.flat_speed_mps;
            (
                Some(runner.cadence_spm * (0.9 + 0.1 * rel)),
                Some((0.26 - 0.03 * (rel - 1.0)).clamp(0.15, 0.4)),
            )
        } else {
            (None, None)
        };
        track.points.push(TrackPoint {
            time_s: Some(t),
            lat_deg: Some(ORIGIN_LAT_DEG + y / 111_320.0),
            lon_deg: Some(ORIGIN_LON_DEG + x / (111_320.0 * ORIGIN_LAT_DEG.to_radians().cos())),
            altitude_m,
            cadence_spm,
            stance_time_s,
            ..TrackPoint::default()
        });
    }
    if let Some(p0) = paused_since {
        track.pauses.push(Pause {
            start_s: p0,
            end_s: last_t,
        });
    }
    track.meta.altitude_source = match rec.altitude {
        AltitudeKind::Barometric => AltitudeSource::Barometric,
        AltitudeKind::Gps => AltitudeSource::Gps,
        AltitudeKind::None => AltitudeSource::Unknown,
    };
    track.meta.device = Some("downhill simulator".into());
    track.meta.sport = Some("running".into());
    downhill::clean::clean(&mut track);
    track
}
