//! `downhill plans`: the built-in prescriptions, as a table or as TOML plan files to start from.

use super::Exit;

use downhill::plan::to_toml;
use downhill::workout::{Prescription, WorkoutKind, builtins};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanKind {
    /// Short downhill reps.
    Short,
    /// Long downhill reps.
    Long,
    /// Downhill intervals.
    Intervals,
}

impl PlanKind {
    fn kind(self) -> WorkoutKind {
        match self {
            PlanKind::Short => WorkoutKind::Short,
            PlanKind::Long => WorkoutKind::Long,
            PlanKind::Intervals => WorkoutKind::Intervals,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct PlansArgs {
    /// Only this workout. Default: all three.
    #[arg(value_enum, value_name = "WORKOUT")]
    workout: Option<PlanKind>,
    /// Print the workout as a TOML plan file to edit and pass to `--plan`. A plan file holds
    /// one plan, so name the workout: `downhill plans --toml short > my-plan.toml`.
    #[arg(long, requires = "workout")]
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

/// The plan in words; its lengths in `u` (the TOML of `--toml` stays in metres).
fn describe(p: &Prescription, u: downhill::report::units::Units) -> String {
    let mut o = format!("{} ({})\n", p.name, p.kind.name());
    let reps = match p.reps_max {
        Some(m) => format!("{}-{m}", p.reps_min),
        None => format!("{} and more", p.reps_min),
    };
    let mut line = |k: &str, v: String| o.push_str(&format!("  {k:<13} {v}\n"));
    line("reps", reps);
    // Whole feet, or metres as the plan gives them.
    let len = |m: Option<f64>| match u.system {
        downhill::report::units::System::Metric => m,
        downhill::report::units::System::Imperial => m.map(|m| u.length_value(m).round()),
    };
    line(
        "length",
        range(
            len(p.length_min_m),
            len(p.length_max_m),
            &format!(" {}", u.length_unit()),
        ),
    );
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

pub fn run(args: PlansArgs, units: downhill::report::units::Units) -> Exit {
    let wanted = args.workout.map(PlanKind::kind);
    let text: Vec<String> = builtins()
        .iter()
        .filter(|p| wanted.is_none_or(|k| p.kind == k))
        .map(|p| {
            if args.toml {
                format!(
                    "# A downhill workout plan: edit it, then `downhill analyze --plan FILE`.\n{}",
                    to_toml(p)
                )
            } else {
                describe(p, units)
            }
        })
        .collect();
    super::write_stdout(text.join("\n").as_bytes())
}
