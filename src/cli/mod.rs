//! Command-line arguments (clap derive) and the commands behind them. Binary-only: the
//! library does not depend on clap.

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
downhill chart run.fit --kind slope-speed -o run.png"
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
    /// Trust what the file says (device and format).
    Auto,
    /// Barometric altimeter.
    Baro,
    /// GPS altitude.
    Gps,
}

/// How altitudes and slopes are read: the options `analyze`, `season` and `chart` share.
#[derive(clap::Args, Debug, Clone)]
pub struct MeasureArgs {
    /// Where the altitudes came from, when the file does not say or says it wrong:
    /// barometric altitude is trusted for short descents, GPS altitude is smoothed harder
    /// and its grades are marked low-confidence.
    #[arg(long, value_enum, default_value_t = AltitudeArg::Auto)]
    altitude: AltitudeArg,
    /// Slope band edges in percent, ascending. The default gives the bands gentle, 8-10,
    /// 10-12, 12-18, 18+.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "8,10,12,18",
        value_name = "PCT,..."
    )]
    bands: Vec<f64>,
}

impl MeasureArgs {
    /// The validated bands, or exit code 2 with the reason on stderr.
    pub fn bands(&self) -> Result<downhill::descent::Bands, ExitCode> {
        downhill::descent::Bands::new(self.bands.clone()).map_err(|e| {
            eprintln!("downhill: --bands: {e}");
            ExitCode::from(2)
        })
    }

    /// Read options with the `--altitude` override.
    pub fn read_options(&self) -> downhill::io::ReadOptions {
        use downhill::track::AltitudeSource;
        downhill::io::ReadOptions {
            altitude_source: match self.altitude {
                AltitudeArg::Auto => None,
                AltitudeArg::Baro => Some(AltitudeSource::Barometric),
                AltitudeArg::Gps => Some(AltitudeSource::Gps),
            },
            ..downhill::io::ReadOptions::default()
        }
    }
}

/// The `--plan FILE` of `analyze` and `season`: the coach's plan, or exit code 2 with the
/// reason on stderr.
fn read_plan_arg(
    path: Option<&std::path::Path>,
) -> Result<Option<downhill::workout::Prescription>, ExitCode> {
    path.map(downhill::plan::read_plan)
        .transpose()
        .map_err(|e| {
            eprintln!("downhill: --plan: {e}");
            ExitCode::from(2)
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
