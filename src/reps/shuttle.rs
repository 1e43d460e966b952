//! Shuttles: running down and back up the same ground, found from the horizontal track
//! alone, then oriented by the altitudes pooled over all passes.
//!
//! Method (ours): resample the smoothed path on a distance grid; a turnaround is a grid point
//! `k` where the path folds back on itself, i.e. the positions `u` steps before and after `k`
//! stay within a tolerance for many `u` (a mirror test). The stretches between turnarounds are
//! legs; consecutive legs of agreeing length whose far ends meet form a chain. The legs of a
//! chain alternate direction; the parity whose legs lose height on average is the downhill
//! one. This does not need the descent detector, which is why it also works with GPS
//! altitude, where an 80 m rep at 8 % (6 m drop) is lost in 5-10 m of altitude error.

use super::geom::{Path, median};

/// Shuttle-detection settings (part of [`super::RepParams`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ShuttleParams {
    /// Grid step. Default 5 m: the profile's grid, a quarter of the shortest plausible rep.
    pub step_m: f64,
    /// Positions before and after a turnaround must stay within this distance (plus 10 % of
    /// the distance from the turnaround, at most 45 m). Default 15 m: GPS error of two
    /// passes a minute apart (~3 m per axis each) plus the width of a road.
    pub mirror_tol_m: f64,
    /// Shortest leg. Default 30 m: shorter back-and-forth is turning around, not a rep.
    pub min_leg_m: f64,
    /// Consecutive legs must agree in length within this ratio. Default 0.7.
    pub min_length_ratio: f64,
    /// The far ends of consecutive legs must lie within this distance (or 15 % of the leg).
    /// Default 30 m: the GPS error the issue allows for "the same ground".
    pub same_ground_m: f64,
    /// Pooled grade below which a shuttle is flat strides, not downhill reps. Default 3 %.
    pub min_grade_pct: f64,
    /// Within 5-15 m of a turnaround the two sides must lie this close on average (recorded
    /// positions). Default 9 m: a runner turning back retraces the same points (1-8 m apart
    /// with GPS error, measured on simulated sessions); hairpins leave 7-12 m. Between 6.5 m
    /// and this, the fold must run on for 150 m (hairpins fold for under 100 m), and folds the
    /// runner passed through are told apart by the altitude: both sides keep descending.
    pub apex_gap_m: f64,
    /// The longest fold measured from a turnaround, each way. Default 6000 m (1200 steps):
    /// longer than any rep leg; past it a fold only says the runner retraced a long road.
    pub max_fold_m: f64,
    /// Mirror comparisons allowed for the whole track, per grid point. Default 64: real
    /// sessions use a few per point (a fold is long only at the few turnarounds), while a
    /// track that zigzags on short legs for hours folds for kilometres at every turn and made
    /// the search cost `max_fold_m / step_m` comparisons per point (2.5 s on one corrupt FIT).
    /// Once spent, folds are measured up to [`FOLD_AFTER_BUDGET_M`] only.
    pub fold_work_per_point: usize,
    /// A fold whose sides lie apart like a hairpin's is still a turnaround when the runner
    /// stood or nearly stood at its apex: the slowest (smoothed) speed within
    /// [`ShuttleParams::turn_stop_window_m`] of it is under this. Default 0.5 m/s: turning
    /// back reverses the velocity through zero (0-0.3 m/s measured at the bottom of walked-
    /// back reps), while passing a hairpin keeps at least a walk (about 1 m/s). GPS error
    /// between the run down and the walk back up leaves 6-8 m between the sides at some
    /// turnarounds, inside the hairpins' range.
    pub turn_stop_speed_mps: f64,
    /// How far either side of an apex its slowest speed is looked for. Default 10 m: two
    /// grid steps, the smoothing of the path's speed.
    pub turn_stop_window_m: f64,
}

/// How far a fold is measured once [`ShuttleParams::fold_work_per_point`] is spent: 160 m,
/// just past the 150 m that tells a turnaround from a hairpin, so turnarounds are still found.
pub const FOLD_AFTER_BUDGET_M: f64 = 160.0;

/// Samples this close to the slowest near a turn (m/s) are all "stood there": smoothed
/// speeds at a stand differ by GPS jitter.
const TURN_SPEED_TIE_MPS: f64 = 0.1;

/// How long after arriving at a turn a leg's height is read when the runner stood there
/// (s): a barometer's lag of 2-4 s (DOMAIN.md), with a second to spare.
const BARO_LAG_S: f64 = 5.0;

impl Default for ShuttleParams {
    fn default() -> Self {
        ShuttleParams {
            step_m: 5.0,
            mirror_tol_m: 15.0,
            min_leg_m: 30.0,
            min_length_ratio: 0.7,
            same_ground_m: 30.0,
            min_grade_pct: 3.0,
            apex_gap_m: 9.0,
            max_fold_m: 6000.0,
            fold_work_per_point: 64,
            turn_stop_speed_mps: 0.5,
            turn_stop_window_m: 10.0,
        }
    }
}

/// One pass between two turnarounds, as sample indices of the [`Path`].
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    /// First sample of the leg.
    pub a: usize,
    /// Last sample of the leg.
    pub b: usize,
    /// Horizontal length along the fold, m.
    pub len_m: f64,
    /// Altitude change end minus start.
    pub dz_m: Option<f64>,
    /// The leg starts (ends) where the fold ends, not at a turnaround: the runner came (went)
    /// in line, and the end was placed by mirroring the neighbouring leg.
    pub open_start: bool,
    /// The leg ends where the fold ends, not at a turnaround (see `open_start`).
    pub open_end: bool,
}

/// A chain of alternating legs over one hill.
#[derive(Debug, Clone, PartialEq)]
pub struct Shuttle {
    /// The legs in time order, alternating down and up.
    pub legs: Vec<Leg>,
    /// Legs at positions with this parity go downhill.
    pub down_parity: usize,
}

impl Shuttle {
    /// The downhill legs, each with its position in `legs`.
    pub fn down_legs(&self) -> impl Iterator<Item = (usize, &Leg)> {
        self.legs
            .iter()
            .enumerate()
            .filter(move |(i, _)| i % 2 == self.down_parity)
    }
}

struct Grid {
    xy: Vec<(f64, f64)>,
    /// The recorded (unsmoothed) positions at the same grid points.
    raw: Vec<(f64, f64)>,
    s: Vec<f64>,
}

fn build_grid(path: &Path, step: f64) -> Grid {
    let with: Vec<usize> = (0..path.len()).filter(|&i| path.xy[i].is_some()).collect();
    let mut g = Grid {
        xy: Vec::new(),
        raw: Vec::new(),
        s: Vec::new(),
    };
    if with.len() < 2 {
        return g;
    }
    let s0 = path.s[with[0]];
    let s1 = path.s[*with.last().unwrap_or(&with[0])];
    if crate::profile::exceeds_grid_bound(s1 - s0, step, with.len()) {
        return g; // no track to resample (see `profile::max_grid_points`)
    }
    let mut j = 0usize;
    let mut sk = s0;
    while sk <= s1 {
        while j + 1 < with.len() && path.s[with[j + 1]] < sk {
            j += 1;
        }
        let i0 = with[j];
        let i1 = with[(j + 1).min(with.len() - 1)];
        let (p0, p1) = (
            path.xy[i0].unwrap_or_default(),
            path.xy[i1].unwrap_or_default(),
        );
        let ds = path.s[i1] - path.s[i0];
        let f = if ds > 1e-9 {
            ((sk - path.s[i0]) / ds).clamp(0.0, 1.0)
        } else {
            0.0
        };
        g.xy.push((p0.0 + f * (p1.0 - p0.0), p0.1 + f * (p1.1 - p0.1)));
        let (r0, r1) = (path.raw_xy[i0].unwrap_or(p0), path.raw_xy[i1].unwrap_or(p1));
        g.raw
            .push((r0.0 + f * (r1.0 - r0.0), r0.1 + f * (r1.1 - r0.1)));
        g.s.push(sk);
        sk += step;
    }
    g
}

fn d2(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The fold at a grid point: its mirror length and how far its two sides reach from it.
struct Fold {
    /// Mirror length in grid steps.
    u: usize,
    /// The farthest the path gets from the apex within the fold, on the side after it and
    /// on the side before it (metres).
    reach_after_m: f64,
    reach_before_m: f64,
}

/// The fold at `k`, measured up to `max_u` steps each way. Also returns the comparisons made.
fn arm(g: &Grid, k: usize, p: &ShuttleParams, max_u: usize) -> (Fold, usize) {
    let n = g.xy.len();
    let mut fold = Fold {
        u: 0,
        reach_after_m: 0.0,
        reach_before_m: 0.0,
    };
    let (mut after, mut before) = (0.0f64, 0.0f64);
    let mut misses = 0;
    let mut work = 0;
    for u in 1..=max_u {
        if u > k || k + u >= n {
            break;
        }
        work += 1;
        after = after.max(d2(g.xy[k + u], g.xy[k]));
        before = before.max(d2(g.xy[k - u], g.xy[k]));
        let tol = (p.mirror_tol_m + 0.05 * u as f64 * p.step_m).min(2.0 * p.mirror_tol_m);
        if d2(g.xy[k - u], g.xy[k + u]) <= tol {
            fold = Fold {
                u,
                reach_after_m: after,
                reach_before_m: before,
            };
            misses = 0;
        } else {
            misses += 1;
            if misses > 2 {
                break;
            }
        }
    }
    (fold, work)
}

/// Find the shuttles of `path`.
///
/// Cost: O(n) in the grid points `n`: the mirror comparisons are bounded by
/// [`ShuttleParams::fold_work_per_point`] per point (then [`FOLD_AFTER_BUDGET_M`] per point),
/// and every later pass is linear or `n log n`.
pub fn find_shuttles(path: &Path, p: &ShuttleParams) -> Vec<Shuttle> {
    find_shuttles_counted(path, p).0
}

/// [`find_shuttles`], with the mirror comparisons it made (for the tests of its cost).
pub fn find_shuttles_counted(path: &Path, p: &ShuttleParams) -> (Vec<Shuttle>, usize) {
    let g = build_grid(path, p.step_m);
    let n = g.xy.len();
    if n < 5 {
        return (Vec::new(), 0);
    }
    let steps = |m: f64| (m / p.step_m).ceil().max(1.0) as usize;
    let min_u = (p.min_leg_m / p.step_m).ceil() as usize;
    let (max_u, short_u) = (steps(p.max_fold_m), steps(FOLD_AFTER_BUDGET_M));
    let budget = p.fold_work_per_point.saturating_mul(n);
    let mut work = 0usize;
    // Candidate turnarounds.
    let mut cand: Vec<(usize, usize)> = Vec::new();
    for k in 1..n - 1 {
        let (fold, w) = arm(&g, k, p, if work < budget { max_u } else { short_u });
        work += w;
        let u = fold.u;
        if u >= min_u {
            let reach = fold.reach_after_m.min(fold.reach_before_m);
            // A hairpin also folds the path, but its two sides stay a road's width apart
            // right next to the apex; a runner turning back retraces the same points.
            let apex_gap = apex_gap(&g, k);
            // Measured on simulated sessions: turning back leaves 1-6 m (rarely up to 8 m, and
            // then the fold runs on for hundreds of metres); hairpins 7-12 m with folds under
            // 100 m. So a gap over 6.5 m needs a fold of 150 m or more.
            let hairpin_like =
                apex_gap > 6.5 && (u as f64) * p.step_m < 150.0 && !stood_at(path, g.s[k], p);
            if reach >= 0.6 * p.min_leg_m && apex_gap <= p.apex_gap_m && !hairpin_like {
                cand.push((k, u));
            }
        }
    }
    // Non-maximum suppression within +-4 steps.
    let mut order: Vec<usize> = (0..cand.len()).collect();
    order.sort_by(|&a, &b| cand[b].1.cmp(&cand[a].1).then(cand[a].0.cmp(&cand[b].0)));
    let mut turns: Vec<(usize, usize)> = Vec::new();
    let mut taken = std::collections::BTreeSet::new();
    for i in order {
        let (k, u) = cand[i];
        if taken.range(k.saturating_sub(4)..=k + 4).next().is_none() {
            taken.insert(k);
            turns.push((k, u));
        }
    }
    turns.sort();
    drop_pass_throughs(path, &g, &mut turns);
    if turns.is_empty() {
        return (Vec::new(), work);
    }
    // Legs in grid units, with a flag "joined to the previous leg at a turnaround".
    let mut legs: Vec<(usize, usize, bool)> = Vec::new();
    // A leg that is not closed by a turnaround at both ends is clipped to the mirror of its
    // neighbour: the fold may continue a little past the neighbour's far end.
    // The mirror of a long leg may also break early (see below): when the fold covers at
    // least 40 % of the neighbour, the leg is as long as the neighbour.
    let clip = |u: usize, neighbour: Option<usize>| match neighbour {
        Some(l) if u >= l => u.min(l + l / 10 + 1),
        Some(l) if 5 * u >= 2 * l => l,
        _ => u,
    };
    let span_after = |i: usize| turns.get(i + 1).map(|t| t.0 - turns[i].0);
    let span_before = |i: usize| i.checked_sub(1).map(|j| turns[i].0 - turns[j].0);
    let (k1, u1) = turns[0];
    legs.push((k1.saturating_sub(clip(u1, span_after(0))), k1, false));
    for (i, w) in turns.windows(2).enumerate() {
        let ((ka, ua), (kb, ub)) = (w[0], w[1]);
        let span = kb - ka;
        // A fold whose sides lie apart like a hairpin's (over 8 m at the apex) may run
        // parallel to the previous pass for a while: it does not vouch for the leg.
        let tight = |k: usize| apex_gap(&g, k) <= 8.0;
        let (ca, cb) = (
            if tight(ka) { ua } else { 0 },
            if tight(kb) { ub } else { 0 },
        );
        // Joined when a fold covers the leg, or the folds from both ends overlap by a third
        // (the mirror of a long leg may break early: smoothing cuts corners differently at
        // different speeds). Folds that merely touch are two different stretches.
        if ca + 2 >= span || cb + 2 >= span || 3 * (ca + cb) >= 4 * span {
            legs.push((ka, kb, true));
        } else {
            legs.push((ka, (ka + clip(ua, span_before(i))).min(kb), true));
            legs.push((
                kb.saturating_sub(clip(ub, span_after(i + 1))).max(ka),
                kb,
                false,
            ));
        }
    }
    let m = turns.len() - 1;
    let (km, um) = turns[m];
    legs.push((km, (km + clip(um, span_before(m))).min(n - 1), true));
    let to_sample = |k: usize, start: bool| -> usize {
        let sk = g.s[k.min(n - 1)];
        if start {
            path.s.partition_point(|&s| s <= sk).saturating_sub(1)
        } else {
            path.s.partition_point(|&s| s < sk).min(path.len() - 1)
        }
    };
    let is_turn = |k: usize| turns.binary_search_by_key(&k, |t| t.0).is_ok();
    let nearest_sample = |k: usize| -> usize {
        let sk = g.s[k.min(n - 1)];
        let i = path.s.partition_point(|&s| s < sk).min(path.len() - 1);
        match i.checked_sub(1) {
            Some(h) if sk - path.s[h] < path.s[i] - sk => h,
            _ => i,
        }
    };
    // Where the runner turned: the slowest sample within `turn_stop_window_m` of the turn's
    // grid point when the runner stood there, the first of them (arriving) or the last
    // (leaving). The grid point may
    // sit a step before the apex, and with samples 5-10 s apart the sample before it is
    // 20 m up the leg: the leg would start mid-descent.
    let turned_at = |k: usize, leaving: bool| -> Option<usize> {
        let sk = g.s[k.min(n - 1)];
        let lo = path.s.partition_point(|&s| s < sk - p.turn_stop_window_m);
        let hi = path.s.partition_point(|&s| s <= sk + p.turn_stop_window_m);
        let slowest = path.speed[lo..hi]
            .iter()
            .copied()
            .fold(f64::INFINITY, f64::min);
        // Only a stand (or near it) marks the turn; a runner turning on the move leaves
        // the grid point's own sample.
        if slowest >= p.turn_stop_speed_mps {
            return None;
        }
        let near = |i: &usize| path.speed[*i] <= slowest + TURN_SPEED_TIE_MPS;
        if leaving {
            (lo..hi).rev().find(near)
        } else {
            (lo..hi).find(near)
        }
    };
    let mk = |(ka, kb): (usize, usize)| -> Leg {
        // An end that is no turnaround is where the fold gave out, itself uncertain by a
        // step or more: the nearest sample, not the one outside it (with samples 20-30 m
        // apart that one may lie on the warm-up, before a stand at the start mark).
        let end_at = |k: usize, start: bool| {
            if is_turn(k) {
                to_sample(k, start)
            } else {
                nearest_sample(k)
            }
        };
        let a = is_turn(ka)
            .then(|| turned_at(ka, true))
            .flatten()
            .unwrap_or_else(|| end_at(ka, true));
        let b = is_turn(kb)
            .then(|| turned_at(kb, false))
            .flatten()
            .unwrap_or_else(|| end_at(kb, false))
            .max(a);
        // The leg's height is read a barometer's lag after arriving at its far end when
        // the runner stood there: it lags 2-4 s, so on arrival it still misses a metre of
        // a short rep's 4 m, which it shows while the runner stands at the turn. Not later:
        // over a stand of minutes the air pressure drifts.
        let b_height = turned_at(kb, true).map_or(b, |leave| {
            let lagged = path.t[b] + BARO_LAG_S;
            (b..=leave.max(b))
                .find(|&i| path.t[i] >= lagged)
                .unwrap_or(leave)
                .max(b)
        });
        Leg {
            a,
            b,
            len_m: (kb - ka) as f64 * p.step_m,
            dz_m: path
                .alt_at(b_height)
                .zip(path.alt_at(a))
                .map(|(zb, za)| zb - za),
            open_start: !is_turn(ka),
            open_end: !is_turn(kb),
        }
    };
    // Chains.
    let mut out = Vec::new();
    let mut chain: Vec<(usize, usize)> = Vec::new();
    let flush = |chain: &mut Vec<(usize, usize)>, out: &mut Vec<Shuttle>| {
        if chain.len() >= 3 {
            let legs: Vec<Leg> = chain.iter().map(|&c| mk(c)).collect();
            if let Some(s) = orient(legs, path.fine, p) {
                out.push(s);
            }
        }
        chain.clear();
    };
    for &(ka, kb, joined) in &legs {
        if kb <= ka || ((kb - ka) as f64) * p.step_m < p.min_leg_m {
            flush(&mut chain, &mut out);
            continue;
        }
        if let Some(&(pa, pb)) = chain.last() {
            let ok = joined && pb == ka && {
                let (l1, l2) = ((pb - pa) as f64, (kb - ka) as f64);
                let ratio = l1.min(l2) / l1.max(l2);
                let tol = p.same_ground_m.max(0.15 * l1.max(l2) * p.step_m);
                ratio >= p.min_length_ratio && d2(g.xy[pa], g.xy[kb]) <= tol
            };
            if !ok {
                flush(&mut chain, &mut out);
            }
        }
        chain.push((ka, kb));
    }
    flush(&mut chain, &mut out);
    (out, work)
}

/// Whether the runner stood or nearly stood within [`ShuttleParams::turn_stop_window_m`] of
/// the along-track distance `s_m` (see [`ShuttleParams::turn_stop_speed_mps`]).
fn stood_at(path: &Path, s_m: f64, p: &ShuttleParams) -> bool {
    let lo = path.s.partition_point(|&s| s < s_m - p.turn_stop_window_m);
    let hi = path.s.partition_point(|&s| s <= s_m + p.turn_stop_window_m);
    path.speed[lo.min(hi)..hi]
        .iter()
        .any(|&v| v < p.turn_stop_speed_mps)
}

/// Mean distance between the two sides of a fold 5-15 m from its apex (recorded positions),
/// the smallest over the apex and its neighbours.
fn apex_gap(g: &Grid, k: usize) -> f64 {
    let n = g.raw.len();
    (k.saturating_sub(1)..=(k + 1).min(n.saturating_sub(2)))
        .map(|c| {
            let m: Vec<f64> = (1..=3)
                .filter(|&v| v <= c && c + v < n)
                .map(|v| d2(g.raw[c - v], g.raw[c + v]))
                .collect();
            m.iter().sum::<f64>() / m.len().max(1) as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// Remove the folds the runner passed through without turning back: a hairpin whose sides
/// both keep descending (or both keep climbing) is part of one pass, not two.
fn drop_pass_throughs(path: &Path, g: &Grid, turns: &mut Vec<(usize, usize)>) {
    let n = g.s.len();
    let alt_at_grid = |k: usize| {
        let sk = g.s[k.min(n - 1)];
        let i = path.s.partition_point(|&s| s < sk).min(path.len() - 1);
        path.alt_at(i)
    };
    // A turn is tested against its kept neighbour before and the next turn after; when one
    // is removed, the kept turn before it sees a new neighbour and is tested again. A stack of
    // kept turns does this in one pass (the same removals as restarting the scan after each,
    // without the quadratic cost of removing from the middle of a vector).
    let pass_through = |prev: usize, (k, _): (usize, usize), next: usize| -> bool {
        let (Some(zp), Some(zk), Some(zn)) = (alt_at_grid(prev), alt_at_grid(k), alt_at_grid(next))
        else {
            return false;
        };
        let (d1, d2) = (zk - zp, zn - zk);
        // GPS altitude wanders by several metres within a minute: demand much more, unless
        // the fold's sides lie apart like a hairpin's (over 6.5 m; turning back on the
        // spot leaves 1-8 m).
        let base = if path.fine || apex_gap(g, k) > 6.5 {
            1.0
        } else {
            10.0
        };
        let sig =
            |dz: f64, steps: usize| dz.abs() >= base + 0.02 * steps as f64 * (g.s[1] - g.s[0]);
        d1 * d2 > 0.0 && sig(d1, k - prev) && sig(d2, next - k)
    };
    let prev_of = |kept: &[(usize, usize)], (k, u): (usize, usize)| {
        kept.last().map_or(k.saturating_sub(u), |t| t.0)
    };
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(turns.len());
    for (i, t) in turns.iter().copied().enumerate() {
        let next_of = |(k, u): (usize, usize)| turns.get(i + 1).map_or((k + u).min(n - 1), |t| t.0);
        if pass_through(prev_of(&kept, t), t, next_of(t)) {
            // The kept turn before sees this turn's next now.
            while let Some(&top) = kept.last() {
                let below = prev_of(&kept[..kept.len() - 1], top);
                if !pass_through(below, top, next_of(top)) {
                    break;
                }
                kept.pop();
            }
            continue;
        }
        kept.push(t);
    }
    *turns = kept;
}

/// Decide which parity goes down; `None` when the chain is not a downhill shuttle.
fn orient(legs: Vec<Leg>, fine: bool, p: &ShuttleParams) -> Option<Shuttle> {
    let dz = |par: usize| -> Vec<f64> {
        legs.iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == par)
            .filter_map(|(_, l)| l.dz_m)
            .collect()
    };
    let (d0, d1) = (dz(0), dz(1));
    let lens: Vec<f64> = legs.iter().map(|l| l.len_m).collect();
    let len = median(&lens)?;
    let down_parity = if !d0.is_empty() && !d1.is_empty() {
        let m0 = d0.iter().sum::<f64>() / d0.len() as f64;
        let m1 = d1.iter().sum::<f64>() / d1.len() as f64;
        let (down, up) = if m0 < m1 { (m0, m1) } else { (m1, m0) };
        if down >= 0.0 || up <= 0.0 {
            return None;
        }
        let grade = (up - down) / 2.0 / len * 100.0;
        if grade < p.min_grade_pct {
            return None;
        }
        let down_parity = if m0 < m1 { 0 } else { 1 };
        // Each leg must do its part (a fold at a hairpin near a summit pairs a climb with a
        // flat, which pooling alone lets through). Barometric: every leg but the first and
        // last (which may be cut short) goes its parity's way by a quarter of the mean height
        // difference. GPS altitude wanders by metres within a leg: only the sign, in three
        // legs of five.
        let half = (up - down) / 2.0;
        let goes = |i: usize, l: &Leg, frac: f64| {
            l.dz_m.is_some_and(|dz| {
                if i % 2 == down_parity {
                    dz <= -frac * half
                } else {
                    dz >= frac * half
                }
            })
        };
        let ok = if fine {
            let last = legs.len() - 1;
            legs.iter()
                .enumerate()
                .all(|(i, l)| i == 0 || i == last || goes(i, l, 0.25))
        } else {
            let good = legs
                .iter()
                .enumerate()
                .filter(|(i, l)| goes(*i, l, 0.0))
                .count();
            good as f64 >= 0.6 * legs.len() as f64
        };
        if !ok {
            return None;
        }
        down_parity
    } else {
        // Without altitude nothing says which way is down: flat strides look the same.
        return None;
    };
    let n_down = legs
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == down_parity)
        .count();
    (n_down >= 2).then_some(Shuttle { legs, down_parity })
}
