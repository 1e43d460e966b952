//! Export archives read in place: a Strava bulk export (`activities.csv` plus
//! `activities/NNN.fit.gz|.gpx|.gpx.gz|.tcx.gz`) or a Garmin export zip of FIT files.
//!
//! Nothing is unpacked to disk. The central directory is parsed once ([`zip`] crate, deflate
//! and stored entries only); each worker then clones the archive handle (a shared file read
//! with positioned reads, so clones do not fight over one cursor) and reads its own entry.
//! Entry sizes in the headers are never trusted: every read is capped, and an entry that
//! expands past [`ArchiveLimits`] is an error for that entry, not an out-of-memory.
//! Entry names with `..` or absolute paths are refused (they are never written anywhere, but
//! such a name is a sign of a hostile archive).

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
    pub index: usize,
    /// The name inside the archive (`activities/123.fit.gz`).
    pub name: String,
    /// The size the header claims (for progress only; never trusted for reading).
    pub claimed_bytes: u64,
}

/// An opened archive: its activity entries and the `activities.csv` metadata.
#[derive(Debug)]
pub struct Archive {
    pub path: PathBuf,
    zip: ZipArchive<SharedFile>,
    pub limits: ArchiveLimits,
    pub entries: Vec<Entry>,
    /// Entries refused at listing time (unsafe names), with the reason.
    pub refused: Vec<(String, String)>,
    /// `activities.csv` rows keyed by the file name inside the archive.
    pub csv: HashMap<String, CsvActivity>,
}

/// Whether a file or entry name looks like an activity file we read.
pub fn is_activity_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let n = n.strip_suffix(".gz").unwrap_or(&n);
    n.ends_with(".fit") || n.ends_with(".gpx") || n.ends_with(".tcx")
}

impl Archive {
    /// Open `path`, list its activity entries and read `activities.csv` when present.
    pub fn open(path: &Path, limits: &ArchiveLimits) -> Result<Archive> {
        let err = |detail: String| Error::Archive {
            path: path.to_owned(),
            detail,
        };
        let file = SharedFile::open(path)?;
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
            if f.enclosed_name().is_none() {
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
                name,
                claimed_bytes: f.size(),
            });
        }
        let mut archive = Archive {
            path: path.to_owned(),
            zip,
            limits: limits.clone(),
            entries,
            refused,
            csv: HashMap::new(),
        };
        if let Some(i) = csv_index {
            let bytes = archive.read_index(i, limits.max_csv_bytes)?;
            archive.csv = parse_activities_csv(&String::from_utf8_lossy(&bytes));
        }
        Ok(archive)
    }

    /// The display path of an entry: `export.zip!activities/123.fit.gz`.
    pub fn entry_path(&self, name: &str) -> PathBuf {
        PathBuf::from(format!("{}!{}", self.path.display(), name))
    }

    /// Read one entry's bytes, capped; safe to call from many threads at once.
    pub fn read_entry(&self, entry: &Entry) -> Result<Vec<u8>> {
        self.read_index(entry.index, self.limits.max_entry_bytes)
    }

    fn read_index(&self, index: usize, cap: u64) -> Result<Vec<u8>> {
        let mut zip = self.zip.clone();
        let name = zip
            .name_for_index(index)
            .and_then(|n| n.ok())
            .map(|n| n.to_string())
            .unwrap_or_else(|| format!("entry #{index}"));
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
        let mut out = Vec::with_capacity(f.size().min(cap).min(64 << 20) as usize);
        f.take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| err(format!("cannot decompress the entry: {e}")))?;
        if out.len() as u64 > cap {
            return Err(Error::TooLarge {
                path,
                limit_bytes: cap,
                detail: "the entry expands beyond the limit (a decompression bomb?)".into(),
            });
        }
        Ok(out)
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
    fn activity_names_are_recognized_by_extension() {
        assert!(is_activity_name("activities/1.FIT.gz"));
        assert!(is_activity_name("a.tcx"));
        assert!(!is_activity_name("media/1.jpg"));
        assert!(!is_activity_name("x.gz"));
    }
}
