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

/// `n` points of a saw-tooth run in a straight line (east, at 46 N), one point a second:
/// 65 m down at a grade and speed drawn for each descent (6-30 %, 1.5-6 m/s, never faster
/// than 1.8 m/s vertically, so none is set aside), then 65 m back up at 3 m/s. About one
/// descent per 45 points, spread over the grade-speed plane: many marks for a slope-speed
/// chart of its size. Deterministic for a `seed`.
pub fn many_descents(n: usize, seed: u64) -> Track {
    let lat = 46.0_f64;
    let m_per_deg_lon = crate::haversine::METRES_PER_DEGREE * lat.to_radians().cos();
    let mut state = seed;
    let mut uniform = move || {
        // A 64-bit LCG (Knuth's MMIX constants): enough to spread the marks.
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let leg_m = 65.0;
    let mut t = Track::default();
    t.meta.sport = Some("running".into());
    t.meta.altitude_source = AltitudeSource::Barometric;
    let (mut x_m, mut alt_m, mut leg_at_m) = (0.0, 1000.0, leg_m);
    let (mut down, mut grade, mut speed_mps) = (false, 0.0, 3.0);
    for i in 0..n {
        t.points.push(TrackPoint {
            time_s: Some(1.7e9 + i as f64),
            lat_deg: Some(lat),
            lon_deg: Some(7.0 + x_m / m_per_deg_lon),
            altitude_m: Some(alt_m),
            ..TrackPoint::default()
        });
        if x_m >= leg_at_m || i == 0 {
            down = !down || i == 0;
            leg_at_m = x_m + leg_m;
            if down {
                grade = 0.06 + 0.24 * uniform();
                speed_mps = (1.5 + 4.5 * uniform()).min(1.8 / grade);
            }
        }
        let v = if down { speed_mps } else { 3.0 };
        x_m += v;
        alt_m += if down { -grade } else { grade } * v;
    }
    t
}
