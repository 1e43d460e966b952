//! Prescribed workouts and the comparison of a session against them.
//! (Stub: filled by the reps work; the types are the contract.)

use serde::Serialize;

use crate::reps::RepAnalysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum WorkoutKind {
    Short,
    Long,
    Intervals,
    #[default]
    None,
}

/// One comparison line: expected vs actual.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub name: String,
    pub expected: String,
    pub actual: String,
    pub pass: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct WorkoutReport {
    pub kind: WorkoutKind,
    pub compliant: bool,
    pub checks: Vec<Check>,
}

/// Compare the session's reps with the closest built-in workout.
pub fn compare(_reps: &RepAnalysis) -> WorkoutReport {
    WorkoutReport::default()
}
