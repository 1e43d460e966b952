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
//! `cargo bench --bench fit_decode` for criterion's wall-clock figures). `io::fit` (fitparser)
//! stays the reference: `tests/fitdec_reference.rs` requires identical records.

mod crc;
mod names;

use std::path::Path;

use crate::error::{Error, Result};
use crate::track::{AltitudeSource, Format, Lap, Pause, Track, TrackMeta, TrackPoint};

/// Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z.
pub const FIT_EPOCH_UNIX_S: f64 = 631_065_600.0;

/// CRC mismatches warned about one by one; more are counted in one line.
const MAX_CRC_WARNINGS: usize = 3;

/// Degrees per semicircle: 180 / 2^31.
const DEG_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;

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
// Plans

/// What a definition's global message number is to us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    FileId,
    Session,
    Lap,
    Record,
    Event,
    Sport,
    Activity,
    Other,
}

impl Kind {
    fn of(global: u16) -> Kind {
        match global {
            0 => Kind::FileId,
            18 => Kind::Session,
            19 => Kind::Lap,
            20 => Kind::Record,
            21 => Kind::Event,
            12 => Kind::Sport,
            34 => Kind::Activity,
            _ => Kind::Other,
        }
    }
}

/// Where one wanted field sits in a data message.
#[derive(Debug, Clone, Copy)]
struct Spec {
    /// Byte offset in the message content (after the header byte).
    offset: u16,
    /// Base type with the endian bit kept (`0x84` = uint16); size equals the base type's
    /// except for strings.
    base: u8,
    /// Size in bytes.
    size: u8,
    /// Which quantity this is (one of the `slot` constants of the message kind).
    slot: u8,
}

/// Slots of a `record`.
mod rec {
    pub const LAT: u8 = 0;
    pub const LON: u8 = 1;
    pub const ALT: u8 = 2;
    pub const EALT: u8 = 3;
    pub const DIST: u8 = 4;
    pub const SPEED: u8 = 5;
    pub const ESPEED: u8 = 6;
    pub const HR: u8 = 7;
    pub const CAD: u8 = 8;
    pub const FCAD: u8 = 9;
    pub const STANCE: u8 = 10;
    pub const VOSC: u8 = 11;
}

/// The slot of field `num` of a message of kind `kind`, if we use it.
fn slot_of(kind: Kind, num: u8) -> Option<u8> {
    match kind {
        Kind::Record => Some(match num {
            0 => rec::LAT,
            1 => rec::LON,
            2 => rec::ALT,
            78 => rec::EALT,
            5 => rec::DIST,
            6 => rec::SPEED,
            73 => rec::ESPEED,
            3 => rec::HR,
            4 => rec::CAD,
            53 => rec::FCAD,
            41 => rec::STANCE,
            39 => rec::VOSC,
            _ => return None,
        }),
        // event: 0 event, 1 event_type.
        Kind::Event => (num <= 1).then_some(num),
        // lap: 2 start_time, 7 total_elapsed_time, 9 total_distance, 23 intensity.
        Kind::Lap => matches!(num, 2 | 7 | 9 | 23).then_some(num),
        // session: 2 start_time, 5 sport, 6 sub_sport, 7 elapsed, 8 timer time.
        Kind::Session => matches!(num, 2 | 5..=8).then_some(num),
        // file_id: 1 manufacturer, 2 product, 8 product_name.
        Kind::FileId => matches!(num, 1 | 2 | 8).then_some(num),
        // sport: 0 sport, 1 sub_sport.
        Kind::Sport => (num <= 1).then_some(num),
        // activity: 5 local_timestamp (the watch's local time at the message's timestamp).
        Kind::Activity => (num == 5).then_some(num),
        Kind::Other => None,
    }
}

/// Size in bytes of a numeric base type (`base & 0x9F`), `None` for strings and unknown types.
fn base_size(base: u8) -> Option<usize> {
    match base {
        0x00 | 0x01 | 0x02 | 0x0A | 0x0D => Some(1),
        0x83 | 0x84 | 0x8B => Some(2),
        0x85 | 0x86 | 0x88 | 0x8C => Some(4),
        0x89 | 0x8E | 0x8F | 0x90 => Some(8),
        _ => None,
    }
}

/// A compiled definition message.
#[derive(Debug, Clone)]
struct Def {
    kind: Kind,
    big_endian: bool,
    /// Bytes of content after the header byte, developer fields included.
    size: usize,
    /// Field 253 (timestamp), when it is a 4-byte integer.
    timestamp: Option<Spec>,
    fields: Vec<Spec>,
}

/// Read a numeric field, `None` at the base type's invalid value. `spec.offset + size` lies
/// within `msg` by construction of the plan, but every read is checked all the same.
#[inline(always)]
fn value(msg: &[u8], spec: Spec, big_endian: bool) -> Option<f64> {
    let at = spec.offset as usize;
    macro_rules! load {
        ($t:ty, $n:literal) => {{
            let b: [u8; $n] = msg.get(at..at + $n)?.try_into().ok()?;
            if big_endian {
                <$t>::from_be_bytes(b)
            } else {
                <$t>::from_le_bytes(b)
            }
        }};
    }
    match spec.base {
        0x00 | 0x02 | 0x0D => {
            let v = *msg.get(at)?;
            (v != 0xFF).then_some(v as f64)
        }
        0x01 => {
            let v = *msg.get(at)? as i8;
            (v != 0x7F).then_some(v as f64)
        }
        0x0A => {
            let v = *msg.get(at)?;
            (v != 0).then_some(v as f64)
        }
        0x83 => {
            let v = load!(i16, 2);
            (v != 0x7FFF).then_some(v as f64)
        }
        0x84 => {
            let v = load!(u16, 2);
            (v != 0xFFFF).then_some(v as f64)
        }
        0x8B => {
            let v = load!(u16, 2);
            (v != 0).then_some(v as f64)
        }
        0x85 => {
            let v = load!(i32, 4);
            (v != 0x7FFF_FFFF).then_some(v as f64)
        }
        0x86 => {
            let v = load!(u32, 4);
            (v != 0xFFFF_FFFF).then_some(v as f64)
        }
        0x8C => {
            let v = load!(u32, 4);
            (v != 0).then_some(v as f64)
        }
        0x88 => {
            let v = load!(f32, 4);
            v.is_finite().then_some(v as f64)
        }
        0x89 => {
            let v = load!(f64, 8);
            v.is_finite().then_some(v)
        }
        0x8E => {
            let v = load!(i64, 8);
            (v != 0x7FFF_FFFF_FFFF_FFFF).then_some(v as f64)
        }
        0x8F => {
            let v = load!(u64, 8);
            (v != u64::MAX).then_some(v as f64)
        }
        0x90 => {
            let v = load!(u64, 8);
            (v != 0).then_some(v as f64)
        }
        _ => None,
    }
}

/// A string field: the bytes up to the first NUL, if they are UTF-8 and not blank.
fn string(msg: &[u8], spec: Spec) -> Option<String> {
    let at = spec.offset as usize;
    let b = msg.get(at..at + spec.size as usize)?;
    let b = b.split(|&c| c == 0).next()?;
    let s = std::str::from_utf8(b).ok()?.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// A 4-byte timestamp field as FIT seconds.
#[inline(always)]
fn timestamp(msg: &[u8], spec: Spec, big_endian: bool) -> Option<u32> {
    let at = spec.offset as usize;
    let b: [u8; 4] = msg.get(at..at + 4)?.try_into().ok()?;
    let v = if big_endian {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    };
    match spec.base {
        0x86 => (v != 0xFFFF_FFFF).then_some(v),
        0x8C => (v != 0).then_some(v),
        0x85 => (v != 0x7FFF_FFFF).then_some(v),
        _ => None,
    }
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

/// Why decoding of the byte stream stopped early.
enum Stop {
    /// The bytes ran out inside a message.
    Truncated,
    /// Something that cannot be read past; the text says what and where.
    Damage(String),
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

    /// Decode every chained file in the buffer.
    fn run(&mut self) {
        let buf = self.buf;
        let mut pos = 0usize;
        let mut file_no = 0usize;
        if buf.is_empty() {
            self.damage("no FIT file header: no bytes at all".into());
        }
        while pos < buf.len() {
            let rest = &buf[pos..];
            // A later file of a chain whose signature is damaged is still read when its
            // sizes are plausible: the data it frames decodes or stops like any other.
            let signed = rest.get(8..12) == Some(b".FIT");
            let plausible = file_no > 0
                && rest.len() >= 12
                && matches!(rest[0], 12 | 14)
                && (rest[0] as usize)
                    .saturating_add(
                        u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize
                    )
                    .saturating_add(2)
                    <= rest.len();
            if !signed && plausible {
                self.warnings.push(format!(
                    "FIT header at byte {pos} lacks its \".FIT\" signature: read anyway"
                ));
            }
            if rest.len() < 12 || !(signed || plausible) || rest[0] < 12 {
                if file_no > 0 && is_header_prefix(rest) {
                    self.truncated();
                } else if file_no == 0 {
                    self.damage("no FIT file header at byte 0".into());
                } else {
                    self.warnings.push(format!(
                        "{} bytes after the last FIT file (at byte {pos}) ignored",
                        rest.len()
                    ));
                }
                return;
            }
            let header_size = rest[0] as usize;
            let Some(header) = rest.get(..header_size) else {
                self.truncated();
                return;
            };
            let data_size = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
            let mut crc = 0u16;
            if self.opts.check_crc {
                if header_size >= 14 {
                    let stored = u16::from_le_bytes([header[12], header[13]]);
                    let computed = crc::update(0, &header[..12]);
                    if stored != 0 && stored != computed {
                        self.crc_mismatch(format!(
                            "FIT header CRC mismatch at byte {pos} (stored {stored:#06x}, computed {computed:#06x})"
                        ));
                    }
                }
                crc = crc::update(0, header);
            }
            self.file_starts.push(self.points.len());
            self.defs = Default::default();
            self.last_ts = 0;
            let data_start = pos + header_size;
            let claimed_end = data_start.saturating_add(data_size);
            let data_end = claimed_end.min(buf.len());
            let end = match self.messages(data_start, data_end) {
                Ok(end) => end,
                Err(Stop::Truncated) => {
                    self.truncated();
                    return;
                }
                Err(Stop::Damage(what)) => {
                    self.damage(what);
                    return;
                }
            };
            if claimed_end > buf.len() {
                self.truncated();
                return;
            }
            let Some(stored) = buf.get(end..end + 2) else {
                // All messages are there, only the checksum is missing.
                self.warnings.push(format!(
                    "truncated at byte {}: file CRC missing, {} records kept",
                    buf.len(),
                    self.points.len()
                ));
                return;
            };
            if self.opts.check_crc {
                let stored = u16::from_le_bytes([stored[0], stored[1]]);
                let computed = crc::update(crc, &buf[data_start..end]);
                if stored != computed {
                    self.crc_mismatch(format!(
                        "FIT file CRC mismatch at byte {end} (stored {stored:#06x}, computed {computed:#06x}): data kept"
                    ));
                }
            }
            pos = end + 2;
            file_no += 1;
        }
    }

    /// Decode the messages in `buf[pos..end]`; returns where they ended.
    fn messages(&mut self, mut pos: usize, end: usize) -> std::result::Result<usize, Stop> {
        let buf = self.buf;
        // Messages must not run past the data the header declares (or the file's end).
        let data = buf.get(..end).ok_or(Stop::Truncated)?;
        let at_eof = end == buf.len();
        let cut = |what: String| {
            if at_eof {
                Stop::Truncated
            } else {
                Stop::Damage(what)
            }
        };
        while pos < end {
            let h = data[pos];
            if h & 0x80 != 0 {
                // Compressed timestamp header: local type in bits 5-6, time offset in 0-4.
                let local = ((h >> 5) & 0x3) as usize;
                let offset = (h & 0x1F) as u32;
                let size = match &self.defs[local] {
                    Some(d) => d.size,
                    None => {
                        return Err(Stop::Damage(format!(
                            "data message of undefined local type {local} at byte {pos}"
                        )));
                    }
                };
                let msg = data.get(pos + 1..pos + 1 + size).ok_or_else(|| {
                    cut(format!(
                        "message at byte {pos} runs past the declared data size"
                    ))
                })?;
                self.data_message(local, msg, Some(offset));
                pos += 1 + size;
            } else if h & 0x40 != 0 {
                // The architecture byte is 0 (little-endian) or 1 (big-endian); any other
                // value means the stream is damaged here (fitparser stops too, and what
                // follows decodes to records from the year 2124 at latitude -93).
                if let Some(&arch) = data.get(pos + 2)
                    && arch > 1
                {
                    return Err(Stop::Damage(format!(
                        "invalid architecture byte {arch} in the definition at byte {pos}"
                    )));
                }
                pos = self.definition(data, pos, h).map_err(|()| {
                    cut(format!(
                        "definition message at byte {pos} runs past the declared data size"
                    ))
                })?;
            } else {
                let local = (h & 0x0F) as usize;
                let size = match &self.defs[local] {
                    Some(d) => d.size,
                    None => {
                        return Err(Stop::Damage(format!(
                            "data message of undefined local type {local} at byte {pos}"
                        )));
                    }
                };
                let msg = data.get(pos + 1..pos + 1 + size).ok_or_else(|| {
                    cut(format!(
                        "message at byte {pos} runs past the declared data size"
                    ))
                })?;
                self.data_message(local, msg, None);
                pos += 1 + size;
            }
        }
        Ok(pos)
    }

    /// Compile the definition message at `pos`; returns the position after it.
    fn definition(&mut self, data: &[u8], pos: usize, h: u8) -> std::result::Result<usize, ()> {
        let local = (h & 0x0F) as usize;
        let has_dev = h & 0x20 != 0;
        let fixed = data.get(pos + 1..pos + 6).ok_or(())?;
        let big_endian = fixed[1] == 1;
        let global = if big_endian {
            u16::from_be_bytes([fixed[2], fixed[3]])
        } else {
            u16::from_le_bytes([fixed[2], fixed[3]])
        };
        let n = fixed[4] as usize;
        let fields_at = pos + 6;
        let field_bytes = data.get(fields_at..fields_at + 3 * n).ok_or(())?;
        let mut next = fields_at + 3 * n;
        let mut dev_size = 0usize;
        if has_dev {
            let ndev = *data.get(next).ok_or(())? as usize;
            let dev = data.get(next + 1..next + 1 + 3 * ndev).ok_or(())?;
            dev_size = dev.chunks_exact(3).map(|f| f[1] as usize).sum();
            next += 1 + 3 * ndev;
        }
        let kind = Kind::of(global);
        // Reuse the slot's field vector: definitions are redefined often in some files.
        let mut fields = self.defs[local]
            .take()
            .map(|d| d.fields)
            .unwrap_or_default();
        fields.clear();
        let mut timestamp = None;
        let mut offset = 0usize;
        for f in field_bytes.chunks_exact(3) {
            let (num, size, base) = (f[0], f[1] as usize, f[2] & 0x9F);
            let usable = base_size(base) == Some(size)
                || (base == 0x07 && kind == Kind::FileId && num == 8 && size > 0);
            if usable && offset <= u16::MAX as usize {
                let spec = |slot| Spec {
                    offset: offset as u16,
                    base,
                    size: size as u8,
                    slot,
                };
                if num == 253 {
                    timestamp = (size == 4).then(|| spec(0));
                } else if let Some(slot) = slot_of(kind, num) {
                    // A field defined twice: the later one wins.
                    fields.retain(|s: &Spec| s.slot != slot);
                    fields.push(spec(slot));
                }
            } else if num == 253 {
                timestamp = None;
            } else if let Some(slot) = slot_of(kind, num) {
                fields.retain(|s: &Spec| s.slot != slot);
            }
            offset += size;
        }
        self.defs[local] = Some(Def {
            kind,
            big_endian,
            size: offset + dev_size,
            timestamp,
            fields,
        });
        Ok(next)
    }

    fn data_message(&mut self, local: usize, msg: &[u8], time_offset: Option<u32>) {
        let Some(def) = &self.defs[local] else {
            return;
        };
        let be = def.big_endian;
        // Field 253 sets the timestamp base; a compressed header advances it.
        let mut msg_time = def.timestamp.and_then(|spec| timestamp(msg, spec, be));
        if let Some(t) = msg_time {
            self.last_ts = t;
        }
        if let Some(offset) = time_offset {
            let base = self.last_ts;
            let mut t = (base & !0x1F).wrapping_add(offset);
            if offset < (base & 0x1F) {
                t = t.wrapping_add(0x20);
            }
            self.last_ts = t;
            msg_time = Some(t);
        }
        let time_s = msg_time.map(|t| t as f64 + FIT_EPOCH_UNIX_S);
        match def.kind {
            Kind::Record => {
                let mut p = TrackPoint {
                    time_s,
                    ..TrackPoint::default()
                };
                let (mut alt, mut ealt, mut speed, mut espeed, mut cad, mut fcad) =
                    (None, None, None, None, None, None);
                for &spec in &def.fields {
                    let Some(v) = value(msg, spec, be) else {
                        continue;
                    };
                    match spec.slot {
                        rec::LAT => p.lat_deg = Some(v * DEG_PER_SEMICIRCLE),
                        rec::LON => p.lon_deg = Some(v * DEG_PER_SEMICIRCLE),
                        rec::ALT => alt = Some(v),
                        rec::EALT => ealt = Some(v),
                        rec::DIST => p.distance_m = Some(v / 100.0),
                        rec::SPEED => speed = Some(v),
                        rec::ESPEED => espeed = Some(v),
                        rec::HR => p.heart_rate_bpm = Some(v),
                        rec::CAD => cad = Some(v),
                        rec::FCAD => fcad = Some(v),
                        rec::STANCE => p.stance_time_s = Some(v / 10_000.0),
                        rec::VOSC => p.vertical_oscillation_m = Some(v / 10_000.0),
                        _ => {}
                    }
                }
                if p.lat_deg.is_none() || p.lon_deg.is_none() {
                    (p.lat_deg, p.lon_deg) = (None, None);
                }
                p.altitude_m = ealt.or(alt).map(|a| a / 5.0 - 500.0);
                p.speed_mps = espeed.or(speed).map(|s| s / 1000.0);
                p.cadence_spm = cad.map(|c| c + fcad.map_or(0.0, |f| f / 128.0));
                if let Some(d) = p.distance_m
                    && !self.opts.raw
                {
                    p.distance_m = Some(self.distance.continued(d));
                }
                self.seen.altitude |= p.altitude_m.is_some();
                self.seen.cadence |= p.cadence_spm.is_some();
                self.seen.stance |= p.stance_time_s.is_some();
                self.points.push(p);
            }
            Kind::Event => {
                let (mut event, mut event_type) = (None, None);
                for &spec in &def.fields {
                    let v = value(msg, spec, be);
                    match spec.slot {
                        0 => event = v,
                        _ => event_type = v,
                    }
                }
                // event 0 = timer; event_type 0 = start, 1 = stop, 4 = stop_all,
                // 8 = stop_disable, 9 = stop_disable_all.
                if event == Some(0.0)
                    && let (Some(t), Some(et)) = (time_s, event_type)
                {
                    match et as u8 {
                        0 => self.timer_events.push((t, false)),
                        1 | 4 | 8 | 9 => self.timer_events.push((t, true)),
                        _ => {}
                    }
                }
            }
            Kind::Lap => {
                let mut lap = LapInfo {
                    end_s: time_s,
                    ..LapInfo::default()
                };
                for &spec in &def.fields {
                    let v = value(msg, spec, be);
                    match spec.slot {
                        2 => lap.start_s = v.map(|t| t + FIT_EPOCH_UNIX_S),
                        7 => lap.elapsed_s = v.map(|t| t / 1000.0),
                        9 => lap.distance_m = v.map(|d| d / 100.0),
                        _ => lap.intensity = v.map(|i| i as u16),
                    }
                }
                self.laps.push(lap);
            }
            Kind::Session => {
                let mut s = SessionInfo {
                    end_s: time_s,
                    ..SessionInfo::default()
                };
                for &spec in &def.fields {
                    let v = value(msg, spec, be);
                    match spec.slot {
                        2 => s.start_s = v.map(|t| t + FIT_EPOCH_UNIX_S),
                        5 => s.sport = v.map(|x| x as u16),
                        6 => s.sub_sport = v.map(|x| x as u16),
                        7 => s.elapsed_s = v.map(|t| t / 1000.0),
                        _ => s.timer_s = v.map(|t| t / 1000.0),
                    }
                }
                self.sessions.push(s);
            }
            Kind::FileId => {
                // The first file of a chain names the device.
                if !self.device_seen {
                    self.device_seen = true;
                    for &spec in &def.fields {
                        match spec.slot {
                            1 => self.manufacturer = value(msg, spec, be).map(|x| x as u16),
                            2 => self.product = value(msg, spec, be).map(|x| x as u16),
                            _ => self.product_name = string(msg, spec),
                        }
                    }
                }
            }
            Kind::Sport => {
                if self.sport_msg.is_none() {
                    let (mut sport, mut sub) = (None, None);
                    for &spec in &def.fields {
                        let v = value(msg, spec, be).map(|x| x as u16);
                        match spec.slot {
                            0 => sport = v,
                            _ => sub = v,
                        }
                    }
                    self.sport_msg = Some((sport, sub));
                }
            }
            Kind::Activity => {
                let local = def
                    .fields
                    .iter()
                    .find(|f| f.slot == 5)
                    .and_then(|&spec| value(msg, spec, be));
                if let (Some(local), Some(t)) = (local, msg_time) {
                    self.utc_offset_s = utc_offset(local - t as f64);
                }
            }
            Kind::Other => {}
        }
    }

    fn finish(self, path: &Path) -> Result<Track> {
        let Decoder {
            mut points,
            file_starts,
            timer_events,
            laps,
            sessions,
            manufacturer,
            product,
            product_name,
            sport_msg,
            utc_offset_s,
            warnings,
            damaged,
            opts,
            seen,
            crc_mismatches,
            ..
        } = self;
        let mut warnings = warnings;
        if crc_mismatches > MAX_CRC_WARNINGS {
            warnings.push(format!(
                "{} more CRC mismatches",
                crc_mismatches - MAX_CRC_WARNINGS
            ));
        }
        // Damage and no record at all: refused, saying what was wrong.
        if points.is_empty() && (damaged || !warnings.is_empty()) {
            return Err(Error::Corrupt {
                path: path.to_owned(),
                format: "FIT",
                detail: format!("no activity records ({})", warnings.join("; ")),
            });
        }
        // The main session: the longest timer time (a multisport file's run leg, not its
        // transitions); without sessions (a truncated file) the `sport` message.
        let main = sessions
            .iter()
            .max_by(|a, b| {
                let key = |s: &SessionInfo| s.timer_s.or(s.elapsed_s).unwrap_or(0.0);
                key(a).total_cmp(&key(b))
            })
            .map(|s| (s.sport, s.sub_sport))
            .or(sport_msg);
        let (sport, sub_sport) = main.unwrap_or((None, None));
        if !opts.raw && seen.cadence {
            double_foot_cadence(&mut points, &sessions, sport, seen.stance);
        }
        // Each later file of a chain that holds points starts a segment.
        let mut segment_starts: Vec<usize> = file_starts
            .into_iter()
            .filter(|&i| i > 0 && i < points.len())
            .collect();
        segment_starts.dedup();
        let device = device_name(manufacturer, product, product_name);
        let altitude_source = match (&device, seen.altitude) {
            (Some(d), true) => crate::io::device::altitude_source_for(d),
            _ => AltitudeSource::Unknown,
        };
        let meta = TrackMeta {
            format: Some(Format::Fit),
            device,
            sport: sport.map(|v| enum_name(names::SPORT, v)),
            sub_sport: sub_sport.map(|v| enum_name(names::SUB_SPORT, v)),
            altitude_source,
            utc_offset_s,
            ..TrackMeta::default()
        };
        let first_time_s = points.iter().find_map(|p| p.time_s);
        let legs = legs_from(&sessions);
        Ok(Track {
            points,
            pauses: pauses_from(&timer_events),
            segment_starts,
            laps: laps_from(&laps, first_time_s),
            meta,
            warnings,
            legs,
            ..Track::default()
        })
    }
}

/// A time zone offset from the activity message's local time minus its UTC time (s):
/// rounded to the quarter hour (zones are whole quarter hours; the two times are taken a
/// second apart on some watches), `None` outside -12..+14 h (a watch without a set clock).
pub fn utc_offset(diff_s: f64) -> Option<i32> {
    let q = (diff_s / 900.0).round() * 900.0;
    (-12.0 * 3600.0..=14.0 * 3600.0)
        .contains(&q)
        .then_some(q as i32)
}

/// The sessions as legs, by start, when the file has more than one sport (a single-sport
/// file's sessions add nothing to `meta.sport`).
fn legs_from(sessions: &[SessionInfo]) -> Vec<crate::track::Leg> {
    let mut legs: Vec<crate::track::Leg> = sessions
        .iter()
        .filter_map(|s| {
            let start_s = s.start_s?;
            let end_s = s.end_s.or_else(|| Some(start_s + s.elapsed_s?))?;
            Some(crate::track::Leg {
                start_s,
                end_s: end_s.max(start_s),
                sport: s.sport.map(|v| enum_name(names::SPORT, v)),
            })
        })
        .collect();
    legs.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    if legs.windows(2).all(|w| w[0].sport == w[1].sport) {
        legs.clear();
    }
    legs
}

/// Whether `rest` is the start of a FIT header cut short.
fn is_header_prefix(rest: &[u8]) -> bool {
    rest.len() < 12 && matches!(rest.first(), Some(12 | 14))
}

/// Whether a session of `sport` counts cadence in strides (one foot): running (1), walking
/// (11), hiking (17), mountaineering (16), training (10); generic (0) or unknown only when the
/// file has running dynamics (stance time), as `io::fit` decides.
fn is_foot_sport(sport: Option<u16>, has_dynamics: bool) -> bool {
    match sport {
        Some(1 | 10 | 11 | 16 | 17) => true,
        Some(0) | None => has_dynamics,
        Some(_) => false,
    }
}

/// Double strides/min to steps/min for points in foot-sport sessions (points outside every
/// session follow the main sport).
fn double_foot_cadence(
    points: &mut [TrackPoint],
    sessions: &[SessionInfo],
    main: Option<u16>,
    has_dynamics: bool,
) {
    let mut spans: Vec<(f64, f64, bool)> = sessions
        .iter()
        .filter_map(|s| {
            let start = s.start_s?;
            let end = s.end_s.or_else(|| Some(start + s.elapsed_s?))?;
            Some((start, end, is_foot_sport(s.sport, has_dynamics)))
        })
        .collect();
    // Sorted by start and searched, so that a file of many sessions costs n log n.
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let main_foot = is_foot_sport(main, has_dynamics);
    for p in points.iter_mut() {
        let Some(c) = p.cadence_spm else { continue };
        let foot = p
            .time_s
            .and_then(|t| {
                // The last session starting before t if it still covers t (at a boundary
                // the earlier session wins, as in `io::fit`), else one starting at t.
                let i = spans.partition_point(|s| s.0 < t);
                i.checked_sub(1)
                    .and_then(|j| spans.get(j))
                    .filter(|s| t <= s.1)
                    .or_else(|| spans.get(i).filter(|s| s.0 == t))
                    .map(|s| s.2)
            })
            .unwrap_or(main_foot);
        if foot {
            p.cadence_spm = Some(2.0 * c);
        }
    }
}

/// A distance reading this far below the previous one is a counter that restarted (new
/// session or chained file), not GPS noise: the device's own distance never decreases.
const DISTANCE_RESTART_M: f64 = 50.0;
/// ... and only when the new reading is this close to 0 (a counter starting over): files
/// that interleave two distance sources or step back by a few hundred metres are left to
/// cleaning. Same rule as `io::fit`.
const RESTARTED_BELOW_M: f64 = 25.0;

/// Continues distance counters that restart at each session so that distance runs along
/// the whole track.
#[derive(Debug, Default)]
struct DistanceCounter {
    last_m: Option<f64>,
    offset_m: f64,
}

impl DistanceCounter {
    #[inline]
    fn continued(&mut self, d: f64) -> f64 {
        if let Some(l) = self.last_m
            && d < l - DISTANCE_RESTART_M
            && d < RESTARTED_BELOW_M
        {
            self.offset_m += l;
        }
        self.last_m = Some(d);
        d + self.offset_m
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    altitude: bool,
    cadence: bool,
    stance: bool,
}

fn enum_name(table: &[(u16, &'static str)], v: u16) -> String {
    names::lookup(table, v).map_or_else(|| v.to_string(), str::to_owned)
}

/// "garmin fenix2", "garmin 9999", "wahoo_fitness 31", "strava": the manufacturer and the
/// product name (file_id `product_name`, else the Garmin product table, else the number).
fn device_name(
    manufacturer: Option<u16>,
    product: Option<u16>,
    product_name: Option<String>,
) -> Option<String> {
    // Garmin, Dynastream and Dynastream OEM share the Garmin product ids.
    let garmin = matches!(manufacturer, Some(1 | 13 | 15));
    let product = product_name.or_else(|| {
        let p = product?;
        Some(
            match names::lookup(names::GARMIN_PRODUCT, p).filter(|_| garmin) {
                Some(name) => name.to_owned(),
                None => p.to_string(),
            },
        )
    });
    match (
        manufacturer.map(|m| enum_name(names::MANUFACTURER, m)),
        product,
    ) {
        (Some(m), Some(p)) => Some(format!("{m} {p}")),
        (Some(m), None) => Some(m),
        (None, Some(p)) => Some(p),
        (None, None) => None,
    }
}

/// Pauses from timer stop/start events: a stop opens one, the next start closes it.
fn pauses_from(events: &[(f64, bool)]) -> Vec<Pause> {
    let mut out = Vec::new();
    let mut open: Option<f64> = None;
    for &(t, stop) in events {
        match (stop, open) {
            (true, None) => open = Some(t),
            (false, Some(start)) => {
                if t > start {
                    out.push(Pause {
                        start_s: start,
                        end_s: t,
                    });
                }
                open = None;
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    out
}

/// Laps in the Track's terms. A lap with only an end time starts where the previous lap
/// ended (the first at `first_time_s`, the first record's time).
fn laps_from(laps: &[LapInfo], first_time_s: Option<f64>) -> Vec<Lap> {
    let mut prev_end = first_time_s;
    laps.iter()
        .filter_map(|l| {
            let (start_s, end_s) = match (l.start_s, l.end_s, l.elapsed_s) {
                // Some writers (FR965 firmware) stamp every lap with the activity start:
                // then the lap ends after its elapsed time.
                (Some(s), Some(e), Some(d)) if e <= s => (s, s + d),
                (Some(s), Some(e), _) => (s, e),
                (Some(s), None, Some(d)) => (s, s + d),
                (None, Some(e), Some(d)) => (e - d, e),
                (None, Some(e), None) => (prev_end.filter(|&s| s <= e).unwrap_or(e), e),
                _ => return None,
            };
            prev_end = Some(end_s);
            Some(Lap {
                start_s,
                end_s,
                intensity: l.intensity.map(|i| enum_name(names::INTENSITY, i)),
                distance_m: l.distance_m,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds FIT files message by message.
    #[derive(Default)]
    struct Fit {
        data: Vec<u8>,
    }

    impl Fit {
        /// A definition: `fields` are (number, size, base type); `dev` developer fields.
        fn def(self, local: u8, big: bool, global: u16, fields: &[(u8, u8, u8)]) -> Self {
            self.def_dev(local, big, global, fields, &[])
        }
        fn def_dev(
            mut self,
            local: u8,
            big: bool,
            global: u16,
            fields: &[(u8, u8, u8)],
            dev: &[(u8, u8, u8)],
        ) -> Self {
            let dev_flag = if dev.is_empty() { 0 } else { 0x20 };
            self.data.push(0x40 | dev_flag | local);
            self.data.push(0);
            self.data.push(big as u8);
            let g = if big {
                global.to_be_bytes()
            } else {
                global.to_le_bytes()
            };
            self.data.extend_from_slice(&g);
            self.data.push(fields.len() as u8);
            for f in fields {
                self.data.extend_from_slice(&[f.0, f.1, f.2]);
            }
            if !dev.is_empty() {
                self.data.push(dev.len() as u8);
                for f in dev {
                    self.data.extend_from_slice(&[f.0, f.1, f.2]);
                }
            }
            self
        }
        fn msg(mut self, header: u8, content: &[u8]) -> Self {
            self.data.push(header);
            self.data.extend_from_slice(content);
            self
        }
        /// Header (14 bytes, with CRC), data, file CRC.
        fn bytes(&self) -> Vec<u8> {
            let mut out = vec![14u8, 0x20, 0x08, 0x08];
            out.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
            out.extend_from_slice(b".FIT");
            let hcrc = crc::update(0, &out);
            out.extend_from_slice(&hcrc.to_le_bytes());
            out.extend_from_slice(&self.data);
            let fcrc = crc::update(0, &out);
            out.extend_from_slice(&fcrc.to_le_bytes());
            out
        }
    }

    fn read(bytes: &[u8]) -> Result<Track> {
        super::read(bytes, Path::new("test.fit"))
    }

    /// Record definition: timestamp, lat, lon, enhanced_altitude, heart_rate.
    const RECORD: &[(u8, u8, u8)] = &[
        (253, 4, 0x86),
        (0, 4, 0x85),
        (1, 4, 0x85),
        (78, 4, 0x86),
        (3, 1, 0x02),
    ];

    fn record(big: bool, ts: u32, lat: i32, lon: i32, alt_m: f64, hr: u8) -> Vec<u8> {
        let mut v = Vec::new();
        let alt = ((alt_m + 500.0) * 5.0) as u32;
        if big {
            v.extend_from_slice(&ts.to_be_bytes());
            v.extend_from_slice(&lat.to_be_bytes());
            v.extend_from_slice(&lon.to_be_bytes());
            v.extend_from_slice(&alt.to_be_bytes());
        } else {
            v.extend_from_slice(&ts.to_le_bytes());
            v.extend_from_slice(&lat.to_le_bytes());
            v.extend_from_slice(&lon.to_le_bytes());
            v.extend_from_slice(&alt.to_le_bytes());
        }
        v.push(hr);
        v
    }

    const T0: u32 = 1_000_000_000;
    const LAT: i32 = 536_870_912; // 45 degrees
    const LON: i32 = -268_435_456; // -22.5 degrees

    #[test]
    fn both_byte_orders_decode_to_the_same_point() {
        for big in [false, true] {
            let f = Fit::default()
                .def(0, big, 20, RECORD)
                .msg(0, &record(big, T0, LAT, LON, 1234.4, 150));
            let t = read(&f.bytes()).unwrap();
            assert_eq!(t.points.len(), 1);
            let p = t.points[0];
            assert_eq!(p.time_s, Some(T0 as f64 + FIT_EPOCH_UNIX_S));
            assert_eq!(p.lat_deg, Some(45.0));
            assert_eq!(p.lon_deg, Some(-22.5));
            assert!((p.altitude_m.unwrap() - 1234.4).abs() < 1e-9);
            assert_eq!(p.heart_rate_bpm, Some(150.0));
            assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        }
    }

    #[test]
    fn sentinel_values_are_missing() {
        let f = Fit::default().def(0, false, 20, RECORD).msg(
            0,
            &record(false, T0, i32::MAX, i32::MAX, 0.0, 0xFF)
                .into_iter()
                .enumerate()
                .map(|(i, b)| if (12..16).contains(&i) { 0xFF } else { b })
                .collect::<Vec<u8>>(),
        );
        let p = read(&f.bytes()).unwrap().points[0];
        assert_eq!(p.time_s, Some(T0 as f64 + FIT_EPOCH_UNIX_S));
        assert_eq!(
            (p.lat_deg, p.lon_deg, p.altitude_m, p.heart_rate_bpm),
            (None, None, None, None)
        );
    }

    #[test]
    fn compressed_timestamps_roll_over_every_32_seconds() {
        // Base 1000000030 (offset 30 within its 32 s block); offsets 31, then 2 (rolled over).
        let base = 1_000_000_030u32;
        let f = Fit::default()
            .def(0, false, 20, RECORD)
            .def(1, false, 20, &[(3, 1, 0x02)])
            .msg(0, &record(false, base, LAT, LON, 10.0, 100))
            .msg(0x80 | (1 << 5) | 31, &[101])
            .msg(0x80 | (1 << 5) | 2, &[102]);
        let t = read(&f.bytes()).unwrap();
        let times: Vec<f64> = t
            .points
            .iter()
            .map(|p| p.time_s.unwrap() - FIT_EPOCH_UNIX_S)
            .collect();
        assert_eq!(
            times,
            vec![base as f64, (base + 1) as f64, (base + 4) as f64]
        );
        assert_eq!(t.points[2].heart_rate_bpm, Some(102.0));
    }

    #[test]
    fn developer_fields_and_odd_sizes_are_skipped() {
        // heart_rate declared as a 2-element array, distance as 3 bytes of uint32 (wrong
        // size), then a developer field of 5 bytes: all skipped, later fields still right.
        let fields = [
            (253, 4, 0x86),
            (3, 2, 0x02),
            (5, 3, 0x86),
            (0, 4, 0x85),
            (1, 4, 0x85),
        ];
        let mut content = T0.to_le_bytes().to_vec();
        content.extend_from_slice(&[120, 121, 1, 2, 3]);
        content.extend_from_slice(&LAT.to_le_bytes());
        content.extend_from_slice(&LON.to_le_bytes());
        content.extend_from_slice(&[9, 9, 9, 9, 9]);
        let f = Fit::default()
            .def_dev(0, false, 20, &fields, &[(0, 5, 0)])
            .msg(0, &content)
            .msg(0, &content);
        let t = read(&f.bytes()).unwrap();
        assert_eq!(t.points.len(), 2);
        let p = t.points[1];
        assert_eq!((p.heart_rate_bpm, p.distance_m), (None, None));
        assert_eq!((p.lat_deg, p.lon_deg), (Some(45.0), Some(-22.5)));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    }

    #[test]
    fn damage_keeps_what_came_before_with_a_warning() {
        let good = Fit::default()
            .def(0, false, 20, RECORD)
            .msg(0, &record(false, T0, LAT, LON, 1.0, 100))
            .msg(0, &record(false, T0 + 1, LAT, LON, 1.0, 100));
        // Undefined local type 3.
        let undefined = Fit {
            data: [good.data.clone(), vec![3, 0, 0]].concat(),
        };
        let t = read(&undefined.bytes()).unwrap();
        assert_eq!(t.points.len(), 2);
        assert!(
            t.warnings[0].contains("undefined local type 3"),
            "{:?}",
            t.warnings
        );
        // A header claiming 4 GB of data: truncated, nothing huge allocated.
        let mut huge = good.bytes();
        huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        let t = read(&huge).unwrap();
        assert_eq!(t.points.len(), 2);
        assert!(
            t.warnings.iter().any(|w| w.contains("truncated")),
            "{:?}",
            t.warnings
        );
        // A flipped CRC byte: warned, data kept.
        let mut bad_crc = good.bytes();
        let n = bad_crc.len();
        bad_crc[n - 1] ^= 0x55;
        let t = read(&bad_crc).unwrap();
        assert_eq!(t.points.len(), 2);
        assert!(t.warnings[0].contains("CRC mismatch"), "{:?}", t.warnings);
        // Cut inside the second record.
        let bytes = good.bytes();
        let t = read(&bytes[..bytes.len() - 6]).unwrap();
        assert_eq!(t.points.len(), 1);
        assert_eq!(
            t.warnings,
            vec![format!(
                "truncated at byte {}: 1 records kept",
                bytes.len() - 6
            )]
        );
        // Nothing readable at all is refused, naming the file.
        let e = read(&bytes[..20]).unwrap_err().to_string();
        assert!(e.contains("test.fit") && e.contains("truncated"), "{e}");
        assert!(read(b"not a fit file at all").is_err());
        assert!(read(b"").is_err());
    }

    #[test]
    fn chained_files_are_segments() {
        let one = Fit::default()
            .def(0, false, 20, RECORD)
            .msg(0, &record(false, T0, LAT, LON, 1.0, 100))
            .bytes();
        let two = Fit::default()
            .def(5, true, 20, RECORD)
            .msg(5, &record(true, T0 + 100, LAT, LON, 2.0, 110))
            .bytes();
        let t = read(&[one.clone(), two, one.clone()].concat()).unwrap();
        assert_eq!(t.points.len(), 3);
        assert_eq!(t.segment_starts, vec![1, 2]);
        assert_eq!(t.points[1].heart_rate_bpm, Some(110.0));
        // Ten chained files with a damaged CRC each: three warnings and a count, not ten.
        let mut bad = one.clone();
        let n = bad.len();
        bad[n - 1] ^= 1;
        let t = read(&bad.repeat(10)).unwrap();
        assert_eq!(t.points.len(), 10);
        assert_eq!(t.warnings.len(), 4, "{:?}", t.warnings);
        assert_eq!(t.warnings[3], "7 more CRC mismatches");
    }

    #[test]
    fn events_laps_sessions_and_device() {
        let ev = |ts: u32, event_type: u8| {
            let mut v = ts.to_le_bytes().to_vec();
            v.extend_from_slice(&[0, event_type]);
            v
        };
        let mut lap = (T0 + 10).to_le_bytes().to_vec(); // timestamp (end)
        lap.extend_from_slice(&T0.to_le_bytes()); // start_time
        lap.extend_from_slice(&10_000u32.to_le_bytes()); // total_elapsed_time 10 s
        lap.push(2); // warmup
        let mut session = (T0 + 10).to_le_bytes().to_vec();
        session.extend_from_slice(&T0.to_le_bytes());
        session.extend_from_slice(&[1, 3]); // running, trail
        session.extend_from_slice(&10_000u32.to_le_bytes());
        let f = Fit::default()
            .def(0, false, 0, &[(1, 2, 0x84), (2, 2, 0x84)])
            .msg(0, &[1, 0, 0xAF, 0x07]) // garmin, 1967 = fenix2
            .def(1, false, 20, RECORD)
            .msg(1, &record(false, T0, LAT, LON, 1.0, 100))
            .def(2, false, 21, &[(253, 4, 0x86), (0, 1, 0), (1, 1, 0)])
            .msg(2, &ev(T0 + 2, 4)) // stop_all
            .msg(2, &ev(T0 + 5, 0)) // start
            .msg(1, &record(false, T0 + 6, LAT, LON, 2.0, 100))
            .def(
                3,
                false,
                19,
                &[(253, 4, 0x86), (2, 4, 0x86), (7, 4, 0x86), (23, 1, 0)],
            )
            .msg(3, &lap)
            .def(
                4,
                false,
                18,
                &[
                    (253, 4, 0x86),
                    (2, 4, 0x86),
                    (5, 1, 0),
                    (6, 1, 0),
                    (8, 4, 0x86),
                ],
            )
            .msg(4, &session);
        let t = read(&f.bytes()).unwrap();
        assert_eq!(t.meta.device.as_deref(), Some("garmin fenix2"));
        assert_eq!(t.meta.altitude_source, AltitudeSource::Barometric);
        assert_eq!(t.meta.sport.as_deref(), Some("running"));
        assert_eq!(t.meta.sub_sport.as_deref(), Some("trail"));
        let e = FIT_EPOCH_UNIX_S + T0 as f64;
        assert_eq!(
            t.pauses,
            vec![Pause {
                start_s: e + 2.0,
                end_s: e + 5.0
            }]
        );
        assert_eq!(t.laps.len(), 1);
        assert_eq!((t.laps[0].start_s, t.laps[0].end_s), (e, e + 10.0));
        assert_eq!(t.laps[0].intensity.as_deref(), Some("warmup"));
    }
}
