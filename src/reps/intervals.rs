//! Downhill intervals inside one continuous descent (the article's 1' fast / 1' slow).
//!
//! Method: speed smoothed over ~11 samples; reference levels from the 15th and 85th
//! percentiles of the speeds *within the descent* (never the activity mean: the descent
//! itself raises the mean, which is why mean-based interval detectors fail here); a two-state
//! machine with hysteresis around the midpoint; phases shorter than the minimum are merged
//! into their neighbours, shortest first. The fast phases are the reps when there are enough
//! of them, they are regular, and fast is clearly faster than slow.

use super::geom::{Path, mean_std};

/// Interval-detection settings (part of [`super::RepParams`]).
#[derive(Debug, Clone, PartialEq)]
pub struct IntervalParams {
    /// Descents shorter than this are not searched. Default 240 s: three 1' fast phases with
    /// two slow ones between them need at least 5 minutes; 4 leaves room for shorter phases.
    pub min_descent_s: f64,
    /// Shortest phase. Default 30 s (the figure for 1'/1' alternation).
    pub min_phase_s: f64,
    /// Longest phase. Default 240 s: longer is a change of pace, not an interval.
    pub max_phase_s: f64,
    /// Fast phases must be at least this much faster than slow ones. Default 1.2.
    pub min_contrast: f64,
    /// Hysteresis as a fraction of the spread between the speed levels. Default 0.15.
    pub hysteresis_frac: f64,
    /// Fewest fast phases. Default 3: two speed changes can be terrain, three regular ones
    /// are a workout.
    pub min_fast_phases: usize,
    /// Largest coefficient of variation of the fast phases' durations. Default 0.45.
    pub max_duration_cv: f64,
    /// Every fast phase must be this much faster than each slow phase next to it (a real
    /// alternation, not one very fast stretch lifting the mean). Default 1.15: a technical
    /// trail swings the speed by +-12 % over ~40 m, so its "phases" differ by less.
    pub min_pair_contrast: f64,
    /// The fast phases are run at one effort: their grade-adjusted speeds (Kay's factor on
    /// each phase's own grade) vary by at most this coefficient. Default 0.15: intervals
    /// run by the clock vary by 2-6 % (tools/indsim, the own simulator); speed changes the
    /// terrain makes (a course's pace model, a trail's steps and bends) vary by 20 % and
    /// more (GRR and MAS course files in `../shared/realdata`: 22-25 %).
    pub max_fast_gap_cv: f64,
    /// A descent that is itself a rep of a repeated-hill set holds intervals only when the
    /// alternation is strong and regular: contrast at least this... Default 1.3.
    pub set_min_contrast: f64,
    /// ...and fast-phase durations varying by at most this coefficient. Default 0.3.
    pub set_max_duration_cv: f64,
}

impl IntervalParams {
    /// The stricter settings for descents that are reps of a repeated-hill set.
    pub fn for_set_reps(&self) -> IntervalParams {
        IntervalParams {
            min_contrast: self.min_contrast.max(self.set_min_contrast),
            min_pair_contrast: self.min_pair_contrast.max(self.set_min_contrast),
            max_duration_cv: self.max_duration_cv.min(self.set_max_duration_cv),
            ..self.clone()
        }
    }
}

impl Default for IntervalParams {
    fn default() -> Self {
        IntervalParams {
            min_descent_s: 240.0,
            min_phase_s: 30.0,
            max_phase_s: 240.0,
            min_contrast: 1.2,
            hysteresis_frac: 0.15,
            min_fast_phases: 3,
            max_duration_cv: 0.45,
            min_pair_contrast: 1.15,
            max_fast_gap_cv: 0.15,
            set_min_contrast: 1.3,
            set_max_duration_cv: 0.3,
        }
    }
}

/// A phase as sample indices of the path, `fast` or slow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Phase {
    /// First sample of the phase (the previous phase's last).
    pub a: usize,
    /// Last sample of the phase.
    pub b: usize,
    /// Whether it is a fast phase (a rep) rather than a slow one.
    pub fast: bool,
}

fn percentile(v: &[f64], q: f64) -> f64 {
    let mut w = v.to_vec();
    w.sort_by(|a, b| a.total_cmp(b));
    let i = ((w.len() - 1) as f64 * q).round() as usize;
    w[i.min(w.len() - 1)]
}

/// The phases of samples `a..=b` when they alternate like intervals, else `None`.
pub fn find_phases(path: &Path, a: usize, b: usize, p: &IntervalParams) -> Option<Vec<Phase>> {
    if b <= a + 4 || b >= path.len() || path.t[b] - path.t[a] < p.min_descent_s {
        return None;
    }
    let v: Vec<f64> = (a..=b)
        .map(|i| {
            let lo = i.saturating_sub(5).max(a);
            let hi = (i + 5).min(b);
            path.speed[lo..=hi].iter().sum::<f64>() / (hi - lo + 1) as f64
        })
        .collect();
    let lo = percentile(&v, 0.15);
    let hi = percentile(&v, 0.85);
    if lo.is_nan() || lo <= 0.0 || hi < lo * p.min_contrast {
        return None;
    }
    let mid = (lo + hi) / 2.0;
    let h = p.hysteresis_frac * (hi - lo);
    let mut fast = v[0] > mid;
    let mut phases: Vec<Phase> = Vec::new();
    let mut start = a;
    for (k, &x) in v.iter().enumerate() {
        let i = a + k;
        let flip = if fast { x < mid - h } else { x > mid + h };
        if flip {
            phases.push(Phase {
                a: start,
                b: i,
                fast,
            });
            start = i;
            fast = !fast;
        }
    }
    phases.push(Phase { a: start, b, fast });
    // Merge short phases, shortest first.
    let dur = |ph: &Phase| path.t[ph.b] - path.t[ph.a];
    while let Some((j, d)) = phases
        .iter()
        .enumerate()
        .map(|(j, ph)| (j, dur(ph)))
        .min_by(|x, y| x.1.total_cmp(&y.1))
    {
        if d >= p.min_phase_s || phases.len() < 2 {
            break;
        }
        // Absorb phase j into its neighbours (which share the other state).
        let lo_j = j.saturating_sub(1);
        let hi_j = (j + 1).min(phases.len() - 1);
        let merged = Phase {
            a: phases[lo_j].a,
            b: phases[hi_j].b,
            fast: if lo_j == j {
                phases[hi_j].fast
            } else {
                phases[lo_j].fast
            },
        };
        phases.splice(lo_j..=hi_j, [merged]);
    }
    let mean_speed = |ph: &Phase| {
        let dt = path.t[ph.b] - path.t[ph.a];
        if dt > 0.0 {
            (path.s[ph.b] - path.s[ph.a]) / dt
        } else {
            0.0
        }
    };
    let fast_ph: Vec<&Phase> = phases.iter().filter(|ph| ph.fast).collect();
    if fast_ph.len() < p.min_fast_phases {
        return None;
    }
    // Interior phases (not touching the descent's ends) must look like intervals.
    let interior = &phases[1..phases.len() - 1];
    if interior
        .iter()
        .any(|ph| dur(ph) > p.max_phase_s || dur(ph) < p.min_phase_s)
    {
        return None;
    }
    let fd: Vec<f64> = fast_ph.iter().map(|ph| dur(ph)).collect();
    let (m, sd) = mean_std(&fd);
    if sd / m > p.max_duration_cv {
        return None;
    }
    let vf: Vec<f64> = fast_ph.iter().map(|ph| mean_speed(ph)).collect();
    let vs: Vec<f64> = phases
        .iter()
        .filter(|ph| !ph.fast)
        .map(mean_speed)
        .collect();
    let (mf, ms) = (mean_std(&vf).0, mean_std(&vs).0);
    if ms.is_nan() || ms <= 0.0 || mf < ms * p.min_contrast {
        return None;
    }
    // Each interior fast phase against the slow phases beside it.
    for j in 1..phases.len().saturating_sub(1) {
        if !phases[j].fast {
            continue;
        }
        let vf = mean_speed(&phases[j]);
        for k in [j - 1, j + 1] {
            if !phases[k].fast && vf < mean_speed(&phases[k]) * p.min_pair_contrast {
                return None;
            }
        }
    }
    // A fast phase at either end of the descent is the run-in or run-out (running down at
    // ordinary speed before the first interval or after the last) unless it looks like the
    // interior fast phases: as fast (within 10 %) and as long (within half). As fast by the
    // median speed: a first interval started from standing spends its first seconds
    // accelerating (and a lagging GPS position shows it later), which takes 5-8 % off its
    // mean speed, not off its median.
    let median_speed = |ph: &Phase| super::geom::median(&path.speed[ph.a..=ph.b]).unwrap_or(0.0);
    let inner: Vec<&Phase> = interior.iter().filter(|ph| ph.fast).collect();
    if !inner.is_empty() {
        let iv: Vec<f64> = inner.iter().map(|ph| median_speed(ph)).collect();
        let id: Vec<f64> = inner.iter().map(|ph| dur(ph)).collect();
        let (v_ref, d_ref) = (mean_std(&iv).0, mean_std(&id).0);
        let last = phases.len() - 1;
        for end in [last, 0] {
            let ph = phases[end];
            if !ph.fast || phases.len() < 2 {
                continue;
            }
            let like = |ph: &Phase| {
                median_speed(ph) >= 0.9 * v_ref && (dur(ph) - d_ref).abs() <= 0.5 * d_ref
            };
            // A short run-in merged into the first fast phase (or a run-out into the last)
            // makes it too long: keep the part next to the intervals. Well over the interval
            // length, always; a little over (a run-in shorter than a phase, absorbed whole,
            // slowing the phase's mean), when that part looks like the intervals.
            let (cut_first, cut_last) = (
                path.t
                    .partition_point(|&t| t < path.t[ph.b] - d_ref)
                    .max(ph.a),
                path.t
                    .partition_point(|&t| t < path.t[ph.a] + d_ref)
                    .min(ph.b),
            );
            let kept = if end == 0 {
                Phase { a: cut_first, ..ph }
            } else {
                Phase { b: cut_last, ..ph }
            };
            if dur(&ph) > 1.5 * d_ref || dur(&ph) > 1.15 * d_ref && like(&kept) {
                if end == 0 {
                    let cut = cut_first;
                    phases[0].a = cut;
                    phases.insert(
                        0,
                        Phase {
                            a: ph.a,
                            b: cut,
                            fast: false,
                        },
                    );
                } else {
                    let cut = cut_last;
                    phases[end].b = cut;
                    phases.push(Phase {
                        a: cut,
                        b: ph.b,
                        fast: false,
                    });
                }
                continue;
            }
            if !like(&ph) {
                phases[end].fast = false;
            }
        }
    }
    let fast_ph: Vec<&Phase> = phases.iter().filter(|ph| ph.fast).collect();
    if fast_ph.len() < p.min_fast_phases {
        return None;
    }
    let gap: Vec<f64> = fast_ph
        .iter()
        .filter_map(|ph| {
            let ds = path.s[ph.b] - path.s[ph.a];
            let grade = (path.alt_at(ph.b)? - path.alt_at(ph.a)?) / ds.max(1.0) * 100.0;
            Some(crate::gap::flat_equivalent_speed_mps(mean_speed(ph), grade))
        })
        .collect();
    if gap.len() >= 2 {
        let (m, sd) = mean_std(&gap);
        if m > 0.0 && sd / m > p.max_fast_gap_cv {
            return None;
        }
    }
    Some(phases)
}
