//! FIT activity files, decoded with fitparser into a raw [`Track`].
//!
//! Method: [`scan`] first walks the FIT message structure (FIT SDK protocol: header, record
//! header byte, definition messages giving data message sizes) to find the sound part of the
//! bytes and where any damage starts; fitparser's stream processor then decodes that sound
//! part (whose header data sizes were patched), so a watch whose battery died mid-run still
//! yields its run, with a warning naming the byte offset.
//!
//! Fields (Garmin FIT profile; fitparser has already applied scale and offset): positions
//! are semicircles (x 180 / 2^31), altitude prefers `enhanced_altitude`, speed prefers
//! `enhanced_speed`, running cadence is strides/min (+ `fractional_cadence`) and is doubled
//! to steps/min, `stance_time` ms -> s, `vertical_oscillation` mm -> m. Timer stop/start
//! events become pauses, laps and the main session's sport are kept, and each further file
//! of a chained FIT starts a new segment.

pub mod scan;

use std::collections::HashSet;
use std::path::Path;

use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{FitDataRecord, Value};

use downhill::error::{Error, Result};
use downhill::track::{Format, Lap, Pause, Track, TrackPoint};

pub use downhill::io::looks_like_fit;

/// Semicircles to degrees.
const DEG_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;

/// A distance reading this far below the previous one is a counter that restarted (new
/// session or chained file), not GPS noise (the device's own distance never decreases).
const DISTANCE_RESTART_M: f64 = 50.0;
/// ... and only when the new reading is this close to 0 (a counter starting over): files
/// that interleave two distance sources (Edge 1030 virtual rides) or step back by a few
/// hundred metres (Fenix 3 multisession) are left to cleaning.
const RESTARTED_BELOW_M: f64 = 25.0;

/// Sports whose FIT cadence counts strides (one foot) and is doubled to steps per minute.
const FOOT_SPORTS: &[&str] = &["running", "walking", "hiking", "mountaineering", "training"];

/// A session as the file summarizes it.
#[derive(Debug, Clone, Default)]
struct Session {
    sport: Option<String>,
    sub_sport: Option<String>,
    start_s: Option<f64>,
    end_s: Option<f64>,
    timer_s: Option<f64>,
}

/// Read a FIT activity into a raw (uncleaned) track.
pub fn read(bytes: &[u8], path: &Path) -> Result<Track> {
    let corrupt = |detail: String| Error::Corrupt {
        path: path.to_owned(),
        format: "FIT",
        detail,
    };
    let scan = scan::scan(bytes).map_err(|r| corrupt(format!("not a FIT file: {r}")))?;

    let mut track = Track::default();
    track.meta.format = Some(Format::Fit);
    let mut reader = Reader::default();
    let stream_damage = reader.decode(&scan.sanitized);

    // The first damage in the bytes: what the structure walk found, or an error fitparser
    // raised inside the part the walk judged sound.
    let damage = match (&scan.damage, stream_damage) {
        (_, Some((offset, reason))) => {
            Some((offset, format!("corrupt at byte {offset} ({reason})")))
        }
        (Some(scan::Damage::Truncated { file_len, .. }), None) => {
            Some((*file_len, format!("truncated at byte {file_len}")))
        }
        (Some(scan::Damage::Corrupt { offset, reason }), None) => {
            Some((*offset, format!("corrupt at byte {offset} ({reason})")))
        }
        (None, None) => None,
    };

    let n = reader.points.len();
    if let Some((_, what)) = &damage {
        if n == 0 {
            return Err(corrupt(format!("{what}, before any record")));
        }
        track
            .warnings
            .push(format!("{what}: {n} records kept, the rest ignored"));
    }
    for f in scan.files.iter().filter(|f| f.crc_mismatch) {
        track.warnings.push(format!(
            "checksum mismatch in the FIT file at byte {}: read anyway",
            f.start
        ));
    }
    if reader.undecodable > 0 {
        track.warnings.push(format!(
            "{} FIT messages could not be decoded: skipped",
            reader.undecodable
        ));
    }
    reader.finish(&mut track);
    Ok(track)
}

/// Accumulates what the decoded messages say.
#[derive(Debug, Default)]
struct Reader {
    points: Vec<TrackPoint>,
    /// Raw cadence (strides or rpm, with the fraction) per point, doubled in `finish`.
    cadence: Vec<Option<f64>>,
    segment_starts: Vec<usize>,
    pauses: Vec<Pause>,
    stopped_at: Option<f64>,
    laps: Vec<Lap>,
    sessions: Vec<Session>,
    device: Option<String>,
    /// Sport from a `sport` message, used when no session survived (a truncated file).
    sport_msg: Option<(Option<String>, Option<String>)>,
    /// Last raw distance reading and the offset added to continue a restarted counter.
    last_distance_m: Option<f64>,
    distance_offset_m: f64,
    undecodable: usize,
    /// The activity message's local time minus its UTC time (s).
    utc_offset_s: Option<i32>,
    /// Records that carry air temperature (the prior for a barometer).
    temperature_records: usize,
}

impl Reader {
    /// Stream `bytes` (sanitized by the scan) through fitparser. Returns the offset and
    /// reason of an error that stopped decoding.
    fn decode(&mut self, bytes: &[u8]) -> Option<(usize, String)> {
        let mut proc = FitStreamProcessor::new();
        let opts: HashSet<DecodeOption> = [
            DecodeOption::SkipHeaderCrcValidation,
            DecodeOption::SkipDataCrcValidation,
            DecodeOption::DropUnknownFields,
        ]
        .into_iter()
        .collect();
        for o in opts {
            proc.add_option(o);
        }
        let mut files = 0;
        let mut buf = bytes;
        while !buf.is_empty() {
            let offset = bytes.len() - buf.len();
            let (rest, obj) = match proc.deserialize_next(buf) {
                Ok(r) => r,
                Err(e) => return Some((offset, e.to_string())),
            };
            match obj {
                FitObject::Header(_) => {
                    files += 1;
                    if files > 1 && !self.points.is_empty() {
                        self.segment_starts.push(self.points.len());
                        self.stopped_at = None;
                    }
                }
                FitObject::Crc(_) => proc.reset(),
                FitObject::DefinitionMessage(_) => {}
                FitObject::DataMessage(msg) => match proc.decode_message(msg) {
                    Ok(rec) => self.message(&rec),
                    Err(_) => self.undecodable += 1,
                },
            }
            buf = rest;
        }
        None
    }

    fn message(&mut self, rec: &FitDataRecord) {
        match rec.kind() {
            MesgNum::Record => self.record(rec),
            MesgNum::Event => self.event(rec),
            MesgNum::Lap => {
                let start = time_field(rec, "start_time");
                // Some files (FR965 firmware) stamp every lap with the activity start: then
                // the lap ends after its elapsed time.
                let elapsed = num_field(rec, "total_elapsed_time");
                let end = match (start, time_field(rec, "timestamp"), elapsed) {
                    (Some(a), Some(b), Some(e)) if b <= a => Some(a + e),
                    (Some(a), None, Some(e)) => Some(a + e),
                    (_, b, _) => b,
                };
                if let (Some(start_s), Some(end_s)) = (start, end) {
                    self.laps.push(Lap {
                        start_s,
                        end_s,
                        intensity: string_field(rec, "intensity").map(|s| s.to_lowercase()),
                        distance_m: num_field(rec, "total_distance"),
                    });
                }
            }
            MesgNum::Session => self.sessions.push(Session {
                sport: string_field(rec, "sport").map(|s| s.to_lowercase()),
                sub_sport: string_field(rec, "sub_sport").map(|s| s.to_lowercase()),
                start_s: time_field(rec, "start_time"),
                end_s: time_field(rec, "timestamp"),
                timer_s: num_field(rec, "total_timer_time")
                    .or_else(|| num_field(rec, "total_elapsed_time")),
            }),
            MesgNum::FileId if self.device.is_none() => self.device = device_name(rec),
            MesgNum::Activity => {
                if let (Some(local), Some(utc)) = (
                    local_time_field(rec, "local_timestamp"),
                    time_field(rec, "timestamp"),
                ) {
                    self.utc_offset_s = downhill::io::fitdec::utc_offset(local - utc);
                }
            }
            MesgNum::Sport if self.sport_msg.is_none() => {
                self.sport_msg = Some((
                    string_field(rec, "sport").map(|s| s.to_lowercase()),
                    string_field(rec, "sub_sport").map(|s| s.to_lowercase()),
                ))
            }
            _ => {}
        }
    }

    fn record(&mut self, rec: &FitDataRecord) {
        let lat = num_field(rec, "position_lat").map(|v| v * DEG_PER_SEMICIRCLE);
        let lon = num_field(rec, "position_long").map(|v| v * DEG_PER_SEMICIRCLE);
        let (lat_deg, lon_deg) = match (lat, lon) {
            (Some(a), Some(b)) => (Some(a), Some(b)),
            _ => (None, None),
        };
        let cadence = num_field(rec, "cadence")
            .map(|c| c + num_field(rec, "fractional_cadence").unwrap_or(0.0));
        let distance_m = num_field(rec, "distance").map(|d| {
            // Each session of a multisport file (and each chained file) restarts its
            // distance counter at 0: continue it so distance stays along the whole track.
            if let Some(last) = self.last_distance_m
                && d < last - DISTANCE_RESTART_M
                && d < RESTARTED_BELOW_M
            {
                self.distance_offset_m += last;
            }
            self.last_distance_m = Some(d);
            d + self.distance_offset_m
        });
        self.points.push(TrackPoint {
            time_s: time_field(rec, "timestamp"),
            lat_deg,
            lon_deg,
            altitude_m: num_field(rec, "enhanced_altitude").or_else(|| num_field(rec, "altitude")),
            distance_m,
            speed_mps: num_field(rec, "enhanced_speed").or_else(|| num_field(rec, "speed")),
            heart_rate_bpm: num_field(rec, "heart_rate"),
            cadence_spm: None,
            stance_time_s: num_field(rec, "stance_time").map(|ms| ms / 1000.0),
            vertical_oscillation_m: num_field(rec, "vertical_oscillation").map(|mm| mm / 1000.0),
        });
        self.cadence.push(cadence);
        self.temperature_records += usize::from(num_field(rec, "temperature").is_some());
    }

    fn event(&mut self, rec: &FitDataRecord) {
        if string_field(rec, "event").as_deref() != Some("timer") {
            return;
        }
        let Some(t) = time_field(rec, "timestamp") else {
            return;
        };
        match string_field(rec, "event_type").as_deref() {
            Some("stop" | "stop_all" | "stop_disable" | "stop_disable_all") => {
                self.stopped_at.get_or_insert(t);
            }
            Some("start") => {
                if let Some(s) = self.stopped_at.take()
                    && t > s
                {
                    self.pauses.push(Pause {
                        start_s: s,
                        end_s: t,
                    });
                }
            }
            _ => {}
        }
    }

    /// Move everything into `track`.
    fn finish(self, track: &mut Track) {
        track.meta.utc_offset_s = self.utc_offset_s;
        // The main session: the longest timer time (a multisport file's run leg, not its
        // transitions).
        let main = self.sessions.iter().max_by(|a, b| {
            a.timer_s
                .unwrap_or(0.0)
                .total_cmp(&b.timer_s.unwrap_or(0.0))
        });
        match (main, self.sport_msg) {
            (Some(s), _) => {
                track.meta.sport = s.sport.clone();
                track.meta.sub_sport = s.sub_sport.clone();
            }
            (None, Some((sport, sub_sport))) => {
                track.meta.sport = sport;
                track.meta.sub_sport = sub_sport;
            }
            (None, None) => {}
        }
        let has_dynamics = self.points.iter().any(|p| p.stance_time_s.is_some());
        let is_foot = |sport: Option<&str>| match sport {
            Some(s) if FOOT_SPORTS.contains(&s) => true,
            Some("generic") | None => has_dynamics,
            _ => false,
        };
        let default_foot = is_foot(track.meta.sport.as_deref());
        let mut points = self.points;
        for (p, c) in points.iter_mut().zip(self.cadence) {
            let Some(c) = c else { continue };
            // The sport of the session this point falls in, else the main sport.
            let session = p.time_s.and_then(|t| {
                self.sessions
                    .iter()
                    .find(|s| s.start_s.is_some_and(|a| a <= t) && s.end_s.is_some_and(|b| t <= b))
            });
            let foot = match session {
                Some(s) => is_foot(s.sport.as_deref()),
                None => default_foot,
            };
            p.cadence_spm = Some(if foot { 2.0 * c } else { c });
        }
        track.points = points;
        track.segment_starts = self.segment_starts;
        track.pauses = self.pauses;
        track.laps = self.laps;
        if track.has_altitude() {
            (
                track.meta.altitude_source,
                track.meta.altitude_source_from_temperature,
            ) = downhill::io::device::altitude_source_of(
                self.device.as_deref(),
                self.temperature_records,
                track.points.len(),
            );
        }
        track.meta.device = self.device;
    }
}

/// "garmin fenix2": manufacturer and product name (or number) from a file_id message.
fn device_name(rec: &FitDataRecord) -> Option<String> {
    let manufacturer = field(rec, "manufacturer").map(value_text);
    let product = field(rec, "product_name")
        .or_else(|| {
            rec.fields()
                .iter()
                .find(|f| f.name().ends_with("_product"))
                .map(|f| f.value())
        })
        .or_else(|| field(rec, "product"))
        .map(value_text);
    match (manufacturer, product) {
        (Some(m), Some(p)) => Some(format!("{m} {p}")),
        (Some(m), None) => Some(m),
        (None, Some(p)) => Some(p),
        (None, None) => None,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

fn field<'a>(rec: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    rec.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

/// A numeric field as f64 (finite values only).
fn num_field(rec: &FitDataRecord, name: &str) -> Option<f64> {
    let v = field(rec, name)?;
    let x: f64 = match v {
        Value::Array(_) | Value::String(_) | Value::Invalid | Value::Timestamp(_) => return None,
        other => other.clone().try_into().ok()?,
    };
    x.is_finite().then_some(x)
}

fn string_field(rec: &FitDataRecord, name: &str) -> Option<String> {
    match field(rec, name)? {
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// A `local_date_time` field as seconds since the Unix epoch, read as if it were UTC (so that
/// minus the UTC timestamp it gives the zone's offset). fitparser places it on the machine's
/// zone (its epoch is 1989-12-31 on the local clock): that zone's offset then is added back.
fn local_time_field(rec: &FitDataRecord, name: &str) -> Option<f64> {
    use chrono::TimeZone;
    let Value::Timestamp(t) = field(rec, name)? else {
        return None;
    };
    let epoch = chrono::NaiveDate::from_ymd_opt(1989, 12, 31)?.and_hms_opt(0, 0, 0)?;
    let machine = chrono::Local
        .from_local_datetime(&epoch)
        .earliest()?
        .offset()
        .local_minus_utc();
    Some(t.timestamp() as f64 + f64::from(machine))
}

/// A date-time field as seconds since the Unix epoch (UTC).
fn time_field(rec: &FitDataRecord, name: &str) -> Option<f64> {
    match field(rec, name)? {
        Value::Timestamp(t) => {
            Some(t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) * 1e-9)
        }
        _ => None,
    }
}
