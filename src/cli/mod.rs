//! Command-line arguments (clap derive) and the commands behind them. Binary-only: the
//! library does not depend on clap.

use std::path::{Path, PathBuf};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

mod analyze;
mod chart;
mod config;
mod docs;
mod exit;
mod msg;
mod plans;
mod season;

use analyze::AnalyzeArgs;
use chart::ChartArgs;
use plans::PlansArgs;
use season::SeasonArgs;

pub use exit::Exit;

#[derive(Parser, Debug)]
#[command(
    name = "downhill",
    version,
    about = "Find the descents in a run, grade them into slope bands, recognize downhill reps \
             and check them against the prescribed workout.",
    long_about = "downhill reads watch exports (FIT, GPX, TCX, also gzipped) and reports every \
descent you ran: how long, how steep (net drop / horizontal length), how fast, and its slope band \
(gentle, 8-10 %, 10-12 %, 12-18 %, 18 %+ by default). Repeated descents of the same hill are \
recognized as reps and compared with the built-in workouts: short reps (8-20 x 80-100 m at 8-10 %), \
long reps (2-6 x 1000-2000 m at 10-20 %+) and downhill intervals (1' fast / 1' slow).\n\n\
Examples:\n  downhill analyze run.fit\n  downhill analyze run.fit --units imperial --speed\n  \
downhill analyze *.gpx --format json > reports.jsonl\n  \
downhill analyze phone.gpx --altitude gps --bands 6,8,10,12,15,18,20\n  \
downhill plans\n  downhill season export_12345.zip --since 2025-11-01 --charts charts/\n  \
downhill chart run.fit --kind slope-speed -o run.png\n  \
downhill completions bash > ~/.local/share/bash-completion/completions/downhill\n  \
downhill man | man -l -"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour the verdict marks of the table (ok, near, MISS): `auto` when standard output
    /// is a terminal and the NO_COLOR environment variable is not set.
    #[arg(long, value_enum, global = true, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    color: ColorArg,
    /// Errors only on stderr: no warnings, notes or progress bar.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(flatten)]
    units: UnitsArgs,
    /// Read the settings from this file instead of `$XDG_CONFIG_HOME/downhill/config.toml`
    /// (also `DOWNHILL_CONFIG`). Flags and `DOWNHILL_*` variables still win over the file;
    /// `downhill config show` lists every setting and where it comes from.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The units of every human-facing output, the same for every command: the tables, the
/// season text and Markdown, the HTML pages and the charts. JSON and CSV stay SI (metres,
/// seconds, m/s) whatever is chosen; grades and slope bands are percent in both.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct UnitsArgs {
    /// Units of distances, lengths, drops and speeds shown to people: `metric` (km, m,
    /// min/km or km/h) or `imperial` (mi, ft, min/mi or mph). JSON and CSV stay SI.
    #[arg(long, value_enum, global = true, default_value_t = UnitsArg::Metric, value_name = "SYSTEM", env = "DOWNHILL_UNITS")]
    units: UnitsArg,
    /// Show speeds as a pace (min/km or min/mi), the default.
    #[arg(long, global = true, overrides_with = "speed")]
    pace: bool,
    /// Show speeds as a speed (km/h or mph) instead of a pace. Also DOWNHILL_SPEED (true
    /// or false, 1 or 0, yes or no, on or off), which `--pace` overrides.
    #[arg(long, global = true, overrides_with = "pace")]
    speed: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitsArg {
    /// km, m, min/km, km/h.
    Metric,
    /// mi, ft, min/mi, mph.
    Imperial,
}

impl UnitsArgs {
    /// The chosen units.
    pub fn units(&self) -> downhill::report::units::Units {
        use downhill::report::units::{SpeedDisplay, System, Units};
        Units {
            system: match self.units {
                UnitsArg::Metric => System::Metric,
                UnitsArg::Imperial => System::Imperial,
            },
            // `--pace` first: it wins over a `speed = true` of the configuration file.
            speed_display: if self.speed && !self.pace {
                SpeedDisplay::Speed
            } else {
                SpeedDisplay::Pace
            },
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    /// Whether to colour what goes to standard output: `auto` asks anstream, which knows
    /// the conventions (a terminal, NO_COLOR, CLICOLOR_FORCE, TERM=dumb).
    fn for_stdout(self) -> bool {
        let choice = match self {
            ColorArg::Auto => anstream::ColorChoice::Auto,
            ColorArg::Always => anstream::ColorChoice::Always,
            ColorArg::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
        anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyze activity files: summary, descents, reps and workout verdict per file.
    Analyze(AnalyzeArgs),
    /// Draw a chart (slope-speed, profile, season) of a file or a folder as SVG or PNG.
    Chart(ChartArgs),
    /// Batch-check a whole season (folders, files, Strava/Garmin export zips): one row per
    /// session, a weekly summary per slope band, and the trend in words.
    Season(SeasonArgs),
    /// Print the built-in workouts (the article's prescriptions); `--toml` gives plan files.
    Plans(PlansArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to standard
    /// output.
    Completions(docs::CompletionsArgs),
    /// Print the manual page (roff) to standard output, or write one page per command into
    /// a folder with `--dir`.
    Man(docs::ManArgs),
    /// The configuration file: `downhill config show` lists every setting, its value and
    /// where it comes from (flag > environment > file > default).
    Config(config::ConfigArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
    /// One row per rep, one header for all files: for a spreadsheet.
    Csv,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AltitudeArg {
    /// Judge from the samples (where the track revisits its own ground), with the device
    /// the file names as the prior.
    Auto,
    /// Barometric altimeter (also `barometric`, as the reports name it).
    #[value(alias = "barometric")]
    Baro,
    /// GPS altitude.
    Gps,
}

/// How a recording is measured: the options `analyze`, `season` and `chart` share, turned
/// into one [`Measure`] in one place, so every command measures the same way.
#[derive(clap::Args, Debug, Clone)]
pub struct MeasureArgs {
    /// Where the altitudes came from, when the file does not say or says it wrong:
    /// barometric altitude is trusted for short descents, GPS altitude is smoothed harder,
    /// its grades are marked low-confidence and drops within its noise get no band. A
    /// value given here is not overruled by the samples.
    #[arg(long, value_enum, default_value_t = AltitudeArg::Auto)]
    altitude: AltitudeArg,
    /// Treat the whole file as this sport (e.g. `running` for a trail run the watch saved
    /// as a ride). Default: the file's own sport, per session in multisport files. Only
    /// foot sports (running, walking, hiking, ...) get GAP, reps and a workout verdict.
    #[arg(long, value_name = "SPORT")]
    sport: Option<String>,
    /// Slope band edges in percent, ascending. The default gives the bands gentle, 8-10,
    /// 10-12, 12-18, 18+.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "8,10,12,18",
        value_name = "PCT,...",
        env = "DOWNHILL_BANDS"
    )]
    bands: Vec<f64>,
    /// Directory of SRTM .hgt terrain tiles (N46E007.hgt, 1" or 3"): replaces the altitude
    /// of files without a barometric altimeter by the terrain height at each position.
    #[arg(long, value_name = "DIR", env = "DOWNHILL_DEM")]
    dem: Option<PathBuf>,
    /// Shortest descent reported, metres (default 60: keeps 80-100 m reps).
    #[arg(long, value_name = "M")]
    min_descent_m: Option<f64>,
    /// Smallest net drop of a descent, metres (default 4).
    #[arg(long, value_name = "M")]
    min_drop_m: Option<f64>,
    /// Smallest net grade of a descent, percent (default 4).
    #[arg(long, value_name = "PCT")]
    min_grade_pct: Option<f64>,
    /// A coach's workout plan (TOML) to judge the reps against; without it the closest
    /// built-in workout is used. `downhill plans --toml short` prints a template.
    #[arg(long, value_name = "FILE", env = "DOWNHILL_PLAN")]
    plan: Option<PathBuf>,
    /// Show times in this time zone: an IANA name (`Europe/Paris`, `America/Denver`), `UTC`,
    /// or a whole-hour offset (`+02:00`). Default: the recording's own offset when the file
    /// has one (a FIT's local time), else the system's zone (`TZ`). JSON stays UTC and gives
    /// the offset (`utc_offset_s`).
    #[arg(long, value_name = "ZONE", env = "DOWNHILL_TZ")]
    tz: Option<String>,
}

/// What [`MeasureArgs`] decide: how files are read, the terrain model, and the settings of
/// the one pipeline ([`downhill::analysis::analysis`]).
pub struct Measure {
    pub read: downhill::io::ReadOptions,
    pub dem: Option<downhill::dem::SharedDem>,
    pub settings: downhill::analysis::Settings,
}

/// The name of standard input in reports and messages, when a file is given as `-`.
pub const STDIN_NAME: &str = "<stdin>";

/// How `path` is named in reports and messages: `-` is [`STDIN_NAME`].
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// All of standard input, at most the file cap; its format is found from the content like
/// a file's.
fn read_stdin(opts: &downhill::io::ReadOptions) -> Result<Vec<downhill::track::Track>, String> {
    use std::io::IsTerminal;
    let name = Path::new(STDIN_NAME);
    if std::io::stdin().is_terminal() {
        // Nothing is piped in: waiting for a FIT file to be typed helps nobody.
        return Err(format!(
            "{STDIN_NAME}: standard input is a terminal; pipe a file in (`downhill analyze - < run.fit`)"
        ));
    }
    let cap = opts.max_file_bytes;
    let bytes = downhill::io::file::read_to_cap(std::io::stdin().lock(), cap, 0)
        .map_err(|e| format!("{STDIN_NAME}: {e}"))?
        .ok_or_else(|| {
            downhill::error::Error::TooLarge {
                path: name.to_path_buf(),
                limit_bytes: cap,
                detail: "standard input holds more".into(),
            }
            .to_string()
        })?;
    downhill::io::read_sessions_bytes(&bytes, name, opts).map_err(|e| e.to_string())
}

impl Measure {
    /// Read `path` (`-`: standard input) and apply the terrain model: the sessions every
    /// command analyzes (one per activity of a file of several).
    pub fn load(&self, path: &Path) -> Result<Vec<downhill::track::Track>, String> {
        let mut tracks = if path == Path::new("-") {
            read_stdin(&self.read)?
        } else {
            downhill::io::read_sessions(path, &self.read).map_err(|e| e.to_string())?
        };
        if let Some(dem) = &self.dem {
            for track in tracks.iter_mut() {
                dem.apply(track)
                    .map_err(|e| format!("{}: {e}", display_name(path)))?;
            }
        }
        Ok(tracks)
    }
}

/// How a session is named in reports: the file, and which activity of several it is.
pub fn session_name(path: &Path, track: &downhill::track::Track) -> String {
    track.meta.session_label(&display_name(path))
}

impl MeasureArgs {
    /// The settings, or exit code 2 with the reason on stderr.
    pub fn measure(&self) -> Result<Measure, Exit> {
        use downhill::track::AltitudeSource;
        // A refused value is named by where it was written: the flag, the variable or the
        // configuration file's key.
        let usage = |(id, flag): (&str, &'static str), e: &dyn std::fmt::Display| {
            eprintln!("downhill: error: {}: {e}", config::named(id, flag));
            Exit::Usage
        };
        let bands = downhill::descent::Bands::new(self.bands.clone())
            .map_err(|e| usage(("bands", "--bands"), &e))?;
        let plan = self
            .plan
            .as_deref()
            .map(downhill::plan::read_plan)
            .transpose()
            .map_err(|e| usage(("plan", "--plan"), &e))?;
        let zone = match self.tz.as_deref() {
            Some(name) => downhill::localtime::ZoneChoice::Forced(
                downhill::localtime::parse_zone(name).ok_or_else(|| {
                    usage(
                        ("tz", "--tz"),
                        &format_args!(
                            "unknown time zone '{name}': give an IANA name (Europe/Paris), \
                             UTC, or a whole-hour offset (+02:00)"
                        ),
                    )
                })?,
            ),
            None => downhill::localtime::ZoneChoice::FileElse(system_zone()),
        };
        let mut settings = downhill::analysis::Settings {
            bands,
            plan,
            zone,
            ..Default::default()
        };
        let d = &mut settings.descent;
        for (value, field, name) in [
            (
                self.min_descent_m,
                &mut d.min_length_m,
                ("min_descent_m", "--min-descent-m"),
            ),
            (
                self.min_drop_m,
                &mut d.min_drop_m,
                ("min_drop_m", "--min-drop-m"),
            ),
            (
                self.min_grade_pct,
                &mut d.min_grade_pct,
                ("min_grade_pct", "--min-grade-pct"),
            ),
        ] {
            if let Some(v) = value {
                if !v.is_finite() || v < 0.0 {
                    return Err(usage(name, &"give a number of 0 or more"));
                }
                *field = v;
            }
        }
        let dem = self
            .dem
            .as_deref()
            .map(downhill::dem::SharedDem::open)
            .transpose()
            .map_err(|e| usage(("dem", "--dem"), &e))?;
        let read = downhill::io::ReadOptions {
            altitude_source: match self.altitude {
                AltitudeArg::Auto => None,
                AltitudeArg::Baro => Some(AltitudeSource::Barometric),
                AltitudeArg::Gps => Some(AltitudeSource::Gps),
            },
            sport: self.sport.clone(),
            ..downhill::io::ReadOptions::default()
        };
        Ok(Measure {
            read,
            dem,
            settings,
        })
    }
}

/// The system's time zone: `TZ` when it names one, else the zone the system is set to
/// (`/etc/localtime`), else UTC.
fn system_zone() -> chrono_tz::Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| downhill::localtime::parse_zone(&tz))
        .or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| downhill::localtime::parse_zone(&n))
        })
        .unwrap_or(chrono_tz::UTC)
}

/// Exit code 2 (a bad argument, before anything is written) when `output` is one of
/// `inputs` or an input of `measure` (`--plan`): input files are never modified.
pub fn refuse_overwrite<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
    measure: &'a MeasureArgs,
) -> Result<(), Exit> {
    let inputs = inputs.into_iter().chain(measure.plan.as_deref());
    downhill::io::file::refuse_input_as_output(output, inputs).map_err(|e| {
        eprintln!("downhill: error: {e}");
        Exit::Usage
    })
}

/// The command line's definition: what parses the arguments, prints `--help`, and is turned
/// into completion scripts and manual pages, so that all of them say the same.
pub fn command() -> clap::Command {
    Cli::command().after_help(Exit::help())
}

/// Parse the command line and run it.
pub fn run() -> Exit {
    // The configuration file sets the arguments' defaults, so it is read before parsing.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let source = config::source(&args);
    let file = match config::load(&source) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("downhill: error: {e}");
            return Exit::Usage;
        }
    };
    let cmd = match &file {
        Some(c) => config::apply(command(), c),
        None => command(),
    };
    let matches = cmd.get_matches_from(args);
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    config::note_origins(&matches, &source, file.as_ref());
    // DOWNHILL_SPEED sits between the flags and the file: read here rather than by clap,
    // whose environment value would conflict with a `--pace` on the command line.
    let typed = |id: &str| {
        matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
            || matches.subcommand().is_some_and(|(_, m)| {
                m.value_source(id) == Some(clap::parser::ValueSource::CommandLine)
            })
    };
    if !typed("pace")
        && !typed("speed")
        && let Some(v) = std::env::var_os("DOWNHILL_SPEED").filter(|v| !v.is_empty())
    {
        match v.to_str().and_then(parse_boolish) {
            Some(b) => cli.units.speed = b,
            None => {
                eprintln!(
                    "downhill: error: DOWNHILL_SPEED={}: give true or false (1/0, yes/no, \
                     on/off)",
                    v.to_string_lossy()
                );
                return Exit::Usage;
            }
        }
    }
    msg::set_quiet(cli.quiet);
    let units = cli.units.units();
    match cli.command {
        Command::Analyze(args) => analyze::run(args, cli.color.for_stdout(), units),
        Command::Chart(args) => chart::run(args, units),
        Command::Season(args) => season::run(args, units),
        Command::Plans(args) => plans::run(args, units),
        Command::Completions(args) => docs::completions(args),
        Command::Man(args) => docs::man(args),
        Command::Config(args) => config::run(args, &source, file.as_ref()),
    }
}

/// `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off` (any case), as environment switches read.
fn parse_boolish(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" | "y" => Some(true),
        "false" | "0" | "no" | "off" | "n" => Some(false),
        _ => None,
    }
}

/// Why writing an output stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// The reader went away (`| head`): end quietly.
    Closed,
    /// Any other failure, already reported on stderr: [`Exit::Write`].
    Failed,
}

/// Write and flush `bytes` to `out` (standard output); a failure other than a closed pipe
/// is reported on stderr.
pub fn write_out(out: &mut impl std::io::Write, bytes: &[u8]) -> Result<(), Stopped> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Stopped::Closed),
        Err(e) => {
            eprintln!("downhill: cannot write output: {e}");
            Err(Stopped::Failed)
        }
    }
}

/// Write `bytes` to standard output: a closed pipe ends quietly with success, another
/// failure is [`Exit::Write`].
pub fn write_stdout(bytes: &[u8]) -> Exit {
    match write_out(&mut std::io::stdout().lock(), bytes) {
        Ok(()) | Err(Stopped::Closed) => Exit::Success,
        Err(Stopped::Failed) => Exit::Write,
    }
}
