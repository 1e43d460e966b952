//! The runner: speeds by grade and effort, and the legs of a session.
//!
//! Speeds follow the equal-effort speeds of DOMAIN.md: for every level of runner the speed at
//! -10 % is ~1.15 x the flat speed and at -20 % ~0.93 x; steeper than that runners brake
//! (fastest race descents reach ~1.4 m/s vertical). Uphill the speed falls as the GAP
//! factor rises (~1.5 at +10 %). Technical trail descents are slower (x0.75-0.9).

use rand::Rng;

/// A simulated runner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Runner {
    /// Easy flat running speed (3.7 m/s = 4:30/km, a club runner).
    pub flat_speed_mps: f64,
    /// Speed factor on technical trail descents (DOMAIN: 0.75-0.9).
    pub technical_factor: f64,
    /// Acceleration from standing.
    pub accel_mps2: f64,
    /// Braking to a stop.
    pub decel_mps2: f64,
    /// Cadence on the flat at easy speed, steps per minute.
    pub cadence_spm: f64,
}

impl Default for Runner {
    fn default() -> Self {
        Runner {
            flat_speed_mps: 3.7,
            technical_factor: 0.85,
            accel_mps2: 1.0,
            decel_mps2: 1.5,
            cadence_spm: 170.0,
        }
    }
}

impl Runner {
    /// A runner between recreational (6:00/km) and elite (3:20/km), drawn at random.
    pub fn sample<R: Rng>(rng: &mut R) -> Runner {
        Runner {
            flat_speed_mps: rng.gen_range(2.8..5.0),
            technical_factor: rng.gen_range(0.75..0.9),
            accel_mps2: rng.gen_range(0.7..1.5),
            decel_mps2: rng.gen_range(1.0..2.0),
            cadence_spm: rng.gen_range(160.0..185.0),
        }
    }
}

/// Speed multiplier against the flat at equal effort; `grade` is rise/run in the direction
/// of travel (negative downhill). Piecewise linear through the DOMAIN.md equal-effort speeds.
pub fn equal_effort_factor(grade: f64) -> f64 {
    const PTS: [(f64, f64); 8] = [
        (-0.45, 0.45),
        (-0.30, 0.70),
        (-0.20, 0.93),
        (-0.10, 1.15),
        (0.0, 1.0),
        (0.10, 0.66),
        (0.20, 0.45),
        (0.45, 0.25),
    ];
    let g = grade.clamp(PTS[0].0, PTS[PTS.len() - 1].0);
    for w in PTS.windows(2) {
        if g <= w[1].0 {
            let f = (g - w[0].0) / (w[1].0 - w[0].0);
            return w[0].1 + f * (w[1].1 - w[0].1);
        }
    }
    PTS[PTS.len() - 1].1
}

/// How fast a leg is run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pace {
    /// Running at `effort` x the runner's easy effort (1.0 easy, 1.2 fast reps, 0.8 slow
    /// jog), speed adapted to the grade.
    Run {
        /// Effort relative to easy (1.0 easy).
        effort: f64,
    },
    /// Walking at a fixed speed (uphill walks: 1-1.3 m/s).
    Walk {
        /// Walking speed, m/s.
        speed_mps: f64,
    },
}

/// One piece of a session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Leg {
    /// Move along the course to course distance `to_m` (backwards when it lies behind).
    Go {
        /// Course distance to go to, m.
        to_m: f64,
        /// How fast.
        pace: Pace,
    },
    /// Stand still with the timer running (the watch may auto-pause).
    Stand {
        /// How long, s.
        duration_s: f64,
    },
    /// Stand still with the timer stopped.
    TimerPause {
        /// How long, s.
        duration_s: f64,
    },
}
