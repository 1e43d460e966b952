//! Times on the runner's clock: the recording's own offset, else the system zone, `--tz` to
//! override; JSON stays UTC and gives the offset.

use serde_json::Value;

use crate::common::{downhill, fixture, run};

/// A FIT whose activity message says the watch was on UTC+2 (2019-09-14T15:22:05Z start).
const FIT: &str = "fit/fr645m_hill-run__runpandas_run.fit";
/// A GPX in UTC only (2023-11-14T22:13:21Z start, a Tuesday).
const GPX: &str = "sim/short-reps_baro_seed7.gpx.gz";

fn json(args: &[&str], file: &str, tz_env: &str) -> Value {
    let (out, err, code) = run(downhill()
        .env("TZ", tz_env)
        .args(["analyze", "--format", "json"])
        .args(args)
        .arg(fixture(file)));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn local_time_is_the_recordings_own_offset_when_the_file_has_one() {
    let r = json(&[], FIT, "Asia/Tokyo");
    assert_eq!(r["utc_offset_s"], 7200);
    assert_eq!(r["utc_offset_from"], "file");
    // JSON times stay UTC.
    assert_eq!(r["summary"]["start"], "2019-09-14T15:22:05Z");
    let (out, _, _) = run(downhill()
        .env("TZ", "Asia/Tokyo")
        .arg("analyze")
        .arg(fixture(FIT)));
    assert!(out.contains("2019-09-14 17:22:05 UTC+02:00"), "{out}");
}

#[test]
fn local_time_tz_overrides_the_file_and_knows_daylight_saving() {
    let r = json(&["--tz", "America/New_York"], FIT, "UTC");
    // 14 September: eastern daylight time.
    assert_eq!(r["utc_offset_s"], -4 * 3600);
    assert_eq!(r["utc_offset_from"], "option");
    let r = json(&["--tz", "America/New_York"], GPX, "UTC");
    // 14 November: eastern standard time.
    assert_eq!(r["utc_offset_s"], -5 * 3600);
    let (out, err, code) = run(downhill()
        .args(["analyze", "--tz", "+05:00"])
        .arg(fixture(GPX)));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2023-11-15 03:13:21 UTC+05:00"), "{out}");
    // The descent table's clock follows: the first descent starts 22:28:02 UTC.
    assert!(out.contains("03:28:02"), "{out}");
}

#[test]
fn local_time_without_an_offset_in_the_file_is_the_system_zone() {
    let r = json(&[], GPX, "Asia/Tokyo");
    assert_eq!(r["utc_offset_s"], 9 * 3600);
    assert_eq!(r["utc_offset_from"], "system");
    // The season counts the run on the runner's day: Wednesday in Tokyo, Tuesday in UTC.
    for (tz, day) in [("Asia/Tokyo", "2023-11-15"), ("UTC", "2023-11-14")] {
        let (out, err, code) = run(downhill()
            .env("TZ", tz)
            .args(["season", "--format", "json"])
            .arg(fixture(GPX)));
        assert_eq!(code, 0, "{err}");
        let s: Value = serde_json::from_str(&out).unwrap();
        let (table, _, _) = run(downhill().env("TZ", tz).arg("season").arg(fixture(GPX)));
        assert!(table.contains(&format!("  {day}  ")), "{tz}: {table}");
        assert_eq!(s["sessions"][0]["start"], "2023-11-14T22:13:21Z");
    }
}

#[test]
fn local_time_an_unknown_zone_is_a_usage_error_naming_the_option() {
    let (_, err, code) = run(downhill()
        .args(["analyze", "--tz", "Mars/Olympus"])
        .arg(fixture(GPX)));
    assert_eq!(code, 2);
    assert!(
        err.contains("--tz") && err.contains("Mars/Olympus"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn local_time_of_a_gpx_written_with_an_offset_is_that_offset() {
    let mut pts = String::new();
    for k in 0..60 {
        pts.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"6.0\"><ele>{:.1}</ele>\
             <time>2024-07-01T07:{:02}:{:02}.250-05:30</time></trkpt>\n",
            45.0 + k as f64 * 3e-5,
            300.0 - k as f64 * 0.3,
            k / 60,
            k % 60
        ));
    }
    let gpx = format!(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"t\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>{pts}</trkseg></trk></gpx>"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("offset.gpx");
    std::fs::write(&path, gpx).unwrap();
    let (out, err, code) = run(downhill()
        .env("TZ", "Europe/Paris")
        .args(["analyze", "--format", "json"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["utc_offset_s"], -(5 * 3600 + 1800));
    assert_eq!(r["utc_offset_from"], "file");
    assert_eq!(r["summary"]["start"], "2024-07-01T12:30:00Z");
}
