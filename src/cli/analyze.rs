//! `downhill analyze`: one report per file.

use super::{Exit, Stopped, msg};
use std::path::PathBuf;

use downhill::analysis::analyze;
use downhill::report::{json, table};

use super::OutputFormat;

#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    /// Activity files: .fit, .gpx, .tcx, optionally gzipped (.fit.gz ...). The format is
    /// recognized by content, not by name. `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format: a table for people, or JSON (one object per file, JSON Lines when
    /// several files).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    #[command(flatten)]
    measure: super::MeasureArgs,
}

pub fn run(args: AnalyzeArgs, color: bool) -> Exit {
    let measure = match args.measure.measure() {
        Ok(m) => m,
        Err(code) => return code,
    };
    let mut failed = 0usize;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (i, path) in args.files.iter().enumerate() {
        let tracks = match measure.load(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("downhill: error: {e}");
                failed += 1;
                continue;
            }
        };
        // The file's warnings once (every session of it carries them).
        for w in tracks.first().map_or(&[][..], |t| &t.warnings[..]) {
            msg::warning(format_args!("{}: {w}", super::display_name(path)));
        }
        for (k, track) in tracks.iter().enumerate() {
            let name = super::session_name(path, track);
            let report = analyze(track, &name, &measure.settings);
            let last = i + 1 == args.files.len() && k + 1 == tracks.len();
            let text = match args.format {
                OutputFormat::Table => {
                    let sep = if last { "" } else { "\n" };
                    let style = table::Style { color };
                    format!("{}{sep}", table::render_with(&report, &style))
                }
                OutputFormat::Json => format!("{}\n", json::render(&report)),
            };
            match super::write_out(&mut out, text.as_bytes()) {
                Ok(()) => {}
                Err(Stopped::Closed) => return Exit::Success,
                Err(Stopped::Failed) => return Exit::Write,
            }
        }
    }
    if failed > 0 {
        if args.files.len() > 1 {
            msg::note(format_args!(
                "{failed} of {} files could not be read",
                args.files.len()
            ));
        }
        Exit::Input
    } else {
        Exit::Success
    }
}
