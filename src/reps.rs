//! Group descents into rep sets; intervals inside one continuous descent.
//! (Stub: filled by the reps work; the types are the contract.)

use serde::Serialize;

use crate::descent::Descent;
use crate::profile::Profile;
use crate::track::Track;

/// Rep-detection settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RepParams {}

/// One repetition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rep {
    /// 1-based within its set.
    pub index: usize,
    /// Which hill (1-based) the rep was run on.
    pub hill: usize,
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    #[serde(rename = "end", serialize_with = "crate::report::ser_time")]
    pub end_s: Option<f64>,
    pub distance_m: f64,
    pub drop_m: f64,
    pub grade_pct: f64,
    pub band: String,
    pub avg_speed_mps: Option<f64>,
}

/// Everything the rep stage found.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RepAnalysis {
    pub reps: Vec<Rep>,
}

/// Find the reps among `descents`.
pub fn find_reps(
    _track: &Track,
    _profile: Option<&Profile>,
    _descents: &[Descent],
    _params: &RepParams,
) -> RepAnalysis {
    RepAnalysis::default()
}
