//! Tests of the repairs on small made-up tracks.

use super::*;
use crate::haversine::METRES_PER_DEGREE;

fn pt(t: f64, lat: f64, alt: f64) -> TrackPoint {
    TrackPoint {
        time_s: Some(1.7e9 + t),
        lat_deg: Some(lat),
        lon_deg: Some(6.0),
        altitude_m: Some(alt),
        ..Default::default()
    }
}

fn track_of(points: Vec<TrackPoint>) -> Track {
    Track {
        points,
        ..Default::default()
    }
}

/// A 1 Hz track from local east/north positions in metres around (46 N, 7 E).
fn local_track(xy: &[(f64, f64)]) -> Track {
    let m = METRES_PER_DEGREE;
    track_of(
        xy.iter()
            .enumerate()
            .map(|(i, &(x, y))| TrackPoint {
                time_s: Some(1.7e9 + i as f64),
                lat_deg: Some(46.0 + y / m),
                lon_deg: Some(7.0 + x / (m * 46f64.to_radians().cos())),
                altitude_m: Some(500.0),
                ..Default::default()
            })
            .collect(),
    )
}

fn local_xy(t: &Track, i: usize) -> (f64, f64) {
    let m = METRES_PER_DEGREE;
    let p = &t.points[i];
    (
        (p.lon_deg.unwrap() - 7.0) * m * 46f64.to_radians().cos(),
        (p.lat_deg.unwrap() - 46.0) * m,
    )
}

#[test]
fn gps_spikes_are_put_back_on_the_track() {
    // East at 4 m/s with a small wobble; a 2-sample spike of 25 m north at 40-41, a
    // 3-sample one of 18 m south at 80-82.
    let mut xy: Vec<(f64, f64)> = (0..120)
        .map(|i| (4.0 * i as f64, 0.4 * ((i * 7) % 5) as f64))
        .collect();
    let clean_m: f64 = xy
        .windows(2)
        .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
        .sum();
    for i in [40, 41] {
        xy[i].1 += 25.0;
    }
    for i in [80, 81, 82] {
        xy[i].1 -= 18.0;
    }
    let mut t = local_track(&xy);
    clean(&mut t);
    assert_eq!(t.cleaning.position_spikes, 5);
    for i in [40, 41, 80, 81, 82] {
        let (x, y) = local_xy(&t, i);
        assert!(
            (x - 4.0 * i as f64).abs() < 1.0 && y.abs() < 2.0,
            "{i}: {x} {y}"
        );
    }
    // The distance no longer counts the detours (4 x 25 m, 2 x 18 m).
    let d = t.points.last().unwrap().distance_m.unwrap();
    assert!((d - clean_m).abs() < 0.01 * clean_m, "{d} vs {clean_m}");
}

#[test]
fn altitude_spikes_are_put_back_between_their_neighbours() {
    // A barometer settling at the start (a real Fenix 2 FIT: 55, 142.4 x 3, 56 m), then
    // a steep real dip: 8 m down and up again over 40 m at 10 m/s (a cyclist).
    let xy: Vec<(f64, f64)> = (0..60).map(|i| (3.0 * i as f64, 0.0)).collect();
    let mut t = local_track(&xy);
    let mut z = vec![55.0, 142.4, 142.4, 142.4, 56.0];
    z.extend((5..60).map(|i| 56.0 + 0.1 * (i - 5) as f64));
    for (p, z) in t.points.iter_mut().zip(&z) {
        p.altitude_m = Some(*z);
    }
    let mut dip = local_track(&(0..20).map(|i| (10.0 * i as f64, 0.0)).collect::<Vec<_>>());
    let dz = [0.0, 0.0, 0.0, -4.0, -8.0, -4.0, 0.0, 0.0, 0.0, 0.0];
    for (i, p) in dip.points.iter_mut().enumerate() {
        p.altitude_m = Some(300.0 + dz.get(i).copied().unwrap_or(0.0));
    }
    clean(&mut t);
    clean(&mut dip);
    assert_eq!(t.cleaning.altitude_spikes, 3);
    for p in &t.points[1..4] {
        let a = p.altitude_m.unwrap();
        assert!((55.0..=56.0).contains(&a), "{a}");
    }
    assert_eq!(dip.cleaning.altitude_spikes, 0);
    assert_eq!(dip.points[4].altitude_m, Some(292.0));
}

#[test]
fn a_jump_faster_than_an_airliner_starts_a_segment_and_adds_no_distance() {
    // 30 points east at 3 m/s, then 30 more 2000 km further east (10 s later).
    let mut xy: Vec<(f64, f64)> = (0..30).map(|i| (3.0 * i as f64, 0.0)).collect();
    xy.extend((0..30).map(|i| (2.0e6 + 3.0 * i as f64, 0.0)));
    let mut t = local_track(&xy);
    for p in &mut t.points[30..] {
        p.time_s = p.time_s.map(|x| x + 9.0);
    }
    clean(&mut t);
    assert_eq!(t.cleaning.teleports, 1);
    assert_eq!(t.segment_starts, vec![30]);
    let d = t.points.last().unwrap().distance_m.unwrap();
    assert!((d - 2.0 * 29.0 * 3.0).abs() < 1.0, "{d}");
    // A real 1.2 km hop in 60 s (a car, 20 m/s) is kept.
    assert!(!is_teleport(1200.0, 60.0) && is_teleport(1200.0, 10.0));
}

#[test]
fn a_file_distance_that_jumps_ahead_is_carried_over() {
    // The file's distance: 3 m a second, one record at 24,517 km (timed), one far
    // ahead and untimed (its time was a sentinel), then on as before.
    let mut t = track_of(
        (0..40)
            .map(|i| TrackPoint {
                time_s: Some(1.7e9 + i as f64),
                distance_m: Some(3.0 * i as f64),
                altitude_m: Some(10.0),
                ..Default::default()
            })
            .collect(),
    );
    t.points[10].distance_m = Some(24_517_760.0);
    t.points[20].distance_m = Some(9_000_000.0);
    t.points[20].time_s = None;
    clean(&mut t);
    assert_eq!(t.cleaning.teleports, 2);
    assert_eq!(t.points[10].distance_m, Some(27.0));
    assert_eq!(t.points[39].distance_m, Some(117.0));
}

#[test]
fn turnarounds_corners_and_fast_tracks_are_no_spikes() {
    // Out 50 m at 5 m/s and straight back with no stop, the apex fix 9 m past the turn
    // (receiver lag overshoots it), then a right-angle corner, then a cyclist at
    // 14 m/s on a wobbly line.
    let mut xy: Vec<(f64, f64)> = (0..=10).map(|i| (5.0 * i as f64, 0.0)).collect();
    xy.push((59.0, 0.3));
    xy.extend((1..=10).map(|i| (50.0 - 5.0 * i as f64, 0.5)));
    xy.extend((1..=10).map(|i| (0.0, 0.5 + 5.0 * i as f64)));
    xy.extend((1..=30).map(|i| (14.0 * i as f64, 50.5 + 3.0 * ((i % 3) as f64 - 1.0))));
    let mut t = local_track(&xy);
    clean(&mut t);
    assert_eq!(t.cleaning.position_spikes, 0);
}

#[test]
fn backward_times_keep_the_longest_monotonic_run() {
    // first point is in the future (Runkeeper style), then a normal run
    let mut points = vec![pt(500.0, 45.0, 100.0)];
    points.extend((0..10).map(|i| pt(i as f64, 45.0 + i as f64 * 1e-4, 100.0)));
    let mut t = track_of(points);
    clean(&mut t);
    assert_eq!(t.points.len(), 10);
    assert_eq!(t.cleaning.backward_times, 1);
}

#[test]
fn duplicate_times_are_merged_and_counted() {
    let mut t = Track {
        points: vec![
            pt(0.0, 45.0, 1.0),
            pt(1.0, 45.0001, 1.0),
            pt(1.0, 45.0002, 1.0),
        ],
        ..Default::default()
    };
    clean(&mut t);
    assert_eq!(t.points.len(), 2);
    assert_eq!(t.cleaning.duplicate_times, 1);
}

#[test]
fn leading_zero_altitudes_and_sentinels_become_missing() {
    let mut t = Track {
        points: vec![pt(0.0, 45.0, 0.0), pt(1.0, 45.0, 0.0), pt(2.0, 45.0, 812.0)],
        ..Default::default()
    };
    t.points.push(pt(3.0, 45.0, -500.0));
    clean(&mut t);
    assert_eq!(t.cleaning.leading_zero_altitudes, 2);
    assert_eq!(t.cleaning.sentinel_altitudes, 1);
    assert_eq!(t.points[0].altitude_m, None);
    assert_eq!(t.points[2].altitude_m, Some(812.0));
}

#[test]
fn a_jump_of_days_is_closed_up_and_counted() {
    let mut t = Track {
        points: vec![pt(0.0, 45.0, 1.0), pt(1.0, 45.0001, 1.0)],
        ..Default::default()
    };
    t.points.push(pt(20.0 * 86400.0, 45.0002, 1.0));
    clean(&mut t);
    assert_eq!(t.cleaning.time_jumps, 1);
    let span = t.end_time_s().unwrap() - t.start_time_s().unwrap();
    assert!(span < 10.0, "{span}");
}

#[test]
fn geodesic_distance_fills_missing_file_distance() {
    // 0.001 deg of latitude is about 111 m
    let mut t = track_of(
        (0..11)
            .map(|i| pt(i as f64, 45.0 + i as f64 * 1e-3, 1.0))
            .collect(),
    );
    clean(&mut t);
    let d = t.points.last().unwrap().distance_m.unwrap();
    assert!((d - 1112.0).abs() < 5.0, "{d}");
}

#[test]
fn epoch_sentinel_times_become_missing() {
    let mut t = Track::default();
    let mut p = pt(0.0, 45.0, 1.0);
    p.time_s = Some(-2_147_483_648.0);
    t.points = vec![p];
    clean(&mut t);
    assert_eq!(t.cleaning.invalid_times, 1);
    assert_eq!(t.points[0].time_s, None);
}

/// 120 s at 1 m/s east up a 10 % grade (0.1 m/s vertical), altitudes on 0.2 m steps, with
/// `jump` added from sample 60 on, spread over four samples as a barometer's filter does.
fn climb_with_step(jump: [f64; 4], source: crate::track::AltitudeSource) -> Track {
    let xy: Vec<(f64, f64)> = (0..120).map(|i| (i as f64, 0.0)).collect();
    let mut t = local_track(&xy);
    t.meta.altitude_source = source;
    let mut offset = 0.0;
    for (i, p) in t.points.iter_mut().enumerate() {
        if (60..64).contains(&i) {
            offset += jump[i - 60];
        }
        p.altitude_m = Some(((300.0 + 0.1 * i as f64 + offset) * 5.0).round() / 5.0);
    }
    t
}

#[test]
fn a_barometric_step_no_one_could_climb_is_taken_out_of_the_altitudes_after_it() {
    use crate::track::AltitudeSource::*;
    // +14 m in 4 s on ground covered at 1 m/s: a barometer recalibrated from GPS (a real
    // FR645M: +7.4, +3.6, +2.0, +1.0 m).
    let mut t = climb_with_step([7.4, 3.6, 2.0, 1.0], Barometric);
    clean(&mut t);
    assert_eq!(t.cleaning.altitude_steps, 1);
    for (i, p) in t.points.iter().enumerate() {
        let (a, want) = (p.altitude_m.unwrap(), 300.0 + 0.1 * i as f64);
        assert!((a - want).abs() <= 0.3, "sample {i}: {a} vs {want}");
        let r = a / 0.2;
        assert!((r - r.round()).abs() < 1e-6, "off the 0.2 m step: {a}");
    }
    // GPS altitude is left alone (graded coarsely anyway), and so is a barometer's real
    // climb of 0.8 m/s up a 80 % scramble, walked at 1 m/s.
    let mut gps = climb_with_step([7.4, 3.6, 2.0, 1.0], Gps);
    clean(&mut gps);
    assert_eq!(gps.cleaning.altitude_steps, 0);
    let mut scramble = climb_with_step([0.8, 0.8, 0.8, 0.8], Barometric);
    clean(&mut scramble);
    assert_eq!(scramble.cleaning.altitude_steps, 0);
    assert!((scramble.points[119].altitude_m.unwrap() - 315.1).abs() < 0.2);
    // A jump of 60 m is no recalibration to guess at: left to the physics gate.
    let mut huge = climb_with_step([30.0, 20.0, 8.0, 2.0], Barometric);
    clean(&mut huge);
    assert_eq!(huge.cleaning.altitude_steps, 0);
}
