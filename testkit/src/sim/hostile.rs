//! Hostile geometry for the bounded-memory checks (issue 12): tracks no one ran, built to
//! make the distance grid as large as possible for their size.

use downhill::track::{AltitudeSource, Track, TrackPoint};

/// `n` points alternating between two places `spacing_m` apart (east-west, at 46 N), so
/// every step adds `spacing_m` of track while the file stays small. With `dt_s`, one point
/// every `dt_s` seconds (4.9 km every 50 s is 98 m/s, just under the teleport speed);
/// without, untimed (a GPX route). The altitude climbs and falls 30 m over 7 points.
pub fn alternating(n: usize, spacing_m: f64, dt_s: Option<f64>) -> Track {
    let lat = 46.0_f64;
    let dlon = spacing_m / (downhill::haversine::METRES_PER_DEGREE * lat.to_radians().cos());
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
    let m_per_deg_lon = downhill::haversine::METRES_PER_DEGREE * lat.to_radians().cos();
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

/// Samples of any geometry from arbitrary bytes (the `profile` fuzz target and its corpus
/// replay): seven bytes per sample, flags, time step, and steps of latitude, longitude and
/// altitude; flags make stretches untimed, unpositioned or without altitude, long gaps,
/// steps back in time and kilometre teleports.
pub fn track_from_bytes(data: &[u8]) -> Track {
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

/// What an analysis of any cleaned track holds (panics otherwise): the grid within
/// [`downhill::profile::max_grid_points`], every descent inside the track with a finite,
/// non-negative length and a time span that does not run backwards, finite rep lengths.
pub fn check_analysis(track: &Track) {
    let a = downhill::analysis::analysis(track, "fuzz", &Default::default());
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
        if let (Some(t0), Some(t1)) = (d.start_s, d.end_s) {
            assert!(t1 >= t0, "descent ends before it starts: {d:?}");
        }
    }
    for r in &a.report.reps.reps {
        assert!(r.distance_m.is_finite() && r.distance_m >= 0.0, "{r:?}");
    }
}

/// File names the `season` fuzz target gives the parts of its input.
pub const SEASON_NAMES: [&str; 8] = [
    "a.fit",
    "b.gpx",
    "c.tcx",
    "d.fit.gz",
    "export.zip",
    "activities.csv",
    "sub/e.gpx.gz",
    "f.tcx.gz",
];

/// A season over a folder made from arbitrary bytes (the `season` fuzz target and its corpus
/// replay): up to eight files cut at each 0xFF byte, the first byte of each picking its name
/// in [`SEASON_NAMES`], written into `dir` (emptied first), analyzed by
/// [`downhill::season::run`] on one thread under 1 MiB caps. Panics unless every file is
/// accounted for (a session, a skip or a failure), every failure is one line, and the JSON
/// renders and parses. Returns the sessions analyzed.
pub fn season_of_bytes(data: &[u8], dir: &std::path::Path) -> usize {
    let _ = std::fs::remove_dir_all(dir);
    if std::fs::create_dir_all(dir.join("sub")).is_err() {
        return 0;
    }
    // Files separated by the byte 0xFF; the first byte of each picks its name.
    let mut written = 0;
    for part in data.split(|&b| b == 0xFF).take(SEASON_NAMES.len()) {
        let Some((&pick, body)) = part.split_first() else {
            continue;
        };
        let name = SEASON_NAMES[usize::from(pick) % SEASON_NAMES.len()];
        if std::fs::write(dir.join(name), body).is_ok() {
            written += 1;
        }
    }
    let opts = downhill::season::SeasonOptions {
        jobs: Some(1),
        all_sports: data.first().is_some_and(|b| b & 1 == 1),
        read: downhill::io::ReadOptions {
            max_decompressed_bytes: 1 << 20,
            ..Default::default()
        },
        archive: downhill::season::archive::ArchiveLimits {
            max_entries: 100,
            max_entry_bytes: 1 << 20,
            max_csv_bytes: 1 << 20,
            ..Default::default()
        },
        ..Default::default()
    };
    let plan = downhill::season::plan::plan(&[dir.to_path_buf()], &opts);
    let items = plan.items.len() + plan.failures.len();
    let Ok(report) = downhill::season::run(plan, &opts, &|_| {}) else {
        return 0;
    };
    // Every item is accounted for (a multi-activity file may give several sessions).
    let accounted = report.sessions.len() + report.skipped.len() + report.failures.len();
    assert!(
        accounted >= items.min(written),
        "{items} items, {accounted} accounted"
    );
    for f in &report.failures {
        assert!(!f.reason.is_empty() && !f.reason.contains('\n'), "{f:?}");
    }
    use downhill::season::render;
    let json = render::json(&report, Default::default());
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "season JSON does not parse"
    );
    let _ = (
        render::table(&report, Default::default()),
        render::markdown(&report, Default::default()),
    );
    let _ = (
        render::sessions_csv(&report, Default::default()),
        render::weeks_csv(&report, Default::default()),
    );
    report.sessions.len()
}

/// A scratch path for a fuzzing process's inputs (`name`, made unique by the process id),
/// in `/dev/shm` when there is one: the `zip` and `season` targets write each input there
/// (an archive is opened from a file, a season from a folder), as the commands read them.
pub fn fuzz_scratch(name: &str) -> std::path::PathBuf {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("downhill-fuzz-{}-{name}", std::process::id()))
}
