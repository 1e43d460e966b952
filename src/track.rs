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
    /// Latitude, WGS84 degrees; `None` without a GPS fix (or set missing by cleaning).
    pub lat_deg: Option<f64>,
    /// Longitude, WGS84 degrees; `None` without a GPS fix (or set missing by cleaning).
    pub lon_deg: Option<f64>,
    /// Altitude above sea level as recorded (barometric, GPS or DEM, see
    /// [`TrackMeta::altitude_source`]), m; `None` when not recorded or set missing by cleaning.
    pub altitude_m: Option<f64>,
    /// Along-track distance from the start. Readers copy it from the file when the file has
    /// one; cleaning fills it geodesically (geo crate) otherwise.
    pub distance_m: Option<f64>,
    /// Speed as the device recorded it (FIT `enhanced_speed`/`speed`, TCX extension), m/s;
    /// `None` when the file has none.
    pub speed_mps: Option<f64>,
    /// Heart rate, beats per minute; `None` without a heart-rate sensor.
    pub heart_rate_bpm: Option<f64>,
    /// Steps per minute (both feet).
    pub cadence_spm: Option<f64>,
    /// Ground contact time per step.
    pub stance_time_s: Option<f64>,
    /// Vertical bounce of the torso per step, m; `None` unless a running-dynamics sensor
    /// recorded it.
    pub vertical_oscillation_m: Option<f64>,
}

/// A stretch of time where the recording was paused (timer stop, auto-pause) or interrupted
/// (a segment break, a long gap between samples).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pause {
    /// When the pause began, s since the Unix epoch.
    pub start_s: f64,
    /// When recording resumed, s since the Unix epoch.
    pub end_s: f64,
}

/// A lap as the device recorded it (athlete pressed lap, structured workout step, auto-lap).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lap {
    /// When the lap began, s since the Unix epoch.
    pub start_s: f64,
    /// When the lap ended, s since the Unix epoch.
    pub end_s: f64,
    /// `active`, `rest`, `warmup`, `cooldown`, `recovery`, `interval` when the file says it.
    pub intensity: Option<String>,
    /// Lap distance as the file records it, m; `None` when the file has none.
    pub distance_m: Option<f64>,
}

/// The file format an activity was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Garmin's binary Flexible and Interoperable Data Transfer format.
    Fit,
    /// GPS Exchange Format (XML).
    Gpx,
    /// Garmin Training Center XML.
    Tcx,
}

impl Format {
    /// The upper-case name used in messages: "FIT", "GPX", "TCX".
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
    /// The lower-case name used in reports: `barometric`, `gps`, `dem`, `unknown`.
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
    /// The format the file was read as; `None` for a track not read from a file.
    pub format: Option<Format>,
    /// Whether the bytes were gzip-compressed.
    pub gzipped: bool,
    /// The device or creator as the file names it: `garmin fenix8`,
    /// `Movescount - http://www.movescount.com`, ...
    pub device: Option<String>,
    /// Lower-case sport as the file names it: `running`, `cycling`, `generic`, ...
    pub sport: Option<String>,
    /// Lower-case sub-sport as the file names it (FIT `sub_sport`: `trail`, `treadmill`, ...).
    pub sub_sport: Option<String>,
    /// Activity name (GPX `<name>`, Strava export `activities.csv`).
    pub name: Option<String>,
    /// Where the altitudes came from: given with `--altitude`, else judged by the reader from
    /// the device and the file.
    pub altitude_source: AltitudeSource,
    /// Whether the user named the altitude source (`--altitude`): then it is the answer, not
    /// a prior the samples may overrule.
    #[serde(skip)]
    pub altitude_source_given: bool,
    /// The source is barometric because the points carry air temperature, the device name
    /// saying nothing (see `io::device::altitude_source_of`).
    pub altitude_source_from_temperature: bool,
    /// Which activity of a file of several this track is: (1-based index, how many).
    pub activity: Option<(usize, usize)>,
    /// The activity is a leg of a multisport file (FIT sessions of different sports), not a
    /// separate activity of a file of several.
    pub activity_is_leg: bool,
    /// The recording's own offset from UTC (s, local = UTC + offset): a FIT activity's local
    /// timestamp, or the offset a GPX/TCX time was written with; `None` when the file says
    /// only UTC.
    pub utc_offset_s: Option<i32>,
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
    /// Records of a later segment repeating an earlier segment's timestamps (a FIT chained
    /// with a copy of itself), dropped.
    pub repeated_records: usize,
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
    /// Positions that jumped away from the track and back (GPS multipath spikes of 1-3
    /// samples), moved back onto the track between their neighbours.
    pub position_spikes: usize,
    /// Altitudes that jumped away and back within a few samples, moved back onto the line
    /// between their neighbours.
    pub altitude_spikes: usize,
    /// Altitude steps faster and steeper than anyone moves that stayed (a barometer
    /// recalibrated from GPS): taken out of the altitudes after them.
    pub altitude_steps: usize,
    /// Steps no one moved (over 1 km faster than 100 m/s): a new segment starts there; or
    /// a file distance that jumped so (carried over instead).
    pub teleports: usize,
    /// Points with nothing usable (no time, no position, no altitude), dropped.
    pub empty_points: usize,
}

impl CleaningLog {
    /// The sum of the counts, all but `retimed`.
    pub fn total(&self) -> usize {
        self.leading_zero_altitudes
            + self.sentinel_altitudes
            + self.impossible_positions
            + self.duplicate_times
            + self.repeated_records
            + self.backward_times
            + self.jittered_times
            + self.invalid_times
            + self.time_jumps
            + self.position_spikes
            + self.altitude_spikes
            + self.altitude_steps
            + self.teleports
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
        add(
            self.repeated_records,
            "records repeating earlier timestamps (dropped)",
        );
        add(self.backward_times, "times going backwards (dropped)");
        add(
            self.jittered_times,
            "times a few seconds out of order (re-timed from neighbours)",
        );
        add(self.retimed, "missing times interpolated");
        add(self.invalid_times, "invalid timestamps (ignored)");
        add(self.time_jumps, "time jumps over 6 h (closed up)");
        add(
            self.position_spikes,
            "GPS position spikes (moved back onto the track)",
        );
        add(
            self.altitude_spikes,
            "altitude spikes (moved back between their neighbours)",
        );
        add(
            self.altitude_steps,
            "altitude steps faster than anyone climbs or descends (taken out of the altitudes after them)",
        );
        add(
            self.teleports,
            "jumps faster than 100 m/s in position or distance (not counted)",
        );
        add(self.empty_points, "empty points (dropped)");
        out
    }
}

/// A whole recording, in SI units, cleaned.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Track {
    /// The samples, in time order once cleaned.
    pub points: Vec<TrackPoint>,
    /// Timer pauses and recording gaps, sorted by start.
    pub pauses: Vec<Pause>,
    /// Index of the first point of each segment after the first (GPX `trkseg`, TCX `Track`,
    /// chained FIT files).
    pub segment_starts: Vec<usize>,
    /// The laps the device recorded, in file order; empty when the file has none.
    pub laps: Vec<Lap>,
    /// What the file says about itself (format, device, sport, altitude source).
    pub meta: TrackMeta,
    /// What cleaning changed.
    pub cleaning: CleaningLog,
    /// What was recovered from a damaged file ("truncated at byte 81234, 3412 records kept").
    pub warnings: Vec<String>,
    /// The sessions of a multisport file (FIT sessions, TCX activities), by start; empty
    /// when the file names one sport (`meta.sport`) for all of it.
    pub legs: Vec<Leg>,
    /// A file of several separate activities (TCX `Activity` x n): the index of each
    /// activity's first point and its sport, in file order; empty for one activity.
    /// [`crate::io::read_sessions`] splits the file there.
    pub activities: Vec<(usize, Option<String>)>,
}

/// One session of a multisport file: its time span and its sport.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leg {
    /// When the leg began, s since the Unix epoch.
    #[serde(rename = "start", serialize_with = "crate::report::ser_time_s")]
    pub start_s: f64,
    /// When the leg ended, s since the Unix epoch.
    #[serde(rename = "end", serialize_with = "crate::report::ser_time_s")]
    pub end_s: f64,
    /// Lower-case, as the file names it (`running`, `cycling`, `transition`, ...).
    pub sport: Option<String>,
}

/// Whether `sport` (lower-case, as a file names it) is done on foot: running, walking,
/// hiking, mountaineering, training. An unnamed or generic sport is taken as on foot (this
/// is a running tool); the speed test of the physics gate still applies to it.
pub fn is_foot_sport(sport: Option<&str>) -> bool {
    match sport {
        None => true,
        Some(s) => {
            let s = s.to_ascii_lowercase();
            [
                "run",
                "walk",
                "hik",
                "mountaineering",
                "training",
                "generic",
                "other",
            ]
            .iter()
            .any(|k| s.contains(k))
        }
    }
}

impl TrackMeta {
    /// A session's name in reports: `name`, and which activity or leg of several it is
    /// ("run.fit (leg 3 of 7, running)").
    pub fn session_label(&self, name: &str) -> String {
        match self.activity {
            Some((k, n)) if self.activity_is_leg => {
                let sport = self.sport.as_deref().unwrap_or("sport not named");
                format!("{name} (leg {k} of {n}, {sport})")
            }
            Some((k, n)) => format!("{name} (activity {k} of {n})"),
            None => name.to_owned(),
        }
    }
}

impl Track {
    /// The first point's time, s since the Unix epoch; `None` when no point has a time.
    pub fn start_time_s(&self) -> Option<f64> {
        self.points.iter().find_map(|p| p.time_s)
    }
    /// The last point's time, s since the Unix epoch; `None` when no point has a time.
    pub fn end_time_s(&self) -> Option<f64> {
        self.points.iter().rev().find_map(|p| p.time_s)
    }
    /// Whether any point has a time.
    pub fn has_time(&self) -> bool {
        self.start_time_s().is_some()
    }
    /// Whether any point has an altitude.
    pub fn has_altitude(&self) -> bool {
        self.points.iter().any(|p| p.altitude_m.is_some())
    }
    /// Whether any point has a position (a latitude).
    pub fn has_position(&self) -> bool {
        self.points.iter().any(|p| p.lat_deg.is_some())
    }
    /// The sport at time `t`: the leg covering it (the earlier at a boundary), else the
    /// file's sport.
    pub fn sport_at(&self, t_s: f64) -> Option<&str> {
        self.legs
            .iter()
            .find(|l| l.start_s <= t_s && t_s <= l.end_s)
            .map_or(self.meta.sport.as_deref(), |l| l.sport.as_deref())
    }
    /// The pauses indexed for [`PauseIndex::paused_between_s`]; build it once per stage,
    /// not per query.
    pub fn pause_index(&self) -> PauseIndex {
        PauseIndex::new(&self.pauses)
    }
}

/// A track's pauses as sorted, disjoint intervals (overlapping pauses merged) with their
/// cumulative durations: the paused time between two instants costs two binary searches
/// instead of a pass over every pause, which matters when it is asked for every sample of
/// a track with hundreds of auto-pauses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PauseIndex {
    start_s: Vec<f64>,
    end_s: Vec<f64>,
    /// `cum_s[k]`: total duration of the intervals before `k`.
    cum_s: Vec<f64>,
}

impl PauseIndex {
    /// Index `pauses` (any order; empty or inverted pauses ignored, overlaps merged).
    pub fn new(pauses: &[Pause]) -> PauseIndex {
        let mut sorted: Vec<Pause> = pauses
            .iter()
            .copied()
            .filter(|p| p.end_s > p.start_s)
            .collect();
        sorted.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        let mut idx = PauseIndex {
            cum_s: vec![0.0],
            ..PauseIndex::default()
        };
        for p in sorted {
            match idx.end_s.last_mut() {
                Some(end) if p.start_s <= *end => *end = end.max(p.end_s),
                _ => {
                    idx.start_s.push(p.start_s);
                    idx.end_s.push(p.end_s);
                }
            }
        }
        for (s, e) in idx.start_s.iter().zip(&idx.end_s) {
            let last = idx.cum_s.last().copied().unwrap_or(0.0);
            idx.cum_s.push(last + (e - s));
        }
        idx
    }

    /// Whether there is no pause of positive length.
    pub fn is_empty(&self) -> bool {
        self.start_s.is_empty()
    }

    /// Seconds within pauses between `a_s` and `b_s` (0 when `b_s <= a_s`; exactly 0 when
    /// no pause overlaps).
    pub fn paused_between_s(&self, a_s: f64, b_s: f64) -> f64 {
        if self.start_s.is_empty() || b_s <= a_s {
            return 0.0;
        }
        // Intervals k1..k2 overlap (a, b): they end after a and start before b.
        let k1 = self.end_s.partition_point(|&e| e <= a_s);
        let k2 = self.start_s.partition_point(|&s| s < b_s);
        if k1 >= k2 {
            return 0.0;
        }
        let whole = self.cum_s[k2] - self.cum_s[k1];
        let head = (a_s - self.start_s[k1]).max(0.0);
        let tail = (self.end_s[k2 - 1] - b_s).max(0.0);
        (whole - head - tail).max(0.0)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: the overlap of each pause with (a, b), summed.
    fn naive(pauses: &[Pause], a: f64, b: f64) -> f64 {
        pauses
            .iter()
            .map(|p| (p.end_s.min(b) - p.start_s.max(a)).max(0.0))
            .sum()
    }

    #[test]
    fn pause_index_matches_the_definition_on_disjoint_pauses() {
        let pauses: Vec<Pause> = (0..50)
            .map(|k| {
                let s = 1.7e9 + 100.0 * k as f64 + (k % 7) as f64;
                Pause {
                    start_s: s,
                    end_s: s + 5.0 + (k % 13) as f64,
                }
            })
            .collect();
        let idx = PauseIndex::new(&pauses);
        for i in 0..600 {
            for len in [0.0, 0.5, 3.0, 40.0, 250.0, 9000.0] {
                let a = 1.7e9 - 50.0 + 9.3 * i as f64;
                let (got, want) = (idx.paused_between_s(a, a + len), naive(&pauses, a, a + len));
                assert!(
                    (got - want).abs() < 1e-6,
                    "a={a} len={len}: {got} vs {want}"
                );
                if want == 0.0 {
                    assert_eq!(got, 0.0, "exactly zero without overlap");
                }
            }
        }
        assert_eq!(idx.paused_between_s(1.7e9 + 10.0, 1.7e9), 0.0);
    }

    #[test]
    fn pause_index_merges_overlapping_pauses() {
        let p = |s: f64, e: f64| Pause {
            start_s: s,
            end_s: e,
        };
        // Unsorted, one inside another, one overlapping, one inverted (ignored).
        let idx = PauseIndex::new(&[
            p(50.0, 60.0),
            p(10.0, 30.0),
            p(15.0, 20.0),
            p(25.0, 40.0),
            p(80.0, 70.0),
        ]);
        assert_eq!(idx.paused_between_s(0.0, 100.0), 40.0);
        assert_eq!(idx.paused_between_s(20.0, 55.0), 25.0);
        assert_eq!(idx.paused_between_s(40.0, 50.0), 0.0);
        assert!(PauseIndex::new(&[]).is_empty());
        assert_eq!(PauseIndex::new(&[]).paused_between_s(0.0, 1.0), 0.0);
    }
}
