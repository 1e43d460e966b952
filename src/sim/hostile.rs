//! Hostile geometry for the bounded-memory checks (issue 12): tracks no one ran, built to
//! make the distance grid as large as possible for their size.

use crate::track::{AltitudeSource, Track, TrackPoint};

/// `n` points alternating between two places `spacing_m` apart (east-west, at 46 N), so
/// every step adds `spacing_m` of track while the file stays small. With `dt_s`, one point
/// every `dt_s` seconds (4.9 km every 50 s is 98 m/s, just under the teleport speed);
/// without, untimed (a GPX route). The altitude climbs and falls 30 m over 7 points.
pub fn alternating(n: usize, spacing_m: f64, dt_s: Option<f64>) -> Track {
    let lat = 46.0_f64;
    let dlon = spacing_m / (crate::haversine::METRES_PER_DEGREE * lat.to_radians().cos());
    let mut t = Track::default();
    t.meta.sport = Some("running".into());
    t.meta.altitude_source = AltitudeSource::Barometric;
    t.points = (0..n)
        .map(|i| TrackPoint {
            time_s: dt_s.map(|dt| 1.7e9 + i as f64 * dt),
            lat_deg: Some(lat),
            lon_deg: Some(7.0 + if i % 2 == 0 { 0.0 } else { dlon }),
            altitude_m: Some(1000.0 + 10.0 * (i % 7) as f64 - if i % 14 < 7 { 0.0 } else { 30.0 }),
            ..TrackPoint::default()
        })
        .collect();
    t
}
