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
    File(PathBuf),
    Entry(Arc<Archive>, Entry),
}

/// One activity file to analyze.
#[derive(Debug, Clone)]
pub struct Item {
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
    pub items: Vec<Item>,
    /// Paths that could not even be listed (missing, unreadable archive, unsafe entry).
    pub failures: Vec<Failure>,
}

impl Plan {
    pub fn total_bytes(&self) -> u64 {
        self.items.iter().map(|i| i.bytes).sum()
    }
}

/// List what to read under `paths`.
pub fn plan(paths: &[PathBuf], opts: &SeasonOptions) -> Plan {
    let mut plan = Plan::default();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => plan.failures.push(Failure {
                file: p.display().to_string(),
                reason: Error::Io {
                    path: p.clone(),
                    source: e,
                }
                .to_string(),
            }),
            Ok(m) if m.is_dir() => walk(p, opts, &mut plan),
            Ok(m) => {
                if is_zip_name(p) || is_zip_content(p) {
                    add_archive(p, opts, &mut plan);
                } else {
                    plan.items.push(file_item(p, m.len()));
                }
            }
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

fn is_zip_content(p: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4];
    std::fs::File::open(p)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == *b"PK\x03\x04"
}

/// Recursive walk in name order; symlinked folders are not followed (no loops).
fn walk(dir: &Path, opts: &SeasonOptions, plan: &mut Plan) {
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).collect(),
        Err(e) => {
            plan.failures.push(Failure {
                file: dir.display().to_string(),
                reason: Error::Io {
                    path: dir.to_owned(),
                    source: e,
                }
                .to_string(),
            });
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, opts, plan);
            continue;
        }
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        let name = e.file_name().to_string_lossy().to_string();
        if is_zip_name(&path) {
            add_archive(&path, opts, plan);
        } else if is_activity_name(&name) {
            plan.items.push(file_item(&path, meta.len()));
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
        plan.failures.push(Failure {
            file: archive.entry_path(name).display().to_string(),
            reason: reason.clone(),
        });
    }
    for entry in &archive.entries {
        plan.items.push(Item {
            display: archive.entry_path(&entry.name).display().to_string(),
            csv: archive.csv_for(&entry.name).cloned(),
            bytes: entry.claimed_bytes,
            source: Source::Entry(archive.clone(), entry.clone()),
        });
    }
}
