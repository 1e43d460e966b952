//! A purpose-built streaming FIT decoder: only the messages a descent analysis needs, straight
//! into a raw [`Track`], at memory speed, and never panicking on any input.
//!
//! # Method
//! The FIT protocol (Garmin FIT SDK, "Flexible and Interoperable Data Transfer Protocol",
//! rev. 2.x) is a stream of definition messages (field number, size and base type of each
//! field of a local message type, plus the byte order) and data messages that refer to them.
//! Each definition is compiled once into a *plan*: the byte offset, size and base type of the
//! few fields we use, so decoding a `record` is a handful of fixed-offset loads from one slice.
//! Everything else is skipped by size, including developer fields.
//!
//! Decoded messages: `file_id` (0: manufacturer, product), `session` (18: sport, sub-sport,
//! timer time), `lap` (19: start, end, intensity, distance), `record` (20) and `event` (21:
//! timer stop/start become pauses). Any message's field 253 sets the timestamp base that
//! compressed-timestamp headers (5-bit offsets, rolling over every 32 s) build on, as the SDK
//! specifies.
//!
//! # Units
//! As [`crate::track`]: `time_s` = FIT seconds + 631 065 600 (1989-12-31T00:00:00Z);
//! positions semicircles x 180 / 2^31; `enhanced_altitude` (else `altitude`) / 5 - 500 m;
//! `distance` / 100 m; `enhanced_speed` (else `speed`) / 1000 m/s; `cadence` +
//! `fractional_cadence` / 128, doubled to steps/min for foot sports; `stance_time` / 10 ms;
//! `vertical_oscillation` / 10 mm. A field at its base type's invalid value is `None`.
//!
//! # Damage
//! The decoder is a cursor over `&[u8]` with checked reads only. Damage becomes a warning on
//! the track and decoding keeps what was sound: a bad header or file CRC (warned, data still
//! used), truncation anywhere ("truncated at byte N: M records kept"), a header claiming more
//! data than the file holds (nothing is allocated from that claim), a data message of an
//! undefined local type (decoding stops there), fields whose size does not match their base
//! type (skipped). Chained FIT files (several headers back to back) are all read; each later
//! file starts a new segment. Only input with no FIT header, or damage before the first
//! record, is refused.
//!
//! # Speed
//! On this machine (2 shared cores), decode-only into a `Track`: ~19-21 M records/s
//! (0.8-1.4 GB/s) with the CRC checked, 22-30 M records/s without, against ~0.25 M records/s
//! for fitparser (`cargo run --release --example fitdec_speed -- FILE`, CPU time;
//! `cargo bench --bench fit_decode` for criterion's wall-clock figures). `downhill_testkit::fit` (fitparser)
//! stays the reference: `tests/fitdec_reference.rs` requires identical records.

mod crc;
mod finish;
mod message;
mod names;
mod plan;
mod sessions;
mod stream;
#[cfg(test)]
mod tests;

use std::path::Path;

use crate::error::Result;
use crate::track::{Track, TrackPoint};

use message::DistanceCounter;
pub use message::utc_offset;
use plan::Def;

/// Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z.
pub const FIT_EPOCH_UNIX_S: f64 = 631_065_600.0;

/// CRC mismatches warned about one by one; more are counted in one line.
const MAX_CRC_WARNINGS: usize = 3;

/// How to decode.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// Verify the header and file CRCs (a mismatch is a warning, never a refusal). Default
    /// `true`: it costs a few percent and tells the user a file is damaged.
    pub check_crc: bool,
    /// Keep the file's values as recorded: cadence in strides/min (not doubled for foot
    /// sports) and distance counters restarting at each session. Default `false` (the
    /// [`TrackPoint`] contract); `true` is for field-by-field comparisons with other decoders.
    pub raw: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            check_crc: true,
            raw: false,
        }
    }
}

/// Read a FIT activity into a raw (uncleaned) track with the default options.
pub fn read(bytes: &[u8], path: &Path) -> Result<Track> {
    read_with(bytes, path, &DecodeOptions::default())
}

/// Read a FIT activity into a raw (uncleaned) track.
pub fn read_with(bytes: &[u8], path: &Path, opts: &DecodeOptions) -> Result<Track> {
    let mut dec = Decoder::new(bytes, opts);
    dec.run();
    dec.finish(path)
}

// ---------------------------------------------------------------------------------------
// Decoder state

#[derive(Debug, Clone, Copy, Default)]
struct SessionInfo {
    start_s: Option<f64>,
    end_s: Option<f64>,
    timer_s: Option<f64>,
    elapsed_s: Option<f64>,
    sport: Option<u16>,
    sub_sport: Option<u16>,
}

#[derive(Debug, Clone, Copy, Default)]
struct LapInfo {
    start_s: Option<f64>,
    end_s: Option<f64>,
    elapsed_s: Option<f64>,
    distance_m: Option<f64>,
    intensity: Option<u16>,
}

struct Decoder<'a> {
    buf: &'a [u8],
    opts: &'a DecodeOptions,
    defs: [Option<Def>; 16],
    /// The timestamp base (FIT seconds) for compressed-timestamp headers.
    last_ts: u32,
    points: Vec<TrackPoint>,
    /// Index of the first point of each chained file.
    file_starts: Vec<usize>,
    /// Timer events: (time, is_stop).
    timer_events: Vec<(f64, bool)>,
    laps: Vec<LapInfo>,
    sessions: Vec<SessionInfo>,
    device_seen: bool,
    manufacturer: Option<u16>,
    product: Option<u16>,
    product_name: Option<String>,
    /// Sport and sub-sport of a `sport` message, used when no session survived.
    sport_msg: Option<(Option<u16>, Option<u16>)>,
    /// The activity message's local time minus its timestamp (s).
    utc_offset_s: Option<i32>,
    warnings: Vec<String>,
    distance: DistanceCounter,
    /// Whether any record had these, so that no pass over the points is needed to know.
    seen: Seen,
    crc_mismatches: usize,
    /// Set when the stream could not be read to its end.
    damaged: bool,
}

impl<'a> Decoder<'a> {
    fn new(buf: &'a [u8], opts: &'a DecodeOptions) -> Self {
        Decoder {
            buf,
            opts,
            defs: Default::default(),
            last_ts: 0,
            // A record message is rarely under 20 bytes; the estimate only saves regrowth.
            points: Vec::with_capacity(buf.len() / 24),
            file_starts: Vec::new(),
            timer_events: Vec::new(),
            laps: Vec::new(),
            sessions: Vec::new(),
            device_seen: false,
            manufacturer: None,
            product: None,
            product_name: None,
            sport_msg: None,
            utc_offset_s: None,
            warnings: Vec::new(),
            distance: DistanceCounter::default(),
            seen: Seen::default(),
            crc_mismatches: 0,
            damaged: false,
        }
    }

    fn truncated(&mut self) {
        self.damaged = true;
        self.warnings.push(format!(
            "truncated at byte {}: {} records kept",
            self.buf.len(),
            self.points.len()
        ));
    }

    fn damage(&mut self, what: String) {
        self.damaged = true;
        self.warnings.push(format!(
            "{what}: decoding stopped, {} records kept",
            self.points.len()
        ));
    }

    /// Warn about the first CRC mismatches only: a chain of thousands of damaged files
    /// must not give thousands of lines.
    fn crc_mismatch(&mut self, what: String) {
        self.crc_mismatches += 1;
        if self.crc_mismatches <= MAX_CRC_WARNINGS {
            self.warnings.push(what);
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    altitude: bool,
    cadence: bool,
    stance: bool,
    /// Records read, and those that carry air temperature (the prior for a barometer).
    records: usize,
    temperature_records: usize,
}
