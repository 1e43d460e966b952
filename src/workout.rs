//! Prescribed workouts and the comparison of a session against them.
//!
//! The built-in prescriptions are the article's (`seed/`, DOMAIN.md): short downhill reps
//! (8-20 x 80-100 m at 8-10 %, fast, walk back up), long downhill reps (2-6 x 1000-2000 m
//! "and more" at 10-12 % rising to 18-20 % and beyond, slow uphill run back) and downhill
//! intervals (1' fast / 1' slow inside one continuous descent at long-rep slopes). Coaches
//! write their own in TOML ([`crate::plan`]). Every check states what was expected, what was
//! found, and the tolerance applied; values outside the prescription but inside the tolerance
//! pass as *near misses* and say so.

use serde::Serialize;

mod checks;

use crate::reps::{RecoveryKind, Rep, RepAnalysis, RepSource};

/// The kind of downhill workout a session is judged as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum WorkoutKind {
    /// Short downhill reps: 8-20 x 80-100 m at 8-10 %, fast, walk back up.
    Short,
    /// Long downhill reps: 2-6 x 1000 m and more at 10 % and steeper, jog back up.
    Long,
    /// Downhill intervals: fast / slow phases inside one long descent.
    Intervals,
    /// No workout judged (no rep set, or a file off foot).
    #[default]
    None,
}

impl WorkoutKind {
    /// The lower-case name used in reports and plans: `short`, `long`, `intervals`, `none`.
    pub fn name(self) -> &'static str {
        match self {
            WorkoutKind::Short => "short",
            WorkoutKind::Long => "long",
            WorkoutKind::Intervals => "intervals",
            WorkoutKind::None => "none",
        }
    }
    /// The kind named `short`, `long` or `intervals`; `None` for any other text (`none`
    /// included).
    pub fn parse(s: &str) -> Option<WorkoutKind> {
        match s {
            "short" => Some(WorkoutKind::Short),
            "long" => Some(WorkoutKind::Long),
            "intervals" => Some(WorkoutKind::Intervals),
            _ => None,
        }
    }
}

/// Tolerance on rep lengths: GPS distances on trails come out 1-3 % short (DOMAIN.md), so a
/// rep within 5 % of the range passes as a near miss.
pub const LENGTH_TOLERANCE_FRAC: f64 = 0.05;
/// Tolerance on the grade, in percentage points, for barometric altitude; GPS-altitude hills
/// get twice their pooled standard error when that is larger.
pub const GRADE_TOLERANCE_PCT: f64 = 0.5;
/// Tolerance on speed ratios (speed vs easy pace, fast vs slow).
pub const SPEED_TOLERANCE_FRAC: f64 = 0.03;
/// Tolerance on interval phase durations.
pub const PHASE_TOLERANCE_S: f64 = 10.0;

/// What a workout prescribes. `None` means "not prescribed".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prescription {
    /// The workout's name in reports ("short downhill reps", or the plan's own).
    pub name: String,
    /// Which kind of workout it is.
    pub kind: WorkoutKind,
    /// The fewest reps the set must have.
    pub reps_min: usize,
    /// The most reps the set may have; `None`: no upper limit.
    pub reps_max: Option<usize>,
    /// Shortest rep length, horizontal, m.
    pub length_min_m: Option<f64>,
    /// Longest rep length, horizontal, m.
    pub length_max_m: Option<f64>,
    /// Gentlest downhill grade of the hill, positive, percent.
    pub grade_min_pct: Option<f64>,
    /// Steepest downhill grade of the hill, positive, percent.
    pub grade_max_pct: Option<f64>,
    /// Reps at least this many times the runner's easy speed in the same file.
    pub speed_vs_easy_min: Option<f64>,
    /// Intervals: fast phases at least this many times the slow ones.
    pub fast_vs_slow_min: Option<f64>,
    /// Intervals: duration of the fast phases.
    pub phase_min_s: Option<f64>,
    /// Intervals: longest duration of the fast phases.
    pub phase_max_s: Option<f64>,
    /// Rep speeds: largest coefficient of variation, percent.
    pub max_cv_pct: Option<f64>,
    /// Last third of the reps at most this much slower than the first third, percent.
    pub max_fade_pct: Option<f64>,
    /// Allowed recoveries (empty: not prescribed).
    pub recovery: Vec<RecoveryKind>,
    /// The recovery returns to the start of the rep.
    pub return_to_start: bool,
    /// "Start slowly and then increase": last third at least 2 % faster than the first.
    pub progression: bool,
    /// How the per-rep length range is judged over the set.
    pub length_rule: SetRule,
    /// How to run it, in words (shown, not checked).
    pub execution: String,
}

/// The three built-in prescriptions of the article.
pub fn builtins() -> Vec<Prescription> {
    vec![
        Prescription {
            name: "short downhill reps".into(),
            kind: WorkoutKind::Short,
            reps_min: 8,
            reps_max: Some(20),
            length_min_m: Some(80.0),
            length_max_m: Some(100.0),
            grade_min_pct: Some(8.0),
            grade_max_pct: Some(10.0),
            speed_vs_easy_min: Some(1.1),
            fast_vs_slow_min: None,
            phase_min_s: None,
            phase_max_s: None,
            max_cv_pct: Some(10.0),
            max_fade_pct: Some(8.0),
            recovery: vec![RecoveryKind::Walk, RecoveryKind::Jog],
            return_to_start: true,
            progression: false,
            length_rule: SetRule::Every,
            execution: "high speed on non-technical ground (asphalt first); walk back up to the \
                        start (variant: slow uphill jog)"
                .into(),
        },
        Prescription {
            name: "long downhill reps".into(),
            kind: WorkoutKind::Long,
            reps_min: 2,
            reps_max: Some(6),
            length_min_m: Some(1000.0),
            length_max_m: None,
            grade_min_pct: Some(10.0),
            grade_max_pct: None,
            speed_vs_easy_min: None,
            fast_vs_slow_min: None,
            phase_min_s: None,
            phase_max_s: None,
            max_cv_pct: None,
            max_fade_pct: Some(10.0),
            recovery: vec![RecoveryKind::Jog],
            return_to_start: true,
            progression: false,
            length_rule: SetRule::Every,
            execution: "technical descent of 1000-2000 m and more, varied technique, optionally \
                        with poles; start at 10-12 % and progress to 18-20 % and beyond; slow \
                        uphill run back to the start"
                .into(),
        },
        Prescription {
            name: "downhill intervals".into(),
            kind: WorkoutKind::Intervals,
            reps_min: 3,
            reps_max: None,
            length_min_m: None,
            length_max_m: None,
            grade_min_pct: Some(10.0),
            grade_max_pct: None,
            speed_vs_easy_min: None,
            fast_vs_slow_min: Some(1.15),
            phase_min_s: Some(45.0),
            phase_max_s: Some(90.0),
            max_cv_pct: None,
            max_fade_pct: None,
            recovery: Vec::new(),
            return_to_start: false,
            progression: false,
            length_rule: SetRule::Every,
            execution: "for trained athletes: alternate 1' fast / 1' slow while running one long \
                        descent at long-rep slopes; slow uphill run back to the start"
                .into(),
        },
    ]
}

/// The built-in prescription of a kind.
pub fn builtin(kind: WorkoutKind) -> Option<Prescription> {
    builtins().into_iter().find(|p| p.kind == kind)
}

/// How a check came out: inside the prescription (or its tolerance), outside it by more
/// than the measurement's uncertainty, or in between: the recording cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckState {
    /// Inside the prescription, or outside it by no more than the tolerance.
    Pass,
    /// Outside the prescription by more than the measurement's uncertainty.
    Miss,
    /// Outside the prescription, but within the uncertainty: the recording cannot tell.
    Uncertain,
}

/// How the reps of a set are judged on a per-rep range (the length): every rep, or the
/// median and most of them (a coach who accepts one odd rep in a set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SetRule {
    /// Every rep must be inside the range.
    #[default]
    Every,
    /// The median and most reps must be inside the range.
    Most,
}

/// One comparison: the prescribed range, the measured value with its uncertainty, and the
/// state they give; `expected` and `actual` say the same in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// What is checked: `reps`, `length`, `slope`, `speed`, `recovery`, `fade`, ...
    pub name: String,
    /// How the check came out.
    pub state: CheckState,
    /// What was measured (the set's median or count, the pooled grade, the ratio...).
    pub value: Option<f64>,
    /// Two standard deviations of `value` (for `recovery`: how many returns were too close
    /// to tell).
    pub uncertainty: Option<f64>,
    /// The unit of `value` and the expected range (`m`, `%`, `s`, `x easy`...).
    pub unit: &'static str,
    /// The prescribed minimum, in `unit`; `None`: no lower limit.
    pub expected_min: Option<f64>,
    /// The prescribed maximum, in `unit`; `None`: no upper limit.
    pub expected_max: Option<f64>,
    /// The prescription in words; its lengths and speeds stay numbers (SI in JSON).
    pub expected: crate::phrase::Phrase,
    /// What was measured in words, likewise.
    pub actual: crate::phrase::Phrase,
    /// Not a miss (`state` is pass or uncertain); kept for older readers.
    pub pass: bool,
    /// Outside the prescription but inside the stated tolerance (it passes).
    pub near_miss: bool,
    /// Which reps missed, or why the check could not be fully judged.
    pub note: Option<crate::phrase::Phrase>,
}

/// The session against its prescription as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictState {
    /// Every check passes.
    AsPrescribed,
    /// No check misses, some cannot tell.
    CannotTell,
    /// Some check misses by more than its uncertainty.
    NotAsPrescribed,
}

/// A session compared with its prescription: every check and the verdict.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct WorkoutReport {
    /// The kind of the prescription compared against; `None` when nothing was judged.
    pub kind: WorkoutKind,
    /// No check misses (`state` is as prescribed or cannot tell).
    pub compliant: bool,
    /// None without a rep set or a plan.
    pub state: Option<VerdictState>,
    /// Every comparison made, in a fixed order; empty when nothing was judged.
    pub checks: Vec<Check>,
    /// The prescription compared against.
    pub prescription: Option<String>,
    /// `builtin` (the closest built-in workout was picked) or `plan`.
    pub source: Option<String>,
    /// Which hill's reps were judged (the hill with the most reps).
    pub hill: Option<usize>,
    /// One line for people.
    pub verdict: crate::phrase::Phrase,
}

/// The built-in workout closest to the session's reps (`None` without reps).
pub fn closest(reps: &RepAnalysis) -> Option<Prescription> {
    let judged = judged_reps(reps);
    if judged.is_empty() {
        return None;
    }
    if judged.iter().any(|r| r.source == RepSource::Interval) {
        return builtin(WorkoutKind::Intervals);
    }
    let lens: Vec<f64> = judged.iter().map(|r| r.distance_m).collect();
    let len = crate::reps::geom::median(&lens).unwrap_or(0.0).max(1.0);
    // Nearest on a log scale: the geometric middle of 100 m and 1000 m is 316 m.
    let kind = if len.ln() < (100.0f64 * 1000.0).sqrt().ln() {
        WorkoutKind::Short
    } else {
        WorkoutKind::Long
    };
    builtin(kind)
}

/// The reps judged: those of the hill with the most reps.
fn judged_reps(reps: &RepAnalysis) -> Vec<&Rep> {
    let Some(hill) = main_hill(reps) else {
        return Vec::new();
    };
    reps.reps.iter().filter(|r| r.hill == hill).collect()
}

fn main_hill(reps: &RepAnalysis) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for h in &reps.hills {
        let n = reps.reps.iter().filter(|r| r.hill == h.index).count();
        if n > 0 && best.is_none_or(|(_, bn)| n > bn) {
            best = Some((h.index, n));
        }
    }
    best.map(|b| b.0)
}

/// The verdict of a file off foot (a ride): its passes counted, no running workout judged.
pub fn off_foot(reps: &RepAnalysis, sport: &str) -> WorkoutReport {
    let verdict = match main_hill(reps) {
        Some(h) => {
            let n = reps.reps.iter().filter(|r| r.hill == h).count();
            format!(
                "{sport}: {} down hill {h}; the running workouts are not judged on a \
                 {sport} file (--sport running to judge it as a run)",
                crate::report::count(n, "pass", "passes")
            )
            .into()
        }
        None => format!("{sport}: no repeated passes; not a running session").into(),
    };
    WorkoutReport {
        hill: main_hill(reps),
        verdict,
        ..WorkoutReport::default()
    }
}

/// The verdict of a session whose times are no runner's (see
/// [`crate::descent::DescentParams::sustained_km_effort_per_h`]): its passes are named, not
/// judged.
pub fn times_not_a_runners(reps: &RepAnalysis) -> WorkoutReport {
    let verdict = match main_hill(reps) {
        Some(h) => {
            let n = reps.reps.iter().filter(|r| r.hill == h).count();
            format!(
                "{} down hill {h}, not judged: the session's times are faster than anyone \
                 sustains",
                crate::report::count(n, "pass", "passes")
            )
        }
        None => "no rep set; the session's times are faster than anyone sustains".into(),
    };
    WorkoutReport {
        hill: main_hill(reps),
        verdict: verdict.into(),
        ..WorkoutReport::default()
    }
}

/// Compare the session's reps with `plan`, or with the closest built-in workout.
pub fn compare(reps: &RepAnalysis, plan: Option<&Prescription>) -> WorkoutReport {
    let (p, source) = match plan {
        Some(p) => (p.clone(), "plan"),
        None => match closest(reps) {
            Some(p) => (p, "builtin"),
            None => {
                return WorkoutReport {
                    verdict: "no rep set: not a downhill-reps session".into(),
                    ..WorkoutReport::default()
                };
            }
        },
    };
    let judged = judged_reps(reps);
    let hill = main_hill(reps).and_then(|h| reps.hills.iter().find(|x| x.index == h));
    let checks = checks::checks(&p, &judged, hill, reps.easy_speed_mps);
    let state = if checks.iter().any(|c| c.state == CheckState::Miss) || judged.is_empty() {
        VerdictState::NotAsPrescribed
    } else if checks.iter().any(|c| c.state == CheckState::Uncertain) {
        VerdictState::CannotTell
    } else {
        VerdictState::AsPrescribed
    };
    let verdict = checks::verdict(&p, &judged, hill, &checks, source);
    WorkoutReport {
        kind: p.kind,
        compliant: state != VerdictState::NotAsPrescribed,
        state: Some(state),
        checks,
        prescription: Some(p.name.clone()),
        source: Some(source.into()),
        hill: hill.map(|h| h.index),
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descent::Bands;
    use crate::reps::tests::shuttle_session;
    use crate::reps::{RepParams, find_reps};
    use crate::track::AltitudeSource;

    fn analyse(n: usize, len: f64, grade: f64) -> RepAnalysis {
        let (b, _) = shuttle_session(n, len, grade, true);
        find_reps(
            &b.track(AltitudeSource::Barometric),
            &crate::motion::compute_motion(
                &b.track(AltitudeSource::Barometric),
                &Default::default(),
            ),
            &[],
            &RepParams::default(),
            &Bands::default(),
        )
    }

    #[test]
    fn twelve_short_reps_as_prescribed_are_compliant() {
        let r = analyse(12, 90.0, 9.0);
        let w = compare(&r, None);
        assert_eq!(w.kind, WorkoutKind::Short);
        assert!(w.compliant, "{:#?}", w.checks);
        assert!(w.verdict.si().starts_with("12 x 9"), "{}", w.verdict);
        assert!(
            w.verdict.si().contains("done as prescribed"),
            "{}",
            w.verdict
        );
        assert!(w.verdict.si().contains("walked back up"), "{}", w.verdict);
    }

    #[test]
    fn four_reps_are_too_few() {
        let r = analyse(4, 90.0, 9.0);
        let w = compare(&r, None);
        assert_eq!(w.kind, WorkoutKind::Short);
        assert!(!w.compliant);
        let c = w.checks.iter().find(|c| c.name == "reps").unwrap();
        assert!(!c.pass);
        assert!(w.verdict.si().contains("only 4 reps"), "{}", w.verdict);
    }

    #[test]
    fn a_rep_of_79_m_is_a_near_miss_that_passes() {
        let r = analyse(10, 78.0, 9.0);
        let w = compare(&r, None);
        let c = w.checks.iter().find(|c| c.name == "length").unwrap();
        assert!(c.pass && c.near_miss, "{c:?}");
        assert!(c.expected.si().contains("tolerance 5 %"));
        assert!(w.verdict.si().contains("near misses"), "{}", w.verdict);
        let r = analyse(10, 60.0, 9.0);
        let c = compare(&r, None)
            .checks
            .into_iter()
            .find(|c| c.name == "length")
            .unwrap();
        assert!(!c.pass && !c.near_miss, "{c:?}");
    }

    #[test]
    fn too_gentle_reps_fail_the_slope() {
        let r = analyse(10, 90.0, 5.0);
        let w = compare(&r, None);
        assert!(!w.compliant);
        assert!(!w.checks.iter().find(|c| c.name == "slope").unwrap().pass);
    }

    /// The reps of `analyse(12, 90, 9)` on a hill read as `grade` +- `se` (GPS altitude).
    fn read_as(grade: f64, se: f64) -> WorkoutReport {
        let mut r = analyse(12, 90.0, 9.0);
        let bands = Bands::default();
        for h in r.hills.iter_mut() {
            h.grade_pct = grade;
            h.grade_se_pct = Some(se);
            h.confidence = crate::reps::HillConfidence::Low;
            h.band = bands.label(grade);
        }
        for rep in r.reps.iter_mut() {
            rep.grade_pct = grade;
            rep.band = bands.label(grade);
        }
        compare(&r, None)
    }

    #[test]
    fn a_gps_grade_off_the_band_by_less_than_its_uncertainty_cannot_tell() {
        // 11.2 +- 4.0 % (2 standard errors) for an 8-10 % prescription: the recording cannot
        // tell; the session is not called "not as prescribed", and not "done" either.
        let w = read_as(11.2, 2.0);
        let c = w.checks.iter().find(|c| c.name == "slope").unwrap();
        assert_eq!(c.state, CheckState::Uncertain, "{c:?}");
        assert!(c.actual.si().contains("band uncertain"), "{c:?}");
        assert_eq!(c.value, Some(11.2));
        assert_eq!(c.uncertainty, Some(4.0));
        assert_eq!((c.expected_min, c.expected_max), (Some(8.0), Some(10.0)));
        assert_eq!(w.state, Some(VerdictState::CannotTell));
        assert!(w.compliant);
        assert!(
            w.verdict.si().contains("cannot tell the slope"),
            "{}",
            w.verdict
        );
        assert!(
            !w.verdict.si().contains("done as prescribed"),
            "{}",
            w.verdict
        );
        // 6.0 +- 1.0 %: two points below the band, twice its uncertainty: a miss.
        let w = read_as(6.0, 0.5);
        let c = w.checks.iter().find(|c| c.name == "slope").unwrap();
        assert_eq!(c.state, CheckState::Miss, "{c:?}");
        assert!(!w.compliant);
        assert!(
            w.verdict.si().contains("not as prescribed: slope"),
            "{}",
            w.verdict
        );
        // Half a point off with a wide error is a near miss that passes.
        let w = read_as(10.4, 0.8);
        let c = w.checks.iter().find(|c| c.name == "slope").unwrap();
        assert!(c.state == CheckState::Pass && c.near_miss, "{c:?}");
    }

    #[test]
    fn judge_has_three_states_around_the_range() {
        use checks::judge;
        let j = |x, u| judge(x, u, Some(80.0), Some(100.0), 4.0, 5.0);
        assert_eq!(j(90.0, 0.0), (CheckState::Pass, false));
        assert_eq!(j(104.0, 0.0), (CheckState::Pass, true));
        assert_eq!(j(77.0, 0.0), (CheckState::Pass, true));
        assert_eq!(j(108.0, 10.0), (CheckState::Uncertain, false));
        assert_eq!(j(108.0, 7.9), (CheckState::Miss, false));
        assert_eq!(j(70.0, 9.0), (CheckState::Miss, false));
        assert_eq!(j(70.0, 10.0), (CheckState::Uncertain, false));
        // One-sided.
        assert_eq!(
            judge(12.0, 3.0, None, Some(10.0), 0.0, 0.0).0,
            CheckState::Uncertain
        );
        assert_eq!(
            judge(12.0, 1.0, None, Some(10.0), 0.0, 0.0).0,
            CheckState::Miss
        );
    }

    #[test]
    fn one_long_rep_misses_every_rep_but_not_most() {
        let mut r = analyse(12, 90.0, 9.0);
        r.reps[6].distance_m = 125.0;
        r.reps[6].distance_sd_m = 2.0;
        let w = compare(&r, None);
        let c = w.checks.iter().find(|c| c.name == "length").unwrap();
        assert_eq!(c.state, CheckState::Miss, "{c:?}");
        let note = c
            .note
            .as_ref()
            .map(crate::phrase::Phrase::si)
            .unwrap_or_default();
        assert!(note.contains("rep 7 was 125 m (+-4 m)"), "{note}");
        assert!(note.contains("the others"), "{note}");
        let mut p = builtin(WorkoutKind::Short).unwrap();
        p.length_rule = SetRule::Most;
        let w = compare(&r, Some(&p));
        let c = w.checks.iter().find(|c| c.name == "length").unwrap();
        assert_eq!(c.state, CheckState::Pass, "{c:?}");
        assert!(
            c.expected.si().contains("the median and 67 % of the reps"),
            "{c:?}"
        );
        // Five long reps of twelve are too many even for "most".
        for k in 0..5 {
            r.reps[k].distance_m = 125.0;
            r.reps[k].distance_sd_m = 2.0;
        }
        let w = compare(&r, Some(&p));
        assert_eq!(
            w.checks.iter().find(|c| c.name == "length").unwrap().state,
            CheckState::Miss
        );
    }

    #[test]
    fn a_fade_inside_the_speed_uncertainty_cannot_tell_and_a_clear_one_misses() {
        let mut r = analyse(12, 90.0, 9.0);
        // The last four reps 10 % slower.
        for (k, rep) in r.reps.iter_mut().enumerate() {
            let v = if k >= 8 { 4.05 } else { 4.5 };
            rep.avg_speed_mps = Some(v);
            // As recorded every 5 s: +-2 s on 20 s, 10 % of the speed.
            rep.avg_speed_sd_mps = Some(0.1 * v);
        }
        let fade = |r: &RepAnalysis| {
            compare(r, None)
                .checks
                .into_iter()
                .find(|c| c.name == "fade")
                .unwrap()
        };
        let c = fade(&r);
        assert!((c.value.unwrap() - 10.0).abs() < 0.01, "{c:?}");
        assert_eq!(c.state, CheckState::Uncertain, "{c:?}");
        // Recorded every second: +-1 %: the same fade is a miss.
        for rep in r.reps.iter_mut() {
            rep.avg_speed_sd_mps = rep.avg_speed_mps.map(|v| 0.01 * v);
        }
        let c = fade(&r);
        assert_eq!(c.state, CheckState::Miss, "{c:?}");
        assert!(c.uncertainty.unwrap() < 1.5, "{c:?}");
    }

    #[test]
    fn no_recovery_after_the_last_rep_is_no_failure() {
        let r = analyse(12, 90.0, 9.0);
        assert!(r.reps.last().unwrap().recovery.is_none());
        let w = compare(&r, None);
        let c = w.checks.iter().find(|c| c.name == "recovery").unwrap();
        assert!(c.pass, "{c:?}");
        assert!(
            c.actual.si().contains("last rep: none (session ended)"),
            "{c:?}"
        );
    }

    #[test]
    fn long_reps_are_recognized_as_long() {
        let (b, _) = shuttle_session(3, 1200.0, 12.5, false);
        let r = find_reps(
            &b.track(AltitudeSource::Barometric),
            &crate::motion::compute_motion(
                &b.track(AltitudeSource::Barometric),
                &Default::default(),
            ),
            &[],
            &RepParams::default(),
            &Bands::default(),
        );
        let w = compare(&r, None);
        assert_eq!(w.kind, WorkoutKind::Long);
        assert!(w.compliant, "{:#?}", w.checks);
    }

    #[test]
    fn no_reps_is_kind_none() {
        let w = compare(&RepAnalysis::default(), None);
        assert_eq!(w.kind, WorkoutKind::None);
        assert!(!w.compliant);
        assert!(w.checks.is_empty());
    }

    #[test]
    fn a_plan_is_judged_even_without_reps() {
        let p = builtin(WorkoutKind::Short).unwrap();
        let w = compare(&RepAnalysis::default(), Some(&p));
        assert_eq!(w.kind, WorkoutKind::Short);
        assert!(!w.compliant);
        assert_eq!(w.checks[0].actual.si(), "0");
    }
}
