#![warn(missing_docs)]
//! `downhill`: turns a runner's watch exports into a verdict on their downhill training.
//!
//! The stages, each a pure function but for `io`, `report` and the batch driver:
//!
//! ```text
//! Path --io--> Track --clean--> Track --motion--> Motion --profile--> Profile
//!      --descent--> Vec<Descent> --reps--> RepAnalysis --workout--> WorkoutReport
//!      => report::Report --> table / json / chart
//! ```
//!
//! The README's session, read and judged (the example runs as a test):
//!
//! ```
//! use std::path::Path;
//! let file = Path::new("fixtures/sim/short-reps_baro_seed7.gpx.gz");
//! let track = downhill::io::read_activity(file, &Default::default())?;
//! let report = downhill::analysis::analyze(&track, "short-reps", &Default::default());
//! assert_eq!(report.reps.reps.len(), 10);
//! assert_eq!(report.workout.kind, downhill::workout::WorkoutKind::Short);
//! assert!(report.workout.compliant, "{}", report.workout.verdict);
//! for check in &report.workout.checks {
//!     // Every check: the prescribed range, the measured value and its uncertainty.
//!     assert!(check.value.is_some() && check.uncertainty.is_some(), "{check:?}");
//! }
//! # Ok::<(), downhill::error::Error>(())
//! ```

pub mod altitude;
pub mod analysis;
pub mod chart;
pub mod clean;
pub mod dem;
pub mod descent;
pub mod error;
pub mod gap;
pub mod haversine;
pub mod io;
pub mod localtime;
pub mod motion;
pub mod phrase;
pub mod plan;
pub mod profile;
pub mod report;
pub mod reps;
pub mod season;
pub mod stats;
pub mod summary;
pub mod track;
pub mod workout;
