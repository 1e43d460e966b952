//! The work list of a season: paths walked (folders recursively, in name order), export
//! archives opened and listed; nothing is read yet.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::archive::{Archive, Entry, is_activity_name};
use super::csv::CsvActivity;
use super::{Failure, SeasonOptions};
use crate::error::Error;

/// Where an item's bytes are.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// An entry of an opened export archive.
    Entry(Arc<Archive>, Entry),
}

/// One activity file to analyze.
#[derive(Debug, Clone)]
pub struct Item {
    /// Where its bytes are.
    pub source: Source,
    /// Shown in rows and messages: the path, or `export.zip!activities/1.fit.gz`.
    pub display: String,
    /// The `activities.csv` row, when the file came from a Strava export.
    pub csv: Option<CsvActivity>,
    /// Size on disk or claimed by the archive (for progress and throughput).
    pub bytes: u64,
}

/// The work list.
#[derive(Debug, Default)]
pub struct Plan {
    /// The activity files to analyze, in the order listed.
    pub items: Vec<Item>,
    /// Paths that could not even be listed (missing, unreadable archive, unsafe entry).
    pub failures: Vec<Failure>,
    /// What was passed over, each naming the file: FIFOs and devices in folders, duplicate
    /// archive entries.
    pub warnings: Vec<String>,
}

impl Plan {
    /// The items' sizes summed (on disk, or as archives claim), bytes.
    pub fn total_bytes(&self) -> u64 {
        self.items.iter().map(|i| i.bytes).sum()
    }
}

/// List what to read under `paths`.
pub fn plan(paths: &[PathBuf], opts: &SeasonOptions) -> Plan {
    // The archives opened here read their entries under the run's caps (see `bounded`).
    let opts = &opts.bounded();
    let mut plan = Plan::default();
    let fail = |p: &Path, e: Error| Failure {
        file: p.display().to_string(),
        reason: e.to_string(),
    };
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => plan.failures.push(fail(
                p,
                Error::Io {
                    path: p.clone(),
                    source: e,
                },
            )),
            Ok(m) if m.is_dir() => walk(p, opts, &mut plan),
            Ok(_) => match crate::io::file::open_regular(p) {
                // A FIFO or device given by name is refused here, never opened blocking.
                Err(e) => plan.failures.push(fail(p, e)),
                Ok(f) => {
                    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
                    if is_zip_name(p) || is_zip_content(f) {
                        add_archive(p, opts, &mut plan);
                    } else {
                        plan.items.push(file_item(p, len));
                    }
                }
            },
        }
    }
    plan
}

fn file_item(p: &Path, bytes: u64) -> Item {
    Item {
        source: Source::File(p.to_owned()),
        display: p.display().to_string(),
        csv: None,
        bytes,
    }
}

fn is_zip_name(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn is_zip_name_str(name: &str) -> bool {
    is_zip_name(Path::new(name))
}

fn is_zip_content(mut f: std::fs::File) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4];
    f.read_exact(&mut head).is_ok() && head == *b"PK\x03\x04"
}

/// The folder walk every command shares ([`crate::io::file::walk`]): name order, hidden
/// entries and symlinked folders skipped, FIFOs and devices skipped with a warning.
fn walk(dir: &Path, opts: &SeasonOptions, plan: &mut Plan) {
    let found = crate::io::file::walk(dir, &|name| is_zip_name_str(name) || is_activity_name(name));
    for e in found.errors {
        let file = match &e {
            Error::Io { path, .. } => path.display().to_string(),
            _ => dir.display().to_string(),
        };
        plan.failures.push(Failure {
            file,
            reason: e.to_string(),
        });
    }
    plan.warnings.extend(found.warnings);
    for (path, len) in found.files {
        if is_zip_name(&path) {
            add_archive(&path, opts, plan);
        } else {
            plan.items.push(file_item(&path, len));
        }
    }
}

fn add_archive(p: &Path, opts: &SeasonOptions, plan: &mut Plan) {
    let archive = match Archive::open(p, &opts.archive) {
        Ok(a) => Arc::new(a),
        Err(e) => {
            plan.failures.push(Failure {
                file: p.display().to_string(),
                reason: e.to_string(),
            });
            return;
        }
    };
    for (name, reason) in &archive.refused {
        // The reason names the archive and the entry, as every other failure names its file.
        let path = archive.entry_path(name);
        plan.failures.push(Failure {
            file: path.display().to_string(),
            reason: Error::Archive {
                path,
                detail: reason.clone(),
            }
            .to_string(),
        });
    }
    plan.warnings.extend(archive.warnings.iter().cloned());
    for entry in &archive.entries {
        plan.items.push(Item {
            display: archive.entry_path(&entry.label).display().to_string(),
            csv: archive.csv_for(&entry.name).cloned(),
            bytes: entry.claimed_bytes,
            source: Source::Entry(archive.clone(), entry.clone()),
        });
    }
}
