//! Repeats: the same descent found again and again by the descent detector, with any way
//! back up between (a lift, a loop road). Complements the shuttles (`shuttle.rs`), which
//! need the way back up to retrace the descent.
//!
//! Two descents are the same when their starts and their ends lie within the GPS error of
//! each other and their lengths agree. Consecutive members of a group form a set when the
//! stretch between them returns uphill: it climbs at least `min_return_gain_frac` of the
//! drop and loses little (a second lap of a hilly loop has other descents in between and is
//! not a rep set).

use super::geom::Path;
use crate::descent::Descent;

/// Repeat-detection settings (part of [`super::RepParams`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatParams {
    /// Starts (and ends) must lie within this distance, or 10 % of the length. Default 30 m.
    pub same_ground_m: f64,
    /// Lengths must agree within this fraction of the longer. Default 0.25.
    pub length_tolerance: f64,
    /// The way back must climb at least this fraction of the drop. Default 0.6.
    pub min_return_gain_frac: f64,
    /// The way back may lose at most this fraction of the drop (plus the hysteresis).
    /// Default 0.35.
    pub max_return_loss_frac: f64,
}

impl Default for RepeatParams {
    fn default() -> Self {
        RepeatParams {
            same_ground_m: 30.0,
            length_tolerance: 0.25,
            min_return_gain_frac: 0.6,
            max_return_loss_frac: 0.35,
        }
    }
}

/// Sets of descents (indices into `descents`), each in time order.
pub fn find_repeats(
    path: &Path,
    descents: &[Descent],
    usable: &[bool],
    hysteresis_m: f64,
    p: &RepeatParams,
) -> Vec<Vec<usize>> {
    type Ends = Option<((f64, f64), (f64, f64))>;
    let ends: Vec<Ends> = descents
        .iter()
        .map(|d| {
            let a = path.project(d.start_lat_deg?, d.start_lon_deg?);
            let b = path.project(d.end_lat_deg?, d.end_lon_deg?);
            Some((a, b))
        })
        .collect();
    let n = descents.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let d2 = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    for i in 0..n {
        for j in i + 1..n {
            if !usable[i] || !usable[j] {
                continue;
            }
            let (Some((sa, ea)), Some((sb, eb))) = (ends[i], ends[j]) else {
                continue;
            };
            let (li, lj) = (descents[i].distance_m, descents[j].distance_m);
            let longer = li.max(lj);
            if longer <= 0.0 || (li - lj).abs() > p.length_tolerance * longer {
                continue;
            }
            let tol = p.same_ground_m.max(0.1 * longer);
            if d2(sa, sb) <= tol && d2(ea, eb) <= tol {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        if usable[i] && ends[i].is_some() {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (_, mut g) in groups {
        g.sort_by(|&a, &b| {
            descents[a]
                .start_s
                .unwrap_or(0.0)
                .total_cmp(&descents[b].start_s.unwrap_or(0.0))
        });
        let mut set: Vec<usize> = Vec::new();
        for &i in &g {
            if let Some(&prev) = set.last() {
                let ok = returns_uphill(path, &descents[prev], &descents[i], hysteresis_m, p);
                if !ok {
                    if set.len() >= 2 {
                        out.push(std::mem::take(&mut set));
                    }
                    set.clear();
                }
            }
            set.push(i);
        }
        if set.len() >= 2 {
            out.push(set);
        }
    }
    out.sort_by_key(|s| s[0]);
    out
}

fn returns_uphill(path: &Path, d0: &Descent, d1: &Descent, h_m: f64, p: &RepeatParams) -> bool {
    let (Some(e0), Some(s1)) = (d0.end_s, d1.start_s) else {
        return false;
    };
    if s1 <= e0 {
        return false;
    }
    let (a, b) = (path.at_time(e0), path.at_time(s1));
    let (gain, loss) = path.gain_loss(a, b, h_m);
    let drop = d0.drop_m.max(1.0);
    gain >= p.min_return_gain_frac * drop && loss <= p.max_return_loss_frac * drop + h_m
}
