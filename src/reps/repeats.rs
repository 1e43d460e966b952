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
    /// A way back that climbs the descent's own ground for this fraction of its length is a
    /// rep's way back up, whatever the runner did at the top before the next rep (it may
    /// lose more than `max_return_loss_frac` there). Default 0.7: a second lap of a hilly
    /// loop never retraces its descent; the Lakewood long reps (`../shared/realdata`,
    /// 1.8 km jogged back up the same trail, then 18 minutes on other trails at the top)
    /// retrace 98 % of it.
    pub min_retraced_frac: f64,
    /// Two positions within this are the same ground for the retrace, metres (GPS error
    /// of both fixes, ~3 m each, and the width of a trail).
    pub retrace_radius_m: f64,
    /// Consecutive descents are one pass cut by a stop when the stretch between lasts at
    /// most this long... Default 300 s: waiting for others or letting someone pass; a
    /// longer break ends the pass.
    pub max_stop_s: f64,
    /// ...and climbs at most this fraction of the pieces' drop (plus the hysteresis).
    /// Default 0.1: the stop is on the way down, not a climb to another descent.
    pub max_stop_gain_frac: f64,
    /// A way back up at more than this fraction of the descent's own speed is no recovery:
    /// the runner ran on at one effort (a steady run over a loop that passes the same hill
    /// twice). Default 0.8: a jog back up runs at half to two thirds of the rep's speed, a
    /// walk slower still; a steady runner loses 10-20 % of speed uphill. Not applied off
    /// foot (a rider may climb as fast as a technical descent).
    pub max_return_speed_ratio: f64,
    /// A way back climbing faster than this is a lift (or a vehicle), whatever its speed,
    /// m/s. Default 0.7 (2500 m/h; the best vertical-kilometre runners climb ~0.55 m/s).
    pub lift_climb_mps: f64,
}

impl Default for RepeatParams {
    fn default() -> Self {
        RepeatParams {
            same_ground_m: 30.0,
            length_tolerance: 0.25,
            min_return_gain_frac: 0.6,
            max_return_loss_frac: 0.35,
            min_retraced_frac: 0.7,
            retrace_radius_m: 15.0,
            max_stop_s: 300.0,
            max_stop_gain_frac: 0.1,
            max_return_speed_ratio: 0.8,
            lift_climb_mps: 0.7,
        }
    }
}

/// `descents` followed by the chains of consecutive usable descents cut only by stops
/// ([`RepeatParams::max_stop_s`], [`RepeatParams::max_stop_gain_frac`]), each chain as one
/// descent from the first piece's start to the last piece's end; and which are usable.
pub fn with_chains(
    path: &Path,
    descents: &[Descent],
    usable: &[bool],
    hysteresis_m: f64,
    p: &RepeatParams,
) -> (Vec<Descent>, Vec<bool>) {
    let mut out = descents.to_vec();
    let mut ok = usable.to_vec();
    let mut k = 0;
    while k < descents.len() {
        let mut last = k;
        while last + 1 < descents.len() && usable[k] && usable[last + 1] {
            let (d0, d1) = (&descents[last], &descents[last + 1]);
            let (Some(e0), Some(s1)) = (d0.end_s, d1.start_s) else {
                break;
            };
            if s1 < e0 || s1 - e0 > p.max_stop_s {
                break;
            }
            let drop: f64 = descents[k..=last + 1].iter().map(|d| d.drop_m).sum();
            let (gain, _) = path.gain_loss(path.at_time(e0), path.at_time(s1), hysteresis_m);
            if gain > p.max_stop_gain_frac * drop + hysteresis_m {
                break;
            }
            last += 1;
        }
        if last > k {
            let (first, end) = (&descents[k], &descents[last]);
            let mut chain = first.clone();
            chain.end_s = end.end_s;
            chain.end_lat_deg = end.end_lat_deg;
            chain.end_lon_deg = end.end_lon_deg;
            chain.drop_m = descents[k..=last].iter().map(|d| d.drop_m).sum();
            chain.distance_m = match (first.start_s, end.end_s) {
                (Some(a), Some(b)) => path.length(path.at_time(a), path.at_time(b)),
                _ => descents[k..=last].iter().map(|d| d.distance_m).sum(),
            };
            chain.grade_pct = chain.drop_m / chain.distance_m.max(1.0) * 100.0;
            out.push(chain);
            ok.push(true);
        }
        k = last + 1;
    }
    (out, ok)
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
    if gain < p.min_return_gain_frac * drop {
        return false;
    }
    // A way back at the descent's own pace, unless a lift carried the runner up, is the
    // same run going on: no recovery.
    let moving = path.moving_s(a, b);
    if moving > 0.0 {
        let back_mps = (path.s[b] - path.s[a]) / moving;
        let lifted = gain / moving > p.lift_climb_mps;
        if d0
            .avg_speed_mps
            .is_some_and(|v| back_mps > p.max_return_speed_ratio * v)
            && !lifted
        {
            return false;
        }
    }
    if loss <= p.max_return_loss_frac * drop + h_m {
        return true;
    }
    let Some(d_start) = d0.start_s else {
        return false;
    };
    retraced_frac(path, path.at_time(d_start), a, a, b, p.retrace_radius_m) >= p.min_retraced_frac
}

/// Samples on either side that tell whether the way climbs there.
const CLIMB_REACH: usize = 10;

/// The fraction of the samples `a0..=b0` (a descent) that some sample of `a1..=b1` (the
/// way after it) passes within `radius_m` of. Linear: the way's positions go into a grid of
/// `radius_m` cells, each descent sample looks in the 3 x 3 cells around it. Only the
/// climbing parts of the way count.
fn retraced_frac(path: &Path, a0: usize, b0: usize, a1: usize, b1: usize, radius_m: f64) -> f64 {
    let n = path.len();
    let (b0, b1) = (b0.min(n.saturating_sub(1)), b1.min(n.saturating_sub(1)));
    let cell = |p: (f64, f64)| {
        (
            (p.0 / radius_m).floor() as i64,
            (p.1 / radius_m).floor() as i64,
        )
    };
    let mut grid: std::collections::HashMap<
        (i64, i64),
        Vec<(f64, f64)>,
        foldhash::fast::FixedState,
    > = Default::default();
    // Only where the way climbs: running down the same trail again (a second lap) is no
    // way back up.
    let climbing = |i: usize| {
        let (lo, hi) = (
            i.saturating_sub(CLIMB_REACH).max(a1),
            (i + CLIMB_REACH).min(b1),
        );
        path.alt_at(hi)
            .zip(path.alt_at(lo))
            .is_some_and(|(zh, zl)| zh > zl)
    };
    for p in (a1..=b1)
        .filter(|&i| climbing(i))
        .filter_map(|i| path.xy[i])
    {
        let c = cell(p);
        let v = grid.entry(c).or_default();
        // A cell needs few samples to answer "is any within radius": bound it.
        if v.len() < 16 {
            v.push(p);
        }
    }
    let (mut on, mut all) = (0usize, 0usize);
    for q in (a0..=b0).filter_map(|i| path.xy[i]) {
        all += 1;
        let (cx, cy) = cell(q);
        let hit = (cx - 1..=cx + 1).any(|x| {
            (cy - 1..=cy + 1).any(|y| {
                grid.get(&(x, y))
                    .is_some_and(|v| v.iter().any(|p| (p.0 - q.0).hypot(p.1 - q.1) <= radius_m))
            })
        });
        on += usize::from(hit);
    }
    if all == 0 {
        0.0
    } else {
        on as f64 / all as f64
    }
}
