//! Judging one measured value against its prescribed range, with its uncertainty and a
//! near-miss tolerance, and the [`Check`] a judged value makes.

use crate::phrase::Phrase;
use crate::workout::{Check, CheckState};

pub(super) fn range_text(min: Option<f64>, max: Option<f64>, unit: &str) -> String {
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
pub(super) fn worse(a: CheckState, b: CheckState) -> CheckState {
    use CheckState::*;
    match (a, b) {
        (Miss, _) | (_, Miss) => Miss,
        (Uncertain, _) | (_, Uncertain) => Uncertain,
        _ => Pass,
    }
}

/// One check: name, unit, prescribed range, expected and actual in words.
pub(super) struct Spec<'a> {
    pub(super) name: &'a str,
    pub(super) unit: &'static str,
    pub(super) min: Option<f64>,
    pub(super) max: Option<f64>,
    pub(super) expected: Phrase,
}

impl Spec<'_> {
    pub(super) fn with(
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
