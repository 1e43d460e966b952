//! Grade-adjusted pace: the flat-equivalent speed factor of an empirical model.
//!
//! Model: a cubic fitted exactly through Kay (2012)'s factors in DOMAIN.md (elite race data;
//! TrainingPeaks matches it): 1.066 at -20 %, 0.857 at -10 %, 1 on the flat, 1.516 at +10 %.
//! `factor(g) = 1 + 3.26 g + 18.65 g^2 + 3.5 g^3` with `g` the grade as a fraction, clamped
//! to +-0.45 (Minetti's range). Its minimum, 0.855, lies at -9 %: the grade where runners are
//! fastest at equal effort; steeper descents are slower, as runners experience them.
//! Metabolic-cost models (Minetti) would call steep descents "cheap"; they are not used.

/// The model named in reports.
pub const MODEL_NAME: &str = "kay-2012";

const A: f64 = 3.26;
const B: f64 = 18.65;
const C: f64 = 3.5;

/// Flat-equivalent speed factor at `grade_pct` (negative downhill): flat speed of equal
/// effort = speed x factor.
pub fn factor(grade_pct: f64) -> f64 {
    let g = (grade_pct / 100.0).clamp(-0.45, 0.45);
    1.0 + A * g + B * g * g + C * g * g * g
}

/// Flat-equivalent speed of running at `speed_mps` on `grade_pct` (negative downhill).
pub fn flat_equivalent_speed_mps(speed_mps: f64, grade_pct: f64) -> f64 {
    speed_mps * factor(grade_pct)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_abs_diff_eq;

    #[test]
    fn the_curve_passes_through_kays_table() {
        for (g, f) in [(-20.0, 1.066), (-10.0, 0.857), (0.0, 1.0), (10.0, 1.516)] {
            assert_abs_diff_eq!(factor(g), f, epsilon = 0.002);
        }
    }

    #[test]
    fn steep_descents_are_not_cheap() {
        assert!(factor(-30.0) > factor(-20.0));
        assert!(factor(-9.0) < factor(-5.0));
        assert_abs_diff_eq!(flat_equivalent_speed_mps(4.0, 0.0), 4.0);
    }
}
