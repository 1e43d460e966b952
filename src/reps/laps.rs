//! FIT laps that match reps (an athlete pressing lap at each rep, or a structured workout's
//! steps) confirm them, and cut their ends to the lap's when the two differ by little.

use super::geom::Path;
use super::{Cand, Rep, RepParams, build_rep};
use crate::track::Track;

/// Confirm (and cut) `reps` with the laps of `track`. Returns how many were confirmed.
pub fn apply(path: &Path, track: &Track, reps: &mut [Rep], p: &RepParams) -> usize {
    if track.laps.len() < 2 {
        return 0;
    }
    let mut confirmed = 0;
    for rep in reps.iter_mut() {
        let (Some(r0), Some(r1)) = (rep.start_s, rep.end_s) else {
            continue;
        };
        let best = track
            .laps
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let inter = (r1.min(l.end_s) - r0.max(l.start_s)).max(0.0);
                let union = r1.max(l.end_s) - r0.min(l.start_s);
                (i, if union > 0.0 { inter / union } else { 0.0 })
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((li, iou)) = best else { continue };
        if iou < p.lap_overlap {
            continue;
        }
        confirmed += 1;
        let lap = &track.laps[li];
        rep.lap = Some(li + 1);
        let cut = (lap.start_s - r0).abs() <= p.lap_cut_s && (lap.end_s - r1).abs() <= p.lap_cut_s;
        if cut && ((lap.start_s - r0).abs() > 0.5 || (lap.end_s - r1).abs() > 0.5) {
            let a = path.at_time(lap.start_s);
            let b = path
                .t
                .partition_point(|&t| t <= lap.end_s)
                .saturating_sub(1);
            if b > a {
                let c = Cand {
                    a,
                    b,
                    source: rep.source,
                    rec: None,
                };
                // The lap button tells when the rep began and ended; where it began and
                // ended stays the GPS's (the positions lag the clock by the receiver's
                // filter, so the track at the lap's end is still short of the rep's end),
                // measured as before: along the hill, pooled over the set.
                let fresh = build_rep(path, &c, p);
                rep.start_s = fresh.start_s;
                rep.end_s = fresh.end_s;
                rep.duration_s = fresh.duration_s;
                rep.duration_sd_s = fresh.duration_sd_s;
                rep.avg_speed_mps = fresh
                    .duration_s
                    .filter(|&t| t > 0.0)
                    .map(|t| rep.distance_m / t);
                rep.avg_speed_sd_mps = super::speed_sd_mps(
                    rep.avg_speed_mps,
                    rep.distance_m,
                    rep.distance_sd_m,
                    rep.duration_s,
                    rep.duration_sd_s,
                );
                rep.max_speed_mps = fresh.max_speed_mps;
                rep.cadence_spm = fresh.cadence_spm;
                rep.heart_rate_bpm = fresh.heart_rate_bpm;
                rep.heart_rate_max_bpm = fresh.heart_rate_max_bpm;
            }
        }
    }
    confirmed
}
