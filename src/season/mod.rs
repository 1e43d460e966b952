//! A whole season: many files, folders and export archives analyzed in parallel, reduced to
//! one small row per session, then summarized by week and described as a trend.
//!
//! Two steps, so that a caller can show progress against a known total:
//! 1. [`plan()`] walks the paths (folders recursively, sorted by name), opens export archives
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
pub mod csv;
pub mod hills;
pub mod out;
pub mod plan;
pub mod render;
pub mod row;
pub mod summary;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::{Settings, analysis};
use crate::io::ReadOptions;
use crate::track::Track;

use archive::ArchiveLimits;
pub use plan::{Item, Plan, Source, plan};
pub use row::{BandStats, SessionRow, session_row};
pub use summary::{BandWeek, WeekSummary, summarize_weeks, trend};

/// Everything a season run needs.
#[derive(Debug, Clone, Default)]
pub struct SeasonOptions {
    /// How each file is read (size caps, sport and altitude overrides).
    pub read: ReadOptions,
    /// The analysis settings applied to every session.
    pub settings: Settings,
    /// Caps on what an export archive may make us read.
    pub archive: ArchiveLimits,
    /// Analyze sessions of every sport, not only running and trail running.
    pub all_sports: bool,
    /// Keep sessions starting on or after this day, the session's own local day (the one
    /// its week is counted in: the file's UTC offset, or `--tz`).
    pub since: Option<chrono::NaiveDate>,
    /// Keep sessions starting on or before this day (local, as `since`).
    pub until: Option<chrono::NaiveDate>,
    /// Worker threads; `None` uses all cores. At most [`MAX_JOBS`] either way.
    pub jobs: Option<usize>,
    /// Terrain model (`--dem`) for files without a barometric altimeter, shared by the
    /// workers.
    pub dem: Option<std::sync::Arc<crate::dem::SharedDem>>,
    /// Write each session's HTML page into this folder (it must exist), named by
    /// [`page_name`]; the row keeps the name in `page`.
    pub session_pages: Option<PathBuf>,
    /// The units of those pages.
    pub page_units: crate::report::units::Units,
}

/// The file name of a session's page: its name as listed (folders and archive entries
/// included, so two `run.fit` in two folders get two pages), every character but
/// letters, digits, `.`, `-` and `_` replaced by `_`, then `.html`.
pub fn page_name(display: &str) -> String {
    let safe: String = (display.chars())
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}.html", safe.trim_start_matches(['.', '_']))
}

/// The most files analyzed at once (`--jobs` above it is lowered to it): 16. Each worker
/// may hold a whole decompressed file, so workers cost memory, and past the cores they add
/// no speed (`-j 65535` spent over a minute starting threads).
pub const MAX_JOBS: usize = 16;

/// The most decompressed bytes the workers of one run may hold at once: 2 GiB. Each worker
/// gets an equal share for an archive entry and the gzip member inside it (half each), so
/// 8 decompression bombs under `-j 8` stay within it instead of taking 3.8 GB. A share is
/// never below 64 MiB (2 GiB over 2 x [`MAX_JOBS`]): real activity files are a few tens of
/// MB at most, so their output is the same for every `--jobs`.
pub const RUN_DECOMPRESSED_BYTES: u64 = 2 << 30;

impl SeasonOptions {
    /// The workers a run uses: `jobs`, or all cores, at most [`MAX_JOBS`].
    pub fn effective_jobs(&self) -> usize {
        self.jobs
            .unwrap_or_else(rayon::current_num_threads)
            .clamp(1, MAX_JOBS)
    }

    /// These options with the run's memory bounded: `jobs` set to [`Self::effective_jobs`],
    /// and the decompression caps of a worker (an archive entry, a gzip member) lowered to
    /// its share of [`RUN_DECOMPRESSED_BYTES`]. Peak decompressed bytes of a run are then at
    /// most `RUN_DECOMPRESSED_BYTES` (plus one `activities.csv`, read before the workers).
    /// [`plan()`] and [`run`] apply it; it is idempotent.
    pub fn bounded(&self) -> SeasonOptions {
        let jobs = self.effective_jobs();
        let share = RUN_DECOMPRESSED_BYTES / (2 * jobs as u64);
        let mut o = self.clone();
        o.jobs = Some(jobs);
        o.read.max_decompressed_bytes = o.read.max_decompressed_bytes.min(share);
        o.archive.max_entry_bytes = o.archive.max_entry_bytes.min(share);
        o
    }
}

/// A file that could not be analyzed, with the reason (the error names the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Failure {
    /// The file as listed: its path, or `export.zip!entry`.
    pub file: String,
    /// The error message, naming the file.
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
    /// Times faster than anyone sustains over the session ([`crate::report::Report::sustained_effort`]):
    /// a course file's pace model, a vehicle, a clock error; not a run to count.
    TimesNotARunners,
    /// The same activity as another file (the FIT, GPX and TCX export of one run): the
    /// same start within [`DUPLICATE_START_S`] and the same distance within
    /// [`DUPLICATE_DISTANCE_FRAC`]; the copy kept (see `keep_rank`) is named.
    Duplicate {
        /// The file kept, as listed.
        of: String,
    },
}

/// Two sessions starting this close (s) may be one activity exported twice (the formats
/// round the start differently; a watch cannot record two runs in one minute).
pub const DUPLICATE_START_S: f64 = 60.0;
/// ...when their distances agree within this fraction (exports of one run differ by the
/// recomputed distance, a fraction of a percent; two people's runs side by side do not
/// start within a minute of each other in one export).
pub const DUPLICATE_DISTANCE_FRAC: f64 = 0.02;

/// Which copy of one activity is kept, the lowest first: fine-grained altitude before coarse
/// (two devices on one run: the barometer's, or the DEM-corrected copy, measures the
/// grades), then an intact copy before one that needed repairs on more than
/// [`DAMAGED_FRAC`] of its points, then FIT (laps, sessions, device) before TCX (laps)
/// before GPX, then the smaller drop uncertainty.
fn keep_rank(s: &SessionRow) -> (bool, bool, u8, f64) {
    use crate::track::Format;
    let format = match s.format {
        Some(Format::Fit) => 0,
        Some(Format::Tcx) => 1,
        _ => 2,
    };
    (
        !s.altitude_fine,
        s.repaired_frac > DAMAGED_FRAC,
        format,
        s.altitude_drop_sd_m,
    )
}

/// A copy needing repairs on more than this fraction of its points is damaged (a stray
/// leading altitude or two is not; times going backwards over a third of the file is).
pub const DAMAGED_FRAC: f64 = 0.01;

/// Drop the second (third) copy of one activity from `sessions`, as skipped duplicates.
fn drop_duplicates(sessions: &mut Vec<SessionRow>, skipped: &mut Vec<Skipped>) {
    // Sessions are sorted by start: copies of one activity lie next to each other.
    let same =
        |a: &SessionRow, b: &SessionRow| match (a.start_s, b.start_s, a.distance_m, b.distance_m) {
            (Some(ta), Some(tb), Some(da), Some(db)) => {
                (ta - tb).abs() <= DUPLICATE_START_S
                    && (da - db).abs() <= DUPLICATE_DISTANCE_FRAC * da.max(db)
            }
            _ => false,
        };
    let mut kept: Vec<SessionRow> = Vec::with_capacity(sessions.len());
    for s in sessions.drain(..) {
        let Some(i) = kept.iter().rposition(|k| same(k, &s)) else {
            kept.push(s);
            continue;
        };
        let drop =
            if keep_rank(&s).partial_cmp(&keep_rank(&kept[i])) == Some(std::cmp::Ordering::Less) {
                std::mem::replace(&mut kept[i], s)
            } else {
                s
            };
        skipped.push(Skipped {
            file: drop.file,
            reason: SkipReason::Duplicate {
                of: kept[i].file.clone(),
            },
        });
    }
    *sessions = kept;
}

/// A session counted but not analyzed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Skipped {
    /// The file as listed (its path, or `export.zip!entry`), with the activity when several.
    pub file: String,
    /// Why it was not analyzed.
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// The whole season, computed once and rendered by [`render`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeasonReport {
    /// The grade bands' labels, in order: the columns of every per-band figure.
    pub band_labels: Vec<String>,
    /// Items listed plus paths that could not be listed.
    pub files: usize,
    /// Total size of the listed files, on disk or as the archive claims, bytes.
    pub bytes: u64,
    /// One row per analyzed session, sorted by start time then file, duplicates dropped.
    pub sessions: Vec<SessionRow>,
    /// The sessions summed by week.
    pub weeks: Vec<WeekSummary>,
    /// The season's trend, in sentences for people; their speeds stay numbers (SI text in
    /// JSON).
    pub trend: Vec<crate::phrase::Phrase>,
    /// The hills run in two sessions or more, with each visit.
    pub hills: Vec<hills::SeasonHill>,
    /// Sessions counted but not analyzed (other sports, outside the dates, duplicates).
    pub skipped: Vec<Skipped>,
    /// Files that could not be listed, read or analyzed.
    pub failures: Vec<Failure>,
}

/// What happened to one item.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Analyzed: its row.
    Session(Box<SessionRow>),
    /// Counted, not analyzed.
    Skipped(Skipped),
    /// Could not be read or analyzed.
    Failed(Failure),
}

/// Analyze every item of `plan`; `on_done(bytes)` is called once per item as it finishes
/// (from worker threads). Returns an error only if the thread pool cannot be built.
pub fn run(
    plan: Plan,
    opts: &SeasonOptions,
    on_done: &(dyn Fn(u64) + Sync),
) -> Result<SeasonReport, rayon::ThreadPoolBuildError> {
    let opts = &opts.bounded();
    let work = |item: &Item| {
        let outcome = catch_unwind(AssertUnwindSafe(|| process(item, opts))).unwrap_or_else(|p| {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            vec![Outcome::Failed(Failure {
                file: item.display.clone(),
                reason: format!("{}: internal error while analyzing ({msg})", item.display),
            })]
        });
        on_done(item.bytes);
        outcome
    };
    let outcomes: Vec<Vec<Outcome>> = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.effective_jobs())
        .build()?
        .install(|| plan.items.par_iter().map(work).collect());
    let mut sessions = Vec::new();
    let mut skipped = Vec::new();
    let unlisted = plan.failures.len();
    let mut failures = plan.failures;
    for o in outcomes.into_iter().flatten() {
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
    drop_duplicates(&mut sessions, &mut skipped);
    skipped.sort();
    failures.sort();
    let band_labels = opts.settings.bands.labels();
    let weeks = summarize_weeks(&sessions, &band_labels);
    let trend = trend(&sessions, &band_labels);
    let hills = hills::hills_across(&sessions);
    Ok(SeasonReport {
        band_labels,
        files: plan.items.len() + unlisted,
        bytes: plan.items.iter().map(|i| i.bytes).sum(),
        sessions,
        weeks,
        trend,
        hills,
        skipped,
        failures,
    })
}

/// Read, filter and analyze one item: one outcome per activity in it (a TCX of several
/// activities is several sessions).
pub fn process(item: &Item, opts: &SeasonOptions) -> Vec<Outcome> {
    let skip = |reason| {
        vec![Outcome::Skipped(Skipped {
            file: item.display.clone(),
            reason,
        })]
    };
    // activities.csv can decide before reading.
    if let Some(csv) = &item.csv {
        if let Some(t) = &csv.activity_type
            && !opts.all_sports
            && !is_running(t)
        {
            return skip(SkipReason::Sport(t.clone()));
        }
        // Its start is UTC and the local day may be one either side: only a start two days
        // outside is left unread; the file's own offset decides the rest.
        if let Some(day) = csv
            .start_s
            .and_then(|t| crate::localtime::local(t, 0))
            .map(|t| t.date_naive())
            && !(-1..=1).any(|d| {
                // A day past chrono's range cannot be judged here: the file decides.
                day.checked_add_signed(chrono::TimeDelta::days(d))
                    .is_none_or(|x| in_dates(x, opts))
            })
        {
            return skip(SkipReason::OutsideDates);
        }
    }
    let path = PathBuf::from(&item.display);
    let bytes = match &item.source {
        Source::File(p) => crate::io::file::read_regular(p, opts.read.max_file_bytes),
        Source::Entry(a, e) => a.read_entry(e),
    };
    let tracks = match bytes.and_then(|b| crate::io::read_sessions_bytes(&b, &path, &opts.read)) {
        Ok(t) => t,
        Err(e) => {
            return vec![Outcome::Failed(Failure {
                file: item.display.clone(),
                reason: e.to_string(),
            })];
        }
    };
    tracks
        .into_iter()
        .map(|track| {
            let label = track.meta.session_label(&item.display);
            process_session(item, track, label, opts)
        })
        .collect()
}

/// Filter and analyze one session of an item, named `label`.
fn process_session(item: &Item, mut track: Track, label: String, opts: &SeasonOptions) -> Outcome {
    let skip = |reason| {
        Outcome::Skipped(Skipped {
            file: label.clone(),
            reason,
        })
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
    if opts.since.is_some() || opts.until.is_some() {
        let (offset_s, _) =
            crate::localtime::offset_for(opts.settings.zone, track.meta.utc_offset_s, start);
        match start.and_then(|t| crate::localtime::local(t, offset_s)) {
            None => return skip(SkipReason::NoDate),
            Some(t) if !in_dates(t.date_naive(), opts) => return skip(SkipReason::OutsideDates),
            _ => {}
        }
    }
    if let Some(dem) = &opts.dem
        && let Err(e) = dem.apply(&mut track)
    {
        return Outcome::Failed(Failure {
            file: label.clone(),
            reason: format!("{label}: {e}"),
        });
    }
    let analysed = analysis(&track, &label, &opts.settings);
    let page = opts.session_pages.as_ref().map(|dir| {
        let name = page_name(&label);
        let html = crate::report::html::render(&analysed, &opts.settings.bands, opts.page_units);
        let written = out::write_atomic(&dir.join(&name), html.as_bytes());
        (name, written)
    });
    let report = analysed.report;
    if report.sustained_effort.is_some() && !opts.all_sports {
        return skip(SkipReason::TimesNotARunners);
    }
    let name = item
        .csv
        .as_ref()
        .and_then(|c| c.name.clone())
        .or_else(|| track.meta.name.clone());
    drop(track);
    let mut row = session_row(&report, name, sport);
    match page {
        Some((name, Ok(()))) => row.page = Some(name),
        Some((name, Err(e))) => row
            .warnings
            .push(format!("cannot write its page {name}: {e}")),
        None => {}
    }
    Outcome::Session(Box::new(row))
}

fn in_dates(day: chrono::NaiveDate, opts: &SeasonOptions) -> bool {
    opts.since.is_none_or(|s| day >= s) && opts.until.is_none_or(|u| day <= u)
}

/// Running and trail running as FIT (`running`, `trail_running`), GPX/TCX (`Running`) and
/// Strava (`Run`, `Trail Run`, `Virtual Run`) name them. An unknown sport is kept too:
/// `generic`, empty, or a bare number (old Strava GPX `<type>` codes): many files do not say.
pub fn is_running(sport: &str) -> bool {
    let s = sport.trim().to_ascii_lowercase();
    s.contains("run") || s == "generic" || s.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {

    #[test]
    fn page_names_are_plain_and_keep_the_folders_apart() {
        assert_eq!(super::page_name("2025/run.fit"), "2025_run.fit.html");
        assert_eq!(
            super::page_name("export.zip!activities/1.gpx"),
            "export.zip_activities_1.gpx.html"
        );
        assert_eq!(super::page_name("../a b.gpx"), "a_b.gpx.html");
        assert_ne!(super::page_name("a/run.fit"), super::page_name("b/run.fit"));
    }
    use super::*;

    #[test]
    fn of_two_copies_of_one_run_the_damaged_one_goes() {
        let copy = |file: &str, format, repaired_frac| SessionRow {
            start_s: Some(1.7e9),
            file: file.into(),
            distance_m: Some(10_000.0),
            altitude_fine: true,
            altitude_drop_sd_m: 0.2,
            format: Some(format),
            repaired_frac,
            ..SessionRow::default()
        };
        use crate::track::Format;
        // The FIT wins over the GPX when both are intact...
        let mut rows = vec![
            copy("a.gpx", Format::Gpx, 0.0),
            copy("a.fit", Format::Fit, 0.0),
        ];
        let mut skipped = Vec::new();
        drop_duplicates(&mut rows, &mut skipped);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].file, "a.fit");
        // ...but not when its times had to be repaired over a third of it.
        let mut rows = vec![
            copy("a.gpx", Format::Gpx, 0.0),
            copy("a.fit", Format::Fit, 0.35),
        ];
        let mut skipped = Vec::new();
        drop_duplicates(&mut rows, &mut skipped);
        assert_eq!(rows[0].file, "a.gpx");
        assert_eq!(skipped[0].file, "a.fit");
        // A stray repaired point or two is no damage.
        let mut rows = vec![
            copy("a.gpx", Format::Gpx, 0.0),
            copy("a.fit", Format::Fit, 0.002),
        ];
        drop_duplicates(&mut rows, &mut Vec::new());
        assert_eq!(rows[0].file, "a.fit");
    }

    #[test]
    fn running_sports_and_unknown_sports_are_kept() {
        for s in [
            "running",
            "trail_running",
            "Run",
            "Trail Run",
            "Virtual Run",
            "generic",
            "",
            "9",
        ] {
            assert!(is_running(s), "{s}");
        }
        for s in [
            "cycling",
            "Ride",
            "Swim",
            "hiking",
            "walking",
            "E-Bike Ride",
        ] {
            assert!(!is_running(s), "{s}");
        }
    }
}

#[cfg(test)]
mod bounds {
    use super::*;

    #[test]
    fn jobs_are_capped_and_the_run_holds_at_most_its_budget() {
        for jobs in [Some(1), Some(8), Some(16), Some(65535), None] {
            let o = SeasonOptions {
                jobs,
                ..SeasonOptions::default()
            }
            .bounded();
            let j = o.jobs.unwrap();
            assert!((1..=MAX_JOBS).contains(&j), "{jobs:?} -> {j}");
            let per_worker = o.read.max_decompressed_bytes + o.archive.max_entry_bytes;
            assert!(j as u64 * per_worker <= RUN_DECOMPRESSED_BYTES, "{jobs:?}");
            assert!(o.archive.max_entry_bytes >= 64 << 20, "{jobs:?}");
            let again = o.bounded();
            assert_eq!(
                again.read.max_decompressed_bytes, o.read.max_decompressed_bytes,
                "idempotent"
            );
        }
        // One worker keeps the per-file caps of a single read (256 and 512 MiB).
        let one = SeasonOptions {
            jobs: Some(1),
            ..SeasonOptions::default()
        }
        .bounded();
        assert_eq!(one.archive.max_entry_bytes, 256 << 20);
        assert_eq!(one.read.max_decompressed_bytes, 512 << 20);
    }
}
