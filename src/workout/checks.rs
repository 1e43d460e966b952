//! The checks of one session against one prescription, and the one-line verdict.
//!
//! Every check carries the measured value, its uncertainty (two standard deviations, from
//! the GPS error, the recording interval and the altitude) and the prescribed range, and is
//! judged in three states: it passes when the value is inside the range (or inside the
//! stated tolerance: a near miss), misses when it lies outside by more than both the
//! tolerance and its uncertainty, and cannot tell in between. A session is "not as
//! prescribed" only when some check misses.

use super::{
    Check, CheckState, GRADE_TOLERANCE_PCT, LENGTH_TOLERANCE_FRAC, PHASE_TOLERANCE_S, Prescription,
    SPEED_TOLERANCE_FRAC, SetRule, WorkoutKind,
};
use crate::phrase::{Phrase, Piece};
use crate::reps::geom::median;

/// The largest near-miss tolerance on a hill's grade, points. Default 1.0: half a slope
/// band; beyond it the legs meet another hill (the GAP models change ~3-4 % of pace per
/// point of grade at 8-12 %). Past it, an uncertain grade cannot tell; it does not pass.
pub const MAX_GRADE_TOLERANCE_PCT: f64 = 1.0;
/// How many standard deviations a measured value may lie outside its range before the
/// check misses: 2 (a correctly run rep is called a miss about 1 time in 40 per side).
pub const UNCERTAINTY_SIGMAS: f64 = 2.0;
/// Under [`SetRule::Most`], this share of the reps must not miss.
pub const MOST_REPS_FRAC: f64 = 2.0 / 3.0;
use crate::reps::{Hill, HillConfidence, RecoveryKind, Rep};

fn range_text(min: Option<f64>, max: Option<f64>, unit: &str) -> String {
    crate::phrase::range_text(min, max, unit, crate::phrase::fmt_num)
}

/// How a value of uncertainty `u` (two standard deviations) stands against `min..=max`
/// with a near-miss tolerance `tol_lo` below and `tol_hi` above: (state, near miss).
pub(crate) fn judge(
    x: f64,
    u: f64,
    min: Option<f64>,
    max: Option<f64>,
    tol_lo: f64,
    tol_hi: f64,
) -> (CheckState, bool) {
    let below = min.map_or(0.0, |m| m - x).max(0.0);
    let above = max.map_or(0.0, |m| x - m).max(0.0);
    let (margin, tol) = if below > 0.0 {
        (below, tol_lo)
    } else {
        (above, tol_hi)
    };
    if margin <= 0.0 {
        (CheckState::Pass, false)
    } else if margin <= tol {
        (CheckState::Pass, true)
    } else if margin <= u {
        (CheckState::Uncertain, false)
    } else {
        (CheckState::Miss, false)
    }
}

/// The worse of two states (miss, then cannot tell, then pass).
fn worse(a: CheckState, b: CheckState) -> CheckState {
    use CheckState::*;
    match (a, b) {
        (Miss, _) | (_, Miss) => Miss,
        (Uncertain, _) | (_, Uncertain) => Uncertain,
        _ => Pass,
    }
}

/// One check: name, unit, prescribed range, expected and actual in words.
struct Spec<'a> {
    name: &'a str,
    unit: &'static str,
    min: Option<f64>,
    max: Option<f64>,
    expected: Phrase,
}

impl Spec<'_> {
    fn with(
        self,
        value: Option<f64>,
        u: Option<f64>,
        state: CheckState,
        actual: impl Into<Phrase>,
    ) -> Check {
        Check {
            name: self.name.into(),
            state,
            value,
            uncertainty: u,
            unit: self.unit,
            expected_min: self.min,
            expected_max: self.max,
            expected: self.expected,
            actual: actual.into(),
            pass: state != CheckState::Miss,
            near_miss: false,
            note: None,
        }
    }
}

fn speeds(reps: &[&Rep]) -> Vec<f64> {
    reps.iter().filter_map(|r| r.avg_speed_mps).collect()
}

/// Root mean square of the reps' relative speed uncertainty (one standard deviation).
fn speed_noise_frac(reps: &[&Rep]) -> f64 {
    let v: Vec<f64> = reps
        .iter()
        .filter_map(|r| Some(r.avg_speed_sd_mps? / r.avg_speed_mps.filter(|v| *v > 0.0)?))
        .collect();
    if v.is_empty() {
        return 0.0;
    }
    (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt()
}

/// Mean of the last third over the mean of the first third, minus one (positive = faster),
/// and its standard deviation from the reps' speed uncertainties.
fn trend(reps: &[&Rep]) -> Option<(f64, f64)> {
    let v: Vec<(f64, f64)> = reps
        .iter()
        .filter_map(|r| Some((r.avg_speed_mps?, r.avg_speed_sd_mps.unwrap_or(0.0))))
        .collect();
    if v.len() < 3 {
        return None;
    }
    let k = v.len() / 3;
    let mean = |s: &[(f64, f64)]| {
        let m = s.iter().map(|x| x.0).sum::<f64>() / k as f64;
        let sd = s.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt() / k as f64;
        (m, sd)
    };
    let (first, sf) = mean(&v[..k]);
    let (last, sl) = mean(&v[v.len() - k..]);
    (first > 0.0 && last > 0.0).then(|| {
        let r = last / first;
        (
            r - 1.0,
            r * ((sf / first).powi(2) + (sl / last).powi(2)).sqrt(),
        )
    })
}

pub(super) fn checks(
    p: &Prescription,
    reps: &[&Rep],
    hill: Option<&Hill>,
    easy_mps: Option<f64>,
) -> Vec<Check> {
    let k_sd = UNCERTAINTY_SIGMAS;
    let mut out = Vec::new();
    let n = reps.len();
    let what = if p.kind == WorkoutKind::Intervals {
        "fast phases"
    } else {
        "reps"
    };
    // Number of reps: counted, not measured.
    let (state, _) = judge(
        n as f64,
        0.0,
        Some(p.reps_min as f64),
        p.reps_max.map(|m| m as f64),
        0.0,
        0.0,
    );
    out.push(
        Spec {
            name: "reps",
            unit: what,
            min: Some(p.reps_min as f64),
            max: p.reps_max.map(|m| m as f64),
            expected: format!(
                "{} {what}",
                range_text(Some(p.reps_min as f64), p.reps_max.map(|m| m as f64), "")
            )
            .into(),
        }
        .with(Some(n as f64), Some(0.0), state, format!("{n}")),
    );
    if n == 0 {
        return out;
    }
    if p.length_min_m.is_some() || p.length_max_m.is_some() {
        out.push(length_check(p, reps));
    }
    if p.grade_min_pct.is_some() || p.grade_max_pct.is_some() {
        out.push(slope_check(p, reps, hill));
    }
    let v = speeds(reps);
    let noise = speed_noise_frac(reps);
    // Speed against easy pace: each rep's measured length over its time.
    if let Some(k) = p.speed_vs_easy_min {
        let spec = Spec {
            name: "speed",
            unit: "x easy",
            min: Some(k),
            max: None,
            expected: format!(
                "rep speed >= {k:.2} x easy speed (tolerance {:.0} %)",
                SPEED_TOLERANCE_FRAC * 100.0
            )
            .into(),
        };
        match (easy_mps, median(&v)) {
            (Some(e), Some(m)) if e > 0.0 => {
                let ratio = m / e;
                // The median of n reps, each known to `noise`; the easy speed is a median of
                // hundreds of samples and adds little.
                let u =
                    k_sd * ratio * noise * (std::f64::consts::FRAC_PI_2 / v.len() as f64).sqrt();
                let tol = k * SPEED_TOLERANCE_FRAC;
                let (state, near) = judge(ratio, u, Some(k), None, tol, 0.0);
                let mut c = spec.with(
                    Some(ratio),
                    Some(u),
                    state,
                    Phrase::from("median rep speed ")
                        .with(Piece::Speed { mps: m })
                        .text(format!(" = {ratio:.2} x easy ("))
                        .with(Piece::Speed { mps: e })
                        .text(" in this file)"),
                );
                c.near_miss = near;
                out.push(c);
            }
            _ => {
                let mut c = spec.with(None, None, CheckState::Uncertain, "not judged");
                c.note = Some("no easy running on flat ground in this file to compare with".into());
                out.push(c);
            }
        }
    }
    // Fast vs slow (intervals).
    if let Some(k) = p.fast_vs_slow_min {
        let ratios: Vec<f64> = reps
            .iter()
            .filter_map(|r| Some(r.avg_speed_mps? / r.recovery.as_ref()?.avg_speed_mps?))
            .collect();
        let spec = Spec {
            name: "fast vs slow",
            unit: "x",
            min: Some(k),
            max: None,
            expected: format!(
                ">= {k:.2} x the slow phases (tolerance {:.0} %)",
                SPEED_TOLERANCE_FRAC * 100.0
            )
            .into(),
        };
        let c = match median(&ratios) {
            Some(m) => {
                // Both phases are measured alike: twice the variance of one.
                let u = k_sd
                    * m
                    * noise
                    * (2.0 * std::f64::consts::FRAC_PI_2 / ratios.len() as f64).sqrt();
                let (state, near) = judge(m, u, Some(k), None, k * SPEED_TOLERANCE_FRAC, 0.0);
                let mut c = spec.with(Some(m), Some(u), state, format!("{m:.2} x"));
                c.near_miss = near;
                c
            }
            None => spec.with(None, None, CheckState::Miss, "no slow phases"),
        };
        out.push(c);
    }
    // Phase duration (intervals).
    if p.phase_min_s.is_some() || p.phase_max_s.is_some() {
        let d: Vec<f64> = reps.iter().filter_map(|r| r.duration_s).collect();
        let m = median(&d).unwrap_or(0.0);
        let sd: Vec<f64> = reps.iter().map(|r| r.duration_sd_s).collect();
        let u = k_sd * median(&sd).unwrap_or(0.0);
        let (state, near) = judge(
            m,
            u,
            p.phase_min_s,
            p.phase_max_s,
            PHASE_TOLERANCE_S,
            PHASE_TOLERANCE_S,
        );
        let mut c = Spec {
            name: "phase length",
            unit: "s",
            min: p.phase_min_s,
            max: p.phase_max_s,
            expected: format!(
                "{} fast (tolerance {:.0} s)",
                range_text(p.phase_min_s, p.phase_max_s, " s"),
                PHASE_TOLERANCE_S
            )
            .into(),
        }
        .with(Some(m), Some(u), state, format!("median {m:.0} s"));
        c.near_miss = near;
        out.push(c);
    }
    // Consistency: the measured spread of the rep speeds is the runner's spread plus the
    // measurement's; the uncertainty is what the measurement (at 2 sigma) could add.
    if let Some(max_cv) = p.max_cv_pct
        && v.len() >= 2
    {
        let (m, sd) = crate::reps::geom::mean_std(&v);
        let cv = sd / m * 100.0;
        let noise_pct = k_sd * noise * 100.0;
        let u = cv - (cv * cv - noise_pct * noise_pct).max(0.0).sqrt();
        let (state, _) = judge(cv, u, None, Some(max_cv), 0.0, 0.0);
        out.push(
            Spec {
                name: "consistency",
                unit: "%",
                min: None,
                max: Some(max_cv),
                expected: format!("rep speeds vary by <= {max_cv:.0} % (coefficient of variation)")
                    .into(),
            }
            .with(
                Some(cv),
                Some(u),
                state,
                format!("{cv:.1} % (the measurement alone gives up to {noise_pct:.1} %)"),
            ),
        );
    }
    let t = trend(reps);
    if let Some(max_fade) = p.max_fade_pct
        && let Some((t, sd)) = t
    {
        let fade = -t * 100.0;
        let u = k_sd * sd * 100.0;
        let (state, _) = judge(fade, u, None, Some(max_fade), 0.0, 0.0);
        out.push(
            Spec {
                name: "fade",
                unit: "%",
                min: None,
                max: Some(max_fade),
                expected: format!(
                    "last third of the reps <= {max_fade:.0} % slower than the first third"
                )
                .into(),
            }
            .with(
                Some(fade),
                Some(u),
                state,
                if fade <= 0.0 {
                    format!("{:.1} % faster (+-{u:.1} %)", -fade)
                } else {
                    format!("{fade:.1} % slower (+-{u:.1} %)")
                },
            ),
        );
    }
    if p.progression {
        let spec = Spec {
            name: "progression",
            unit: "%",
            min: Some(2.0),
            max: None,
            expected: "start slowly then increase: last third >= 2 % faster than the first third"
                .into(),
        };
        out.push(match t {
            Some((t, sd)) => {
                let u = k_sd * sd * 100.0;
                let (state, _) = judge(t * 100.0, u, Some(2.0), None, 0.0, 0.0);
                spec.with(
                    Some(t * 100.0),
                    Some(u),
                    state,
                    format!("{:+.1} % (+-{u:.1} %)", t * 100.0),
                )
            }
            None => spec.with(None, None, CheckState::Uncertain, "too few reps to tell"),
        });
    }
    if !p.recovery.is_empty() || p.return_to_start {
        out.push(recovery_check(p, reps));
    }
    out
}

/// Length of each rep, judged rep by rep with its own uncertainty, then over the set by
/// the prescription's rule.
fn length_check(p: &Prescription, reps: &[&Rep]) -> Check {
    let k_sd = UNCERTAINTY_SIGMAS;
    let lens: Vec<f64> = reps.iter().map(|r| r.distance_m).collect();
    let med = median(&lens).unwrap_or(0.0);
    let tol_lo = p.length_min_m.unwrap_or(0.0) * LENGTH_TOLERANCE_FRAC;
    let tol_hi = p.length_max_m.unwrap_or(0.0) * LENGTH_TOLERANCE_FRAC;
    let judged: Vec<(CheckState, bool)> = reps
        .iter()
        .map(|r| {
            judge(
                r.distance_m,
                k_sd * r.distance_sd_m,
                p.length_min_m,
                p.length_max_m,
                tol_lo,
                tol_hi,
            )
        })
        .collect();
    let u_med =
        k_sd * median(&reps.iter().map(|r| r.distance_sd_m).collect::<Vec<_>>()).unwrap_or(0.0);
    let every = judged
        .iter()
        .fold(CheckState::Pass, |acc, j| worse(acc, j.0));
    let state = match p.length_rule {
        SetRule::Every => every,
        SetRule::Most => {
            let (median_state, _) = judge(
                med,
                u_med / (reps.len() as f64).sqrt(),
                p.length_min_m,
                p.length_max_m,
                tol_lo,
                tol_hi,
            );
            let missing = judged.iter().filter(|j| j.0 == CheckState::Miss).count();
            let enough = (reps.len() - missing) as f64 >= MOST_REPS_FRAC * reps.len() as f64;
            if !enough {
                CheckState::Miss
            } else {
                median_state
            }
        }
    };
    let off: Vec<usize> = (0..reps.len())
        .filter(|&i| judged[i].0 != CheckState::Pass || judged[i].1)
        .collect();
    let others: Vec<f64> = (0..reps.len())
        .filter(|i| !off.contains(i))
        .map(|i| lens[i])
        .collect();
    let span = |v: &[f64]| {
        Phrase::new().with(Piece::LengthSpan {
            min_m: v.iter().copied().fold(f64::INFINITY, f64::min),
            max_m: v.iter().copied().fold(0.0, f64::max),
        })
    };
    let rule = match p.length_rule {
        SetRule::Every => "every rep".to_string(),
        SetRule::Most => format!("the median and {:.0} % of the reps", MOST_REPS_FRAC * 100.0),
    };
    let mut c = Spec {
        name: "length",
        unit: "m",
        min: p.length_min_m,
        max: p.length_max_m,
        expected: Phrase::new()
            .with(Piece::LengthRange {
                min_m: p.length_min_m,
                max_m: p.length_max_m,
            })
            .text(format!(
                " per rep, {rule} (tolerance {:.0} %)",
                LENGTH_TOLERANCE_FRAC * 100.0
            )),
    }
    .with(
        Some(med),
        Some(u_med),
        state,
        span(&lens).text(", median ").with(Piece::Length { m: med }),
    );
    c.near_miss = state == CheckState::Pass && judged.iter().any(|j| j.1);
    if !off.is_empty() {
        let said: Vec<Phrase> = off
            .iter()
            .map(|&i| {
                let r = reps[i];
                let how = match judged[i] {
                    (CheckState::Miss, _) => "",
                    (CheckState::Uncertain, _) => ", cannot tell",
                    _ => ", near miss",
                };
                Phrase::from(format!("rep {} was ", r.index))
                    .with(Piece::LengthPm {
                        m: r.distance_m,
                        pm_m: k_sd * r.distance_sd_m,
                    })
                    .text(how)
            })
            .collect();
        let said = Phrase::join(&said, "; ");
        c.note = Some(if others.is_empty() {
            said
        } else {
            said.text("; the others ").then(&span(&others))
        });
    }
    c
}

/// The hill's pooled grade (the median pass grade for intervals).
fn slope_check(p: &Prescription, reps: &[&Rep], hill: Option<&Hill>) -> Check {
    let grade = if p.kind == WorkoutKind::Intervals {
        median(&reps.iter().map(|r| r.grade_pct).collect::<Vec<_>>()).unwrap_or(0.0)
    } else {
        hill.map(|h| h.grade_pct).unwrap_or(reps[0].grade_pct)
    };
    let se = hill.and_then(|h| h.grade_se_pct).unwrap_or(0.0);
    let u = UNCERTAINTY_SIGMAS * se;
    // A near miss is allowed up to twice the pooled grade's standard error, capped at
    // MAX_GRADE_TOLERANCE_PCT: a hill read 2 points off its band is another hill for the
    // legs; past the cap the reading cannot tell, it does not pass.
    let tol = if hill.is_some_and(|h| h.confidence == HillConfidence::High) {
        GRADE_TOLERANCE_PCT
    } else {
        GRADE_TOLERANCE_PCT.max(u.min(MAX_GRADE_TOLERANCE_PCT))
    };
    let (state, near) = judge(grade, u, p.grade_min_pct, p.grade_max_pct, tol, tol);
    let pooled = hill
        .map(|h| {
            format!(
                ", {} passes pooled{}",
                h.passes_down + h.passes_up,
                h.grade_se_pct
                    .map(|s| format!(" +-{:.1} %", UNCERTAINTY_SIGMAS * s))
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    let mut c = Spec {
        name: "slope",
        unit: "%",
        min: p.grade_min_pct,
        max: p.grade_max_pct,
        expected: format!(
            "{} (tolerance {tol:.1} points: 2 standard errors of the pooled grade, at least {:.1}, at most {:.1})",
            range_text(p.grade_min_pct, p.grade_max_pct, " %"),
            GRADE_TOLERANCE_PCT,
            MAX_GRADE_TOLERANCE_PCT
        ).into(),
    }
    .with(
        Some(grade),
        Some(u),
        state,
        format!(
            "{grade:.1} % (band {}{pooled}{})",
            reps[0].band,
            if state == CheckState::Uncertain {
                format!(
                    "; band uncertain: {:.1}-{:.1} % at 2 standard errors",
                    grade - u,
                    grade + u
                )
            } else {
                String::new()
            }
        ),
    );
    c.near_miss = near;
    if state == CheckState::Uncertain {
        c.note = Some(
            "the band of this hill is uncertain (GPS altitude): the recording cannot tell".into(),
        );
    }
    c
}

/// How the runner went back up, and whether to the start: a recovery ending farther from
/// the start than `returned_m` plus its position uncertainty did not go back.
fn recovery_check(p: &Prescription, reps: &[&Rep]) -> Check {
    let with: Vec<(&Rep, &crate::reps::Recovery)> = reps
        .iter()
        .filter_map(|r| Some((*r, r.recovery.as_ref()?)))
        .collect();
    let count = |k: RecoveryKind| with.iter().filter(|r| r.1.kind == k).count();
    let kinds: Vec<String> = [
        RecoveryKind::Walk,
        RecoveryKind::Jog,
        RecoveryKind::Lift,
        RecoveryKind::Stand,
        RecoveryKind::Ride,
    ]
    .iter()
    .filter(|k| count(**k) > 0)
    .map(|k| format!("{} {}", k.name(), count(*k)))
    .collect();
    // Without cadence a walk and a slow uphill jog move at the same speed: either passes
    // for the other.
    let blurred = |k: RecoveryKind| matches!(k, RecoveryKind::Walk | RecoveryKind::Jog);
    let allowed_kind = |r: &crate::reps::Recovery| {
        p.recovery.contains(&r.kind)
            || (r.cadence_spm.is_none()
                && blurred(r.kind)
                && p.recovery.iter().any(|k| blurred(*k)))
    };
    let kind_ok = p.recovery.is_empty() || with.iter().all(|r| allowed_kind(r.1));
    let lenient = with.iter().any(|r| !p.recovery.contains(&r.1.kind)) && kind_ok;
    let back: Vec<CheckState> = with
        .iter()
        .map(|(_, r)| match r.end_from_start_m {
            Some(d) => {
                judge(
                    d,
                    UNCERTAINTY_SIGMAS * r.end_from_start_sd_m,
                    None,
                    Some(r.return_radius_m),
                    0.0,
                    0.0,
                )
                .0
            }
            None if r.returned_to_start => CheckState::Pass,
            None => CheckState::Miss,
        })
        .collect();
    let returned = back.iter().filter(|s| **s == CheckState::Pass).count();
    let unclear = back.iter().filter(|s| **s == CheckState::Uncertain).count();
    let mut state = if kind_ok {
        CheckState::Pass
    } else {
        CheckState::Miss
    };
    if p.return_to_start {
        state = back.iter().fold(state, |a, b| worse(a, *b));
    }
    let allowed: Vec<&str> = p.recovery.iter().map(|k| k.name()).collect();
    let mut c = Spec {
        name: "recovery",
        unit: "recoveries",
        min: p.return_to_start.then_some(with.len() as f64),
        max: None,
        expected: format!(
            "{}{}",
            if allowed.is_empty() {
                "any".to_string()
            } else {
                allowed.join(" or ")
            },
            if p.return_to_start {
                " back up to the start"
            } else {
                ""
            }
        )
        .into(),
    }
    .with(
        Some(returned as f64),
        Some(unclear as f64),
        state,
        if with.is_empty() {
            "none between reps".into()
        } else {
            format!(
                "{}; back at the start {returned} of {}{}{}",
                kinds.join(", "),
                with.len(),
                if unclear > 0 {
                    format!(", {unclear} too close to tell")
                } else {
                    String::new()
                },
                // The last rep needs no way back up: the session may end at the bottom.
                if reps.last().is_some_and(|r| r.recovery.is_none()) {
                    "; last rep: none (session ended)"
                } else {
                    ""
                }
            )
        },
    );
    if lenient {
        c.note = Some(
            "no cadence in the file: a walk and a slow uphill jog cannot be told apart".into(),
        );
    }
    c
}

pub(super) fn verdict(
    p: &Prescription,
    reps: &[&Rep],
    hill: Option<&Hill>,
    checks: &[Check],
    source: &str,
) -> Phrase {
    let n = reps.len();
    if n == 0 {
        return format!("no rep set; {} prescribed", p.name).into();
    }
    let lens: Vec<f64> = reps.iter().map(|r| r.distance_m).collect();
    let len = median(&lens).unwrap_or(0.0);
    let grade = hill.map(|h| h.grade_pct).unwrap_or(reps[0].grade_pct);
    let size = Phrase::from(format!("{n} x "))
        .with(Piece::Length { m: len })
        .text(format!(" at {grade:.1} % (band {})", reps[0].band));
    let mut parts: Vec<String> = Vec::new();
    let recs: Vec<RecoveryKind> = reps
        .iter()
        .filter_map(|r| r.recovery.as_ref().map(|x| x.kind))
        .collect();
    if let Some(k) = recs.first()
        && recs.iter().all(|x| x == k)
    {
        parts.push(match k {
            RecoveryKind::Walk => "walked back up".into(),
            RecoveryKind::Jog if p.kind == WorkoutKind::Intervals => "slow phases jogged".into(),
            RecoveryKind::Jog => "jogged back up".into(),
            RecoveryKind::Lift => "lift back up".into(),
            RecoveryKind::Stand => "stood between reps".into(),
            RecoveryKind::Ride => "rode back up".into(),
        });
    }
    let v = speeds(reps);
    if v.len() >= 2 {
        let (m, sd) = crate::reps::geom::mean_std(&v);
        parts.push(format!(
            "pace even within {:.0} %",
            (sd / m * 100.0).max(1.0)
        ));
    }
    let head = parts
        .iter()
        .fold(size, |h, p| h.text(", ").text(p.as_str()));
    let how = if source == "builtin" {
        format!("closest to {}", p.name)
    } else {
        p.name.clone()
    };
    let said = |c: &Check| {
        if c.name == "reps" {
            let few = reps.len() < p.reps_min;
            Phrase::from(if few { "only " } else { "" })
                .then(&c.actual)
                .text(" reps (")
                .then(&c.expected)
                .text(" prescribed)")
        } else {
            Phrase::from(format!("{} ", c.name))
                .then(&c.actual)
                .text(" (expected ")
                .then(&c.expected)
                .text(")")
        }
    };
    let of = |s: CheckState| -> Vec<Phrase> {
        checks.iter().filter(|c| c.state == s).map(&said).collect()
    };
    let missed = of(CheckState::Miss);
    let unclear = of(CheckState::Uncertain);
    if !missed.is_empty() {
        head.text(format!(": {how}, not as prescribed: "))
            .then(&Phrase::join(&missed, "; "))
    } else if !unclear.is_empty() {
        let names: Vec<&str> = checks
            .iter()
            .filter(|c| c.state == CheckState::Uncertain)
            .map(|c| c.name.as_str())
            .collect();
        head.text(format!(
            ": {how}, as prescribed as far as the recording can tell (cannot tell the {})",
            names.join(", ")
        ))
    } else {
        let near = checks.iter().any(|c| c.near_miss);
        head.text(format!(
            ": {how}, done as prescribed{}",
            if near { " (with near misses)" } else { "" }
        ))
    }
}
