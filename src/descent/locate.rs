//! Locating descents on the smoothed profile: the hysteresis state machine of the
//! [module docs](super), each end then placed by the hinge fit.

use super::DescentParams;
use super::hinge::{hinge_half_window, hinge_value, refine_ends};
use crate::profile::Profile;

/// Where a descent lies on the profile, before it is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located {
    /// Grid indices of the top and the bottom.
    pub top: usize,
    /// Grid index of the bottom.
    pub bottom: usize,
    /// Along-track distances of the top and the bottom (hinge knots, finer than the grid).
    pub top_m: f64,
    /// Along-track distance of the bottom (its hinge knot), m.
    pub bottom_m: f64,
    /// Net drop between the fitted elevations at the knots.
    pub drop_m: f64,
}

/// The descents of `profile`, located (see the [module docs](super)).
pub fn locate_descents(profile: &Profile, params: &DescentParams) -> Vec<Located> {
    let e = &profile.elevation_m;
    let d = &profile.distance_m;
    let n = e.len().min(d.len()).min(profile.grade_pct.len());
    let mut out = Vec::new();
    let mut floor = 0; // the top of a descent cannot lie before the previous bottom
    let mut i = 0;
    while i < n {
        if profile.grade_pct[i] > -params.enter_grade_pct {
            i += 1;
            continue;
        }
        // Walk forward to a first bottom, then use the descent's own grade to tell a gentle
        // run-in or run-out (the flat before or after it) from the descent itself.
        let first = walk_forward(e, d, i, n, params.exit_grade_pct, params);
        let grade0 = if d[first] > d[i] {
            (e[i] - e[first]) / (d[first] - d[i]) * 100.0
        } else {
            0.0
        };
        let thr = params
            .exit_grade_pct
            .max((params.runout_ratio * grade0.max(0.0)).min(params.runout_max_pct));
        let bottom = walk_forward(e, d, i, n, thr, params);
        let top = walk_back(e, d, i, floor, thr, params);
        let ((a, top_m), (b, bottom_m)) = refine_ends(profile, top, bottom, floor, thr);
        let h = hinge_half_window(profile, a, b);
        let drop_m = hinge_value(profile, top_m, h) - hinge_value(profile, bottom_m, h);
        let length_m = bottom_m - top_m;
        if b > a
            && length_m >= params.min_length_m
            && drop_m >= params.min_drop_m
            && drop_m / length_m * 100.0 >= params.min_grade_pct
        {
            out.push(Located {
                top: a,
                bottom: b,
                top_m,
                bottom_m,
                drop_m,
            });
            floor = b;
        }
        i = bottom.max(i) + 1;
    }
    out
}

/// From `i`, the last new low reached at an average grade of at least `thr_pct` from the
/// previous one, before a rise of `max_rise_m` or `max_flat_m` without a new low.
fn walk_forward(
    e: &[f64],
    d: &[f64],
    i: usize,
    n: usize,
    thr_pct: f64,
    params: &DescentParams,
) -> usize {
    let mut bottom = i;
    let mut k = i;
    while k + 1 < n {
        k += 1;
        if e[k] < e[bottom] && e[bottom] - e[k] >= thr_pct / 100.0 * (d[k] - d[bottom]) {
            bottom = k;
        } else if d[k] - d[bottom] > params.max_flat_m || e[k] - e[bottom] > params.max_rise_m {
            break;
        }
    }
    bottom
}

/// The mirror of [`walk_forward`]: the top, not before `floor`.
fn walk_back(
    e: &[f64],
    d: &[f64],
    i: usize,
    floor: usize,
    thr_pct: f64,
    params: &DescentParams,
) -> usize {
    let mut top = i;
    let mut j = i;
    while j > floor {
        j -= 1;
        if e[j] > e[top] && e[j] - e[top] >= thr_pct / 100.0 * (d[top] - d[j]) {
            top = j;
        } else if d[top] - d[j] > params.max_flat_m || e[top] - e[j] > params.max_rise_m {
            break;
        }
    }
    top
}

#[cfg(test)]
mod detect_tests {
    use super::*;
    use crate::track::AltitudeSource;

    /// A profile from elevations on a 5 m grid (no smoothing).
    fn profile(z: &[f64]) -> Profile {
        let n = z.len();
        let d: Vec<f64> = (0..n).map(|i| i as f64 * 5.0).collect();
        let grade = (0..n)
            .map(|i| {
                let (a, b) = (i.saturating_sub(1), (i + 1).min(n - 1));
                (z[b] - z[a]) / (d[b] - d[a]) * 100.0
            })
            .collect();
        Profile {
            step_m: 5.0,
            distance_m: d,
            elevation_m: z.to_vec(),
            time_s: None,
            altitude_source: AltitudeSource::Barometric,
            altitude_fine: true,
            raw_elevation_m: z.to_vec(),
            sample_distance_m: Vec::new(),
            sample_elevation_m: Vec::new(),
            moving_time_s: None,
            grade_pct: grade,
            track_index: vec![0; n],
            stops: Vec::new(),
        }
    }

    #[test]
    fn a_saw_tooth_of_three_reps_gives_three_descents() {
        // 100 m flat, then 3 x (100 m down at 9 %, 100 m up), 100 m flat.
        let mut z = vec![100.0; 21];
        for _ in 0..3 {
            for _ in 0..20 {
                let last = *z.last().unwrap();
                z.push(last - 0.45);
            }
            for _ in 0..20 {
                let last = *z.last().unwrap();
                z.push(last + 0.45);
            }
        }
        z.extend(std::iter::repeat_n(100.0, 20));
        let p = profile(&z);
        let found = locate_descents(&p, &DescentParams::default());
        assert_eq!(found.len(), 3, "{found:?}");
        for (k, at) in found.iter().enumerate() {
            assert_eq!(at.top, 20 + 40 * k, "{found:?}");
            assert_eq!(at.bottom, 40 + 40 * k, "{found:?}");
            assert!((at.top_m - 100.0 - 200.0 * k as f64).abs() < 0.01);
            assert!((at.drop_m - 9.0).abs() < 1e-6);
        }
    }
}
