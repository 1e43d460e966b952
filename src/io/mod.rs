//! Reading watch exports: FIT, GPX, TCX, each possibly gzip-compressed.
//!
//! The format is recognized by content (magic bytes, XML root element), never only by the
//! file name, so a `.gpx` that holds a FIT file is still read. Each reader fills a raw
//! [`Track`]; [`crate::clean::clean`] then repairs it. Readers never panic on input: damage
//! they can read past becomes a warning on the track, damage they cannot becomes an
//! [`Error`] naming the file.
//!
//! FIT files are decoded by [`fitdec`], a purpose-built streaming decoder (60-100x faster
//! than fitparser on this machine). The fitparser-based reader in [`fit`] is kept as the
//! reference: `tests/fitdec_reference.rs` requires both to give identical records.

pub mod device;
pub mod file;
pub mod fit;
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
    if let Some(src) = opts.altitude_source {
        track.meta.altitude_source = src;
        track.meta.altitude_source_given = true;
    }
    if let Some(sport) = &opts.sport {
        track.meta.sport = Some(sport.to_lowercase());
        track.legs.clear();
    }
    crate::clean::clean(&mut track);
    if track.points.is_empty() {
        return Err(Error::NoPoints {
            path: path.to_owned(),
            format: track.meta.format.map(Format::name).unwrap_or("activity"),
        });
    }
    Ok(track)
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
    if fit::looks_like_fit(bytes) {
        return Some(Format::Fit);
    }
    // XML: find the root element name within the first few KB.
    let head = &bytes[..bytes.len().min(8192)];
    let text = String::from_utf8_lossy(head);
    let mut rest: &str = &text;
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
