//! Altitude judged from the data: the noise and quantization of a track's altitudes,
//! measured from the samples themselves, and what they allow. The device name (see
//! `io::device`) is a prior; the samples decide.

use crate::stats::median;
use crate::track::Track;

/// What the altitudes of one track look like.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct AltitudeNoise {
    /// Sample-to-sample white noise (m, 1 sigma), from the second differences of
    /// consecutive samples (robust: their median absolute value).
    pub white_m: f64,
    /// The step the altitudes are stored in (m), when they are on one (0.2 m for FIT).
    pub quantum_m: Option<f64>,
    /// Median time between samples, when timed.
    pub median_dt_s: Option<f64>,
    /// Samples the estimate rests on.
    pub samples: usize,
}

/// Fewest altitudes to say anything about their noise.
const MIN_SAMPLES: usize = 30;

/// The noise of `track`'s altitudes; `None` with fewer than 30 altitudes.
pub fn measure_noise(track: &Track) -> Option<AltitudeNoise> {
    let alts: Vec<(f64, Option<f64>)> = track
        .points
        .iter()
        .filter_map(|p| p.altitude_m.map(|a| (a, p.time_s)))
        .collect();
    if alts.len() < MIN_SAMPLES {
        return None;
    }
    let d2: Vec<f64> = alts
        .windows(3)
        .map(|w| (w[2].0 - 2.0 * w[1].0 + w[0].0).abs())
        .collect();
    let white_m = median(&d2)? / 0.674 / 6f64.sqrt();
    let dts: Vec<f64> = alts
        .windows(2)
        .filter_map(|w| Some(w[1].1? - w[0].1?))
        .filter(|dt| *dt > 0.0)
        .collect();
    Some(AltitudeNoise {
        white_m,
        quantum_m: quantum(alts.iter().map(|a| a.0)),
        median_dt_s: median(&dts),
        samples: alts.len(),
    })
}

/// The storage step of `alts`: the largest of 0.1, 0.2, 0.5 and 1 m that all altitudes
/// (but a few) are multiples of.
pub(crate) fn quantum(alts: impl Iterator<Item = f64>) -> Option<f64> {
    const STEPS: [f64; 4] = [1.0, 0.5, 0.2, 0.1];
    let alts: Vec<f64> = alts.collect();
    STEPS.into_iter().find(|q| {
        let on = alts
            .iter()
            .filter(|a| {
                let r = *a / q;
                (r - r.round()).abs() < 1e-3
            })
            .count();
        on as f64 >= 0.99 * alts.len() as f64
    })
}

/// Altitude disagreement on revisited ground: where the track passes within
/// `REVISIT_RADIUS_M` of where it was 2-20 minutes earlier, heading the same way or back,
/// the median absolute altitude difference (m) and the number of such pairs (from at most
/// `REVISIT_MAX_QUERIES` samples). Barometric altitude
/// agrees with itself to its drift (1-8 m/h: a few metres), GPS altitude wanders 5-10 m
/// over minutes; this tells them apart from the samples alone.
pub fn revisit_spread(track: &Track) -> Option<(f64, usize)> {
    let pts: Vec<(f64, f64, f64, f64)> = track
        .points
        .iter()
        .filter_map(|p| Some((p.lat_deg?, p.lon_deg?, p.altitude_m?, p.time_s?)))
        .collect();
    let (lat0, _, _, _) = *pts.first()?;
    let m_per_deg = 111_195.0;
    let kx = m_per_deg * lat0.to_radians().cos();
    let cell = |x: f64, y: f64| {
        (
            (x / REVISIT_RADIUS_M).floor() as i64,
            (y / REVISIT_RADIUS_M).floor() as i64,
        )
    };
    let xy: Vec<(f64, f64)> = pts.iter().map(|p| (p.1 * kx, p.0 * m_per_deg)).collect();
    // Unit heading at a sample, over +-2 samples (None where the runner stood); computed
    // only for the pairs compared.
    let heading = |i: usize| {
        let (a, b) = (xy[i.saturating_sub(2)], xy[(i + 2).min(xy.len() - 1)]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = dx.hypot(dy);
        (len > 2.0).then(|| (dx / len, dy / len))
    };
    // Same ground runs the same way or back: a path that only crosses (a junction, a bridge
    // over the trail) is not a revisit.
    let same_way = |a: (f64, f64), j: usize| {
        heading(j).is_some_and(|b| (a.0 * b.0 + a.1 * b.1).abs() >= REVISIT_MIN_ALIGN)
    };
    // Each 8 m cell remembers its latest few samples, laid down at least 3 m apart along the
    // way (a runner standing still adds nothing), and a bounded number of samples ask for
    // a revisit: the median needs hundreds of pairs, not every sample's.
    // foldhash (already in the tree through hashbrown): the cells are looked up ~10 times a
    // sample, and SipHash made this search 80 % of the motion stage.
    let mut grid: std::collections::HashMap<(i64, i64), Cell, foldhash::fast::FixedState> =
        Default::default();
    let mut diffs = Vec::new();
    let stride = (xy.len() / REVISIT_MAX_QUERIES).max(1);
    let mut last_laid: Option<(f64, f64)> = None;
    for (i, &(x, y)) in xy.iter().enumerate() {
        let (cx, cy) = cell(x, y);
        if i % stride == 0
            && let Some(here) = heading(i)
        {
            // The nearest earlier sample 2-20 minutes back, running the same way or back:
            // the cheap tests (time, distance) first, the heading last.
            let mut best: Option<(f64, usize)> = None;
            for gx in cx - 1..=cx + 1 {
                for gy in cy - 1..=cy + 1 {
                    for &j in grid.get(&(gx, gy)).map_or(&[][..], Cell::samples) {
                        let j = j as usize;
                        let apart_s = pts[i].3 - pts[j].3;
                        if !(REVISIT_MIN_APART_S..=REVISIT_MAX_APART_S).contains(&apart_s) {
                            continue;
                        }
                        let d2 = (xy[j].0 - x).powi(2) + (xy[j].1 - y).powi(2);
                        if d2 <= REVISIT_RADIUS_M.powi(2)
                            && best.is_none_or(|b| d2 < b.0)
                            && same_way(here, j)
                        {
                            best = Some((d2, j));
                        }
                    }
                }
            }
            if let Some((_, j)) = best {
                diffs.push((pts[i].2 - pts[j].2).abs());
            }
        }
        if last_laid.is_some_and(|(lx, ly)| (x - lx).hypot(y - ly) < REVISIT_LAY_STEP_M) {
            continue;
        }
        last_laid = Some((x, y));
        grid.entry((cx, cy)).or_default().lay(i as u32);
    }
    let n = diffs.len();
    Some((median(&diffs)?, n))
}

/// The latest samples laid in one cell, in a ring: no allocation per cell.
#[derive(Default)]
struct Cell {
    samples: [u32; REVISIT_CELL_CAP],
    len: usize,
    next: usize,
}

impl Cell {
    /// Lay sample `i`; the oldest goes when full (revisits are looked for at most 20
    /// minutes back).
    fn lay(&mut self, i: u32) {
        self.samples[self.next] = i;
        self.next = (self.next + 1) % REVISIT_CELL_CAP;
        self.len = (self.len + 1).min(REVISIT_CELL_CAP);
    }
    fn samples(&self) -> &[u32] {
        &self.samples[..self.len]
    }
}

/// How close (m) two samples must be to be on the same ground: GPS position error is ~3 m
/// per axis, so 8 m holds two fixes of one spot.
const REVISIT_RADIUS_M: f64 = 8.0;
/// How far apart in time (s) for a revisit: 2 minutes, longer than a barometer's lag and
/// long enough for GPS altitude to have wandered.
const REVISIT_MIN_APART_S: f64 = 120.0;
/// At most this far apart in time (s): 20 minutes, so that barometric drift (1-8 m/h)
/// adds at most ~2.5 m while GPS altitude (correlated over 2-7 minutes) has wandered anew.
const REVISIT_MAX_APART_S: f64 = 1200.0;
/// Two passes are on the same ground when their headings agree (or oppose) to within
/// ~25 degrees (|cos| >= 0.9).
const REVISIT_MIN_ALIGN: f64 = 0.9;
/// Samples kept per 8 m cell, the latest: bounds the search on ground passed many times.
const REVISIT_CELL_CAP: usize = 8;
/// Samples are laid in the cells at least this far apart (m): under a cell (8 m), so every
/// cell passed through holds one.
const REVISIT_LAY_STEP_M: f64 = 6.0;
/// Samples that look for a revisit, at most (evenly spread over the track).
const REVISIT_MAX_QUERIES: usize = 3000;

/// When the samples overrule the altitude source the file implies. Each default says why.
#[derive(Debug, Clone, PartialEq)]
pub struct AltitudeParams {
    /// Revisited ground that agrees within this (median, m) is fine-grained altitude, whatever
    /// the device. Default 3.0 m: barometric altitude agrees with itself within 20 minutes to
    /// its drift and noise (<= 2.5 m plus 0.2 m steps); on the barometric recordings of
    /// `../shared/realdata` with revisits, 14 of 17 agree within 3 m.
    pub consistent_max_m: f64,
    /// Revisited ground that disagrees by this much (median, m) or more is coarse altitude,
    /// whatever the device. Default 5.0 m: two independent readings of GPS altitude with a
    /// 5-10 m error differ by a median 4.8-9.5 m; a barometer that does is humped or stepped.
    pub wandering_min_m: f64,
    /// Fine-grained altitude has at most this much white noise (m, 1 sigma). Default 0.5 m:
    /// barometric white noise is 0.1-0.3 m (DOMAIN.md); GPS altitude that agrees with itself
    /// on revisits (a long-period error) but jitters more is still GPS.
    pub fine_max_white_m: f64,
    /// Drop standard deviation (m) of coarse altitude without revisits to measure it. Default
    /// 6 m: GPS altitude grades over 200 m are good to +-3 % (DOMAIN.md).
    pub coarse_prior_drop_sd_m: f64,
    /// Fewest revisit pairs to judge at all. Default 30: a median of 30 pairs is good to
    /// about a fifth of the spread; fewer leave the file's own word standing.
    pub min_pairs: usize,
}

impl Default for AltitudeParams {
    fn default() -> Self {
        AltitudeParams {
            consistent_max_m: 3.0,
            wandering_min_m: 5.0,
            fine_max_white_m: 0.5,
            coarse_prior_drop_sd_m: 6.0,
            min_pairs: 30,
        }
    }
}

/// What the samples say of their altitude, and how the analysis will treat it.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct AltitudeJudgement {
    /// Sample-level noise and storage step; `None` with fewer than 30 altitudes.
    pub noise: Option<AltitudeNoise>,
    /// Median altitude disagreement on revisited ground (m), with enough revisits.
    pub revisit_spread_m: Option<f64>,
    /// Revisit pairs found (2-20 minutes apart, within 8 m).
    pub revisit_pairs: usize,
    /// Fine-grained (barometric-like): short grades are measurable on their own. Coarse
    /// altitude is smoothed harder and its short descents are low-confidence.
    pub fine: bool,
    /// Standard deviation (m) of the altitude difference between the two ends of one
    /// descent: from the white noise when fine, from the revisit spread when coarse (GPS
    /// prior: 6 m, DOMAIN.md's +-3 % over 200 m, without revisits). A single descent of
    /// length L has a grade good to +-2 x this / L (2 sigma).
    pub drop_sd_m: f64,
    /// The verdict differs from what the file's source implies (e.g. a barometer that
    /// disagrees with itself, or GPS altitude that agrees with itself).
    pub overruled: bool,
}

/// Judge `track`'s altitude from its samples, the file's source as the prior.
pub fn judge(track: &Track, params: &AltitudeParams) -> AltitudeJudgement {
    use crate::track::AltitudeSource;
    let noise = measure_noise(track);
    let (spread, pairs) = revisit_spread(track).unwrap_or((f64::NAN, 0));
    let revisit_spread_m = (pairs >= params.min_pairs).then_some(spread);
    let prior = track.meta.altitude_source.is_fine();
    let fine =
        if track.meta.altitude_source_given || track.meta.altitude_source == AltitudeSource::Dem {
            prior
        } else {
            match revisit_spread_m {
                Some(s) if s <= params.consistent_max_m => {
                    noise.is_none_or(|n| n.white_m <= params.fine_max_white_m)
                }
                Some(s) if s >= params.wandering_min_m => false,
                _ => prior,
            }
        };
    // The median of |N(0, s)| is 0.674 s; two readings differ with sd sqrt(2) x theirs.
    let drop_sd_m = if fine {
        let white = noise.map_or(0.1, |n| {
            n.white_m.max(n.quantum_m.unwrap_or(0.0) / 12f64.sqrt())
        });
        (2f64.sqrt() * white).max(0.1)
    } else {
        revisit_spread_m.map_or(params.coarse_prior_drop_sd_m, |s| s / 0.674)
    };
    AltitudeJudgement {
        noise,
        revisit_spread_m,
        revisit_pairs: pairs,
        fine,
        drop_sd_m,
        overruled: fine != prior,
    }
}

impl AltitudeJudgement {
    /// The shortest single descent whose grade is good to +-1 % (2 sigma), m.
    pub fn length_for_1pct_m(&self) -> f64 {
        2.0 * self.drop_sd_m / 0.01
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::{AltitudeSource, TrackPoint};

    /// Three laps of a 1 km circle at 3 m/s, 1 s samples, over terrain that rises and falls
    /// 10 m around the loop; `error(t)` is added to the true altitude.
    fn laps(source: AltitudeSource, error: impl Fn(f64) -> f64) -> Track {
        let r_m = 1000.0 / std::f64::consts::TAU;
        let points = (0..1000)
            .map(|i| {
                let t = i as f64;
                let a = t * 3.0 / r_m;
                let (x, y) = (r_m * a.cos(), r_m * a.sin());
                TrackPoint {
                    time_s: Some(1.7e9 + t),
                    lat_deg: Some(45.0 + y / 111_195.0),
                    lon_deg: Some(6.0 + x / (111_195.0 * 45f64.to_radians().cos())),
                    altitude_m: Some(500.0 + 10.0 * a.sin() + error(t)),
                    ..TrackPoint::default()
                }
            })
            .collect();
        let mut track = Track {
            points,
            ..Track::default()
        };
        track.meta.altitude_source = source;
        track
    }

    /// A deterministic pseudo-random sequence in [-1, 1].
    fn noise(seed: u64) -> impl Fn(f64) -> f64 {
        move |t| {
            let mut x = (t as u64)
                .wrapping_mul(6364136223846793005)
                .wrapping_add(seed);
            x ^= x >> 33;
            x = x.wrapping_mul(0xff51afd7ed558ccd);
            x ^= x >> 33;
            (x as f64 / u64::MAX as f64) * 2.0 - 1.0
        }
    }

    /// GPS-like altitude error: smooth, metres, wandering over minutes.
    fn wander(t: f64) -> f64 {
        8.0 * (t / 41.0).sin() + 8.0 * (t / 170.0 + 1.0).cos()
    }

    fn quantized(v: f64, q: f64) -> f64 {
        (v / q).round() * q
    }

    #[test]
    fn barometer_like_samples_are_fine_whatever_the_file_says() {
        let n = noise(1);
        let t = laps(AltitudeSource::Unknown, |t| {
            quantized(0.25 * n(t) + t / 3600.0 * 3.0, 0.2) - t / 3600.0 * 3.0
        });
        let j = judge(&t, &AltitudeParams::default());
        assert!(j.revisit_pairs >= 600, "{j:?}");
        assert!(j.revisit_spread_m.unwrap() < 1.0, "{j:?}");
        assert!(j.fine && j.overruled, "{j:?}");
        assert!(j.noise.unwrap().white_m < 0.3, "{j:?}");
        assert!(j.length_for_1pct_m() < 100.0, "{j:?}");
    }

    #[test]
    fn a_barometer_that_wanders_like_gps_is_coarse() {
        // Smooth wander of +-16 m (periods of minutes, unrelated to the 333 s lap).
        let t = laps(AltitudeSource::Barometric, wander);
        let j = judge(&t, &AltitudeParams::default());
        assert!(j.revisit_spread_m.unwrap() >= 5.0, "{j:?}");
        assert!(!j.fine && j.overruled, "{j:?}");
        assert!(j.drop_sd_m > 5.0, "{j:?}");
    }

    #[test]
    fn a_source_the_user_named_is_not_overruled() {
        let mut t = laps(AltitudeSource::Barometric, wander);
        t.meta.altitude_source_given = true;
        let j = judge(&t, &AltitudeParams::default());
        assert!(j.fine && !j.overruled, "{j:?}");
    }

    #[test]
    fn without_revisits_the_file_decides() {
        let mut t = laps(AltitudeSource::Gps, |_| 0.0);
        t.points.truncate(300); // under one lap: no ground is passed twice
        let j = judge(&t, &AltitudeParams::default());
        assert_eq!(j.revisit_spread_m, None);
        assert!(!j.fine && !j.overruled, "{j:?}");
        assert_eq!(
            j.drop_sd_m,
            AltitudeParams::default().coarse_prior_drop_sd_m
        );
    }

    #[test]
    fn the_storage_step_is_found() {
        assert_eq!(quantum([100.2, 100.4, 99.8].into_iter()), Some(0.2));
        assert_eq!(quantum([100.0, 101.0, 99.0].into_iter()), Some(1.0));
        assert_eq!(quantum([100.03, 100.41, 99.87].into_iter()), None);
    }
}
