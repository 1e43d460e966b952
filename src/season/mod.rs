//! A whole season: many files, folders and export archives analyzed in parallel, reduced to
//! one small row per session, then summarized by week and described as a trend.
//!
//! Two steps, so that a caller can show progress against a known total:
//! 1. [`plan`] walks the paths (folders recursively, sorted by name), opens export archives
//!    (see [`archive`]) and lists one [`Item`] per activity file; nothing is read yet.
//! 2. [`run`] maps the items on a rayon pool (the global one, or a local pool of
//!    `jobs` threads): each worker reads one file's bytes, analyzes them with
//!    [`crate::analysis::analyze`], keeps only the [`SessionRow`] and drops the rest, so
//!    memory is bounded by the number of workers, not the number of files. Sessions of other
//!    sports and outside `--since`/`--until` are counted, not analyzed; `activities.csv`
//!    decides that before the file is even read. A file that fails (or makes a stage panic)
//!    becomes a [`Failure`] and the run goes on. Rows are sorted by start time then file, so
//!    the output is the same whatever the number of threads.

pub mod archive;
pub mod render;
pub mod summary;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{Settings, analyze};
use crate::error::Error;
use crate::io::ReadOptions;
use crate::report::Report;
use crate::workout::WorkoutKind;

use archive::{Archive, ArchiveLimits, CsvActivity, Entry, is_activity_name};
pub use summary::{BandWeek, WeekSummary, summarize_weeks, trend};

/// Everything a season run needs.
#[derive(Debug, Clone, Default)]
pub struct SeasonOptions {
    pub read: ReadOptions,
    pub settings: Settings,
    pub archive: ArchiveLimits,
    /// Analyze sessions of every sport, not only running and trail running.
    pub all_sports: bool,
    /// Keep sessions starting at or after this time (seconds since the epoch).
    pub since_s: Option<f64>,
    /// Keep sessions starting before this time.
    pub until_s: Option<f64>,
    /// Worker threads; `None` uses rayon's global pool (all cores).
    pub jobs: Option<usize>,
}

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

/// A file that could not be analyzed, with the reason (the error names the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Failure {
    pub file: String,
    pub reason: String,
}

/// Why a session was not analyzed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case", tag = "why", content = "detail")]
pub enum SkipReason {
    /// Another sport (`cycling`, `Ride`, ...).
    Sport(String),
    /// Starts before `--since` or after `--until`.
    OutsideDates,
    /// Dates were asked for, and the session has no time.
    NoDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Skipped {
    pub file: String,
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// What one session did in one slope band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandStats {
    pub band: String,
    pub reps: usize,
    /// Horizontal length of the descents in this band.
    pub downhill_m: f64,
    /// Average speed of each rep in this band.
    pub rep_speeds_mps: Vec<f64>,
}

/// One analyzed session: the small part of a [`Report`] the season keeps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRow {
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    pub file: String,
    pub name: Option<String>,
    pub sport: Option<String>,
    pub distance_m: Option<f64>,
    pub descents: usize,
    pub downhill_m: f64,
    pub workout: WorkoutKind,
    pub reps: usize,
    /// The band with the most reps (steeper on a tie); without reps, the band with the most
    /// descent length outside `gentle`.
    pub main_band: Option<String>,
    pub compliant: bool,
    /// Mean of the rep speeds in the main band.
    pub rep_speed_mps: Option<f64>,
    /// Mean grade-adjusted speed of the descents run as those reps.
    pub gap_speed_mps: Option<f64>,
    /// Per band, gentlest first (every band, also the empty ones).
    pub bands: Vec<BandStats>,
    /// Warnings from reading the file (recovered damage).
    pub warnings: Vec<String>,
}

/// The whole season, computed once and rendered by [`render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeasonReport {
    pub band_labels: Vec<String>,
    pub files: usize,
    pub bytes: u64,
    pub sessions: Vec<SessionRow>,
    pub weeks: Vec<WeekSummary>,
    pub trend: Vec<String>,
    pub skipped: Vec<Skipped>,
    pub failures: Vec<Failure>,
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

/// What happened to one item.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Session(Box<SessionRow>),
    Skipped(Skipped),
    Failed(Failure),
}

/// Analyze every item of `plan`; `on_done(bytes)` is called once per item as it finishes
/// (from worker threads). Returns an error only if the thread pool cannot be built.
pub fn run(
    plan: Plan,
    opts: &SeasonOptions,
    on_done: &(dyn Fn(u64) + Sync),
) -> Result<SeasonReport, rayon::ThreadPoolBuildError> {
    let work = |item: &Item| {
        let outcome = catch_unwind(AssertUnwindSafe(|| process(item, opts))).unwrap_or_else(|p| {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome::Failed(Failure {
                file: item.display.clone(),
                reason: format!("{}: internal error while analyzing ({msg})", item.display),
            })
        });
        on_done(item.bytes);
        outcome
    };
    let outcomes: Vec<Outcome> = match opts.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()?
            .install(|| plan.items.par_iter().map(work).collect()),
        None => plan.items.par_iter().map(work).collect(),
    };
    let mut sessions = Vec::new();
    let mut skipped = Vec::new();
    let unlisted = plan.failures.len();
    let mut failures = plan.failures;
    for o in outcomes {
        match o {
            Outcome::Session(r) => sessions.push(*r),
            Outcome::Skipped(s) => skipped.push(s),
            Outcome::Failed(f) => failures.push(f),
        }
    }
    sessions.sort_by(|a, b| {
        let ka = a.start_s.unwrap_or(f64::INFINITY);
        let kb = b.start_s.unwrap_or(f64::INFINITY);
        ka.total_cmp(&kb).then_with(|| a.file.cmp(&b.file))
    });
    skipped.sort();
    failures.sort();
    let band_labels = opts.settings.bands.labels();
    let weeks = summarize_weeks(&sessions, &band_labels);
    let trend = trend(&sessions, &band_labels);
    Ok(SeasonReport {
        band_labels,
        files: plan.items.len() + unlisted,
        bytes: plan.items.iter().map(|i| i.bytes).sum(),
        sessions,
        weeks,
        trend,
        skipped,
        failures,
    })
}

/// Read, filter and analyze one item.
pub fn process(item: &Item, opts: &SeasonOptions) -> Outcome {
    let skip = |reason| {
        Outcome::Skipped(Skipped {
            file: item.display.clone(),
            reason,
        })
    };
    let fail = |e: Error| {
        Outcome::Failed(Failure {
            file: item.display.clone(),
            reason: e.to_string(),
        })
    };
    // activities.csv can decide before reading.
    if let Some(csv) = &item.csv {
        if let Some(t) = &csv.activity_type
            && !opts.all_sports
            && !is_running(t)
        {
            return skip(SkipReason::Sport(t.clone()));
        }
        if let Some(start) = csv.start_s
            && !in_dates(start, opts)
        {
            return skip(SkipReason::OutsideDates);
        }
    }
    let path = PathBuf::from(&item.display);
    let bytes = match &item.source {
        Source::File(p) => read_file_capped(p, opts.read.max_file_bytes),
        Source::Entry(a, e) => a.read_entry(e),
    };
    let track = match bytes.and_then(|b| crate::io::read_bytes(&b, &path, &opts.read)) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let csv_type = item.csv.as_ref().and_then(|c| c.activity_type.clone());
    let sport = csv_type.clone().or_else(|| {
        match (track.meta.sport.as_deref(), track.meta.sub_sport.as_deref()) {
            (Some("running"), Some("trail")) => Some("trail_running".to_string()),
            (s, _) => s.map(str::to_string),
        }
    });
    if csv_type.is_none()
        && !opts.all_sports
        && let Some(s) = &sport
        && !is_running(s)
    {
        return skip(SkipReason::Sport(s.clone()));
    }
    let start = track.start_time_s();
    if opts.since_s.is_some() || opts.until_s.is_some() {
        match start {
            None => return skip(SkipReason::NoDate),
            Some(t) if !in_dates(t, opts) => return skip(SkipReason::OutsideDates),
            _ => {}
        }
    }
    let report = analyze(&track, &item.display, &opts.settings);
    let name = item
        .csv
        .as_ref()
        .and_then(|c| c.name.clone())
        .or_else(|| track.meta.name.clone());
    drop(track);
    Outcome::Session(Box::new(session_row(&report, name, sport)))
}

fn read_file_capped(p: &Path, max_bytes: u64) -> crate::error::Result<Vec<u8>> {
    use std::io::Read;
    let io_err = |source| Error::Io {
        path: p.to_owned(),
        source,
    };
    let f = std::fs::File::open(p).map_err(io_err)?;
    let mut out = Vec::new();
    f.take(max_bytes + 1)
        .read_to_end(&mut out)
        .map_err(io_err)?;
    if out.len() as u64 > max_bytes {
        return Err(Error::TooLarge {
            path: p.to_owned(),
            limit_bytes: max_bytes,
            detail: "the file is larger".into(),
        });
    }
    Ok(out)
}

fn in_dates(t: f64, opts: &SeasonOptions) -> bool {
    opts.since_s.is_none_or(|s| t >= s) && opts.until_s.is_none_or(|u| t < u)
}

/// Running and trail running as FIT (`running`, `trail_running`), GPX/TCX (`Running`) and
/// Strava (`Run`, `Trail Run`, `Virtual Run`) name them. `generic` (the sport unknown) is
/// kept too: many GPX files do not say.
pub fn is_running(sport: &str) -> bool {
    let s = sport.to_ascii_lowercase();
    s.contains("run") || s == "generic" || s.is_empty()
}

/// The season's row of one report.
pub fn session_row(r: &Report, name: Option<String>, sport: Option<String>) -> SessionRow {
    let labels = &r.band_labels;
    let mut bands: Vec<BandStats> = labels
        .iter()
        .map(|l| BandStats {
            band: l.clone(),
            reps: 0,
            downhill_m: 0.0,
            rep_speeds_mps: Vec::new(),
        })
        .collect();
    let idx = |band: &str| labels.iter().position(|l| l == band);
    for d in &r.descents {
        if let Some(i) = idx(&d.band) {
            bands[i].downhill_m += d.distance_m;
        }
    }
    for rep in &r.reps.reps {
        if let Some(i) = idx(&rep.band) {
            bands[i].reps += 1;
            if let Some(s) = rep.avg_speed_mps.filter(|s| s.is_finite()) {
                bands[i].rep_speeds_mps.push(s);
            }
        }
    }
    let by_reps = (0..bands.len())
        .filter(|&i| bands[i].reps > 0)
        .max_by_key(|&i| (bands[i].reps, i));
    let main = by_reps.or_else(|| {
        (1..bands.len())
            .filter(|&i| bands[i].downhill_m > 0.0)
            .max_by(|&a, &b| bands[a].downhill_m.total_cmp(&bands[b].downhill_m))
    });
    let main_band = main.map(|i| labels[i].clone());
    let rep_speed_mps = main.and_then(|i| mean(&bands[i].rep_speeds_mps));
    let gap_speed_mps = main_band.as_ref().and_then(|band| {
        let reps: Vec<_> = r.reps.reps.iter().filter(|x| &x.band == band).collect();
        let gaps: Vec<f64> = r
            .descents
            .iter()
            .filter(|d| &d.band == band)
            .filter(|d| {
                reps.is_empty()
                    || reps
                        .iter()
                        .any(|x| overlaps(x.start_s, x.end_s, d.start_s, d.end_s))
            })
            .filter_map(|d| d.gap_speed_mps)
            .collect();
        mean(&gaps)
    });
    SessionRow {
        start_s: r.summary.start_s,
        file: r.file.clone(),
        name,
        sport: sport.or_else(|| r.sport.clone()),
        distance_m: r.summary.distance_m,
        descents: r.descents.len(),
        downhill_m: r.descents.iter().map(|d| d.distance_m).sum(),
        workout: r.workout.kind,
        reps: r.reps.reps.len(),
        main_band,
        compliant: r.workout.compliant,
        rep_speed_mps,
        gap_speed_mps,
        bands,
        warnings: r.warnings.clone(),
    }
}

fn overlaps(a0: Option<f64>, a1: Option<f64>, b0: Option<f64>, b1: Option<f64>) -> bool {
    match (a0, a1, b0, b1) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => a0 < b1 && b0 < a1,
        _ => false,
    }
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}
