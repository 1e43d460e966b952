//! `downhill season`: a whole export, folder or file list -> sessions, weeks, trend.

use super::{Exit, Stopped, msg};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use downhill::season::{self, SeasonOptions, render};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeasonFormat {
    Table,
    Json,
    /// One line per session (see `--out` for the weekly CSV too).
    Csv,
    Markdown,
}

#[derive(clap::Args, Debug)]
pub struct SeasonArgs {
    /// Folders (read recursively), activity files (.fit, .gpx, .tcx, also .gz) and export
    /// archives (a Strava bulk-export zip with activities.csv, a Garmin export zip), read in
    /// place.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format on stdout. Default: table (none when --out is given). Table and
    /// Markdown follow --units and --pace/--speed; JSON and CSV are SI (m, s, m/s).
    #[arg(long, value_enum)]
    format: Option<SeasonFormat>,
    /// Write every format into this folder (season.txt, season.json, season.md,
    /// sessions.csv, weeks.csv) as one set: all or nothing, the folder locked meanwhile.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Files analyzed at once. Default: all cores; at most 16.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Analyze every sport, not only running and trail running.
    #[arg(long)]
    all_sports: bool,
    /// Only sessions on or after this day (YYYY-MM-DD), the session's local day: the one its
    /// week is counted in (the file's UTC offset, or --tz).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    since: Option<NaiveDate>,
    /// Only sessions on or before this day (YYYY-MM-DD, local as --since).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    until: Option<NaiveDate>,
    #[command(flatten)]
    measure: super::MeasureArgs,
    /// Also draw the season's charts into this folder: slope-speed of every rep and the
    /// weekly progression (PNG; SVG with --chart-format svg).
    #[arg(long, value_name = "DIR")]
    charts: Option<PathBuf>,
    /// Also write the season as one self-contained HTML page: the trend, reps per week by
    /// band, the median rep pace per band over the weeks, and the sessions.
    #[arg(long, value_name = "OUT.html")]
    html: Option<PathBuf>,
    /// Write the season page (index.html) and one page per session into this folder, the
    /// sessions table linking to them.
    #[arg(long, value_name = "DIR")]
    html_dir: Option<PathBuf>,
    /// Image format of --charts.
    #[arg(long, value_enum, default_value_t = ChartFormat::Png)]
    chart_format: ChartFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartFormat {
    Png,
    Svg,
}

impl ChartFormat {
    pub fn image_format(self) -> downhill::chart::ImageFormat {
        match self {
            ChartFormat::Png => downhill::chart::ImageFormat::Png,
            ChartFormat::Svg => downhill::chart::ImageFormat::Svg,
        }
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("{e} (expected YYYY-MM-DD)"))
}

pub fn run(args: SeasonArgs, units: downhill::report::units::Units) -> Exit {
    let measure = match args.measure.measure() {
        Ok(m) => m,
        Err(code) => return code,
    };
    if let (Some(a), Some(b)) = (args.since, args.until)
        && a > b
    {
        eprintln!("downhill: --since {a} is after --until {b}");
        return Exit::Usage;
    }
    if let Some(dir) = &args.html_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!(
            "downhill: error: {}: cannot create the folder: {e}",
            dir.display()
        );
        return Exit::Write;
    }
    let opts = SeasonOptions {
        session_pages: args.html_dir.clone(),
        page_units: units,
        read: measure.read,
        settings: measure.settings,
        dem: measure.dem.map(std::sync::Arc::new),
        all_sports: args.all_sports,
        since: args.since,
        until: args.until,
        jobs: args.jobs.map(usize::from),
        ..SeasonOptions::default()
    };
    if let Some(j) = opts.jobs
        && j > season::MAX_JOBS
    {
        eprintln!(
            "downhill: warning: --jobs {j} lowered to {}: more workers only take memory",
            season::MAX_JOBS
        );
    }
    let plan = season::plan(&args.paths, &opts);
    for w in &plan.warnings {
        msg::warning(w);
    }
    if plan.items.is_empty() && plan.failures.is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("downhill: error: {}: no activity files", paths.join(", "));
        return Exit::Input;
    }
    let chart_format = args.chart_format.image_format();
    if let Err(code) = refuse_overwrite(&args, &plan, chart_format) {
        return code;
    }
    let bar = progress_bar(plan.items.len() as u64);
    let bytes_done = AtomicU64::new(0);
    let started = Instant::now();
    let on_done = |b: u64| {
        let total = bytes_done.fetch_add(b, Ordering::Relaxed) + b;
        bar.inc(1);
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{:.1} files/s, {:.1} MB/s",
            bar.position() as f64 / secs,
            total as f64 / 1e6 / secs
        ));
    };
    let report = match season::run(plan, &opts, &on_done) {
        Ok(r) => r,
        Err(e) => {
            bar.finish_and_clear();
            eprintln!(
                "downhill: cannot start {} worker threads: {e}",
                opts.jobs.unwrap_or(0)
            );
            return Exit::Usage;
        }
    };
    bar.finish_and_clear();

    if let Some(dir) = &args.out {
        match downhill::season::out::write_all(&report, dir, units) {
            Ok(files) => msg::note(format_args!(
                "wrote {} to {}",
                downhill::report::count(files.len(), "file", "files"),
                dir.display()
            )),
            Err(e) => {
                eprintln!("downhill: cannot write to {}: {e}", dir.display());
                return Exit::Write;
            }
        }
    }
    if let Some(dir) = &args.charts {
        let bands = &opts.settings.bands;
        let slope = downhill::chart::SlopeSpeedData::from_season(
            &report.sessions,
            bands,
            "Slope and speed: the season",
        );
        let weeks = downhill::chart::weeks_from_season(&report.weeks, &report.band_labels);
        let format = chart_format;
        let chart_opts = downhill::chart::ChartOptions {
            units,
            ..Default::default()
        };
        match downhill::chart::write_season_charts(dir, format, slope, weeks, bands, &chart_opts) {
            Ok(files) => msg::note(format_args!(
                "wrote {} charts to {}",
                files.len(),
                dir.display()
            )),
            Err(e) => {
                eprintln!("downhill: error: {e}");
                return Exit::Write;
            }
        }
    }
    // The folder's index links to the session pages beside it; a page written elsewhere
    // does not (the links would lead nowhere).
    let index = args.html_dir.as_ref().map(|d| (d.join("index.html"), true));
    let single = args.html.as_ref().map(|p| (p.clone(), false));
    for (page, links) in single.iter().chain(&index) {
        let text = downhill::report::html::render_season(&report, *links, units);
        if let Err(e) = downhill::season::out::write_atomic(page, text.as_bytes()) {
            eprintln!(
                "downhill: error: {}: cannot write the page: {e}",
                page.display()
            );
            return Exit::Write;
        }
        msg::note(format_args!("wrote {}", page.display()));
    }
    let format = match (args.format, &args.out) {
        (Some(f), _) => Some(f),
        (None, None) => Some(SeasonFormat::Table),
        (None, Some(_)) => None,
    };
    if let Some(format) = format {
        let text = match format {
            SeasonFormat::Table => render::table(&report, units),
            SeasonFormat::Json => render::json(&report, units) + "\n",
            SeasonFormat::Csv => render::sessions_csv(&report, units),
            SeasonFormat::Markdown => render::markdown(&report, units),
        };
        match super::write_out(&mut std::io::stdout().lock(), text.as_bytes()) {
            Ok(()) => {}
            Err(Stopped::Closed) => return exit(&report),
            Err(Stopped::Failed) => return Exit::Write,
        }
    }
    // Every failure on stderr, one line naming its file, whatever the format (the table
    // and Markdown list them on stdout too).
    for f in &report.failures {
        eprintln!("downhill: error: {}", f.reason);
    }
    if !report.failures.is_empty() {
        msg::note(format_args!(
            "{} of {} failed",
            report.failures.len(),
            downhill::report::count(report.files, "file", "files")
        ));
    }
    exit(&report)
}

/// Exit code 2 when a file `--out` or `--charts` would write is one of the inputs (a file
/// or archive of the plan, the `--plan` file): input files are never modified.
fn refuse_overwrite(
    args: &SeasonArgs,
    plan: &season::Plan,
    chart_format: downhill::chart::ImageFormat,
) -> Result<(), Exit> {
    let mut outputs: Vec<PathBuf> = Vec::new();
    if let Some(dir) = &args.out {
        outputs.extend(render::OUTPUTS.iter().map(|(name, _)| dir.join(name)));
    }
    if let Some(dir) = &args.charts {
        outputs.extend(downhill::chart::season_chart_paths(dir, chart_format));
    }
    outputs.extend(args.html.iter().cloned());
    outputs.extend(args.html_dir.iter().map(|d| d.join("index.html")));
    if outputs.is_empty() {
        return Ok(());
    }
    // The paths named and every file of the plan, each once (an archive holds many items).
    let inputs: std::collections::BTreeSet<&std::path::Path> = args
        .paths
        .iter()
        .map(PathBuf::as_path)
        .chain(plan.items.iter().map(|i| match &i.source {
            season::Source::File(p) => p.as_path(),
            season::Source::Entry(a, _) => a.path.as_path(),
        }))
        .collect();
    for out in &outputs {
        super::refuse_overwrite(out, inputs.iter().copied(), &args.measure)?;
    }
    Ok(())
}

fn exit(report: &season::SeasonReport) -> Exit {
    if report.failures.is_empty() {
        Exit::Success
    } else {
        Exit::Input
    }
}

/// A bar on stderr when it is a terminal and not `--quiet` (files done / total, files/s and MB/s since the
/// start, ETA); hidden
/// otherwise.
fn progress_bar(total: u64) -> ProgressBar {
    if super::msg::quiet() || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}  ETA {eta}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
