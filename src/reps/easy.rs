//! The runner's easy speed: the median speed on near-flat ground outside the reps,
//! recoveries and hill passes.

use super::geom::{Path, median};
use super::{Group, Pass};

/// Median speed while moving on near-flat ground (|grade| <= 3 % over ~50 m each side)
/// outside reps, recoveries and the passes of the hills.
pub(super) fn easy_speed(path: &Path, groups: &[Group]) -> Option<f64> {
    let n = path.len();
    let mut busy = vec![false; n];
    for g in groups {
        for &Pass { a, b, .. } in g.down.iter().chain(g.up.iter()) {
            busy[a..=b.min(n - 1)].iter_mut().for_each(|x| *x = true);
        }
        for c in &g.reps {
            let end = c.rec.map(|r| r.1).unwrap_or(c.b).max(c.b);
            busy[c.a..=end.min(n - 1)]
                .iter_mut()
                .for_each(|x| *x = true);
        }
    }
    // The grade over +-50 m of path around each sample (`s` is non-decreasing, so the window
    // ends only move forward).
    let mut grade = Vec::with_capacity(n);
    let (mut a, mut b) = (0, 0);
    for i in 0..n {
        let s0 = path.s[i];
        while a < n && path.s[a] < s0 - 50.0 {
            a += 1;
        }
        while b < n && path.s[b] <= s0 + 50.0 {
            b += 1;
        }
        let (lo, hi) = (a.min(n - 1), b.min(n - 1));
        let ds = path.s[hi] - path.s[lo];
        grade.push(if ds < 40.0 {
            None
        } else {
            path.alt_at(hi)
                .zip(path.alt_at(lo))
                .map(|(zb, za)| (zb - za) / ds * 100.0)
        });
    }
    for max_grade in [3.0, 6.0, f64::INFINITY] {
        let v: Vec<f64> = (0..n)
            .filter(|&i| !busy[i] && path.speed[i] >= 1.0)
            .filter(|&i| max_grade.is_infinite() || grade[i].is_some_and(|g| g.abs() <= max_grade))
            .map(|i| path.speed[i])
            .collect();
        if v.len() >= 60 {
            return median(&v);
        }
    }
    None
}
