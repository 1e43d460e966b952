//! Grade-adjusted pace: the flat-equivalent speed factor of an empirical model.
//! (Stub: filled by the descents work.)

/// The model named in reports.
pub const MODEL_NAME: &str = "strava-2017";
