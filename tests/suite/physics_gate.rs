//! The physics gate: a "descent" no runner could run is set aside as an altitude artefact,
//! with its reason, and gets no band, no GAP and no rep; real descents beside it are kept.

use serde_json::Value;

use crate::common::{downhill, legs_gpx as gpx, run};

fn analyze(name: &str, body: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    let (out, err, code) = run(downhill().args(["analyze", "--format", "json"]).arg(&path));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn f(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

#[test]
fn physics_gate_sets_aside_altitude_settling_and_keeps_the_real_descent() {
    // GPS altitude settling: 150 m "down" over the first 120 m; then flat, a true 300 m at
    // 10 %, flat.
    let body = gpx(&[
        (40, 3.0, 3.75),
        (200, 3.0, 0.0),
        (100, 3.0, 0.3),
        (100, 3.0, 0.0),
    ]);
    let r = analyze("settling.gpx", &body);
    let aside = r["set_aside"].as_array().unwrap();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(aside[0]["reason"], "too_steep");
    let d = &aside[0]["descent"];
    assert!(f(d, "grade_pct") > 60.0, "{d}");
    assert!(f(d, "start_distance_m") < 50.0, "{d}");
    assert_eq!(d["index"], 0);
    assert_eq!(d["band"], "unmeasurable");
    assert!(d["gap_speed_mps"].is_null(), "{d}");

    let kept = r["descents"].as_array().unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["index"], 1);
    let g = f(&kept[0], "grade_pct");
    assert!(
        (8.0..12.0).contains(&g),
        "the real 10 % descent is kept: {g}"
    );
    assert!(f(&kept[0], "start_distance_m") > 600.0);
}

#[test]
fn physics_gate_sets_aside_a_descent_faster_down_than_anyone_runs() {
    // 50 % at 6 m/s: 3 m/s vertical, runnable in grade but not at that speed on foot.
    let body = gpx(&[(100, 3.0, 0.0), (50, 6.0, 3.0), (100, 3.0, 0.0)]);
    let r = analyze("fast.gpx", &body);
    let aside = r["set_aside"].as_array().unwrap();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(aside[0]["reason"], "too_fast_vertically");
    let d = &aside[0]["descent"];
    assert!(f(d, "vertical_speed_m_per_h") / 3600.0 > 2.0, "{d}");
    assert!(r["descents"].as_array().unwrap().is_empty());
    assert!(
        r["reps"].as_array().is_none_or(|a| a.is_empty()),
        "{}",
        r["reps"]
    );
}

#[test]
fn physics_gate_says_in_the_table_what_was_set_aside_and_why() {
    let body = gpx(&[(40, 3.0, 3.75), (300, 3.0, 0.0)]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settling.gpx");
    std::fs::write(&path, body).unwrap();
    let (out, err, code) = run(downhill().arg("analyze").arg(&path));
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.contains("set aside"))
        .unwrap_or_else(|| panic!("no set-aside line in\n{out}"));
    assert!(line.contains("steeper than anyone runs"), "{line}");
    assert!(line.contains("altitude artefact"), "{line}");
    assert!(line.contains("km 0.00"), "{line}");
}

/// Every fixture's report, one JSON object per session, with its file.
fn fixture_reports() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for dir in ["fit", "gpx", "tcx", "courses", "broken", "sim"] {
        let mut files: Vec<_> = std::fs::read_dir(crate::common::fixture(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let (stdout, _, _) = run(downhill().args(["analyze", "--format", "json"]).arg(&f));
            for line in stdout.lines() {
                out.push((f.display().to_string(), serde_json::from_str(line).unwrap()));
            }
        }
    }
    out
}

#[test]
fn physics_gate_nothing_impossible_in_any_fixture() {
    let limits = downhill::descent::DescentParams::default();
    let reports = fixture_reports();
    assert!(reports.len() >= 20, "{} reports", reports.len());
    let mut descents = 0;
    for (file, r) in &reports {
        for d in r["descents"].as_array().unwrap() {
            descents += 1;
            let at = format!("{file} descent {}", d["index"]);
            assert!(
                f(d, "grade_pct") <= limits.max_runnable_grade_pct,
                "{at}: {d}"
            );
            if let Some(v) = d["vertical_speed_m_per_h"].as_f64() {
                let limit = if d["on_foot"] == true {
                    limits.max_vertical_mps
                } else {
                    limits.max_vertical_mps_off_foot
                };
                assert!(v / 3600.0 <= limit, "{at}: {d}");
            }
            if d["on_foot"] == true
                && let Some(v) = d["avg_speed_mps"].as_f64()
            {
                assert!(v <= limits.max_foot_speed_mps, "{at} on foot at {v} m/s");
            }
            if let Some(g) = d["gap_speed_mps"].as_f64() {
                assert_eq!(d["on_foot"], true, "{at}: GAP off foot");
                assert!(g <= limits.max_foot_speed_mps, "{at}: GAP {g} m/s");
            }
        }
    }
    assert!(descents > 200, "only {descents} descents checked");
}

#[test]
fn physics_gate_a_bike_ride_gets_no_running_verdict() {
    let (out, err, code) =
        run(downhill()
            .args(["analyze", "--format", "json"])
            .arg(crate::common::fixture(
                "fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit",
            )));
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["sport"], "cycling");
    let descents = r["descents"].as_array().unwrap();
    assert!(
        descents.len() >= 6,
        "the 6 laps' drops are still found: {}",
        descents.len()
    );
    for d in descents {
        assert_eq!(d["on_foot"], false, "{d}");
        assert!(d["gap_speed_mps"].is_null(), "{d}");
        assert_ne!(d["band"], "unmeasurable", "the ground keeps its band: {d}");
    }
    // Its seven passes down the hill are found and named as passes: lifted or ridden back
    // up, never walked or jogged, and no running verdict.
    let reps = r["reps"].as_array().unwrap();
    assert_eq!(reps.len(), 7, "{reps:#?}");
    for rep in reps {
        let back = &rep["recovery"]["kind"];
        assert!(back.is_null() || back == "lift" || back == "ride", "{rep}");
    }
    assert_eq!(r["workout"]["kind"], "none");
    assert!(r["workout"]["checks"].as_array().unwrap().is_empty());
    let verdict = r["workout"]["verdict"].as_str().unwrap();
    assert!(
        verdict.contains("cycling: 7 passes down hill 1"),
        "{verdict}"
    );
    assert!(verdict.contains("not judged"), "{verdict}");
    assert!(
        r["rep_notes"].to_string().contains("not a foot sport"),
        "{}",
        r["rep_notes"]
    );
}

#[test]
fn physics_gate_a_multisport_file_is_one_session_per_leg_and_runs_its_running_legs_only() {
    let path = crate::common::fixture(
        "fit/fenix2_multisport-6h50__fitdecode_activity-large-fenxi2-multisport.fit",
    );
    let track = downhill::io::read_activity(&path, &downhill::io::ReadOptions::default()).unwrap();
    let sports: Vec<_> = track.legs.iter().map(|l| l.sport.clone()).collect();
    assert!(sports.contains(&Some("running".into())), "{sports:?}");
    assert!(sports.contains(&Some("cycling".into())), "{sports:?}");

    let (out, err, code) = run(downhill().args(["analyze", "--format", "json"]).arg(&path));
    assert_eq!(code, 0, "{err}");
    let sessions: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // One session per leg, in order, with the leg's sport and all of the file's points.
    assert_eq!(sessions.len(), track.legs.len(), "{out}");
    let points: u64 = sessions
        .iter()
        .map(|r| r["summary"]["points_in_file"].as_u64().unwrap())
        .sum();
    // `--sport` names the sport of the whole file: one session, of every point.
    let (whole, err, code) = run(downhill()
        .args(["analyze", "--format", "json", "--sport", "running"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    assert_eq!(whole.lines().count(), 1);
    let whole: Value = serde_json::from_str(&whole).unwrap();
    assert_eq!(Some(points), whole["summary"]["points_in_file"].as_u64());
    for (k, (r, sport)) in sessions.iter().zip(&sports).enumerate() {
        let sport = sport.as_deref().unwrap();
        assert_eq!(r["sport"].as_str(), Some(sport), "leg {}", k + 1);
        let label = format!("(leg {} of {}, {sport})", k + 1, sports.len());
        assert!(
            r["file"].as_str().unwrap().ends_with(&label),
            "{}",
            r["file"]
        );
        let descents = r["descents"].as_array().unwrap();
        if sport == "cycling" {
            // Off foot by the leg's sport, not only by speed: some bike descents are slow.
            assert!(!descents.is_empty());
            assert!(
                descents
                    .iter()
                    .all(|d| d["on_foot"] == false && d["gap_speed_mps"].is_null())
            );
            assert!(
                descents
                    .iter()
                    .any(|d| d["avg_speed_mps"].as_f64().unwrap_or(0.0) < 9.0)
            );
            assert!(r["reps"].as_array().unwrap().is_empty());
        }
        if sport == "running" {
            assert!(
                descents
                    .iter()
                    .all(|d| d["on_foot"] == false || !d["gap_speed_mps"].is_null())
            );
        }
    }
    assert!(sessions.iter().any(|r| {
        r["sport"] == "running"
            && r["descents"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["on_foot"] == true)
    }));
}

/// Two hours of rolling ground due north, 1 s samples: 5 min down at 10 %, 5 min up at
/// 10 %, at `mps` horizontal.
fn rolling_two_hours(mps: f64) -> String {
    let (mut lat, mut alt) = (45.0_f64, 400.0_f64);
    let mut pts = String::new();
    for t in 0..=7200usize {
        pts.push_str(&format!(
            "<trkpt lat=\"{lat:.7}\" lon=\"6.0000000\"><ele>{alt:.2}</ele>\
             <time>2026-06-01T{:02}:{:02}:{:02}Z</time></trkpt>\n",
            6 + t / 3600,
            t / 60 % 60,
            t % 60
        ));
        lat += mps / 111_195.0;
        alt += if (t / 300) % 2 == 0 { -0.1 } else { 0.1 } * mps;
    }
    format!(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>rolling</name><trkseg>\n{pts}\
         </trkseg></trk></gpx>\n"
    )
}

#[test]
fn a_session_faster_than_anyone_sustains_gets_no_gap_and_no_running_verdict() {
    // 8 m/s for two hours on 10 % rolling ground: 58 km and +2.9 km of climb, 43
    // km-effort/h where the best sustain 23 (a course's pace model, a car).
    let fast = analyze("fast.gpx", &rolling_two_hours(8.0));
    let notes = fast["descent_notes"].to_string();
    assert!(notes.contains("km-effort"), "{notes}");
    let descents = fast["descents"].as_array().unwrap();
    assert!(
        descents.len() >= 10,
        "the ground's descents stay: {}",
        descents.len()
    );
    for d in descents {
        assert_eq!(d["on_foot"], false, "{d}");
        assert!(d["gap_speed_mps"].is_null(), "{d}");
        assert!(
            d["band"].as_str().unwrap().contains("8-10") || d["band"] == "10-12",
            "{d}"
        );
    }
    let verdict = fast["workout"]["verdict"].as_str().unwrap();
    assert!(verdict.contains("faster than anyone sustains"), "{verdict}");
    assert!(
        fast["workout"]["checks"]
            .as_array()
            .is_none_or(|c| c.is_empty())
    );
    // The same ground at 3.5 m/s (19 km-effort/h over 2 h: a strong runner) is a run.
    let run_ = analyze("steady.gpx", &rolling_two_hours(3.5));
    assert!(!run_["descent_notes"].to_string().contains("km-effort"));
    let descents = run_["descents"].as_array().unwrap();
    assert!(!descents.is_empty());
    for d in descents {
        assert_eq!(d["on_foot"], true, "{d}");
        assert!(f(d, "gap_speed_mps") > 0.0);
    }
}

#[test]
fn season_leaves_out_a_session_no_runner_could_run_unless_all_sports() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fast.gpx"), rolling_two_hours(8.0)).unwrap();
    std::fs::write(dir.path().join("steady.gpx"), rolling_two_hours(3.5)).unwrap();
    let season = |extra: &[&str]| -> Value {
        let (out, err, code) = run(downhill()
            .args(["season", "--format", "json"])
            .args(extra)
            .arg(dir.path()));
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let s = season(&[]);
    assert_eq!(
        s["sessions"].as_array().unwrap().len(),
        1,
        "{}",
        s["sessions"]
    );
    let skipped = s["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["why"], "times_not_a_runners");
    assert!(skipped[0]["file"].as_str().unwrap().ends_with("fast.gpx"));
    let all = season(&["--all-sports"]);
    assert_eq!(all["sessions"].as_array().unwrap().len(), 2);
    // The single file says why.
    let fast = analyze("fast.gpx", &rolling_two_hours(8.0));
    let e = &fast["sustained_effort"];
    assert!(
        f(e, "km_effort_per_h") > f(e, "limit_km_effort_per_h"),
        "{e}"
    );
    let steady = analyze("steady.gpx", &rolling_two_hours(3.5));
    assert!(steady["sustained_effort"].is_null());
}

#[test]
fn the_vertical_limit_is_the_sports_a_bike_descends_faster_than_a_runner() {
    // 400 m at 18 % in 28 s: 2.5 m/s vertical, past any runner, an ordinary bike descent.
    let body = gpx(&[(120, 3.0, 0.0), (28, 14.3, 2.57), (120, 3.0, 0.0)]);
    let ride = body.replace("<name>gate</name>", "<name>gate</name><type>cycling</type>");
    let r = analyze("ride.gpx", &ride);
    assert_eq!(r["sport"], "cycling", "{}", r["sport"]);
    assert!(
        r["set_aside"].as_array().unwrap().is_empty(),
        "{}",
        r["set_aside"]
    );
    let d = &r["descents"].as_array().unwrap()[0];
    assert!((f(d, "grade_pct") - 18.0).abs() < 1.5, "{d}");
    assert_eq!(d["on_foot"], false);
    // The same samples as a run: set aside.
    let run_ = analyze("run.gpx", &body);
    let aside = run_["set_aside"].as_array().unwrap();
    assert_eq!(aside.len(), 1, "{}", run_["descents"]);
    assert_eq!(aside[0]["reason"], "too_fast_vertically");
}
