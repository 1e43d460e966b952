//! The one model every reader produces: a [`Track`] of [`TrackPoint`]s in SI units.
//!
//! Readers (`crate::io`) fill a `Track` as the file says it, then [`crate::clean::clean`]
//! repairs what real recordings need (see that module) and fills the along-track distance.
//! Everything downstream (profile, descents, reps, reports) reads only this model.
//!
//! # Units
//! Times are seconds since the Unix epoch, UTC (`time_s`); positions in degrees (WGS84);
//! altitudes and distances in meters; speeds in m/s; cadence in steps per minute (a FIT
//! running cadence of strides/min is doubled by the reader); stance time in seconds.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

/// One recorded sample. Everything a file may lack is an `Option`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TrackPoint {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub time_s: Option<f64>,
    pub lat_deg: Option<f64>,
    pub lon_deg: Option<f64>,
    pub altitude_m: Option<f64>,
    /// Along-track distance from the start. Readers copy it from the file when the file has
    /// one; cleaning fills it geodesically (geo crate) otherwise.
    pub distance_m: Option<f64>,
    pub speed_mps: Option<f64>,
    pub heart_rate_bpm: Option<f64>,
    /// Steps per minute (both feet).
    pub cadence_spm: Option<f64>,
    /// Ground contact time per step.
    pub stance_time_s: Option<f64>,
    pub vertical_oscillation_m: Option<f64>,
}

/// A stretch of time where the recording was paused (timer stop, auto-pause) or interrupted
/// (a segment break, a long gap between samples).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pause {
    pub start_s: f64,
    pub end_s: f64,
}

/// A lap as the device recorded it (athlete pressed lap, structured workout step, auto-lap).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lap {
    pub start_s: f64,
    pub end_s: f64,
    /// `active`, `rest`, `warmup`, `cooldown`, `recovery`, `interval` when the file says it.
    pub intensity: Option<String>,
    pub distance_m: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Fit,
    Gpx,
    Tcx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Fit => "FIT",
            Format::Gpx => "GPX",
            Format::Tcx => "TCX",
        }
    }
}

/// Where the altitudes came from; it decides how hard the profile is smoothed and how much
/// the grade of a short descent can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AltitudeSource {
    /// A barometric altimeter: fine-grained, drifts slowly (most running watches).
    Barometric,
    /// Satellite altitude: 5-10 m error correlated over minutes (phones, older watches).
    Gps,
    /// Replaced from a terrain model (`--dem`).
    Dem,
    /// Not known from the file; treated like GPS (the cautious choice).
    #[default]
    Unknown,
}

impl AltitudeSource {
    /// Whether the profile may be treated as barometric (fine-grained) data.
    pub fn is_fine(self) -> bool {
        matches!(self, AltitudeSource::Barometric | AltitudeSource::Dem)
    }
    pub fn name(self) -> &'static str {
        match self {
            AltitudeSource::Barometric => "barometric",
            AltitudeSource::Gps => "gps",
            AltitudeSource::Dem => "dem",
            AltitudeSource::Unknown => "unknown",
        }
    }
}

/// What the file says about itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrackMeta {
    pub format: Option<Format>,
    /// Whether the bytes were gzip-compressed.
    pub gzipped: bool,
    /// "garmin fenix8", "Movescount - http://www.movescount.com", ...
    pub device: Option<String>,
    /// Lower-case sport as the file names it: `running`, `cycling`, `generic`, ...
    pub sport: Option<String>,
    pub sub_sport: Option<String>,
    /// Activity name (GPX `<name>`, Strava export `activities.csv`).
    pub name: Option<String>,
    pub altitude_source: AltitudeSource,
}

/// What cleaning changed, counted so that it can be shown, never silently hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CleaningLog {
    /// Leading 0.0 altitudes before the barometer locked, set to missing.
    pub leading_zero_altitudes: usize,
    /// Altitudes at sentinel or impossible values (below -500 m, above 9000 m), set to missing.
    pub sentinel_altitudes: usize,
    /// Positions outside the globe or at (0, 0), set to missing.
    pub impossible_positions: usize,
    /// Points with the same timestamp as the previous one, merged.
    pub duplicate_times: usize,
    /// Points whose time went backwards far (a stray point), dropped.
    pub backward_times: usize,
    /// Points whose time was a few seconds out of order (timestamp jitter): kept, re-timed.
    pub jittered_times: usize,
    /// Points given a time interpolated between close timed neighbours.
    pub retimed: usize,
    /// Times before 1990 or after 2100 (epoch sentinels), set to missing.
    pub invalid_times: usize,
    /// Forward jumps of more than 6 h between samples, closed up (kept as a pause).
    pub time_jumps: usize,
    /// Points with nothing usable (no time, no position, no altitude), dropped.
    pub empty_points: usize,
}

impl CleaningLog {
    pub fn total(&self) -> usize {
        self.leading_zero_altitudes
            + self.sentinel_altitudes
            + self.impossible_positions
            + self.duplicate_times
            + self.backward_times
            + self.jittered_times
            + self.invalid_times
            + self.time_jumps
            + self.empty_points
    }

    /// Human lines, one per non-zero count ("times went backwards 3 times: dropped").
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |n: usize, what: &str| {
            if n > 0 {
                out.push(format!("{what}: {n}"));
            }
        };
        add(
            self.leading_zero_altitudes,
            "leading 0 m altitudes before the altimeter locked (ignored)",
        );
        add(self.sentinel_altitudes, "impossible altitudes (ignored)");
        add(self.impossible_positions, "impossible positions (ignored)");
        add(self.duplicate_times, "duplicate timestamps (merged)");
        add(self.backward_times, "times going backwards (dropped)");
        add(
            self.jittered_times,
            "times a few seconds out of order (re-timed from neighbours)",
        );
        add(self.retimed, "missing times interpolated");
        add(self.invalid_times, "invalid timestamps (ignored)");
        add(self.time_jumps, "time jumps over 6 h (closed up)");
        add(self.empty_points, "empty points (dropped)");
        out
    }
}

/// A whole recording, in SI units, cleaned.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Track {
    pub points: Vec<TrackPoint>,
    /// Timer pauses and recording gaps, sorted by start.
    pub pauses: Vec<Pause>,
    /// Index of the first point of each segment after the first (GPX `trkseg`, TCX `Track`,
    /// chained FIT files).
    pub segment_starts: Vec<usize>,
    pub laps: Vec<Lap>,
    pub meta: TrackMeta,
    pub cleaning: CleaningLog,
    /// What was recovered from a damaged file ("truncated at byte 81234, 3412 records kept").
    pub warnings: Vec<String>,
}

impl Track {
    pub fn start_time_s(&self) -> Option<f64> {
        self.points.iter().find_map(|p| p.time_s)
    }
    pub fn end_time_s(&self) -> Option<f64> {
        self.points.iter().rev().find_map(|p| p.time_s)
    }
    pub fn has_time(&self) -> bool {
        self.start_time_s().is_some()
    }
    pub fn has_altitude(&self) -> bool {
        self.points.iter().any(|p| p.altitude_m.is_some())
    }
    pub fn has_position(&self) -> bool {
        self.points.iter().any(|p| p.lat_deg.is_some())
    }
    /// Seconds within timer pauses between `a_s` and `b_s`.
    pub fn paused_between_s(&self, a_s: f64, b_s: f64) -> f64 {
        self.pauses
            .iter()
            .map(|p| (p.end_s.min(b_s) - p.start_s.max(a_s)).max(0.0))
            .sum()
    }
}

/// A `time_s` as a UTC date-time, for rendering.
pub fn to_datetime(time_s: f64) -> Option<DateTime<Utc>> {
    let secs = time_s.floor();
    let nanos = ((time_s - secs) * 1e9).round().clamp(0.0, 999_999_999.0) as u32;
    Utc.timestamp_opt(secs as i64, nanos).single()
}

/// RFC 3339 with whole seconds and a `Z` (`2024-11-24T06:27:08Z`).
pub fn rfc3339(time_s: f64) -> String {
    to_datetime(time_s.round())
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}
