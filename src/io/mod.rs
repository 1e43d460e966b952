//! Reading watch exports: FIT, GPX, TCX, each possibly gzip-compressed.
//!
//! The format is recognized by content (magic bytes, XML root element), never only by the
//! file name, so a `.gpx` that holds a FIT file is still read. Each reader fills a raw
//! [`Track`]; [`crate::clean::clean`] then repairs it. Readers never panic on input: damage
//! they can read past becomes a warning on the track, damage they cannot becomes an
//! [`Error`] naming the file.
//!
//! FIT files are decoded by [`fitdec`], a purpose-built streaming decoder (60-100x faster
//! than fitparser on this machine). The fitparser-based reader is kept as the reference in the
//! test-support crate (`testkit/`, `downhill_testkit::fit`): `tests/suite/fitdec_reference.rs`
//! requires both to give identical records.

pub mod charset;
pub mod device;
pub mod file;
pub mod fitdec;
pub mod gpx;
pub mod gzip;
pub mod tcx;
pub mod xml;

use std::path::Path;

use crate::error::{Error, Result};
use crate::track::{AltitudeSource, Format, Track};

/// How to read files.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Override the altitude source the file implies (`--altitude`). Default `None`: trust
    /// the file (FIT devices with a barometer, GPX creators known to be barometric).
    pub altitude_source: Option<AltitudeSource>,
    /// Override the sport of the whole file, legs included (`--sport`). Default `None`:
    /// the file's own sport and sessions.
    pub sport: Option<String>,
    /// The most bytes a gzip member may expand to. Default 512 MiB: the largest real
    /// activity files are a few tens of MB uncompressed, so this only stops decompression
    /// bombs.
    pub max_decompressed_bytes: u64,
    /// The largest file read at all. Default [`file::MAX_FILE_BYTES`] (1 GiB).
    pub max_file_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            altitude_source: None,
            sport: None,
            max_decompressed_bytes: 512 << 20,
            max_file_bytes: file::MAX_FILE_BYTES,
        }
    }
}

/// A FIT file header: size 12 or 14, ".FIT" at bytes 8..12.
pub fn looks_like_fit(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && (bytes[0] == 12 || bytes[0] == 14) && &bytes[8..12] == b".FIT"
}

/// Read and clean one activity file.
pub fn read_activity(path: &Path, opts: &ReadOptions) -> Result<Track> {
    // Only a regular file, and never more than the cap: a FIFO or `/dev/zero` is refused.
    let bytes = file::read_regular(path, opts.max_file_bytes)?;
    read_bytes(&bytes, path, opts)
}

/// Read and clean one activity held in memory (`path` is only used in messages and to
/// guess nothing: the content decides the format).
pub fn read_bytes(bytes: &[u8], path: &Path, opts: &ReadOptions) -> Result<Track> {
    let mut track = read_raw(bytes, path, opts)?;
    finish(&mut track, opts);
    if track.points.is_empty() {
        return Err(Error::NoPoints {
            path: path.to_owned(),
            format: track.meta.format.map(Format::name).unwrap_or("activity"),
        });
    }
    Ok(track)
}

/// Read and clean every session of one file: one track for most files, one per activity
/// for a file of several separate activities (TCX `Activity` x n), each with its own sport
/// and points. Sessions left without points are dropped; none left is an error.
pub fn read_sessions(path: &Path, opts: &ReadOptions) -> Result<Vec<Track>> {
    let bytes = file::read_regular(path, opts.max_file_bytes)?;
    read_sessions_bytes(&bytes, path, opts)
}

/// [`read_sessions`] of a file held in memory.
pub fn read_sessions_bytes(bytes: &[u8], path: &Path, opts: &ReadOptions) -> Result<Vec<Track>> {
    let mut raw = read_raw(bytes, path, opts)?;
    if opts.sport.is_some() {
        // `--sport` names the sport of the whole file: its legs are one session.
        raw.legs.clear();
    }
    let format = raw.meta.format;
    let mut out = Vec::new();
    for mut track in split_activities(raw) {
        finish(&mut track, opts);
        if !track.points.is_empty() {
            out.push(track);
        }
    }
    if out.is_empty() {
        return Err(Error::NoPoints {
            path: path.to_owned(),
            format: format.map(Format::name).unwrap_or("activity"),
        });
    }
    Ok(out)
}

/// The options' overrides, then cleaning.
fn finish(track: &mut Track, opts: &ReadOptions) {
    if let Some(src) = opts.altitude_source {
        track.meta.altitude_source = src;
        track.meta.altitude_source_given = true;
    }
    if let Some(sport) = &opts.sport {
        track.meta.sport = Some(sport.to_lowercase());
        track.legs.clear();
    }
    crate::clean::clean(track);
}

/// A raw track of several activities as one raw track per activity: its points, segments,
/// laps (by time) and sport; one activity is returned whole.
pub fn split_activities(mut raw: Track) -> Vec<Track> {
    let mut starts = std::mem::take(&mut raw.activities);
    let by_legs = starts.len() < 2 && raw.legs.len() >= 2;
    if by_legs {
        starts = leg_starts(&raw);
    }
    if starts.len() < 2 {
        return vec![raw];
    }
    let n = raw.points.len();
    let mut out = Vec::with_capacity(starts.len());
    for (k, (from, sport)) in starts.iter().enumerate() {
        let to = starts.get(k + 1).map_or(n, |s| s.0).min(n);
        if *from >= to {
            continue;
        }
        let points = raw.points[*from..to].to_vec();
        let times = || points.iter().filter_map(|p| p.time_s);
        let span = times().reduce(f64::min).zip(times().reduce(f64::max));
        let mut meta = raw.meta.clone();
        if sport.is_some() {
            meta.sport = sport.clone();
        }
        meta.activity = Some((k + 1, starts.len()));
        meta.activity_is_leg = by_legs;
        out.push(Track {
            segment_starts: raw
                .segment_starts
                .iter()
                .filter(|&&s| s > *from && s < to)
                .map(|s| s - from)
                .collect(),
            laps: raw
                .laps
                .iter()
                .filter(|l| span.is_some_and(|(a, b)| l.start_s >= a && l.start_s <= b))
                .cloned()
                .collect(),
            pauses: raw
                .pauses
                .iter()
                .filter(|p| span.is_some_and(|(a, b)| p.end_s >= a && p.start_s <= b))
                .cloned()
                .collect(),
            meta,
            warnings: raw.warnings.clone(),
            points,
            ..Track::default()
        });
    }
    out
}

/// Where each leg of a multisport file (FIT sessions of different sports) begins, as
/// [`Track::activities`] does for separate activities: the first point at or after the leg's
/// start time (the first leg also takes the points before it), with the leg's sport. Empty
/// when the points carry no time to place them by.
fn leg_starts(raw: &Track) -> Vec<(usize, Option<String>)> {
    if !raw.has_time() {
        return Vec::new();
    }
    let mut starts: Vec<(usize, Option<String>)> = Vec::with_capacity(raw.legs.len());
    let mut from = 0;
    for (k, leg) in raw.legs.iter().enumerate() {
        if k > 0 {
            from += raw.points[from..]
                .iter()
                .position(|p| p.time_s.is_some_and(|t| t >= leg.start_s))
                .unwrap_or(raw.points.len() - from);
        }
        starts.push((from, leg.sport.clone()));
    }
    starts
}

/// Read without cleaning: what the file says, for reference comparisons.
pub fn read_raw(bytes: &[u8], path: &Path, opts: &ReadOptions) -> Result<Track> {
    if bytes.is_empty() {
        return Err(Error::Empty {
            path: path.to_owned(),
        });
    }
    if gzip::is_gzip(bytes) {
        let inner = gzip::decompress(bytes, path, opts.max_decompressed_bytes)?;
        if inner.is_empty() {
            return Err(Error::Empty {
                path: path.to_owned(),
            });
        }
        if gzip::is_gzip(&inner) {
            return Err(Error::UnsupportedFormat {
                path: path.to_owned(),
                detail: "gzip inside gzip".into(),
            });
        }
        let mut track = read_uncompressed(&inner, path)?;
        track.meta.gzipped = true;
        return Ok(track);
    }
    read_uncompressed(bytes, path)
}

fn read_uncompressed(bytes: &[u8], path: &Path) -> Result<Track> {
    match detect(bytes) {
        Some(Format::Fit) => fitdec::read(bytes, path),
        Some(Format::Gpx) => gpx::read(bytes, path),
        Some(Format::Tcx) => tcx::read(bytes, path),
        None => Err(Error::UnsupportedFormat {
            path: path.to_owned(),
            detail: describe_unknown(bytes),
        }),
    }
}

/// Recognize the format from the first bytes.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if looks_like_fit(bytes) {
        return Some(Format::Fit);
    }
    // XML: find the root element name within the first few KB, in the encoding that their
    // byte order mark or declaration says (UTF-16 is XML, not binary data).
    let head = &bytes[..bytes.len().min(8192)];
    let decoded = charset::Decoded::new(head);
    let mut rest: &str = &decoded.text;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        let local = name.rsplit(':').next().unwrap_or("");
        return match local {
            "gpx" => Some(Format::Gpx),
            // A TCX whose root element was lost (seen in the wild) still starts with these.
            "TrainingCenterDatabase" | "Activities" | "Courses" => Some(Format::Tcx),
            _ => None,
        };
    }
    None
}

fn describe_unknown(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(64)];
    if head.starts_with(b"PK\x03\x04") {
        "a zip archive: use `downhill season` to read exports".into()
    } else if head
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        let s = String::from_utf8_lossy(&head[..head.len().min(24)]);
        format!("text starting {:?}", s.trim())
    } else {
        format!("binary data starting {:02x?}", &head[..head.len().min(8)])
    }
}
