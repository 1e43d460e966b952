//! `downhill analyze`: one report per file.

use super::{Exit, Stopped, msg};
use std::path::PathBuf;

use downhill::analysis::analysis;
use downhill::report::{CsvRenderer, JsonRenderer, Renderer, TableRenderer, html, table};

use super::OutputFormat;

#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    /// Activity files: .fit, .gpx, .tcx, optionally gzipped (.fit.gz ...). The format is
    /// recognized by content, not by name. `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format: a table for people (in --units, pace or --speed); JSON (one object per
    /// file, JSON Lines when several files); or CSV (one row per rep with its uncertainty,
    /// one header for all files). JSON and CSV are SI (m, s, m/s) whatever --units says.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// Also write the session as one self-contained HTML page (inline CSS and SVG, no
    /// network): verdict, profile, map, reps, slope and pace, notes. One input file only; a
    /// file of several sessions (multisport legs) writes OUT.html, OUT-2.html, ...
    #[arg(long, value_name = "OUT.html")]
    html: Option<PathBuf>,
    #[command(flatten)]
    measure: super::MeasureArgs,
}

pub fn run(args: AnalyzeArgs, color: bool, units: downhill::report::units::Units) -> Exit {
    let measure = match args.measure.measure() {
        Ok(m) => m,
        Err(code) => return code,
    };
    if let Some(page) = &args.html {
        // One page is one session: several files would overwrite each other.
        if args.files.len() != 1 {
            eprintln!(
                "downhill: error: {}: --html writes the page of one file, {} files given; run \
                 analyze once per file",
                page.display(),
                args.files.len()
            );
            return Exit::Usage;
        }
        let inputs = args.files.iter().map(PathBuf::as_path);
        if let Err(code) = super::refuse_overwrite(page, inputs, &args.measure) {
            return code;
        }
    }
    let renderer: Box<dyn Renderer> = match args.format {
        OutputFormat::Table => Box::new(TableRenderer(table::Style { color, units })),
        OutputFormat::Json => Box::new(JsonRenderer),
        OutputFormat::Csv => Box::new(CsvRenderer),
    };
    let mut first = true;
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
            let analysed = analysis(track, &name, &measure.settings);
            if let Some(page) = &args.html {
                // A file of several activities: one page each, the later ones numbered.
                let page = if k == 0 {
                    page.clone()
                } else {
                    numbered_page(page, k + 1)
                };
                let text = html::render(&analysed, &measure.settings.bands, units);
                if let Err(e) = downhill::season::out::write_atomic(&page, text.as_bytes()) {
                    eprintln!(
                        "downhill: error: {}: cannot write the page: {e}",
                        page.display()
                    );
                    return Exit::Write;
                }
                msg::note(format_args!("wrote {}", page.display()));
            }
            let report = analysed.report;
            let last = i + 1 == args.files.len() && k + 1 == tracks.len();
            let mut text = if first {
                renderer.header()
            } else {
                String::new()
            };
            first = false;
            text += &renderer.render(&report);
            if !last {
                text += renderer.separator();
            }
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

/// `run.html` -> `run-2.html`: the page of the second activity of a file of several.
fn numbered_page(page: &std::path::Path, k: usize) -> PathBuf {
    let stem = page.file_stem().map(|s| s.to_string_lossy().into_owned());
    let ext = page.extension().map(|e| e.to_string_lossy().into_owned());
    let name = match (stem, ext) {
        (Some(s), Some(e)) => format!("{s}-{k}.{e}"),
        (Some(s), None) => format!("{s}-{k}"),
        _ => format!("page-{k}.html"),
    };
    page.with_file_name(name)
}
