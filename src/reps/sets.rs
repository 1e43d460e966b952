//! Grouping reps into sets: shuttle legs, repeated descents (and a final rep after a
//! set), and fast phases inside long reps and long descents.

use super::geom::{Path, median};
use super::trim::trim;
use super::{RepParams, RepSource, hills, intervals, overlap, repeats, shuttle};
use crate::descent::Descent;

/// A rep before numbering: sample range of the path, plus what it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub a: usize,
    pub b: usize,
    pub source: RepSource,
    /// Recovery sample range and whether it retraced the rep.
    pub rec: Option<(usize, usize, bool)>,
}

/// One pass over a hill (sample range of the path); open ends came or went in line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pass {
    pub a: usize,
    pub b: usize,
    pub open_start: bool,
    pub open_end: bool,
}

impl Pass {
    /// A pass whose ends are known (a descent's): the turnaround search does not move them
    /// outwards.
    pub(super) fn fixed(a: usize, b: usize) -> Pass {
        Pass {
            a,
            b,
            open_start: true,
            open_end: true,
        }
    }
}

/// A group of reps (one set) with the passes over its hill.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub reps: Vec<Cand>,
    pub down: Vec<Pass>,
    pub up: Vec<Pass>,
    pub source: RepSource,
}

impl Group {
    /// First and last sample of all its passes.
    fn span(&self) -> (usize, usize) {
        let all = self.down.iter().chain(self.up.iter());
        let a = all.clone().map(|p| p.a).min().unwrap_or(0);
        let b = all.map(|p| p.b).max().unwrap_or(0);
        (a, b)
    }
}

/// A recovery ends where the next rep starts.
fn link_recoveries(g: &mut Group) {
    for k in 0..g.reps.len().saturating_sub(1) {
        let next_a = g.reps[k + 1].a;
        if let Some(r) = g.reps[k].rec.as_mut() {
            r.1 = next_a;
        }
    }
}

/// The rep sets on `path`: shuttles and repeats among `descents`, each perhaps with one
/// more rep after it, then intervals inside long reps and inside long descents that are no
/// rep; in order of their first rep.
pub(super) fn find_groups(
    path: &Path,
    descents: &[Descent],
    fine: bool,
    params: &RepParams,
) -> Vec<Group> {
    let mut groups = Vec::new();
    for sh in shuttle::find_shuttles(path, &params.shuttle) {
        let mut g = Group {
            reps: Vec::new(),
            down: Vec::new(),
            up: Vec::new(),
            source: RepSource::Shuttle,
        };
        for (i, leg) in sh.legs.iter().enumerate() {
            if i % 2 == sh.down_parity {
                let (a, b) = path.extremes(leg.a, leg.b, leg.open_start, leg.open_end);
                let (a, b) = trim(path, a, b, params.standing_speed_mps);
                let rec = sh.legs.get(i + 1).map(|n| (b, n.b, true));
                g.reps.push(Cand {
                    a,
                    b,
                    source: RepSource::Shuttle,
                    rec,
                });
                g.down.push(Pass {
                    a: leg.a,
                    b: leg.b,
                    open_start: leg.open_start,
                    open_end: leg.open_end,
                });
            } else {
                g.up.push(Pass {
                    a: leg.a,
                    b: leg.b,
                    open_start: leg.open_start,
                    open_end: leg.open_end,
                });
            }
        }
        // Remnants of trimming (a few metres between two stops) are no reps.
        g.reps
            .retain(|c| path.length(c.a, c.b) >= 0.6 * params.shuttle.min_leg_m);
        // Where the folds from both ends of a leg are untrusted (hairpin-wide sides), the
        // leg ends one chain and begins the next: the two chains are one set, each rep and
        // pass once (the later copy, which knows its recovery).
        // (Half of the shorter copy: one of them may be clipped at an open end.)
        let same = |a: (usize, usize), b: (usize, usize)| {
            let (a0, a1, b0, b1) = (path.t[a.0], path.t[a.1], path.t[b.0], path.t[b.1]);
            overlap(a0, a1, b0, b1) >= 0.5 * (a1 - a0).min(b1 - b0).max(1e-9)
        };
        let continues = groups.last().is_some_and(|o: &Group| {
            o.source == RepSource::Shuttle
                && g.reps
                    .iter()
                    .any(|c| o.reps.iter().any(|r| same((c.a, c.b), (r.a, r.b))))
        });
        if continues && let Some(o) = groups.last_mut() {
            o.reps
                .retain(|r| !g.reps.iter().any(|c| same((c.a, c.b), (r.a, r.b))));
            for (mine, theirs) in [(&mut o.down, &g.down), (&mut o.up, &g.up)] {
                mine.retain(|p| !theirs.iter().any(|q| same((q.a, q.b), (p.a, p.b))));
            }
            o.reps.append(&mut g.reps);
            o.down.append(&mut g.down);
            o.up.append(&mut g.up);
            link_recoveries(o);
            continue;
        }
        if g.reps.len() < 2 {
            continue;
        }
        link_recoveries(&mut g);
        groups.push(g);
    }
    // Descents already inside a shuttle rep are not searched again.
    // (With GPS altitude a descent may span two short reps and the walk between.)
    let covered = |t0: f64, t1: f64, groups: &[Group]| {
        groups.iter().any(|g| {
            let (a, b) = g.span();
            overlap(t0, t1, path.t[a], path.t[b]) >= 0.5 * (t1 - t0).max(1e-9)
        })
    };
    let usable: Vec<bool> = descents
        .iter()
        .map(|d| match (d.start_s, d.end_s) {
            (Some(a), Some(b)) => !covered(a, b, &groups),
            _ => false,
        })
        .collect();
    let h = if fine { 1.0 } else { 5.0 };
    // A descent cut by stops (a rider or runner waiting on the trail) is one pass when it
    // goes on down: the chained pieces are candidates beside the pieces themselves.
    let (passes, pass_usable) = repeats::with_chains(path, descents, &usable, h, &params.repeat);
    let descents_in = descents;
    let descents = &passes[..];
    for set in repeats::find_repeats(path, descents, &pass_usable, h, &params.repeat) {
        let mut g = Group {
            reps: Vec::new(),
            down: Vec::new(),
            up: Vec::new(),
            source: RepSource::Repeat,
        };
        let ranges: Vec<(usize, usize)> = set
            .iter()
            .filter_map(|&i| {
                Some((
                    path.at_time(descents[i].start_s?),
                    path.at_time(descents[i].end_s?),
                ))
            })
            .collect();
        for (k, &(a, b)) in ranges.iter().enumerate() {
            let (a, b) = trim(path, a, b, params.standing_speed_mps);
            let rec = ranges.get(k + 1).map(|n| (b, n.0, false));
            g.reps.push(Cand {
                a,
                b,
                source: RepSource::Repeat,
                rec,
            });
            g.down.push(Pass::fixed(a, b));
        }
        groups.push(g);
    }
    let descents = descents_in;
    // The last rep of a set may have no way back up after it (the session ends at the bottom):
    // a descent after the set, from the set's top to its bottom and as long as its reps, is
    // one more rep, with no recovery.
    let in_time_order = descents.iter().all(|d| d.start_s.is_some())
        && descents
            .windows(2)
            .all(|w| w[0].start_s.zip(w[1].start_s).is_some_and(|(a, b)| a <= b));
    for gi in 0..groups.len() {
        add_final_rep(path, descents, in_time_order, &mut groups, gi, params);
    }
    // Intervals: inside long reps, and inside long descents that are no rep.
    // Reps of a set are long reps unless the alternation inside is strong and regular.
    let set_interval = params.interval.for_set_reps();
    for g in groups.iter_mut() {
        let mut out = Vec::new();
        let mut any = false;
        for c in &g.reps {
            match intervals::find_phases(path, c.a, c.b, &set_interval) {
                Some(ph) => {
                    any = true;
                    out.extend(phases_to_cands(&ph));
                }
                None => out.push(c.clone()),
            }
        }
        if any {
            g.reps = out;
            g.source = RepSource::Interval;
        }
    }
    for d in descents {
        let (Some(t0), Some(t1)) = (d.start_s, d.end_s) else {
            continue;
        };
        let inside = groups.iter().any(|g| {
            let (a, b) = g.span();
            overlap(t0, t1, path.t[a], path.t[b]) >= 0.5 * (t1 - t0).max(1e-9)
        });
        if inside {
            continue;
        }
        let (a, b) = (path.at_time(t0), path.at_time(t1));
        if let Some(ph) = intervals::find_phases(path, a, b, &params.interval) {
            groups.push(Group {
                reps: phases_to_cands(&ph),
                down: vec![Pass::fixed(a, b)],
                up: Vec::new(),
                source: RepSource::Interval,
            });
        }
    }
    groups.sort_by_key(|g| g.reps.first().map(|c| c.a).unwrap_or(0));
    groups.retain(|g| !g.reps.is_empty());
    groups
}

/// Append to group `gi` a descent that follows its last rep on the same ground (start
/// within `same_ground_m` or 15 % of the rep length of the set's top, end likewise of its
/// bottom) with a length within `min_length_ratio` of the set's median rep, that no other
/// group holds and that starts before the next group.
pub(super) fn add_final_rep(
    path: &Path,
    descents: &[Descent],
    in_time_order: bool,
    groups: &mut [Group],
    gi: usize,
    params: &RepParams,
) {
    let g = &groups[gi];
    if g.source == RepSource::Interval || g.reps.len() < 2 {
        return;
    }
    let Some(last) = g.reps.last() else { return };
    let last_end = last.rec.map(|r| r.1).unwrap_or(last.b).max(last.b);
    let (Some(top), Some(bottom)) = (
        hills::mean_xy(path, g.reps.iter().map(|c| c.a)),
        hills::mean_xy(path, g.reps.iter().map(|c| c.b)),
    ) else {
        return;
    };
    let lens: Vec<f64> = g.reps.iter().map(|c| path.length(c.a, c.b)).collect();
    let Some(len) = median(&lens) else { return };
    let tol = params.shuttle.same_ground_m.max(0.15 * len);
    let near = |i: usize, q: (f64, f64)| {
        path.xy[i].is_some_and(|p| ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt() <= tol)
    };
    let next_start = groups
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != gi)
        .map(|(_, h)| h.span().0)
        .filter(|&a| a > last_end)
        .min()
        .unwrap_or(usize::MAX);
    let taken = |a: usize, b: usize| {
        groups.iter().any(|h| {
            h.reps
                .iter()
                .any(|c| overlap(path.t[a], path.t[b], path.t[c.a], path.t[c.b]) > 0.0)
        })
    };
    let ratio = params.shuttle.min_length_ratio;
    // Only descents that start after the set's last rep (sample times are sorted: the
    // first sample at or after `start_s` is at or after `last_end` exactly when the sample
    // before `last_end` is earlier than `start_s`); the cheap tests go first, a track of
    // thousands of descents and sets would otherwise measure every descent for every set.
    // In time order, the descents that start after `last_end` follow each other, and those
    // from one that starts at or after `next_start` on cannot qualify.
    let after_last = |t: f64| last_end == 0 || path.t[last_end - 1] < t;
    let first = if in_time_order {
        descents.partition_point(|d| d.start_s.is_some_and(|t| !after_last(t)))
    } else {
        0
    };
    let before_next = |d: &&Descent| {
        !in_time_order
            || next_start >= path.len()
            || d.start_s.is_none_or(|t| path.at_time(t) < next_start)
    };
    let found = descents[first..]
        .iter()
        .take_while(before_next)
        .find_map(|d| {
            if !after_last(d.start_s?) {
                return None;
            }
            let (a, b) = (path.at_time(d.start_s?), path.at_time(d.end_s?));
            (a >= last_end && b < next_start && b > a)
                .then(|| path.length(a, b))
                .filter(|&l| l >= ratio * len && l * ratio <= len && !taken(a, b))
                .map(|_| (a, b))
                .and_then(|(a, b)| {
                    // The descent may start before the top or run on past the bottom: the rep is
                    // its part between the samples nearest to them.
                    let a2 = (a..=b).filter(|&i| near(i, top)).min_by(|&i, &j| {
                        let di = path.xy[i].map_or(f64::MAX, |p| (p.0 - top.0).hypot(p.1 - top.1));
                        let dj = path.xy[j].map_or(f64::MAX, |p| (p.0 - top.0).hypot(p.1 - top.1));
                        di.total_cmp(&dj)
                    })?;
                    let b2 = (a2..=b).filter(|&i| near(i, bottom)).min_by(|&i, &j| {
                        let di =
                            path.xy[i].map_or(f64::MAX, |p| (p.0 - bottom.0).hypot(p.1 - bottom.1));
                        let dj =
                            path.xy[j].map_or(f64::MAX, |p| (p.0 - bottom.0).hypot(p.1 - bottom.1));
                        di.total_cmp(&dj)
                    })?;
                    let l2 = path.length(a2, b2);
                    (l2 >= ratio * len && l2 * ratio <= len).then_some((a2, b2))
                })
        });
    let Some((a, b)) = found else { return };
    let (a, b) = trim(path, a, b, params.standing_speed_mps);
    let g = &mut groups[gi];
    let same = g.source == RepSource::Shuttle;
    if let Some(prev) = g.reps.last_mut() {
        match prev.rec.as_mut() {
            Some(r) => r.1 = a,
            None => prev.rec = Some((prev.b, a, same)),
        }
    }
    g.reps.push(Cand {
        a,
        b,
        source: g.source,
        rec: None,
    });
    g.down.push(Pass::fixed(a, b));
}

fn phases_to_cands(ph: &[intervals::Phase]) -> Vec<Cand> {
    let mut v = Vec::new();
    for (i, p) in ph.iter().enumerate() {
        if p.fast {
            let rec = ph.get(i + 1).filter(|n| !n.fast).map(|n| (n.a, n.b, false));
            v.push(Cand {
                a: p.a,
                b: p.b,
                source: RepSource::Interval,
                rec,
            });
        }
    }
    v
}
