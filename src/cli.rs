//! Command-line arguments (clap derive) and the commands behind them. Binary-only: the
//! library does not depend on clap.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use downhill::analysis::{Settings, analyze};
use downhill::descent::Bands;
use downhill::io::{ReadOptions, read_activity};
use downhill::report::{json, table};
use downhill::track::AltitudeSource;

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
downhill analyze phone.gpx --altitude gps --bands 6,8,10,12,15,18,20"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyze activity files: summary, descents, reps and workout verdict per file.
    Analyze(AnalyzeArgs),
}

#[derive(clap::Args, Debug)]
struct AnalyzeArgs {
    /// Activity files: .fit, .gpx, .tcx, optionally gzipped (.fit.gz ...). The format is
    /// recognized by content, not by name.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format: a table for people, or JSON (one object per file, JSON Lines when
    /// several files).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
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

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum OutputFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum AltitudeArg {
    /// Trust what the file says (device and format).
    Auto,
    /// Barometric altimeter.
    Baro,
    /// GPS altitude.
    Gps,
}

/// Parse the command line and run it.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze(args) => run_analyze(args),
    }
}

fn run_analyze(args: AnalyzeArgs) -> ExitCode {
    let bands = match Bands::new(args.bands.clone()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("downhill: --bands: {e}");
            return ExitCode::from(2);
        }
    };
    let settings = Settings {
        bands,
        ..Settings::default()
    };
    let read_opts = ReadOptions {
        altitude_source: match args.altitude {
            AltitudeArg::Auto => None,
            AltitudeArg::Baro => Some(AltitudeSource::Barometric),
            AltitudeArg::Gps => Some(AltitudeSource::Gps),
        },
        ..ReadOptions::default()
    };
    let mut failed = 0usize;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (i, path) in args.files.iter().enumerate() {
        let track = match read_activity(path, &read_opts) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("downhill: error: {e}");
                failed += 1;
                continue;
            }
        };
        for w in &track.warnings {
            eprintln!("downhill: warning: {}: {w}", path.display());
        }
        let report = analyze(&track, &path.display().to_string(), &settings);
        let text = match args.format {
            OutputFormat::Table => {
                let sep = if i + 1 < args.files.len() { "\n" } else { "" };
                format!("{}{sep}", table::render(&report))
            }
            OutputFormat::Json => format!("{}\n", json::render(&report)),
        };
        if let Err(e) = out.write_all(text.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("downhill: cannot write output: {e}");
            return ExitCode::from(3);
        }
    }
    if failed > 0 {
        if args.files.len() > 1 {
            eprintln!(
                "downhill: {failed} of {} files could not be read",
                args.files.len()
            );
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
