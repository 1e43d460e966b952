//! Command-line arguments (clap derive) and the commands behind them. Binary-only: the
//! library does not depend on clap.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod analyze;
mod chart;
mod plans;
mod season;

use analyze::AnalyzeArgs;
use chart::ChartArgs;
use plans::PlansArgs;
use season::SeasonArgs;

/// Exit code when an input file could not be read or analyzed (the others still were).
pub const EXIT_INPUT_FAILED: u8 = 1;
/// Exit code for bad arguments, before anything is written.
pub const EXIT_USAGE: u8 = 2;
/// Exit code when an output (a file, a folder, stdout) could not be written, for every
/// command, so that a script can tell a full disk from a bad recording.
pub const EXIT_WRITE_FAILED: u8 = 3;

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
Examples:\n  downhill analyze run.fit\n  downhill analyze *.gpx --format json > reports.jsonl\n  \
downhill analyze phone.gpx --altitude gps --bands 6,8,10,12,15,18,20\n  \
downhill plans\n  downhill season export_12345.zip --since 2025-11-01 --charts charts/\n  \
downhill chart run.fit --kind slope-speed -o run.png\n\n\
Exit codes (every command):\n  0  success\n  1  an input file could not be read or analyzed \
(the others still were)\n  2  bad arguments (nothing written)\n  3  an output could not be \
written (a file, a folder, stdout)"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
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
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AltitudeArg {
    /// Judge from the samples (where the track revisits its own ground), with the device
    /// the file names as the prior.
    Auto,
    /// Barometric altimeter.
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
        value_name = "PCT,..."
    )]
    bands: Vec<f64>,
    /// Directory of SRTM .hgt terrain tiles (N46E007.hgt, 1" or 3"): replaces the altitude
    /// of files without a barometric altimeter by the terrain height at each position.
    #[arg(long, value_name = "DIR")]
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
    /// built-in workout is used. `downhill plans --toml` prints templates.
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
}

/// What [`MeasureArgs`] decide: how files are read, the terrain model, and the settings of
/// the one pipeline ([`downhill::analysis::analysis`]).
pub struct Measure {
    pub read: downhill::io::ReadOptions,
    pub dem: Option<downhill::dem::SharedDem>,
    pub settings: downhill::analysis::Settings,
}

impl Measure {
    /// Read `path` and apply the terrain model: the track every command analyzes. Warnings
    /// of the reader go to stderr, naming the file.
    pub fn load(&self, path: &Path) -> Result<downhill::track::Track, String> {
        let mut track = downhill::io::read_activity(path, &self.read).map_err(|e| e.to_string())?;
        if let Some(dem) = &self.dem {
            dem.apply(&mut track)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(track)
    }
}

impl MeasureArgs {
    /// The settings, or exit code 2 with the reason on stderr.
    pub fn measure(&self) -> Result<Measure, ExitCode> {
        use downhill::track::AltitudeSource;
        let usage = |what: &str, e: &dyn std::fmt::Display| {
            eprintln!("downhill: {what}: {e}");
            ExitCode::from(EXIT_USAGE)
        };
        let bands =
            downhill::descent::Bands::new(self.bands.clone()).map_err(|e| usage("--bands", &e))?;
        let plan = self
            .plan
            .as_deref()
            .map(downhill::plan::read_plan)
            .transpose()
            .map_err(|e| usage("--plan", &e))?;
        let mut settings = downhill::analysis::Settings {
            bands,
            plan,
            ..Default::default()
        };
        let d = &mut settings.descent;
        for (value, field, name) in [
            (self.min_descent_m, &mut d.min_length_m, "--min-descent-m"),
            (self.min_drop_m, &mut d.min_drop_m, "--min-drop-m"),
            (self.min_grade_pct, &mut d.min_grade_pct, "--min-grade-pct"),
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
            .map_err(|e| usage("--dem", &e))?;
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

/// Exit code 2 (a bad argument, before anything is written) when `output` is one of
/// `inputs` or an input of `measure` (`--plan`): input files are never modified.
pub fn refuse_overwrite<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
    measure: &'a MeasureArgs,
) -> Result<(), ExitCode> {
    let inputs = inputs.into_iter().chain(measure.plan.as_deref());
    downhill::io::file::refuse_input_as_output(output, inputs).map_err(|e| {
        eprintln!("downhill: error: {e}");
        ExitCode::from(EXIT_USAGE)
    })
}

/// Parse the command line and run it.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Chart(args) => chart::run(args),
        Command::Season(args) => season::run(args),
        Command::Plans(args) => plans::run(args),
    }
}
