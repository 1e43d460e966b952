//! Samples built from arbitrary bytes (any geometry: standing still, teleports, spikes,
//! untimed or unpositioned stretches, times going backwards), cleaned and run through the
//! motion, the profile grid, the descents and the reps. No panic, and what comes out holds:
//! the grid stays within its stated bound, every descent lies inside the track, with finite,
//! non-negative length and a time span that does not run backwards.
#![no_main]

use downhill::track::{Track, TrackPoint};
use libfuzzer_sys::fuzz_target;

/// Seven bytes per sample: flags, time step, and steps of latitude, longitude and altitude.
fn track_of(data: &[u8]) -> Track {
    let (mut t, mut lat, mut lon, mut alt) = (1.7e9, 45.0, 6.0, 500.0);
    let points = data
        .chunks_exact(7)
        .map(|c| {
            let flags = c[0];
            // Mostly 1 s; a high bit makes a long gap or a step back in time.
            t += match flags >> 6 {
                0 | 1 => f64::from(c[1] % 8),
                2 => f64::from(c[1]) * 60.0,
                _ => -f64::from(c[1] % 16),
            };
            let step = |b: u8, scale: f64| f64::from(b as i8) * scale;
            // Steps of up to ~1.4 m per unit, or (flag) kilometres: teleports.
            let far = if flags & 0x20 != 0 { 1e-2 } else { 1e-5 };
            lat = (lat + step(c[2], far) + step(c[3], far / 256.0)).clamp(-89.0, 89.0);
            lon = (lon + step(c[4], far)).clamp(-179.0, 179.0);
            alt += step(c[5], 0.1) + step(c[6], if flags & 0x10 != 0 { 1.0 } else { 0.0 });
            TrackPoint {
                time_s: (flags & 1 == 0).then_some(t),
                lat_deg: (flags & 2 == 0).then_some(lat),
                lon_deg: (flags & 2 == 0).then_some(lon),
                altitude_m: (flags & 4 == 0).then_some(alt),
                ..TrackPoint::default()
            }
        })
        .collect();
    Track {
        points,
        ..Track::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let mut track = track_of(data);
    downhill::clean::clean(&mut track);
    let a = downhill::analysis::analysis(&track, "fuzz", &Default::default());
    let n = track.points.len();
    if let Some(p) = &a.profile {
        assert!(
            p.distance_m.len() <= downhill::profile::max_grid_points(n),
            "grid of {} points for {n} samples",
            p.distance_m.len()
        );
    }
    let total = a.report.summary.distance_m.unwrap_or(f64::INFINITY);
    for d in &a.report.descents {
        assert!(d.distance_m.is_finite() && d.distance_m >= 0.0, "{d:?}");
        assert!(d.start_distance_m >= -1e-6, "{d:?}");
        assert!(
            d.start_distance_m + d.distance_m <= total * (1.0 + 1e-9) + 1e-3,
            "descent past the end of a {total} m track: {d:?}"
        );
        if let (Some(a), Some(b)) = (d.start_s, d.end_s) {
            assert!(b >= a, "descent ends before it starts: {d:?}");
        }
    }
    for r in &a.report.reps.reps {
        assert!(r.distance_m.is_finite() && r.distance_m >= 0.0, "{r:?}");
    }
});
