//! GPX and TCX readers on the real files in `fixtures/`: agreement with the gpx crate,
//! concrete values per fixture, damaged files, truncation at many offsets.

use std::path::{Path, PathBuf};

use downhill::io::{ReadOptions, gpx, read_activity, tcx};

fn fixtures(dir: &str, ext: &str) -> Vec<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

#[test]
fn every_gpx_fixture_agrees_with_the_gpx_crate() {
    let mut compared = 0;
    for dir in ["gpx", "courses", "broken"] {
        for path in fixtures(dir, "gpx") {
            let bytes = std::fs::read(&path).unwrap();
            let Ok(reference) = ::gpx::read(std::io::BufReader::new(&bytes[..])) else {
                continue;
            };
            let ours = gpx::read(&bytes, &path).unwrap();
            let mut refs: Vec<&::gpx::Waypoint> = reference
                .tracks
                .iter()
                .flat_map(|t| t.segments.iter().flat_map(|s| s.points.iter()))
                .collect();
            if refs.is_empty() {
                refs = reference
                    .routes
                    .iter()
                    .flat_map(|r| r.points.iter())
                    .collect();
            }
            assert_eq!(ours.points.len(), refs.len(), "{}", path.display());
            for (i, (p, r)) in ours.points.iter().zip(&refs).enumerate() {
                let rp = r.point();
                let at = format!("{} point {i}", path.display());
                assert!((p.lat_deg.unwrap() - rp.y()).abs() < 1e-9, "{at}");
                assert!((p.lon_deg.unwrap() - rp.x()).abs() < 1e-9, "{at}");
                match (p.altitude_m, r.elevation) {
                    (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{at}"),
                    (a, b) => assert_eq!(a.is_some(), b.is_some(), "{at}"),
                }
                let rt = r.time.as_ref().map(|t| {
                    let s = t.format().unwrap();
                    let d = chrono::DateTime::parse_from_rfc3339(&s).unwrap();
                    d.timestamp() as f64 + f64::from(d.timestamp_subsec_nanos()) * 1e-9
                });
                match (p.time_s, rt) {
                    (Some(a), Some(b)) => assert!((a - b).abs() < 1e-3, "{at}: {a} vs {b}"),
                    (a, b) => assert_eq!(a.is_some(), b.is_some(), "{at}"),
                }
            }
            compared += 1;
        }
    }
    assert!(compared >= 8, "only {compared} GPX fixtures compared");
}

/// (fixture, points after cleaning, first time, distance after cleaning in km)
const CASES: &[(&str, usize, Option<&str>, f64)] = &[
    (
        "gpx/etrex-solar_gps-alt__garmin-vs-polar_2024-05-27_garmin.gpx",
        1093,
        None,
        13.60,
    ),
    (
        "gpx/polar-vantage-v_baro__garmin-vs-polar_2024-05-27_polar.gpx",
        4803,
        None,
        13.73,
    ),
    (
        "gpx/strava-corrected-ele__garmin-vs-polar_2024-05-27_elevation.gpx",
        4851,
        None,
        13.73,
    ),
    (
        "gpx/nike-run-club_sparse-ele__runpandas_nike_run.gpx",
        727,
        None,
        8.25,
    ),
    (
        "gpx/suunto-movescount_mansfield-double-up__mansfield-double-up-course.gpx",
        5720,
        None,
        17.51,
    ),
    (
        "gpx/gpsbabel_no-ele__gpxpy_cerknicko-jezero-without-elevations.gpx",
        296,
        None,
        4.58,
    ),
    (
        "courses/utmb-2025__Sekoya88_UTMB_2025.gpx",
        8107,
        None,
        174.62,
    ),
    (
        "courses/allermuir-hill-race_no-ele__running-routes.gpx",
        826,
        None,
        6.75,
    ),
    (
        "tcx/fr410_hilly-5k__runpandas_basic.tcx",
        383,
        Some("2012-12-26T21:29:53Z"),
        4.69,
    ),
    (
        "broken/malformed-namespace__runpandas_malformed.tcx",
        384,
        Some("2012-12-26T21:29:53Z"),
        4.69,
    ),
    (
        "broken/bom-no-namespace__sport-activities-features_broken1.gpx",
        3497,
        Some("2018-06-26T09:06:55Z"),
        27.01,
    ),
];

#[test]
fn concrete_values_per_fixture() {
    for (rel, n, first, km) in CASES {
        let path = fixture(rel);
        let t = read_activity(&path, &ReadOptions::default()).unwrap();
        assert_eq!(t.points.len(), *n, "{rel}");
        if let Some(first) = first {
            assert_eq!(
                downhill::track::rfc3339(t.start_time_s().unwrap()),
                *first,
                "{rel}"
            );
        }
        let d_km = t.points.iter().rev().find_map(|p| p.distance_m).unwrap() / 1000.0;
        assert!((d_km - km).abs() < 0.01 * km, "{rel}: {d_km} km");
        assert!(t.warnings.is_empty(), "{rel}: {:?}", t.warnings);
    }
}

#[test]
fn gpx_extensions_and_metadata_are_read() {
    let path = fixture("gpx/strava-corrected-ele__garmin-vs-polar_2024-05-27_elevation.gpx");
    let t = gpx::read(&std::fs::read(&path).unwrap(), &path).unwrap();
    let hr = t
        .points
        .iter()
        .filter(|p| p.heart_rate_bpm.is_some())
        .count();
    assert_eq!(hr, t.points.len());
    let cad: Vec<f64> = t
        .points
        .iter()
        .filter_map(|p| p.cadence_spm)
        .filter(|c| *c > 0.0)
        .collect();
    let mean = cad.iter().sum::<f64>() / cad.len() as f64;
    assert!(
        (140.0..200.0).contains(&mean),
        "cadence in steps/min: {mean}"
    );
    assert_eq!(t.meta.device.as_deref(), Some("StravaGPX"));

    let path = fixture("gpx/gpsbabel_4-tracks-partial-time__gpxpy_korita-zbevnica.gpx");
    let t = gpx::read(&std::fs::read(&path).unwrap(), &path).unwrap();
    // 4 tracks, the first with an empty segment: 3 stretches of points, 2 breaks.
    assert_eq!(t.segment_starts, vec![358, 534], "{:?}", t.segment_starts);
}

#[test]
fn tcx_laps_and_sport_are_read() {
    let path = fixture("tcx/fr410_hilly-5k__runpandas_basic.tcx");
    let t = tcx::read(&std::fs::read(&path).unwrap(), &path).unwrap();
    assert_eq!(t.meta.sport.as_deref(), Some("running"));
    assert_eq!(t.laps.len(), 3);
    let lap_km: f64 = t.laps.iter().filter_map(|l| l.distance_m).sum::<f64>() / 1000.0;
    assert!((lap_km - 4.69).abs() < 0.1, "{lap_km}");
    assert!(t.points.iter().all(|p| p.time_s.is_some()));
}

#[test]
fn truncating_good_fixtures_never_panics_and_keeps_points() {
    let step = if cfg!(debug_assertions) { 997 } else { 97 };
    for rel in [
        "tcx/fr410_hilly-5k__runpandas_basic.tcx",
        "gpx/etrex-solar_gps-alt__garmin-vs-polar_2024-05-27_garmin.gpx",
    ] {
        let path = fixture(rel);
        let bytes = std::fs::read(&path).unwrap();
        let opts = ReadOptions::default();
        let full = downhill::io::read_raw(&bytes, &path, &opts)
            .unwrap()
            .points
            .len();
        let mut last = 0;
        for cut in (1..bytes.len()).step_by(step) {
            match downhill::io::read_raw(&bytes[..cut], &path, &opts) {
                Ok(t) => {
                    let n = t.points.len();
                    assert!(n >= last && n <= full, "{rel} cut {cut}");
                    assert_eq!(t.warnings.len(), 1, "{rel} cut {cut}");
                    assert!(t.warnings[0].contains("points kept"), "{:?}", t.warnings);
                    last = n;
                }
                Err(e) => {
                    let name = rel.rsplit('/').next().unwrap();
                    assert!(e.to_string().contains(name), "{e}");
                }
            }
        }
        assert!(last > full / 2, "{rel}: {last} of {full}");
    }
}

#[test]
fn garbage_inside_xml_recovers_or_fails_cleanly() {
    let path = fixture("gpx/polar-vantage-v_baro__garmin-vs-polar_2024-05-27_polar.gpx");
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() / 2;
    bytes[at..at + 4].copy_from_slice(b"<<>&");
    let t = gpx::read(&bytes, &path).unwrap();
    assert!(t.warnings[0].contains("points kept"), "{:?}", t.warnings);
    assert!(t.points.len() > 1000 && t.points.len() < 4803);
    let e = gpx::read(b"<gpx><trk><<<", Path::new("bad.gpx")).unwrap_err();
    assert!(e.to_string().contains("bad.gpx"), "{e}");
}

#[test]
fn a_tcx_of_three_activities_gives_three_sessions_with_all_their_points() {
    // As Runalyze's Multiple-Trainings.tcx (../shared/realdata): three runs in one file, the
    // latest first, so their clocks run backwards from one activity to the next. Merged,
    // the later activities' points were cut as "times going backwards".
    let one = read_activity(
        &fixture("tcx/fr410_hilly-5k__runpandas_basic.tcx"),
        &ReadOptions::default(),
    )
    .unwrap();
    let n = one.points.len();
    let mut blocks = Vec::new();
    for days_back in [0.0, 2.0, 4.0] {
        let mut t = one.clone();
        for p in t.points.iter_mut() {
            p.time_s = p.time_s.map(|s| s - days_back * 86_400.0);
        }
        let text = downhill_testkit::write::to_tcx(&t);
        let a = text.find("<Activity ").unwrap();
        let b = text.find("</Activity>").unwrap() + "</Activity>".len();
        blocks.push(text[a..b].to_string());
    }
    let text = downhill_testkit::write::to_tcx(&one);
    let a = text.find("<Activity ").unwrap();
    let b = text.find("</Activity>").unwrap() + "</Activity>".len();
    let three = format!("{}{}{}", &text[..a], blocks.join("\n"), &text[b..]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.tcx");
    std::fs::write(&path, three).unwrap();

    let sessions = downhill::io::read_sessions(&path, &ReadOptions::default()).unwrap();
    assert_eq!(sessions.len(), 3);
    for (k, s) in sessions.iter().enumerate() {
        assert_eq!(s.meta.activity, Some((k + 1, 3)));
        assert_eq!(s.points.len(), n, "activity {} keeps all its points", k + 1);
        assert_eq!(s.cleaning.backward_times, 0);
    }
    let (out, err, code) = crate::common::run(
        crate::common::downhill()
            .arg("analyze")
            .arg(&path)
            .args(["--format", "json"]),
    );
    assert_eq!(code, 0, "{err}");
    let files: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(files.len(), 3, "{out}");
    assert!(
        files[1].ends_with("three.tcx (activity 2 of 3)"),
        "{files:?}"
    );
    // season counts each activity as a session of its own.
    let (out, err, code) = crate::common::run(
        crate::common::downhill()
            .arg("season")
            .arg(dir.path())
            .args(["--format", "json"]),
    );
    assert_eq!(code, 0, "{err}");
    let season: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let sessions = season["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3, "{season:#}");
    assert_eq!(season["files"], 1);
}
