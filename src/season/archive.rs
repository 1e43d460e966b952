//! Export archives read in place: a Strava bulk export (`activities.csv` plus
//! `activities/NNN.fit.gz|.gpx|.gpx.gz|.tcx.gz`) or a Garmin export zip of FIT files.
//!
//! Nothing is unpacked to disk. The central directory is parsed once ([`zip`] crate, deflate
//! and stored entries only); each worker then clones the archive handle (a shared file read
//! with positioned reads, so clones do not fight over one cursor) and reads its own entry.
//! Entry sizes in the headers are never trusted: every read is capped, and an entry that
//! expands past [`ArchiveLimits`] is an error for that entry, not an out-of-memory.
//! Entry names with `..`, absolute paths (`/x`, `\x`), drive letters (`C:/x`) or UNC paths
//! (`\\server\x`) are refused (they are never written anywhere, but such a name is a sign
//! of a hostile archive); every message names the archive and the entry, `export.zip!name`.
//! Entries sharing one name are all read: the zip crate keeps one of them, so the central
//! directory is walked again ([`central_directory`]) to find the others, which are read from
//! their local headers and labelled `name (2)`, `name (3)`...

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zip::{CompressionMethod, ZipArchive};

use super::csv::{CsvActivity, parse_activities_csv};
use crate::error::{Error, Result};

/// Caps on what an archive may make us read.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveLimits {
    /// The most entries an archive may hold. Default 200,000: a ten-year export of daily
    /// sessions with their media is ~20,000 entries; a million-entry zip is an attack.
    pub max_entries: usize,
    /// The most bytes one entry may expand to. Default 256 MiB: the largest real activity
    /// files are a few tens of MB.
    pub max_entry_bytes: u64,
    /// The most an entry may expand relative to its compressed size, plus 1 MiB. Default
    /// 200: activity files deflate 3-15x; deflate's maximum is ~1032x, reached only by
    /// bombs.
    pub max_ratio: u64,
    /// The largest `activities.csv` read. Default 64 MiB.
    pub max_csv_bytes: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_entries: 200_000,
            max_entry_bytes: 256 << 20,
            max_ratio: 200,
            max_csv_bytes: 64 << 20,
        }
    }
}

/// A file read with positioned reads: cloning it is cheap and clones do not share a cursor.
#[derive(Debug, Clone)]
pub struct SharedFile {
    file: Arc<File>,
    len: u64,
    pos: u64,
}

impl SharedFile {
    /// Open the regular file `path` (a FIFO or device is refused, see
    /// [`crate::io::file::open_regular`]).
    pub fn open(path: &Path) -> Result<Self> {
        let file = crate::io::file::open_regular(path)?;
        let len = file
            .metadata()
            .map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })?
            .len();
        Ok(SharedFile {
            file: Arc::new(file),
            len,
            pos: 0,
        })
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = read_at(&self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(f, buf, pos)
}

#[cfg(windows)]
fn read_at(f: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(f, buf, pos)
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let new = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match new {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
    }
}

/// One activity entry of an archive.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its position in the zip crate's listing of the central directory.
    pub index: usize,
    /// The name inside the archive (`activities/123.fit.gz`).
    pub name: String,
    /// How the entry is shown: its name, or `name (2)` for the second entry of that name.
    pub label: String,
    /// Where a duplicate-named entry is, which the zip crate does not list; `None`: read by
    /// `index`.
    pub raw: Option<RawEntry>,
    /// The size the header claims (for progress only; never trusted for reading).
    pub claimed_bytes: u64,
}

/// An opened archive: its activity entries and the `activities.csv` metadata.
#[derive(Debug)]
pub struct Archive {
    /// The archive file.
    pub path: PathBuf,
    zip: ZipArchive<SharedFile>,
    /// The caps every read of an entry applies.
    pub limits: ArchiveLimits,
    /// The activity entries (FIT, GPX, TCX, optionally gzipped), in directory order.
    pub entries: Vec<Entry>,
    /// Entries refused at listing time (unsafe names), with the reason.
    pub refused: Vec<(String, String)>,
    /// What was noticed while listing (duplicate names), each naming `archive!entry`.
    pub warnings: Vec<String>,
    /// `activities.csv` rows keyed by the file name inside the archive.
    pub csv: HashMap<String, CsvActivity>,
}

/// Whether a file or entry name looks like an activity file we read.
pub fn is_activity_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = n.strip_suffix(".gz").unwrap_or(&n);
    n.ends_with(".fit") || n.ends_with(".gpx") || n.ends_with(".tcx")
}

/// Whether an entry name is refused: a NUL byte, absolute (`/x`, `\x`), UNC (`\\server\x`),
/// a drive letter (`C:/x`, `C:x`), or a `..` component (with `/` or `\` as separators).
pub fn is_unsafe_entry_name(name: &str) -> bool {
    let b = name.as_bytes();
    name.contains('\0')
        || name.starts_with(['/', '\\'])
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        || name.split(['/', '\\']).any(|c| c == "..")
}

impl Archive {
    /// Open `path`, list its activity entries and read `activities.csv` when present.
    pub fn open(path: &Path, limits: &ArchiveLimits) -> Result<Archive> {
        let err = |detail: String| Error::Archive {
            path: path.to_owned(),
            detail,
        };
        let file = SharedFile::open(path)?;
        let raw_file = file.clone();
        let mut zip = ZipArchive::new(file).map_err(|e| err(format!("not a readable zip: {e}")))?;
        if zip.len() > limits.max_entries {
            return Err(err(format!(
                "the archive lists {} entries, more than the limit of {}",
                zip.len(),
                limits.max_entries
            )));
        }
        let mut entries = Vec::new();
        let mut refused = Vec::new();
        let mut csv_index = None;
        for index in 0..zip.len() {
            let Ok(f) = zip.by_index_raw(index) else {
                refused.push((format!("entry #{index}"), "unreadable entry header".into()));
                continue;
            };
            let Ok(name) = f.name().map(|n| n.to_string()) else {
                continue;
            };
            if f.is_dir() {
                continue;
            }
            let lower = name.to_ascii_lowercase();
            let wanted = is_activity_name(&lower) || lower.ends_with("activities.csv");
            if !wanted {
                continue;
            }
            if is_unsafe_entry_name(&name) || f.enclosed_name().is_none() {
                refused.push((name, "unsafe entry path (absolute or `..`)".into()));
                continue;
            }
            if lower == "activities.csv" || lower.ends_with("/activities.csv") {
                if csv_index.is_none() || lower == "activities.csv" {
                    csv_index = Some(index);
                }
                continue;
            }
            entries.push(Entry {
                index,
                label: name.clone(),
                name,
                claimed_bytes: f.size(),
                raw: None,
            });
        }
        let mut warnings = Vec::new();
        if zip.has_duplicate_names() {
            let all =
                central_directory(raw_file, zip.central_directory_start(), limits.max_entries);
            entries = with_duplicates(entries, &all, zip.offset(), |name, n| {
                warnings.push(format!(
                    "{}!{name}: {n} entries share this name; all are analyzed, labelled \
                     `{name}`, `{name} (2)`...",
                    path.display()
                ))
            });
        }
        let mut archive = Archive {
            path: path.to_owned(),
            zip,
            limits: limits.clone(),
            entries,
            refused,
            warnings,
            csv: HashMap::new(),
        };
        if let Some(i) = csv_index {
            archive.read_csv(i);
        }
        Ok(archive)
    }

    /// Read `activities.csv` (entry `index`) into `self.csv`. The CSV only adds names, types
    /// and dates: when it cannot be read (over [`ArchiveLimits::max_csv_bytes`], damaged) or is
    /// partly unusable, a warning naming it says so and the activities are analyzed anyway.
    fn read_csv(&mut self, index: usize) {
        let name = self
            .zip
            .name_for_index(index)
            .and_then(|n| n.ok())
            .map(|n| n.to_string())
            .unwrap_or_else(|| "activities.csv".into());
        let label = self.entry_path(&name).display().to_string();
        let parsed = match self.read_index(index, self.limits.max_csv_bytes, None) {
            Ok(bytes) => parse_activities_csv(&bytes),
            Err(e) => {
                self.warnings.push(format!(
                    "{e}; the activities are analyzed without its names and dates"
                ));
                return;
            }
        };
        for p in &parsed.problems {
            self.warnings.push(format!("{label}: {p}"));
        }
        self.csv = parsed.rows;
        // The names `csv_for` looks up: each entry's name and its name below a top folder.
        let listed: std::collections::HashSet<&str> = self
            .entries
            .iter()
            .flat_map(|e| {
                [
                    Some(e.name.as_str()),
                    e.name.split_once('/').map(|(_, t)| t),
                ]
            })
            .flatten()
            .collect();
        let mut missing: Vec<&String> = self
            .csv
            .keys()
            .filter(|file| !listed.contains(file.as_str()))
            .collect();
        if !missing.is_empty() {
            missing.sort();
            self.warnings.push(format!(
                "{label}: {} of its rows name files not in the archive (first: {})",
                missing.len(),
                missing[0]
            ));
        }
    }

    /// The display path of an entry: `export.zip!activities/123.fit.gz`.
    pub fn entry_path(&self, name: &str) -> PathBuf {
        PathBuf::from(format!("{}!{}", self.path.display(), name))
    }

    /// Read one entry's bytes, capped; safe to call from many threads at once.
    pub fn read_entry(&self, entry: &Entry) -> Result<Vec<u8>> {
        match &entry.raw {
            None => self.read_index(entry.index, self.limits.max_entry_bytes, Some(&entry.label)),
            Some(raw) => self.read_raw(raw, &entry.label),
        }
    }

    /// Read a duplicate-named entry from its local header (what the zip crate does for the
    /// entries it lists): the same caps, and the CRC checked.
    fn read_raw(&self, raw: &RawEntry, label: &str) -> Result<Vec<u8>> {
        let path = self.entry_path(label);
        let err = |detail: String| Error::Archive {
            path: path.clone(),
            detail,
        };
        if raw.flags & 1 != 0 {
            return Err(err("encrypted entries are not supported".into()));
        }
        let mut file = self.zip_file();
        let mut header = [0u8; 30];
        file.seek(SeekFrom::Start(raw.local_header))
            .and_then(|_| file.read_exact(&mut header))
            .map_err(|e| err(format!("cannot open the entry: {e}")))?;
        if header[..4] != LOCAL_SIG {
            return Err(err("cannot open the entry: no local header".into()));
        }
        let skip = u64::from(u16_at(&header, 26)) + u64::from(u16_at(&header, 28));
        file.seek(SeekFrom::Current(skip as i64))
            .map_err(|e| err(format!("cannot open the entry: {e}")))?;
        let data = file.take(raw.compressed);
        let (reader, cap): (Box<dyn Read>, u64) = match raw.method {
            0 => (Box::new(data), self.limits.max_entry_bytes),
            8 => (
                Box::new(flate2::read::DeflateDecoder::new(data)),
                self.limits.max_entry_bytes.min(
                    raw.compressed
                        .saturating_mul(self.limits.max_ratio)
                        .saturating_add(1 << 20),
                ),
            ),
            m => return Err(err(format!("unsupported compression {m} (only deflate)"))),
        };
        let out = read_capped(reader, cap, 0, &path)?;
        let mut crc = flate2::Crc::new();
        crc.update(&out);
        if crc.sum() != raw.crc32 {
            return Err(err("cannot decompress the entry: CRC mismatch".into()));
        }
        Ok(out)
    }

    /// A handle on the archive file of its own (positioned reads: no shared cursor).
    fn zip_file(&self) -> SharedFile {
        let mut f = self.zip.clone().into_inner();
        f.pos = 0;
        f
    }

    /// Read entry `index`, capped; errors name it `label` (default: its name).
    fn read_index(&self, index: usize, cap: u64, label: Option<&str>) -> Result<Vec<u8>> {
        let mut zip = self.zip.clone();
        let name = label.map(str::to_string).unwrap_or_else(|| {
            zip.name_for_index(index)
                .and_then(|n| n.ok())
                .map(|n| n.to_string())
                .unwrap_or_else(|| format!("entry #{index}"))
        });
        let path = self.entry_path(&name);
        let err = |detail: String| Error::Archive {
            path: path.clone(),
            detail,
        };
        let f = zip
            .by_index(index)
            .map_err(|e| err(format!("cannot open the entry: {e}")))?;
        match f.compression() {
            CompressionMethod::Stored | CompressionMethod::Deflated => {}
            m => return Err(err(format!("unsupported compression {m} (only deflate)"))),
        }
        let ratio_cap = f
            .compressed_size()
            .saturating_mul(self.limits.max_ratio)
            .saturating_add(1 << 20);
        let cap = cap.min(ratio_cap);
        let claimed = f.size();
        read_capped(f, cap, claimed, &path)
    }

    /// The `activities.csv` row of an entry, if any.
    pub fn csv_for(&self, name: &str) -> Option<&CsvActivity> {
        self.csv.get(name).or_else(|| {
            // Some exports list `activities/1.fit.gz` while the zip nests a top folder.
            let tail = name.split_once('/').map(|(_, t)| t)?;
            self.csv.get(tail)
        })
    }
}

/// All of `reader`, or an error naming `path` once it gives more than `cap` bytes (a
/// decompression bomb); `claimed`: the size the header says, a hint for the first allocation.
fn read_capped(reader: impl Read, cap: u64, claimed: u64, path: &Path) -> Result<Vec<u8>> {
    crate::io::file::read_to_cap(reader, cap, claimed)
        .map_err(|e| Error::Archive {
            path: path.to_owned(),
            detail: format!("cannot decompress the entry: {e}"),
        })?
        .ok_or_else(|| Error::TooLarge {
            path: path.to_owned(),
            limit_bytes: cap,
            detail: "the entry expands beyond the limit (a decompression bomb?)".into(),
        })
}

const CENTRAL_SIG: [u8; 4] = *b"PK\x01\x02";
const LOCAL_SIG: [u8; 4] = *b"PK\x03\x04";

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

/// Where an entry's data is, from its central directory header.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEntry {
    /// The offset of its local header in the file (the archive offset added).
    pub local_header: u64,
    /// Compressed size the header claims, bytes (the most read of its data).
    pub compressed: u64,
    /// Zip compression method: 0 stored, 8 deflate (others are refused).
    pub method: u16,
    /// General-purpose flags (bit 0: encrypted, refused).
    pub flags: u16,
    /// CRC-32 of the uncompressed data, checked after reading.
    pub crc32: u32,
}

/// Every central directory header from `start`, in order: the raw name and where its data
/// is. At most `max` headers; the walk stops at the first that does not parse (the zip crate
/// has already accepted the directory, so that is only its end).
pub fn central_directory(mut file: SharedFile, start: u64, max: usize) -> Vec<(Vec<u8>, RawEntry)> {
    let mut out = Vec::new();
    if file.seek(SeekFrom::Start(start)).is_err() {
        return out;
    }
    while out.len() < max {
        let mut h = [0u8; 46];
        if file.read_exact(&mut h).is_err() || h[..4] != CENTRAL_SIG {
            break;
        }
        let (n, m, k) = (
            usize::from(u16_at(&h, 28)),
            usize::from(u16_at(&h, 30)),
            usize::from(u16_at(&h, 32)),
        );
        let mut rest = vec![0u8; n + m + k];
        if file.read_exact(&mut rest).is_err() {
            break;
        }
        let mut uncompressed = u64::from(u32_at(&h, 24));
        let mut compressed = u64::from(u32_at(&h, 20));
        let mut local = u64::from(u32_at(&h, 42));
        // Zip64: the fields saturated in the header follow in the 0x0001 extra field.
        let mut extra = &rest[n..n + m];
        while extra.len() >= 4 {
            let (id, len) = (u16_at(extra, 0), usize::from(u16_at(extra, 2)));
            let Some(body) = extra.get(4..4 + len) else {
                break;
            };
            if id == 1 {
                let mut at = 0;
                for field in [&mut uncompressed, &mut compressed, &mut local] {
                    if *field == u64::from(u32::MAX) && at + 8 <= body.len() {
                        *field = u64_at(body, at);
                        at += 8;
                    }
                }
            }
            extra = &extra[4 + len..];
        }
        out.push((
            rest[..n].to_vec(),
            RawEntry {
                local_header: local,
                compressed,
                method: u16_at(&h, 10),
                flags: u16_at(&h, 8),
                crc32: u32_at(&h, 16),
            },
        ));
    }
    out
}

/// `entries` with, before each entry whose name the central directory `all` lists `n > 1`
/// times, the `n - 1` others (the zip crate keeps the last): the first labelled `name`, the
/// next `name (2)`...; `warn(name, n)` is called once per such name.
fn with_duplicates(
    entries: Vec<Entry>,
    all: &[(Vec<u8>, RawEntry)],
    archive_offset: u64,
    mut warn: impl FnMut(&str, usize),
) -> Vec<Entry> {
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let same: Vec<&RawEntry> = all
            .iter()
            .filter(|(raw_name, _)| String::from_utf8_lossy(raw_name) == e.name)
            .map(|(_, r)| r)
            .collect();
        if same.len() < 2 {
            out.push(e);
            continue;
        }
        warn(&e.name, same.len());
        for (i, r) in same[..same.len() - 1].iter().enumerate() {
            out.push(Entry {
                index: e.index,
                name: e.name.clone(),
                label: duplicate_label(&e.name, i + 1),
                raw: Some(RawEntry {
                    local_header: r.local_header.saturating_add(archive_offset),
                    ..(*r).clone()
                }),
                claimed_bytes: r.compressed,
            });
        }
        out.push(Entry {
            label: duplicate_label(&e.name, same.len()),
            ..e
        });
    }
    out
}

/// `name` for the first entry of that name, `name (n)` for the n-th.
fn duplicate_label(name: &str, n: usize) -> String {
    if n == 1 {
        name.to_string()
    } else {
        format!("{name} ({n})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> tempfile::NamedTempFile {
        use std::io::Write;
        let f = tempfile::NamedTempFile::new().unwrap();
        let mut z = zip::ZipWriter::new(f.reopen().unwrap());
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
        f
    }

    #[test]
    fn an_archive_over_the_entry_limit_is_refused_whole() {
        let names: Vec<String> = (0..50).map(|i| format!("{i}.fit")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        let f = zip_of(&entries);
        let limits = ArchiveLimits {
            max_entries: 20,
            ..Default::default()
        };
        let err = Archive::open(f.path(), &limits).unwrap_err().to_string();
        assert!(
            err.contains("50 entries") && err.contains("limit of 20"),
            "{err}"
        );
        let ok = Archive::open(f.path(), &ArchiveLimits::default()).unwrap();
        assert_eq!(ok.entries.len(), 50);
    }

    #[test]
    fn entries_read_from_many_threads_at_once_are_whole() {
        let a: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let b = b"<gpx>".repeat(10_000);
        let f = zip_of(&[("a.fit", &a), ("sub/b.gpx", &b), ("skip.jpg", b"j")]);
        let archive = Archive::open(f.path(), &ArchiveLimits::default()).unwrap();
        assert_eq!(archive.entries.len(), 2);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for e in &archive.entries {
                        let got = archive.read_entry(e).unwrap();
                        let want = if e.name == "a.fit" { &a } else { &b };
                        assert_eq!(&got, want);
                    }
                });
            }
        });
    }

    #[test]
    fn an_entry_expanding_past_the_cap_is_an_error_naming_it() {
        let zeros = vec![0u8; 4 << 20];
        let f = zip_of(&[("big.fit", &zeros)]);
        let limits = ArchiveLimits {
            max_entry_bytes: 1 << 20,
            ..Default::default()
        };
        let archive = Archive::open(f.path(), &limits).unwrap();
        let err = archive
            .read_entry(&archive.entries[0])
            .unwrap_err()
            .to_string();
        assert!(err.contains("!big.fit") && err.contains("limit"), "{err}");
    }

    #[test]
    fn absolute_drive_unc_and_parent_names_are_unsafe() {
        for bad in [
            "/abs/run.fit",
            "\\abs\\run.fit",
            "C:/evil/drive.fit",
            "c:drive.fit",
            "\\\\server\\share\\x.fit",
            "a/../../x.fit",
            "a\\..\\x.fit",
            "nul\0.fit",
        ] {
            assert!(is_unsafe_entry_name(bad), "{bad}");
        }
        for good in ["activities/1.fit.gz", "a..b.fit", "2024/run:1.fit", "x.fit"] {
            assert!(!is_unsafe_entry_name(good), "{good}");
        }
    }

    #[test]
    fn activity_names_are_recognized_by_extension() {
        assert!(is_activity_name("activities/1.FIT.gz"));
        assert!(is_activity_name("a.tcx"));
        assert!(!is_activity_name("media/1.jpg"));
        assert!(!is_activity_name("x.gz"));
    }
}
