//! `downhill analyze`: one report per file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use downhill::analysis::analyze;
use downhill::report::{json, table};

use super::OutputFormat;

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
    #[command(flatten)]
    measure: super::MeasureArgs,
}

pub fn run(args: AnalyzeArgs) -> ExitCode {
    let measure = match args.measure.measure() {
        Ok(m) => m,
        Err(code) => return code,
    };
    let mut failed = 0usize;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (i, path) in args.files.iter().enumerate() {
        let track = match measure.load(path) {
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
        let report = analyze(&track, &path.display().to_string(), &measure.settings);
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
            return ExitCode::from(super::EXIT_WRITE_FAILED);
        }
    }
    if failed > 0 {
        if args.files.len() > 1 {
            eprintln!(
                "downhill: {failed} of {} files could not be read",
                args.files.len()
            );
        }
        ExitCode::from(super::EXIT_INPUT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
