//! Describing a recovery: how the runner got back up (walk, jog, lift, stand), how far,
//! how fast and how high.

use super::geom::Path;
use super::{Recovery, RecoveryKind, RepParams};

/// A recovery ending this close to its rep's start went back to it.
pub fn returned_within_m(p: &RepParams, rep_length_m: f64) -> f64 {
    p.returned_m.max(0.03 * rep_length_m)
}

pub(super) fn recovery(
    path: &Path,
    a: usize,
    b: usize,
    same_ground: bool,
    p: &RepParams,
) -> Recovery {
    let b = b.max(a);
    let duration_s = path.t[b] - path.t[a];
    let distance_m = path.length(a, b);
    // The recovery is how the runner moved back up: standing before (or after) it, at the
    // bottom or the top, does not make a walk a stand. Its moving part is the time spent
    // moving faster than standing (net displacement, not inflated by GPS jitter).
    let moving = moving_part_s(path, a, b, p.standing_speed_mps);
    let gain_m = path
        .alt_at(b)
        .zip(path.alt_at(a))
        .map(|(x, y)| (x - y).max(0.0))
        .unwrap_or(0.0);
    let avg = (moving > 0.0).then(|| distance_m / moving);
    let vert = (moving > 0.0).then(|| gain_m / moving);
    let cadence = path.cadence_mean(a, b);
    // A stand: the moving part is too short to be a way back (under 10 s or 20 m).
    let kind = if moving < 10.0 || distance_m < 20.0 || avg.unwrap_or(0.0) < 0.4 {
        RecoveryKind::Stand
    } else if max_climb_rate(path, a, b, 60.0) > p.lift_vertical_mps {
        RecoveryKind::Lift
    } else if let Some(c) = cadence {
        if c < p.walk_cadence_spm {
            RecoveryKind::Walk
        } else {
            RecoveryKind::Jog
        }
    } else if avg.unwrap_or(0.0) < p.walk_speed_mps {
        RecoveryKind::Walk
    } else {
        RecoveryKind::Jog
    };
    Recovery {
        kind,
        duration_s,
        distance_m,
        gain_m,
        avg_speed_mps: avg,
        vertical_speed_m_per_h: vert.map(|v| v * 3600.0),
        cadence_spm: cadence,
        heart_rate_bpm: path.heart_rate_mean(a, b),
        heart_rate_max_bpm: path.heart_rate_max(a, b),
        returned_to_start: false,
        end_from_start_m: None,
        end_from_start_sd_m: 0.0,
        return_radius_m: 0.0,
        same_ground,
    }
}

/// Time spent moving inside `a..=b`: intervals between samples whose net displacement
/// speed (over +-2 s) reaches half of `standing_speed_mps` at either end, so that standing
/// (GPS drift 0.1-0.3 m/s) does not count, whatever the recording interval.
fn moving_part_s(path: &Path, a: usize, b: usize, standing_speed_mps: f64) -> f64 {
    let b = b.min(path.len().saturating_sub(1));
    let v_min = 0.5 * standing_speed_mps;
    let mut tot = 0.0;
    for k in a..b {
        let dt = path.t[k + 1] - path.t[k];
        let seg_v = path.raw_dist(k, k + 1).unwrap_or(path.s[k + 1] - path.s[k]) / dt.max(1e-9);
        let moving = if dt > 3.0 {
            seg_v >= v_min
        } else {
            path.displacement_speed(k, 2.0)
                .max(path.displacement_speed(k + 1, 2.0))
                >= v_min
        };
        if moving {
            tot += dt;
        }
    }
    tot
}

/// Fastest climb over any `window_s` inside `a..=b`, m/s.
fn max_climb_rate(path: &Path, a: usize, b: usize, window_s: f64) -> f64 {
    let mut best = 0.0f64;
    let mut j = a;
    for i in a..=b {
        while j < b && path.t[j] - path.t[i] < window_s {
            j += 1;
        }
        let dt = path.t[j] - path.t[i];
        if dt >= window_s * 0.8
            && let (Some(zi), Some(zj)) = (path.alt_at(i), path.alt_at(j))
        {
            best = best.max((zj - zi) / dt);
        }
    }
    best
}
