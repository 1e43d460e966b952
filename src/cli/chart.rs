//! `downhill chart`: draw one chart (slope-speed, profile or season) of a file or a folder,
//! as SVG or PNG by the output extension.

use super::season::ChartFormat;
use super::{Exit, Stopped};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use downhill::analysis::{Analysis, analysis};
use downhill::chart::{
    Chart, ChartError, ChartOptions, ImageFormat, ProfileAxis, ProfileChartData, SeasonChartData,
    SlopeSpeedData, render_png, render_svg, weeks_from_season, write_chart,
};
use downhill::report::Report;
use downhill::report::units::SpeedDisplay;
use downhill::season::{is_running, session_row, summarize_weeks};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Each rep (or descent) as a point: grade against speed, with the equal-effort curve.
    SlopeSpeed,
    /// Elevation over distance or time, descents and reps shaded by band and numbered.
    Profile,
    /// Per week: reps per band and rep speed per band.
    Season,
}

/// The old `--speed-unit`, kept so scripts do not break: `pace` is `--pace`, `kmh` is
/// `--speed` (km/h, or mph with `--units imperial`).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeedUnitArg {
    /// --pace
    Pace,
    /// --speed
    Kmh,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AxisArg {
    Distance,
    Time,
}

#[derive(clap::Args, Debug)]
pub struct ChartArgs {
    /// An activity file, or a folder of them (searched recursively) for a season.
    #[arg(value_name = "FILE|DIR")]
    input: PathBuf,
    /// Which chart to draw.
    #[arg(long, value_enum)]
    kind: ChartKind,
    /// Output image: .svg or .png (the extension decides); `-` writes it to standard
    /// output (PNG, or SVG with --chart-format svg).
    #[arg(short, long, value_name = "OUT.svg|OUT.png|-")]
    output: PathBuf,
    /// Image format of `-o -`.
    #[arg(long, value_enum, value_name = "FORMAT")]
    chart_format: Option<ChartFormat>,
    /// Image size in pixels.
    #[arg(long, value_name = "WxH", default_value = "1200x800", value_parser = parse_size)]
    size: (u32, u32),
    /// Deprecated: use --pace or --speed (`--speed-unit kmh` is `--speed`).
    #[arg(long, value_enum, hide = true)]
    speed_unit: Option<SpeedUnitArg>,
    /// Profile chart: elevation over distance or over elapsed time.
    #[arg(long, value_enum, default_value_t = AxisArg::Distance)]
    x: AxisArg,
    /// Your flat pace (min:sec per km, or per mile with --units imperial; e.g. 4:30) for
    /// the equal-effort curve of the slope-speed chart. Default: the median
    /// flat-equivalent pace of the points.
    #[arg(long, value_name = "M:SS", value_parser = parse_pace, env = "DOWNHILL_EASY_PACE")]
    flat_pace: Option<f64>,
    /// A file of several legs (multisport, or activities in one TCX): which one to draw,
    /// 1 for the first. Default: the first running leg.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    leg: Option<u32>,
    #[command(flatten)]
    measure: super::MeasureArgs,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("size `{s}`: give WIDTHxHEIGHT, e.g. 1200x800"))?;
    let w: u32 = w
        .trim()
        .parse()
        .map_err(|_| format!("size `{s}`: bad width"))?;
    let h: u32 = h
        .trim()
        .parse()
        .map_err(|_| format!("size `{s}`: bad height"))?;
    if !(200..=10_000).contains(&w) || !(150..=10_000).contains(&h) {
        return Err(format!("size `{s}`: from 200x150 to 10000x10000"));
    }
    Ok((w, h))
}

/// `m:ss` to seconds (per km or per mile: the units decide, in [`run`]).
pub(super) fn parse_pace(s: &str) -> Result<f64, String> {
    let bad = || {
        format!(
            "pace `{s}`: give minutes:seconds per km (per mile with --units imperial), e.g. 4:30"
        )
    };
    let (m, sec) = s.split_once(':').ok_or_else(bad)?;
    let m: f64 = m.trim().parse().map_err(|_| bad())?;
    let sec: f64 = sec.trim().parse().map_err(|_| bad())?;
    let total = m * 60.0 + sec;
    if !(60.0..=3600.0).contains(&total) || !(0.0..60.0).contains(&sec) {
        return Err(bad());
    }
    Ok(total)
}

/// Every file under `dir` but Markdown notes, sorted, by the walk every command shares
/// (hidden entries and symlinked folders skipped; FIFOs and devices skipped with a warning).
fn files_under(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let found = downhill::io::file::walk(dir, &|name| !name.ends_with(".md"));
    for w in &found.warnings {
        super::msg::warning(w);
    }
    if let Some(e) = found.errors.first() {
        return Err(e.to_string());
    }
    Ok(found.files.into_iter().map(|(p, _)| p).collect())
}

pub fn run(args: ChartArgs, units: downhill::report::units::Units) -> Exit {
    let measure = match args.measure.measure() {
        Ok(m) => m,
        Err(code) => return code,
    };
    let bands = measure.settings.bands.clone();
    if let Some(old) = args.speed_unit {
        let new = match old {
            SpeedUnitArg::Pace => "--pace",
            SpeedUnitArg::Kmh => "--speed",
        };
        super::msg::warning(format_args!(
            "--speed-unit is deprecated and will go; use {new} (with --units metric|imperial)"
        ));
    }
    let opts = ChartOptions {
        width_px: args.size.0,
        height_px: args.size.1,
        units: match args.speed_unit {
            None => units,
            Some(SpeedUnitArg::Pace) => units.with_speed_display(SpeedDisplay::Pace),
            Some(SpeedUnitArg::Kmh) => units.with_speed_display(SpeedDisplay::Speed),
        },
        profile_axis: match args.x {
            AxisArg::Distance => ProfileAxis::Distance,
            AxisArg::Time => ProfileAxis::Time,
        },
    };
    // The image format is an argument: a bad one is refused before anything is read.
    let format = match output_format(&args) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let is_dir = args.input.is_dir();
    if is_dir && args.leg.is_some() {
        eprintln!(
            "downhill: error: {}: --leg picks a leg of one file, not of a folder",
            args.input.display()
        );
        return Exit::Usage;
    }
    if is_dir && args.kind == ChartKind::Profile {
        eprintln!(
            "downhill: error: {}: the profile chart draws one file; give a file, not a folder",
            args.input.display()
        );
        return Exit::Usage;
    }
    let files = if is_dir {
        match files_under(&args.input) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("downhill: error: {e}");
                return Exit::Input;
            }
        }
    } else {
        vec![args.input.clone()]
    };
    // Input files are never modified: the chart may not be written over one of them.
    let inputs = files.iter().map(PathBuf::as_path);
    if format.is_none()
        && let Err(code) = super::refuse_overwrite(&args.output, inputs, &args.measure)
    {
        return code;
    }
    let mut failed = 0usize;
    // The profile chart draws one file's motion and profile; the others need the reports.
    let keep_profile = args.kind == ChartKind::Profile;
    let mut sessions: Vec<(Report, Option<Analysis>, Vec<downhill::track::Pause>)> = Vec::new();
    // Each session's heart rate, which the profile chart draws beside the analysis.
    let mut heart_rates: Vec<Vec<(f64, f64)>> = Vec::new();
    for path in &files {
        match measure.load(path) {
            Ok(tracks) => {
                for track in &tracks {
                    let name = if track.meta.activity.is_some() {
                        super::session_name(path, track)
                    } else {
                        path.display().to_string()
                    };
                    let a = analysis(track, &name, &measure.settings);
                    let pauses = if keep_profile {
                        track.pauses.clone()
                    } else {
                        Vec::new()
                    };
                    if keep_profile {
                        heart_rates.push(ProfileChartData::heart_rate_of(track));
                        sessions.push((a.report.clone(), Some(a), pauses));
                    } else {
                        sessions.push((a.report, None, pauses));
                    }
                }
            }
            Err(e) => {
                eprintln!("downhill: error: {e}");
                failed += 1;
            }
        }
    }
    if sessions.is_empty() {
        if is_dir && failed == 0 {
            eprintln!(
                "downhill: error: {}: no activity files",
                args.input.display()
            );
        }
        return Exit::Input;
    }
    // A folder is a season of runs: rides and swims beside them are left out.
    let before = sessions.len();
    if is_dir {
        sessions.retain(|(r, _, _)| r.sport.as_deref().is_none_or(is_running));
        if sessions.len() < before {
            let n = before - sessions.len();
            let what = if n == 1 { "session" } else { "sessions" };
            super::msg::note(format_args!("{n} {what} of other sports left out"));
        }
        if sessions.is_empty() {
            eprintln!(
                "downhill: error: {}: no running activities",
                args.input.display()
            );
            return Exit::Input;
        }
    }
    // One file of several legs: the chart draws one, the first running leg unless --leg.
    // (A season chart of one file of several activities draws them all.)
    let one_leg = args.kind != ChartKind::Season || args.leg.is_some();
    if !is_dir && one_leg && (sessions.len() > 1 || args.leg.is_some()) {
        let n = sessions.len();
        let pick = match args.leg {
            Some(leg) if leg as usize > n => {
                let legs = downhill::report::count(n, "leg", "legs");
                eprintln!(
                    "downhill: error: {}: --leg {leg}: the file has {legs}",
                    args.input.display()
                );
                return Exit::Usage;
            }
            Some(leg) => leg as usize - 1,
            // A leg that names running before one that names no sport (`generic`).
            None => {
                let named = |run: fn(&str) -> bool| {
                    (sessions.iter()).position(|(r, _, _)| r.sport.as_deref().is_some_and(run))
                };
                named(|s| s.to_ascii_lowercase().contains("run"))
                    .or_else(|| named(is_running))
                    .unwrap_or(0)
            }
        };
        if n > 1 {
            let sport = sessions[pick]
                .0
                .sport
                .clone()
                .unwrap_or_else(|| "unknown sport".into());
            super::msg::note(format_args!(
                "leg {} of {n} ({sport}) drawn; --leg N draws another",
                pick + 1
            ));
        }
        sessions.swap(0, pick);
        if pick < heart_rates.len() {
            heart_rates.swap(0, pick);
        }
        sessions.truncate(1);
    }
    // Without altitudes there are no descents: say so rather than draw an empty chart.
    if sessions.iter().all(|(r, _, _)| r.summary.gain_m.is_none()) {
        let what = if is_dir {
            "no file here has elevation"
        } else {
            "no elevation in this file"
        };
        eprintln!(
            "downhill: error: {}: {what}, nothing to chart",
            args.input.display()
        );
        return Exit::Input;
    }
    let reports: Vec<Report> = sessions.iter().map(|(r, _, _)| r.clone()).collect();
    let title_dir = args
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| args.input.display().to_string());
    // The profile chart borrows the one file's profile.
    let no_profile = downhill::profile::Profile::default();
    let profile = sessions[0]
        .1
        .as_ref()
        .and_then(|a| a.profile.as_ref())
        .unwrap_or(&no_profile);
    let chart = match args.kind {
        ChartKind::SlopeSpeed => {
            let data = if is_dir {
                SlopeSpeedData::from_reports(
                    &reports,
                    &bands,
                    &format!("Slope and speed: {title_dir}"),
                )
            } else {
                SlopeSpeedData::from_report(&reports[0], &bands)
            };
            // Seconds per km or per mile, as the units read.
            let flat = args
                .flat_pace
                .map(|s| opts.units.distance_value(1.0).recip() / s);
            Chart::SlopeSpeed(data.with_flat_speed(flat))
        }
        ChartKind::Profile => {
            let (report, _, pauses) = &sessions[0];
            // No profile to draw (no usable distance, a handful of points): say so rather
            // than write a placeholder image.
            if profile.distance_m.len() < 2 {
                let why = report
                    .descent_notes
                    .first()
                    .map(|n| n.si())
                    .unwrap_or_else(|| "too few points with distance and elevation".into());
                eprintln!(
                    "downhill: error: {}: no elevation profile to draw: {why}",
                    args.input.display()
                );
                return Exit::Input;
            }
            let data = ProfileChartData::new(report, profile, pauses, &bands);
            let heart_rate = heart_rates.into_iter().next().unwrap_or_default();
            Chart::Profile(data.with_heart_rate(heart_rate))
        }
        ChartKind::Season => {
            // The season stage's weekly summary, as `downhill season` reports it.
            let labels = bands.labels();
            let rows: Vec<_> = reports
                .iter()
                .map(|r| session_row(r, r.name.clone(), r.sport.clone()))
                .collect();
            let weeks = weeks_from_season(&summarize_weeks(&rows, &labels), &labels);
            let data = SeasonChartData::new(
                &format!("Season progression: {title_dir}"),
                bands.labels(),
                weeks,
            );
            Chart::Season(data)
        }
    };
    let result = match format {
        Some(format) => to_stdout(&chart, format, &opts),
        None => write_chart(&args.output, &chart, &opts).map_err(Stopped::from),
    };
    match result {
        Ok(()) if failed == 0 => Exit::Success,
        Err(Stopped::Closed) => Exit::Success,
        Err(Stopped::Failed) => Exit::Write,
        Ok(()) => {
            super::msg::note(format_args!(
                "{failed} of {} files could not be read",
                files.len()
            ));
            Exit::Input
        }
    }
}

impl From<ChartError> for Stopped {
    /// A chart that could not be drawn or written, reported. (Its format and size were
    /// checked as arguments, before anything was read.)
    fn from(e: ChartError) -> Stopped {
        eprintln!("downhill: error: {e}");
        Stopped::Failed
    }
}

/// The chart on standard output, as SVG or PNG.
fn to_stdout(chart: &Chart, format: ImageFormat, opts: &ChartOptions) -> Result<(), Stopped> {
    let bytes = match format {
        ImageFormat::Svg => render_svg(chart, opts)?.into_bytes(),
        ImageFormat::Png => render_png(chart, opts)?,
    };
    super::write_out(&mut std::io::stdout().lock(), &bytes)
}

/// `None` for a file (its extension decides; checked), the format for `-o -`
/// (`--chart-format`, PNG by default); exit 2 when they disagree or the extension is unknown.
fn output_format(args: &ChartArgs) -> Result<Option<ImageFormat>, Exit> {
    let given = args.chart_format.map(ChartFormat::image_format);
    let usage = |e: &dyn std::fmt::Display| {
        eprintln!("downhill: error: {e}");
        Exit::Usage
    };
    if args.output == Path::new("-") {
        let format = given.unwrap_or(ImageFormat::Png);
        if format == ImageFormat::Png && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            return Err(usage(
                &"-o -: standard output is a terminal; redirect the PNG to a file or a program",
            ));
        }
        return Ok(Some(format));
    }
    match ImageFormat::from_path(&args.output) {
        None => Err(usage(&ChartError::UnknownFormat {
            path: args.output.clone(),
        })),
        Some(ext) if given.is_some_and(|g| g != ext) => Err(usage(&format_args!(
            "{}: --chart-format disagrees with the extension; it is for `-o -`",
            args.output.display()
        ))),
        Some(_) => Ok(None),
    }
}
