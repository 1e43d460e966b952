//! `downhill plans`: the built-in prescriptions, as a table or as TOML plan files to start from.

use std::io::Write;
use std::process::ExitCode;

use downhill::plan::to_toml;
use downhill::workout::{Prescription, builtins};

#[derive(clap::Args, Debug)]
pub struct PlansArgs {
    /// Print them as TOML plan files (edit one and pass it to `analyze --plan`).
    #[arg(long)]
    toml: bool,
}

fn range(a: Option<f64>, b: Option<f64>, unit: &str) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{a}-{b}{unit}"),
        (Some(a), None) => format!("{a}{unit} and more"),
        (None, Some(b)) => format!("up to {b}{unit}"),
        (None, None) => "-".into(),
    }
}

fn describe(p: &Prescription) -> String {
    let mut o = format!("{} ({})\n", p.name, p.kind.name());
    let reps = match p.reps_max {
        Some(m) => format!("{}-{m}", p.reps_min),
        None => format!("{} and more", p.reps_min),
    };
    let mut line = |k: &str, v: String| o.push_str(&format!("  {k:<13} {v}\n"));
    line("reps", reps);
    line("length", range(p.length_min_m, p.length_max_m, " m"));
    line("slope", range(p.grade_min_pct, p.grade_max_pct, " %"));
    if let Some(k) = p.speed_vs_easy_min {
        line(
            "speed",
            format!(">= {k} x your easy speed in the same file"),
        );
    }
    if let Some(k) = p.fast_vs_slow_min {
        line("fast vs slow", format!(">= {k} x the slow phases"));
    }
    if p.phase_min_s.is_some() || p.phase_max_s.is_some() {
        line("fast phases", range(p.phase_min_s, p.phase_max_s, " s"));
    }
    if let Some(v) = p.max_cv_pct {
        line("consistency", format!("rep speeds vary by <= {v} %"));
    }
    if let Some(v) = p.max_fade_pct {
        line("fade", format!("last third <= {v} % slower than the first"));
    }
    if !p.recovery.is_empty() {
        let r: Vec<&str> = p.recovery.iter().map(|k| k.name()).collect();
        line(
            "recovery",
            format!(
                "{}{}",
                r.join(" or "),
                if p.return_to_start {
                    " back up to the start"
                } else {
                    ""
                }
            ),
        );
    }
    if p.progression {
        line("progression", "start slowly then increase".into());
    }
    line("execution", p.execution.clone());
    o
}

pub fn run(args: PlansArgs) -> ExitCode {
    let text: Vec<String> = builtins()
        .iter()
        .map(|p| if args.toml { to_toml(p) } else { describe(p) })
        .collect();
    let out = text.join("\n");
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("downhill: cannot write output: {e}");
            ExitCode::from(super::EXIT_WRITE_FAILED)
        }
    }
}
