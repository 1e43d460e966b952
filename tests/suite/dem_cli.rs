//! `--dem DIR`: terrain heights for files without elevation, clear errors for bad tiles.

use crate::common::{downhill, fixture, run};

/// A 3" tile over N45E014 sloping down 1 m per column eastwards from 1000 m.
fn write_tile(dir: &std::path::Path) {
    let n = 1201usize;
    let mut bytes = Vec::with_capacity(2 * n * n);
    for _r in 0..n {
        for c in 0..n {
            bytes.extend_from_slice(&(1000 - c as i16).to_be_bytes());
        }
    }
    std::fs::write(dir.join("N45E014.hgt"), bytes).expect("tile written");
}

const NO_ELE: &str = "gpx/gpsbabel_no-ele__gpxpy_cerknicko-jezero-without-elevations.gpx";

#[test]
fn a_file_without_elevation_gets_terrain_heights() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_tile(dir.path());
    let (out, err, code) = run(downhill()
        .arg("analyze")
        .arg(fixture(NO_ELE))
        .arg("--dem")
        .arg(dir.path())
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(v["altitude_source"], "dem");
    assert!(v["summary"]["gain_m"].as_f64().is_some(), "{out}");
    let notes = v["descent_notes"].to_string();
    assert!(!notes.contains("no elevation"), "{notes}");
}

#[test]
fn a_missing_tile_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, err, code) = run(downhill()
        .arg("analyze")
        .arg(fixture(NO_ELE))
        .arg("--dem")
        .arg(dir.path()));
    assert_ne!(code, 0);
    assert!(err.contains("N45E014.hgt"), "{err}");
}

#[test]
fn a_dem_that_is_not_a_directory_is_refused() {
    let (_, err, code) = run(downhill()
        .arg("analyze")
        .arg(fixture(NO_ELE))
        .arg("--dem")
        .arg(fixture("nope-not-here")));
    assert_eq!(code, 2);
    assert!(err.contains("--dem"), "{err}");
}

#[test]
fn descent_thresholds_can_be_raised_from_the_command_line() {
    let mansfield =
        fixture("gpx/suunto-movescount_mansfield-double-up__mansfield-double-up-course.gpx");
    let count = |extra: &[&str]| {
        let (out, err, code) = run(downhill()
            .arg("analyze")
            .arg(&mansfield)
            .args(["--format", "json"])
            .args(extra));
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
        v["descents"].as_array().map_or(0, Vec::len)
    };
    let all = count(&[]);
    let big = count(&["--min-drop-m", "300"]);
    assert_eq!(big, 2);
    assert!(all > big);
    let (_, err, code) = run(downhill()
        .arg("analyze")
        .arg(&mansfield)
        .arg("--min-grade-pct=-3"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--min-grade-pct"), "{err}");
}
