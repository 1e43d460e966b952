//! Whole-activity figures a runner recognizes: duration (elapsed and moving), distance,
//! elevation gain and loss.
//!
//! Gain and loss use a hysteresis on the raw altitudes, as GoldenCheetah and Runalyze do:
//! a change counts once the altitude has moved more than the threshold from the last turning
//! point. The threshold depends on the altitude source (barometric data is fine-grained,
//! GPS altitude wanders by metres), see [`SummaryParams`].

use serde::Serialize;

use crate::motion::Motion;
use crate::track::{AltitudeSource, Track};

/// Summary settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryParams {
    /// Gain/loss hysteresis for barometric altitude. Default 1 m: above the 0.1-0.3 m white
    /// noise and 0.2 m steps, below any real undulation a runner would count.
    pub hysteresis_baro_m: f64,
    /// Gain/loss hysteresis for GPS or unknown altitude. Default 5 m: GPS altitude errors of
    /// 5-10 m correlated over minutes would otherwise count as climbing.
    pub hysteresis_gps_m: f64,
}

impl Default for SummaryParams {
    fn default() -> Self {
        SummaryParams {
            hysteresis_baro_m: 1.0,
            hysteresis_gps_m: 5.0,
        }
    }
}

/// The whole-activity figures of one track.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Summary {
    /// The first point's time, s since the Unix epoch; `None` without times.
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    /// Clock time from the first timed point to the last, pauses included, s; `None`
    /// without times.
    pub elapsed_s: Option<f64>,
    /// Time spent moving (the motion's: standing and pauses excluded), s; `None` without
    /// times.
    pub moving_s: Option<f64>,
    /// Along-track distance from the first point to the last (the motion's), m; `None`
    /// without distance.
    pub distance_m: Option<f64>,
    /// Total climb, with the hysteresis of the altitude source, m; `None` without altitudes.
    pub gain_m: Option<f64>,
    /// Total descent, positive, with the same hysteresis, m; `None` without altitudes.
    pub loss_m: Option<f64>,
    /// Points kept after cleaning.
    pub points: usize,
    /// Points the file held (kept + dropped by cleaning).
    pub points_in_file: usize,
    /// Timer pauses and recording gaps in the track.
    pub pauses: usize,
    /// Laps the file recorded.
    pub laps: usize,
}

/// The whole-activity figures: times and distance from the track's [`Motion`] (the same
/// figures every other stage reads), gain and loss from the raw altitudes.
pub fn summarize(track: &Track, motion: &Motion, params: &SummaryParams) -> Summary {
    let start_s = track.start_time_s();
    let elapsed_s = start_s.zip(track.end_time_s()).map(|(a, b)| b - a);
    let distance_m = motion.total_distance_m();
    let hysteresis = match track.meta.altitude_source {
        AltitudeSource::Barometric | AltitudeSource::Dem => params.hysteresis_baro_m,
        AltitudeSource::Gps => params.hysteresis_gps_m,
        // Unknown: suit the hysteresis to the sample-to-sample noise actually measured
        // (4 sigma), between the barometric and GPS settings.
        AltitudeSource::Unknown => motion
            .altitude
            .noise
            .map(|n| n.white_m)
            .map(|s| (4.0 * s).clamp(params.hysteresis_baro_m, params.hysteresis_gps_m))
            .unwrap_or(params.hysteresis_gps_m),
    };
    let (gain_m, loss_m) =
        match gain_loss(track.points.iter().filter_map(|p| p.altitude_m), hysteresis) {
            Some((g, l)) => (Some(g), Some(l)),
            None => (None, None),
        };
    Summary {
        start_s,
        elapsed_s,
        moving_s: motion.moving_s,
        distance_m,
        gain_m,
        loss_m,
        points: track.points.len(),
        points_in_file: track.points.len()
            + track.cleaning.backward_times
            + track.cleaning.repeated_records
            + track.cleaning.duplicate_times
            + track.cleaning.empty_points,
        pauses: track.pauses.len(),
        laps: track.laps.len(),
    }
}

/// Total climb and descent with a hysteresis of `threshold_m`; `None` without altitudes.
pub fn gain_loss(alts: impl Iterator<Item = f64>, threshold_m: f64) -> Option<(f64, f64)> {
    let mut alts = alts.peekable();
    let mut anchor = *alts.peek()?;
    let (mut gain, mut loss) = (0.0, 0.0);
    for a in alts {
        let d = a - anchor;
        if d > threshold_m {
            gain += d;
            anchor = a;
        } else if d < -threshold_m {
            loss -= d;
            anchor = a;
        }
    }
    Some((gain, loss))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hysteresis_ignores_noise_below_the_threshold() {
        let noisy = [100.0, 100.5, 99.6, 100.4, 99.8, 100.2];
        assert_eq!(gain_loss(noisy.into_iter(), 1.0), Some((0.0, 0.0)));
        let hill = [100.0, 105.0, 110.0, 104.0, 100.0];
        assert_eq!(gain_loss(hill.into_iter(), 1.0), Some((10.0, 10.0)));
        assert_eq!(gain_loss(std::iter::empty(), 1.0), None);
    }
}
