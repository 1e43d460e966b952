//! Building one rep from its sample range: length (ends extended), drop, moving time,
//! speeds, and the standard deviations of length, duration and speed.

use super::extend::{stand_ext, turnaround_ext};
use super::geom::{Path, median};
use super::recovery::recovery;
use super::{Cand, Rep, RepParams, RepSource};

/// Standard deviation of a speed `v` = distance / duration, from those of the distance and
/// the duration (independent, relative errors added in quadrature); `None` without a speed
/// or with nothing to divide by.
pub(crate) fn speed_sd_mps(
    v: Option<f64>,
    distance_m: f64,
    distance_sd_m: f64,
    duration_s: Option<f64>,
    duration_sd_s: f64,
) -> Option<f64> {
    let (v, t) = (v?, duration_s?);
    (distance_m > 0.0 && t > 0.0)
        .then(|| v * ((distance_sd_m / distance_m).powi(2) + (duration_sd_s / t).powi(2)).sqrt())
}

pub(crate) fn build_rep(path: &Path, c: &Cand, params: &RepParams) -> Rep {
    let (a, b) = (c.a, c.b);
    // Shuttle reps start and end where the runner turns around, between samples.
    // A rep that starts or ends standing starts or ends at the standing sample beside it.
    let (ext_m, ext_s) = if c.source == RepSource::Shuttle {
        let (x0, t0) = turnaround_ext(path, a, false, params.standing_speed_mps);
        let (x1, t1) = turnaround_ext(path, b, true, params.standing_speed_mps);
        let (y0, u0) = stand_ext(path, a, false, params.standing_speed_mps);
        let (y1, u1) = stand_ext(path, b, true, params.standing_speed_mps);
        (x0 + x1 + y0 + y1, t0 + t1 + u0 + u1)
    } else if c.source == RepSource::Repeat {
        let (y0, u0) = stand_ext(path, a, false, params.standing_speed_mps);
        let (y1, u1) = stand_ext(path, b, true, params.standing_speed_mps);
        (y0 + y1, u0 + u1)
    } else {
        (0.0, 0.0)
    };
    let distance_m = path.length(a, b) + ext_m;
    let drop_m = path
        .alt_at(a)
        .zip(path.alt_at(b))
        .map(|(x, y)| x - y)
        .unwrap_or(0.0);
    let moving = (path.moving_s(a, b) + ext_s).max(0.0);
    let v = (moving > 0.0).then(|| distance_m / moving);
    // Each end lies somewhere in the recording interval around its sample (uniform: sd
    // dt / sqrt 12), in time and, at the rep's speed, in position; the GPS errors of the two
    // ends are independent when the rep lasts much longer than their correlation time.
    let dt_a = sample_interval_s(path, a);
    let dt_b = sample_interval_s(path, b);
    let duration_sd_s = (dt_a.powi(2) + dt_b.powi(2)).sqrt() / 12f64.sqrt();
    let v_end = v.unwrap_or(0.0);
    let gps_sd = relative_position_sd_m(params, path.t[b] - path.t[a]);
    let distance_sd_m = (gps_sd.powi(2) + (v_end * duration_sd_s).powi(2)).sqrt();
    Rep {
        index: 0,
        hill: 0,
        set: 0,
        start_s: Some(path.t[a]),
        end_s: Some(path.t[b]),
        distance_m,
        drop_m,
        grade_pct: 0.0,
        pass_grade_pct: if distance_m > 0.0 {
            drop_m / distance_m * 100.0
        } else {
            0.0
        },
        band: String::new(),
        distance_sd_m,
        duration_s: Some(moving),
        duration_sd_s,
        avg_speed_mps: v,
        avg_speed_sd_mps: speed_sd_mps(v, distance_m, distance_sd_m, Some(moving), duration_sd_s),
        max_speed_mps: (a..=b)
            .filter(|&i| path.t[i] - path.t[a] >= 2.5 && path.t[b] - path.t[i] >= 2.5)
            .map(|i| path.displacement_speed(i, 2.5))
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
            .or((moving > 0.0).then(|| distance_m / moving)),
        cadence_spm: path.cadence_mean(a, b),
        heart_rate_bpm: path.heart_rate_mean(a, b),
        heart_rate_max_bpm: path.heart_rate_max(a, b),
        gap_speed_mps: None,
        source: c.source,
        descent: None,
        lap: None,
        recovery: c
            .rec
            .map(|(ra, rb, same)| recovery(path, ra, rb, same, params)),
    }
}

/// Samples on either side of a rep's end that tell its recording interval.
const SAMPLE_INTERVAL_REACH: usize = 5;

/// The recording interval at sample `i`: the median timer gap over the samples around it (a
/// pause on one side, paused time being left out of the timer, or one odd early sample
/// does not decide it).
pub(super) fn sample_interval_s(path: &Path, i: usize) -> f64 {
    let n = path.len();
    let lo = i.saturating_sub(SAMPLE_INTERVAL_REACH);
    let hi = (i + SAMPLE_INTERVAL_REACH).min(n.saturating_sub(1));
    let gaps: Vec<f64> = (lo..hi)
        .map(|k| path.timer[k + 1] - path.timer[k])
        .filter(|g| *g > 0.0)
        .collect();
    median(&gaps).unwrap_or(0.0)
}

/// Standard deviation of the distance between two GPS fixes `dt_s` apart that comes from
/// their errors: `sqrt(2 (1 - exp(-dt / tau))) sd` for an error wandering with correlation
/// time `tau` (nearby fixes share it, distant ones do not).
pub(crate) fn relative_position_sd_m(p: &RepParams, dt_s: f64) -> f64 {
    let shared = (-dt_s.abs() / p.position_tau_s.max(1e-9)).exp();
    (2.0 * (1.0 - shared)).sqrt() * p.position_sd_m
}
