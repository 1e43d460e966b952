//! `downhill analyze`: one report per file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use downhill::analysis::{Settings, analyze};
use downhill::descent::Bands;
use downhill::io::{ReadOptions, read_activity};
use downhill::report::{json, table};
use downhill::track::AltitudeSource;

use super::{AltitudeArg, OutputFormat};

#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
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
    /// A coach's workout plan (TOML) to judge the reps against; without it the closest
    /// built-in workout is used. `downhill plans --toml` prints templates.
    #[arg(long, value_name = "FILE")]
    plan: Option<PathBuf>,
}

pub fn run(args: AnalyzeArgs) -> ExitCode {
    let bands = match Bands::new(args.bands.clone()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("downhill: --bands: {e}");
            return ExitCode::from(2);
        }
    };
    let plan = match &args.plan {
        Some(p) => match downhill::plan::read_plan(p) {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("downhill: --plan: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let settings = Settings {
        bands,
        plan,
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
