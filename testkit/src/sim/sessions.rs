//! Whole simulated sessions with the truth a rep detector is judged on: warm-up, rep sets of
//! each built-in kind with walk or jog recoveries back up the same ground, interval descents,
//! cool-down; mis-executed sessions (too few reps, too short, too gentle); and sessions with
//! no reps (easy flat run, rolling long run, mountain run with one long descent).
//!
//! Each session is a [`Course`] (top flat, the hill, bottom flat) and a list of [`Leg`]s run
//! on it with [`simulate`]. The truth of a rep is the simulator's own [`super::TrueDescent`] of the
//! hill during a rep leg, or for intervals the time window of a fast leg inside the descent.
//! The simulator's cadence model is for running; walking legs get a walking cadence (100-125
//! steps/min) here.

use rand::Rng;

use super::{
    AltitudeKind, Course, Leg, NoiseParams, Pace, PathStyle, Recording, Runner, Sampling, Section,
    SimSession, Terrain, TrueState, equal_effort_factor, simulate,
};
use downhill::descent::Bands;
use downhill::workout::WorkoutKind;

/// What kind of session to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// 8-20 x 80-100 m at 8-10 %, fast, walked or jogged back up.
    ShortOk,
    /// 2-6 x 1000-2000 m at 10-20 %, jogged back up.
    LongOk,
    /// 1' fast / 1' slow inside a 2-3.5 km descent at 11-16 %.
    IntervalsOk,
    /// Short reps, only 3-6 of them.
    ShortTooFew,
    /// Short reps of 40-65 m.
    ShortTooShort,
    /// Short reps at 4-6.5 %.
    ShortTooGentle,
    /// Long reps of 450-800 m.
    LongTooShort,
    /// Long reps at 5-8 %.
    LongTooGentle,
    /// 6-10 km on the flat, out and back.
    EasyFlat,
    /// 12-18 km over rolling hills (3-8 %, 100-400 m), one way.
    RollingLong,
    /// Up a mountain trail (8-14 %, 3-5 km) and back down the same way.
    Mountain,
}

impl SessionKind {
    /// Every kind, in declaration order.
    pub const ALL: [SessionKind; 11] = [
        SessionKind::ShortOk,
        SessionKind::LongOk,
        SessionKind::IntervalsOk,
        SessionKind::ShortTooFew,
        SessionKind::ShortTooShort,
        SessionKind::ShortTooGentle,
        SessionKind::LongTooShort,
        SessionKind::LongTooGentle,
        SessionKind::EasyFlat,
        SessionKind::RollingLong,
        SessionKind::Mountain,
    ];
}

/// One rep as it truly was.
#[derive(Debug, Clone, PartialEq)]
pub struct TrueRep {
    /// When the rep began, s since the epoch.
    pub start_s: f64,
    /// When it ended, s since the epoch.
    pub end_s: f64,
    /// True horizontal length, m.
    pub length_m: f64,
    /// True downhill grade, positive, percent.
    pub grade_pct: f64,
    /// Band of `grade_pct` with the default band edges.
    pub band: String,
}

/// What the session truly was.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionTruth {
    /// Which session was simulated.
    pub kind: SessionKind,
    /// The built-in workout it is (or tried to be); `None` for sessions without reps.
    pub workout: WorkoutKind,
    /// Done as the built-in prescription says.
    pub compliant: bool,
    /// The reps truly run, in time order; empty for sessions without reps.
    pub reps: Vec<TrueRep>,
}

/// A simulated session and its truth.
#[derive(Debug, Clone)]
pub struct Session {
    /// The simulated recording.
    pub sim: SimSession,
    /// What it truly was.
    pub truth: SessionTruth,
}

/// A grade drawn inside `lo..hi` keeping `margin` from band edges (a coach prescribes a band,
/// not its edge).
fn grade_in<R: Rng>(rng: &mut R, lo: f64, hi: f64) -> f64 {
    let margin = 0.3;
    loop {
        let g: f64 = rng.gen_range(lo..hi);
        if Bands::default()
            .edges_pct
            .iter()
            .all(|e| (g - e).abs() >= margin)
        {
            return g;
        }
    }
}

/// Per-leg time windows of a motion (replays the simulator's leg logic on its states).
fn leg_windows(legs: &[Leg], states: &[TrueState]) -> Vec<(f64, f64)> {
    let dt = match states {
        [a, b, ..] => b.time_s - a.time_s,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut t_prev = states.first().map(|s| s.time_s - dt).unwrap_or(0.0);
    let mut s = states.first().map(|s| s.course_m).unwrap_or(0.0);
    for leg in legs {
        let t0 = t_prev;
        match *leg {
            Leg::Stand { duration_s } | Leg::TimerPause { duration_s } => {
                i += (duration_s / dt).round() as usize;
            }
            Leg::Go { to_m, .. } => {
                let dir = if to_m >= s { 1.0 } else { -1.0 };
                while i < states.len() && (to_m - states[i].course_m) * dir > 1e-6 {
                    i += 1;
                }
                i += 1;
                s = to_m;
            }
        }
        let j = i.min(states.len()).saturating_sub(1);
        t_prev = states.get(j).map(|st| st.time_s).unwrap_or(t0);
        if let Some(st) = states.get(j) {
            s = st.course_m;
        }
        out.push((t0, t_prev));
    }
    out
}

struct Plan {
    sections: Vec<Section>,
    style: PathStyle,
    start_m: f64,
    legs: Vec<Leg>,
    /// Indices of legs that are reps, and of legs that are walks.
    rep_legs: Vec<usize>,
    walk_legs: Vec<usize>,
    workout: WorkoutKind,
    compliant: bool,
    /// Interval reps are fast legs inside a descent rather than whole descents.
    intervals: bool,
    /// Course span of the rep hill.
    hill: Option<(f64, f64)>,
}

fn terrain<R: Rng>(rng: &mut R, trail_prob: f64) -> (Terrain, PathStyle) {
    if rng.gen_bool(trail_prob) {
        (Terrain::trail(), PathStyle::trail())
    } else {
        (Terrain::Road, PathStyle::road())
    }
}

/// Warm-up on the top flat, `n` reps down the hill with recoveries back up, cool-down on the
/// bottom flat.
#[allow(clippy::too_many_arguments)]
fn rep_session<R: Rng>(
    rng: &mut R,
    n: usize,
    len_m: f64,
    grade_pct: f64,
    trail_prob: f64,
    walk: bool,
    workout: WorkoutKind,
    compliant: bool,
) -> Plan {
    let (ter, style) = terrain(rng, trail_prob);
    let top_flat: f64 = rng.gen_range(1200.0..2000.0);
    let bottom_flat: f64 = rng.gen_range(1000.0..1500.0);
    let sections = vec![
        Section::flat(top_flat, Terrain::Road),
        Section::hill(len_m, -grade_pct, ter),
        Section::flat(bottom_flat, Terrain::Road),
    ];
    let top = top_flat.round();
    let bottom = top + len_m.round();
    let mut legs = vec![
        Leg::Go {
            to_m: 0.0,
            pace: Pace::Run { effort: 1.0 },
        },
        Leg::Go {
            to_m: top,
            pace: Pace::Run { effort: 1.0 },
        },
        Leg::Stand {
            duration_s: rng.gen_range(5.0..60.0),
        },
    ];
    let mut rep_legs = Vec::new();
    let mut walk_legs = Vec::new();
    let fast = rng.gen_range(1.25..1.45);
    let walk_speed = rng.gen_range(1.1..1.5);
    let jog = rng.gen_range(0.6..0.75);
    for i in 0..n {
        rep_legs.push(legs.len());
        legs.push(Leg::Go {
            to_m: bottom,
            pace: Pace::Run { effort: fast },
        });
        if i + 1 < n {
            legs.push(Leg::Stand {
                duration_s: rng.gen_range(2.0..10.0),
            });
            if walk {
                walk_legs.push(legs.len());
            }
            legs.push(Leg::Go {
                to_m: top,
                pace: if walk {
                    Pace::Walk {
                        speed_mps: walk_speed,
                    }
                } else {
                    Pace::Run { effort: jog }
                },
            });
            legs.push(Leg::Stand {
                duration_s: rng.gen_range(3.0..20.0),
            });
        }
    }
    legs.push(Leg::Stand {
        duration_s: rng.gen_range(10.0..60.0),
    });
    legs.push(Leg::Go {
        to_m: bottom + bottom_flat - 5.0,
        pace: Pace::Run { effort: 0.9 },
    });
    Plan {
        sections,
        style,
        start_m: top,
        legs,
        rep_legs,
        walk_legs,
        workout,
        compliant,
        intervals: false,
        hill: Some((top, bottom)),
    }
}

fn intervals_session<R: Rng>(rng: &mut R, runner: &Runner) -> Plan {
    let (ter, style) = terrain(rng, 0.5);
    let grade = grade_in(rng, 11.0, 16.0);
    let len: f64 = rng.gen_range(2000.0..3500.0);
    let top_flat: f64 = rng.gen_range(1200.0..2000.0);
    let sections = vec![
        Section::flat(top_flat, Terrain::Road),
        Section::hill(len, -grade, ter),
        Section::flat(1200.0, Terrain::Road),
    ];
    let top = top_flat.round();
    let bottom = top + len.round();
    let mut legs = vec![
        Leg::Go {
            to_m: 0.0,
            pace: Pace::Run { effort: 1.0 },
        },
        Leg::Go {
            to_m: top,
            pace: Pace::Run { effort: 1.0 },
        },
        Leg::Stand {
            duration_s: rng.gen_range(5.0..60.0),
        },
    ];
    let tech = if matches!(ter, Terrain::Trail { .. }) {
        runner.technical_factor
    } else {
        1.0
    };
    let v =
        |effort: f64| runner.flat_speed_mps * effort * equal_effort_factor(-grade / 100.0) * tech;
    let (fast, slow) = (rng.gen_range(1.3..1.5), rng.gen_range(0.7..0.85));
    let phase_s = rng.gen_range(55.0..65.0);
    let mut at = top + rng.gen_range(50.0..200.0);
    legs.push(Leg::Go {
        to_m: at,
        pace: Pace::Run { effort: 1.0 },
    });
    let mut rep_legs = Vec::new();
    loop {
        let f_end = at + v(fast) * phase_s;
        let s_end = f_end + v(slow) * phase_s;
        if s_end > bottom - 30.0 {
            break;
        }
        rep_legs.push(legs.len());
        legs.push(Leg::Go {
            to_m: f_end.round(),
            pace: Pace::Run { effort: fast },
        });
        legs.push(Leg::Go {
            to_m: s_end.round(),
            pace: Pace::Run { effort: slow },
        });
        at = s_end;
    }
    legs.push(Leg::Go {
        to_m: bottom,
        pace: Pace::Run { effort: 1.0 },
    });
    legs.push(Leg::Go {
        to_m: bottom + 1100.0,
        pace: Pace::Run { effort: 0.9 },
    });
    Plan {
        sections,
        style,
        start_m: top,
        legs,
        rep_legs,
        walk_legs: Vec::new(),
        workout: WorkoutKind::Intervals,
        compliant: true,
        intervals: true,
        hill: Some((top, bottom)),
    }
}

fn no_rep_session<R: Rng>(rng: &mut R, kind: SessionKind) -> Plan {
    let (sections, style, legs) = match kind {
        SessionKind::EasyFlat => {
            let (ter, style) = terrain(rng, 0.4);
            let half: f64 = rng.gen_range(3000.0..5000.0);
            let sections = vec![Section::flat(half, ter)];
            let legs = vec![
                Leg::Go {
                    to_m: half - 1.0,
                    pace: Pace::Run { effort: 1.0 },
                },
                Leg::Go {
                    to_m: 1.0,
                    pace: Pace::Run { effort: 1.0 },
                },
            ];
            (sections, style, legs)
        }
        SessionKind::RollingLong => {
            let (ter, style) = terrain(rng, 0.5);
            let mut sections = vec![Section::flat(800.0, Terrain::Road)];
            let mut total = 800.0;
            let target: f64 = rng.gen_range(12000.0..18000.0);
            while total < target {
                let l: f64 = rng.gen_range(100.0..400.0);
                let g: f64 = rng.gen_range(3.0..8.0);
                let sign = if rng.gen_bool(0.5) { 1.0 } else { -1.0 };
                sections.push(Section::hill(l, sign * g, ter));
                let f: f64 = rng.gen_range(100.0..600.0);
                sections.push(Section::flat(f, ter));
                total += l + f;
            }
            let legs = vec![Leg::Go {
                to_m: total - 1.0,
                pace: Pace::Run { effort: 1.0 },
            }];
            (sections, style, legs)
        }
        _ => {
            let climb: f64 = rng.gen_range(3000.0..5000.0);
            let g = rng.gen_range(8.0..14.0);
            let sections = vec![
                Section::flat(1000.0, Terrain::Road),
                Section::hill(climb, g, Terrain::trail()),
                Section::flat(150.0, Terrain::trail()),
            ];
            let summit = 1000.0 + climb + 100.0;
            let legs = vec![
                Leg::Go {
                    to_m: summit,
                    pace: Pace::Run { effort: 0.9 },
                },
                Leg::Stand {
                    duration_s: rng.gen_range(30.0..300.0),
                },
                Leg::Go {
                    to_m: 1.0,
                    pace: Pace::Run { effort: 1.0 },
                },
            ];
            (sections, PathStyle::trail(), legs)
        }
    };
    Plan {
        sections,
        style,
        start_m: 0.0,
        legs,
        rep_legs: Vec::new(),
        walk_legs: Vec::new(),
        workout: WorkoutKind::None,
        compliant: false,
        intervals: false,
        hill: None,
    }
}

/// Simulate one session of `kind` recorded with `altitude`.
pub fn session<R: Rng>(kind: SessionKind, altitude: AltitudeKind, rng: &mut R) -> Session {
    let runner = Runner::sample(rng);
    let walk = rng.gen_bool(0.6);
    use SessionKind as K;
    let plan = match kind {
        K::ShortOk => {
            let (n, l, g) = (
                rng.gen_range(8..=20),
                rng.gen_range(83.0..97.0),
                grade_in(rng, 8.0, 10.0),
            );
            rep_session(rng, n, l, g, 0.2, walk, WorkoutKind::Short, true)
        }
        K::ShortTooFew => {
            let (n, l, g) = (
                rng.gen_range(3..=6),
                rng.gen_range(83.0..97.0),
                grade_in(rng, 8.0, 10.0),
            );
            rep_session(rng, n, l, g, 0.2, walk, WorkoutKind::Short, false)
        }
        K::ShortTooShort => {
            let (n, l, g) = (
                rng.gen_range(8..=16),
                rng.gen_range(40.0..65.0),
                grade_in(rng, 8.0, 10.0),
            );
            rep_session(rng, n, l, g, 0.2, walk, WorkoutKind::Short, false)
        }
        K::ShortTooGentle => {
            let (n, l, g) = (
                rng.gen_range(8..=16),
                rng.gen_range(83.0..97.0),
                grade_in(rng, 4.0, 6.5),
            );
            rep_session(rng, n, l, g, 0.2, walk, WorkoutKind::Short, false)
        }
        K::LongOk => {
            let (n, l, g) = (
                rng.gen_range(2..=5),
                rng.gen_range(1100.0..1900.0),
                grade_in(rng, 10.8, 20.0),
            );
            rep_session(rng, n, l, g, 0.6, false, WorkoutKind::Long, true)
        }
        K::LongTooShort => {
            let (n, l, g) = (
                rng.gen_range(2..=5),
                rng.gen_range(450.0..800.0),
                grade_in(rng, 10.8, 20.0),
            );
            rep_session(rng, n, l, g, 0.6, false, WorkoutKind::Long, false)
        }
        K::LongTooGentle => {
            let (n, l, g) = (
                rng.gen_range(2..=5),
                rng.gen_range(1100.0..1900.0),
                grade_in(rng, 5.0, 8.0),
            );
            rep_session(rng, n, l, g, 0.6, false, WorkoutKind::Long, false)
        }
        K::IntervalsOk => intervals_session(rng, &runner),
        K::EasyFlat | K::RollingLong | K::Mountain => no_rep_session(rng, kind),
    };
    let course = Course::build(
        &plan.sections,
        &plan.style,
        rng.gen_range(200.0..1500.0),
        rng,
    );
    let rec = Recording {
        sampling: if rng.gen_bool(0.25) {
            Sampling::Smart { max_interval_s: 4 }
        } else {
            Sampling::EverySecond
        },
        altitude,
        auto_pause: rng.gen_bool(0.2),
        dynamics: rng.gen_bool(0.7),
        noise: NoiseParams::sample(rng),
    };
    let mut sim = simulate(&course, &runner, plan.start_m, &plan.legs, &rec, rng);
    let windows = leg_windows(&plan.legs, &sim.states);
    // Walking cadence for walking legs.
    for &w in &plan.walk_legs {
        let Some(&(t0, t1)) = windows.get(w) else {
            continue;
        };
        let cad = rng.gen_range(100.0..125.0);
        for p in sim.track.points.iter_mut() {
            if p.time_s.is_some_and(|t| t > t0 && t <= t1) && p.cadence_spm.is_some() {
                p.cadence_spm = Some(cad);
            }
        }
    }
    let bands = Bands::default();
    let mut reps = Vec::new();
    if plan.intervals {
        let g = course
            .spans
            .get(1)
            .map(|sp| -sp.section.grade_pct)
            .unwrap_or(0.0);
        for &i in &plan.rep_legs {
            let (Some(&(t0, t1)), Some(Leg::Go { to_m, .. })) = (windows.get(i), plan.legs.get(i))
            else {
                continue;
            };
            let from = match plan.legs.get(i.wrapping_sub(1)) {
                Some(Leg::Go { to_m, .. }) => *to_m,
                _ => *to_m,
            };
            let grade =
                (course.elevation_m(from) - course.elevation_m(*to_m)) / (to_m - from) * 100.0;
            let grade = if grade.is_finite() { grade } else { g };
            reps.push(TrueRep {
                start_s: t0,
                end_s: t1,
                length_m: to_m - from,
                grade_pct: grade,
                band: bands.label(grade),
            });
        }
    } else if let Some((top, bottom)) = plan.hill {
        for d in &sim.truth {
            let on_hill =
                (d.top_course_m - top).abs() < 2.0 && (d.bottom_course_m - bottom).abs() < 2.0;
            let in_rep = plan.rep_legs.iter().any(|&i| {
                windows
                    .get(i)
                    .is_some_and(|&(t0, t1)| d.start_s < t1 && d.end_s > t0)
            });
            if on_hill && in_rep {
                reps.push(TrueRep {
                    start_s: d.start_s,
                    end_s: d.end_s,
                    length_m: d.length_m,
                    grade_pct: d.grade_pct,
                    band: bands.label(d.grade_pct),
                });
            }
        }
    }
    Session {
        sim,
        truth: SessionTruth {
            kind,
            workout: plan.workout,
            compliant: plan.compliant,
            reps,
        },
    }
}
