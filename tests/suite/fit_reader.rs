//! The FIT reader against real device files in `fixtures/`.
//!
//! Expected values come from Python fitdecode 0.11 run on the same files (record count, first
//! timestamp, last-minus-first duration, last record distance, laps, sessions, file_id), and
//! from ../shared/realdata/MANIFEST.md where it says more (multisport haversine distance).

use std::path::{Path, PathBuf};

use downhill::error::Error;
use downhill::track::{AltitudeSource, Track};
use downhill_testkit::fit;

fn fixture(rel: &str) -> (PathBuf, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    let bytes = std::fs::read(&path).expect("fixture present");
    (path, bytes)
}

fn read(rel: &str) -> Track {
    let (path, bytes) = fixture(rel);
    fit::read(&bytes, &path).expect("readable FIT")
}

fn epoch(rfc3339: &str) -> f64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("valid date")
        .timestamp() as f64
}

fn last_distance(t: &Track) -> f64 {
    t.points
        .iter()
        .rev()
        .find_map(|p| p.distance_m)
        .expect("distance")
}

fn duration(t: &Track) -> f64 {
    t.end_time_s().unwrap() - t.start_time_s().unwrap()
}

fn within(actual: f64, expected: f64, rel: f64) -> bool {
    (actual - expected).abs() <= rel * expected.abs()
}

struct Expect {
    file: &'static str,
    records: usize,
    first: &'static str,
    duration_s: f64,
    distance_m: f64,
    sport: &'static str,
    sub_sport: Option<&'static str>,
    device: &'static str,
    laps: usize,
}

const GOOD: &[Expect] = &[
    Expect {
        file: "fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit",
        records: 14456,
        first: "2026-01-18T09:38:06Z",
        duration_s: 14455.0,
        distance_m: 36286.85,
        sport: "cycling",
        sub_sport: Some("downhill"),
        device: "garmin edge_mtb",
        laps: 1,
    },
    Expect {
        file: "fit/fenix2_multisport-6h50__fitdecode_activity-large-fenxi2-multisport.fit",
        records: 24239,
        first: "2015-08-29T07:14:44Z",
        duration_s: 24624.0,
        // MANIFEST haversine distance over all sessions (the file's counter restarts per
        // session; fitdecode's last value is 28927.39 m).
        distance_m: 69600.0,
        sport: "generic",
        sub_sport: None,
        device: "garmin fenix2",
        laps: 7,
    },
    Expect {
        file: "fit/fenix2_run-dynamics__fitdecode_activity-small-fenix2-run.fit",
        records: 2809,
        first: "2015-08-15T14:45:08Z",
        duration_s: 2833.0,
        distance_m: 9007.07,
        sport: "running",
        sub_sport: None,
        device: "garmin fenix2",
        laps: 4,
    },
    Expect {
        file: "fit/fr645m_hill-run__runpandas_run.fit",
        records: 1202,
        first: "2019-09-14T15:22:05Z",
        duration_s: 3167.0,
        distance_m: 5839.77,
        sport: "running",
        sub_sport: Some("generic"),
        device: "garmin fr645m",
        laps: 6,
    },
    Expect {
        file: "fit/fr965_run__fit-parser_garmin-stamina.fit",
        records: 4488,
        first: "2026-05-14T04:05:59Z",
        duration_s: 4487.0,
        distance_m: 11232.7,
        sport: "running",
        sub_sport: Some("generic"),
        device: "garmin fr965",
        laps: 12,
    },
];

#[test]
fn good_fixtures_match_fitdecode() {
    for e in GOOD {
        let t = read(e.file);
        assert_eq!(t.points.len(), e.records, "{}", e.file);
        assert_eq!(t.start_time_s(), Some(epoch(e.first)), "{}", e.file);
        assert_eq!(duration(&t), e.duration_s, "{}", e.file);
        let d = last_distance(&t);
        assert!(within(d, e.distance_m, 0.01), "{}: {d} m", e.file);
        assert_eq!(t.meta.sport.as_deref(), Some(e.sport), "{}", e.file);
        assert_eq!(t.meta.sub_sport.as_deref(), e.sub_sport, "{}", e.file);
        assert_eq!(t.meta.device.as_deref(), Some(e.device), "{}", e.file);
        assert_eq!(
            t.meta.altitude_source,
            AltitudeSource::Barometric,
            "{}",
            e.file
        );
        assert_eq!(t.laps.len(), e.laps, "{}", e.file);
        assert!(t.warnings.is_empty(), "{}: {:?}", e.file, t.warnings);
        assert!(t.segment_starts.is_empty(), "{}", e.file);
    }
}

#[test]
fn positions_are_degrees_and_altitudes_meters() {
    let t = read("fit/fenix2_run-dynamics__fitdecode_activity-small-fenix2-run.fit");
    let p = t.points.iter().find(|p| p.lat_deg.is_some()).unwrap();
    let (lat, lon) = (p.lat_deg.unwrap(), p.lon_deg.unwrap());
    assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0 && lat != 0.0);
    let alts: Vec<f64> = t.points.iter().filter_map(|p| p.altitude_m).collect();
    assert_eq!(alts.len(), t.points.len());
    assert!(alts.iter().all(|a| (-100.0..3000.0).contains(a)));
}

#[test]
fn running_cadence_is_doubled_to_steps_and_dynamics_are_si() {
    let t = read("fit/fenix2_run-dynamics__fitdecode_activity-small-fenix2-run.fit");
    let cad: Vec<f64> = t.points.iter().filter_map(|p| p.cadence_spm).collect();
    let mean = cad.iter().sum::<f64>() / cad.len() as f64;
    // A run at ~5:15/km: 150-190 steps/min (85 strides/min as the file stores it).
    assert!((140.0..200.0).contains(&mean), "mean cadence {mean}");
    let stance: Vec<f64> = t.points.iter().filter_map(|p| p.stance_time_s).collect();
    assert!(!stance.is_empty());
    let s = stance.iter().sum::<f64>() / stance.len() as f64;
    assert!((0.15..0.4).contains(&s), "stance {s} s");
    let vo: Vec<f64> = t
        .points
        .iter()
        .filter_map(|p| p.vertical_oscillation_m)
        .collect();
    let v = vo.iter().sum::<f64>() / vo.len() as f64;
    assert!((0.04..0.15).contains(&v), "vertical oscillation {v} m");
}

#[test]
fn cycling_cadence_stays_rpm() {
    let t = read("fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit");
    if let Some(max) = t
        .points
        .iter()
        .filter_map(|p| p.cadence_spm)
        .reduce(f64::max)
    {
        assert!(max < 250.0, "rpm {max}");
    }
}

#[test]
fn laps_carry_intensity_and_distance() {
    let t = read("fit/fr965_run__fit-parser_garmin-stamina.fit");
    assert_eq!(t.laps[0].intensity.as_deref(), Some("interval"));
    assert!(within(t.laps[0].distance_m.unwrap(), 1317.31, 0.001));
    // Its laps all carry the start as timestamp: they end after their elapsed time.
    assert!(t.laps.iter().all(|l| l.end_s > l.start_s));
    assert!(within(t.laps[0].end_s - t.laps[0].start_s, 611.106, 0.001));
    let t = read("fit/fr645m_hill-run__runpandas_run.fit");
    assert!(within(t.laps[0].distance_m.unwrap(), 1000.0, 0.001));
}

#[test]
fn timer_stop_then_start_is_a_pause() {
    // The Sigma ride stops its timer 8 times and starts it 9 times (fitdecode): 8 pauses.
    let t = read("broken/truncated-ride__python-fitparse_nick.fit");
    assert_eq!(t.pauses.len(), 8);
    assert!(t.pauses.iter().all(|p| p.end_s > p.start_s));
    // A run with only the opening start and the closing stop has none.
    let t = read("fit/fr645m_hill-run__runpandas_run.fit");
    assert!(t.pauses.is_empty());
}

#[test]
fn truncated_files_are_recovered_with_the_offset() {
    let cases = [
        (
            "broken/truncated-eof__fitdecode_activity-unexpected-eof.fit",
            14,
            "truncated at byte 768",
        ),
        (
            "broken/truncated-ride__python-fitparse_nick.fit",
            14391,
            "truncated at byte 403456",
        ),
        (
            "broken/chained-corrupt-header__fitdecode_activity-settings-corruptheader.fit",
            14,
            "corrupt at byte 771",
        ),
        (
            "broken/strava-android-run_bad-local-msg__python-fitparse_strava-android-app.fit",
            473,
            "corrupt at byte 7471 (local message 11 not defined)",
        ),
    ];
    for (file, records, warning) in cases {
        let t = read(file);
        assert_eq!(t.points.len(), records, "{file}");
        assert_eq!(t.warnings.len(), 1, "{file}: {:?}", t.warnings);
        assert!(
            t.warnings[0].starts_with(warning),
            "{file}: {}",
            t.warnings[0]
        );
        assert!(t.warnings[0].contains(&format!("{records} records kept")));
    }
    let t = read("broken/truncated-ride__python-fitparse_nick.fit");
    assert_eq!(t.meta.device.as_deref(), Some("sigmasport 46"));
    assert_eq!(t.meta.sport.as_deref(), Some("cycling"));
    assert_eq!(duration(&t), 16723.0);
    assert!(within(last_distance(&t), 113550.87, 0.001));
}

#[test]
fn chained_files_are_all_read_as_segments() {
    let (_, a) = fixture("fit/fenix2_run-dynamics__fitdecode_activity-small-fenix2-run.fit");
    let (_, b) = fixture("fit/fr645m_hill-run__runpandas_run.fit");
    let chained = [a.clone(), b].concat();
    let t = fit::read(&chained, Path::new("chained.fit")).unwrap();
    assert_eq!(t.points.len(), 2809 + 1202);
    assert_eq!(t.segment_starts, vec![2809]);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn a_huge_declared_data_size_is_a_truncation() {
    let (_, mut a) = fixture("fit/fenix2_run-dynamics__fitdecode_activity-small-fenix2-run.fit");
    a.truncate(20_000);
    a[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    let t = fit::read(&a, Path::new("huge.fit")).unwrap();
    assert!(!t.points.is_empty());
    assert!(
        t.warnings[0].starts_with("truncated at byte 20000"),
        "{:?}",
        t.warnings
    );
}

#[test]
fn garbage_and_bad_headers_are_clean_errors_naming_the_file() {
    let path = Path::new("some/dir/bad.fit");
    for bytes in [
        b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00garbage!".to_vec(),
        b"\x0c\x10\x00\x00\x10\x00\x00\x00.FIT\x03\x00\x00".to_vec(),
        b"\x0d\x10\x00\x00\x10\x00\x00\x00.FIT".to_vec(),
        b"not a fit at all".to_vec(),
        vec![12],
    ] {
        match fit::read(&bytes, path) {
            Err(e @ Error::Corrupt { .. }) => assert!(e.to_string().contains("some/dir/bad.fit")),
            other => panic!("expected a Corrupt error, got {other:?}"),
        }
    }
}

#[test]
fn truncating_at_any_offset_never_panics() {
    // Every offset in debug would be slow: a prime stride plus the first header bytes.
    let stride = if cfg!(debug_assertions) { 389 } else { 37 };
    for file in [
        "fit/fenix2_run-dynamics__fitdecode_activity-small-fenix2-run.fit",
        "fit/fr645m_hill-run__runpandas_run.fit",
    ] {
        let (path, bytes) = fixture(file);
        let offsets = (0..64).chain((64..bytes.len()).step_by(stride));
        for cut in offsets {
            match fit::read(&bytes[..cut], &path) {
                Ok(t) => {
                    assert!(!t.points.is_empty(), "{file} cut at {cut}");
                    assert!(t.warnings[0].starts_with(&format!("truncated at byte {cut}")));
                }
                Err(e) => assert!(e.to_string().contains(file.rsplit('/').next().unwrap())),
            }
        }
    }
}

#[test]
fn corrupted_bytes_never_panic() {
    let (path, bytes) = fixture("fit/fr645m_hill-run__runpandas_run.fit");
    // Deterministic pseudo-random byte flips all over the file.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let rounds = if cfg!(debug_assertions) { 60 } else { 400 };
    for _ in 0..rounds {
        let mut b = bytes.clone();
        for _ in 0..8 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = 14 + (state as usize) % (b.len() - 14);
            b[i] = (state >> 32) as u8;
        }
        let _ = fit::read(&b, &path);
    }
}
