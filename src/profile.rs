//! The elevation profile on a regular distance grid, smoothed, with grade.
//! (Stub: filled by the descents work; the type is the contract.)

use crate::track::{AltitudeSource, Track};

/// Profile settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileParams {
    /// Grid step. Default 5 m (CourseScope's grid; fine enough for an 80 m rep).
    pub step_m: f64,
}

impl Default for ProfileParams {
    fn default() -> Self {
        ProfileParams { step_m: 5.0 }
    }
}

/// Elevation and time on a regular along-track distance grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    pub step_m: f64,
    /// Along-track distance of each grid point.
    pub distance_m: Vec<f64>,
    /// Smoothed elevation.
    pub elevation_m: Vec<f64>,
    /// Time at each grid point (seconds since the epoch) when the track has times.
    pub time_s: Option<Vec<f64>>,
    pub altitude_source: AltitudeSource,
}

/// Build the profile, or `None` when the track has no usable elevation or distance.
pub fn build_profile(_track: &Track, _params: &ProfileParams) -> Option<Profile> {
    None
}
