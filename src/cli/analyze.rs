//! `downhill analyze`: one report per file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use downhill::analysis::{Settings, analyze};
use downhill::io::read_activity;
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

pub fn run(args: AnalyzeArgs) -> ExitCode {
    let bands = match args.measure.bands() {
        Ok(b) => b,
        Err(code) => return code,
    };
    let plan = match super::read_plan_arg(args.plan.as_deref()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut settings = Settings {
        bands,
        plan,
        ..Settings::default()
    };
    let d = &mut settings.descent;
    for (value, field, name) in [
        (args.min_descent_m, &mut d.min_length_m, "--min-descent-m"),
        (args.min_drop_m, &mut d.min_drop_m, "--min-drop-m"),
        (args.min_grade_pct, &mut d.min_grade_pct, "--min-grade-pct"),
    ] {
        if let Some(v) = value {
            if !v.is_finite() || v < 0.0 {
                eprintln!("downhill: {name}: give a number of 0 or more");
                return ExitCode::from(2);
            }
            *field = v;
        }
    }
    let read_opts = args.measure.read_options();
    let mut dem = match args
        .dem
        .as_deref()
        .map(downhill::dem::Dem::open)
        .transpose()
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("downhill: --dem: {e}");
            return ExitCode::from(2);
        }
    };
    let mut failed = 0usize;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (i, path) in args.files.iter().enumerate() {
        let mut track = match read_activity(path, &read_opts) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("downhill: error: {e}");
                failed += 1;
                continue;
            }
        };
        if let Some(dem) = dem.as_mut()
            && let Err(e) = downhill::dem::apply_dem(&mut track, dem)
        {
            eprintln!("downhill: error: {}: {e}", path.display());
            failed += 1;
            continue;
        }
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
