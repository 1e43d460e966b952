//! `downhill`: turns a runner's watch exports into a verdict on their downhill training.
//!
//! The stages, each a pure function but for `io`, `report` and the batch driver:
//!
//! ```text
//! Path --io--> Track --clean--> Track --profile--> Profile --descent--> Vec<Descent>
//!      --reps--> RepAnalysis --workout--> WorkoutReport  => report::Report --> table / json
//! ```
//!
//! ```no_run
//! use std::path::Path;
//! let track = downhill::io::read_activity(Path::new("fixtures/fit/fenix2_run.fit"), &Default::default())?;
//! let report = downhill::analysis::analyze(&track, "fenix2_run.fit", &Default::default());
//! println!("{} descents", report.descents.len());
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
pub mod motion;
pub mod plan;
pub mod profile;
pub mod report;
pub mod reps;
pub mod season;
pub mod sim;
pub mod stats;
pub mod summary;
pub mod track;
pub mod workout;
pub mod write;
