//! Reps and workout verdicts on real fixtures, and the `plans` / `--plan` command line.

use crate::common::{downhill, fixture, run};

fn json(file: &str, extra: &[&str]) -> serde_json::Value {
    let (out, err, code) = run(downhill()
        .arg("analyze")
        .arg(fixture(file))
        .args(["--format", "json"])
        .args(extra));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(out.trim()).expect("one JSON object")
}

#[test]
fn six_lift_assisted_mtb_runs_give_a_repeat_set_with_lift_recoveries() {
    // A ride: judged as a run only when the user says so (by default it gets no running
    // verdict, see physics_gate). The repeat and lift detection is what is tested here.
    let v = json(
        "fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit",
        &["--sport", "running"],
    );
    let reps = v["reps"].as_array().unwrap();
    let on_hill1: Vec<_> = reps.iter().filter(|r| r["hill"] == 1).collect();
    // Seven passes down the one ~265 m drop (the profile shows seven): the second is cut
    // into five descents by two 1.5-2 minute stops and is still one pass.
    assert_eq!(on_hill1.len(), 7, "{reps:#?}");
    let descents = v["descents"].as_array().unwrap();
    for (i, r) in on_hill1.iter().enumerate() {
        assert_eq!(r["source"], "repeat");
        assert_eq!(r["band"], "12-18");
        let d = r["distance_m"].as_f64().unwrap();
        // The runs are the full ~1.7 km trail; the last one is stopped short (its descent
        // measures ~1430 m). A rep never outgrows the descent it was cut from.
        if i < 6 {
            assert!((1650.0..1850.0).contains(&d), "{d}");
        }
        // The pass cut by stops lies in no single descent.
        let Some(from) = r["descent"].as_u64().map(|x| x as usize) else {
            assert_eq!(i, 1, "only the second pass is cut by stops: {r}");
            continue;
        };
        let whole = descents
            .iter()
            .find(|x| x["index"].as_u64() == Some(from as u64))
            .unwrap()["distance_m"]
            .as_f64()
            .unwrap();
        assert!(
            d <= whole * 1.05 && d >= whole * 0.9,
            "rep {d} m of descent {whole} m"
        );
        assert!(r["start"].as_str().unwrap().ends_with('Z'));
    }
    let lifts = on_hill1
        .iter()
        .filter(|r| r["recovery"]["kind"] == "lift")
        .count();
    assert!(lifts >= 3, "{lifts}");
    let w = &v["workout"];
    assert_eq!(w["kind"], "long");
    assert_eq!(w["compliant"], false);
    let rec = w["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "recovery")
        .unwrap();
    assert_eq!(rec["pass"], false, "a lift is not a slow uphill run");
}

#[test]
fn a_run_with_one_big_hill_has_no_rep_set() {
    let v = json("fit/fr645m_hill-run__runpandas_run.fit", &[]);
    assert!(v["reps"].as_array().unwrap().is_empty(), "{:#?}", v["reps"]);
    assert_eq!(v["workout"]["kind"], "none");
    assert_eq!(v["workout"]["compliant"], false);
    assert!(v["workout"]["checks"].as_array().unwrap().is_empty());
}

#[test]
fn a_plan_is_judged_even_when_the_file_has_no_reps() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("week3.toml");
    std::fs::write(&plan, "name = \"week 3\"\nkind = \"short\"\nreps = 10\n").unwrap();
    let v = json(
        "fit/fr645m_hill-run__runpandas_run.fit",
        &["--plan", plan.to_str().unwrap()],
    );
    let w = &v["workout"];
    assert_eq!(w["kind"], "short");
    assert_eq!(w["source"], "plan");
    assert_eq!(w["prescription"], "week 3");
    let c = &w["checks"][0];
    assert_eq!(c["name"], "reps");
    assert_eq!(c["actual"], "0");
    assert_eq!(c["pass"], false);
}

/// Stderr and exit code of `analyze` with a plan file of `text` named `name`.
fn with_plan(name: &str, text: &str) -> (String, i32) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join(name);
    std::fs::write(&plan, text).unwrap();
    let file = fixture("fit/fr645m_hill-run__runpandas_run.fit");
    let (_, err, code) = run(downhill().arg("analyze").arg(file).arg("--plan").arg(&plan));
    (err, code)
}

#[test]
fn a_bad_plan_names_file_line_and_field() {
    let (err, code) = with_plan("bad.toml", "kind = \"short\"\n\ngrade_pct = [10, 8]\n");
    assert_eq!(code, 2);
    assert!(err.contains("bad.toml: line 3"), "{err}");
    assert!(err.contains("grade_pct"), "{err}");
}

#[test]
fn plans_prints_the_three_builtin_workouts_and_their_toml() {
    let (out, _, code) = run(downhill().arg("plans"));
    assert_eq!(code, 0);
    for name in [
        "short downhill reps",
        "long downhill reps",
        "downhill intervals",
    ] {
        assert!(out.contains(name), "{out}");
    }
    assert!(out.contains("80-100 m"), "{out}");
    let (one, _, code) = run(downhill().args(["plans", "long"]));
    assert_eq!(code, 0);
    assert!(
        one.contains("long downhill reps") && !one.contains("short"),
        "{one}"
    );
}

#[test]
fn plans_toml_prints_one_plan_that_loads_with_plan() {
    // A plan file holds one plan: three in one file were refused ("duplicate key").
    let (_, err, code) = run(downhill().args(["plans", "--toml"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("<WORKOUT>"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    for kind in ["short", "long", "intervals"] {
        let (toml, err, code) = run(downhill().args(["plans", "--toml", kind]));
        assert_eq!(code, 0, "{err}");
        assert_eq!(toml.matches("kind = ").count(), 1, "{toml}");
        let plan = dir.path().join(format!("{kind}.toml"));
        std::fs::write(&plan, &toml).unwrap();
        let v = json(
            "sim/short-reps_baro_seed7.gpx.gz",
            &["--plan", plan.to_str().unwrap()],
        );
        assert_eq!(v["workout"]["kind"], kind, "{toml}");
        assert_eq!(v["workout"]["source"], "plan");
    }
}

#[test]
fn a_plan_value_of_the_wrong_type_names_field_line_and_column() {
    let (err, code) = with_plan("typo.toml", "kind = \"short\"\nlength_m = \"80-100\"\n");
    assert_eq!(code, 2);
    let at = "typo.toml: line 2, column 12: field `length_m`";
    assert!(err.contains(at), "{err}");
    assert!(!err.contains("untagged"), "{err}");
}

#[test]
fn every_check_carries_its_value_uncertainty_unit_and_range_in_json() {
    let v = json("sim/short-reps_baro_seed7.gpx.gz", &[]);
    let w = &v["workout"];
    assert_eq!(w["state"], "as_prescribed", "{w:#}");
    let checks = w["checks"].as_array().unwrap();
    assert!(checks.len() >= 6, "{checks:#?}");
    for c in checks {
        assert!(
            ["pass", "miss", "uncertain"].contains(&c["state"].as_str().unwrap()),
            "{c}"
        );
        assert!(c["unit"].is_string(), "{c}");
        assert!(c["value"].is_number(), "{c}");
        assert!(c["uncertainty"].as_f64().unwrap() >= 0.0, "{c}");
        assert!(
            c["expected_min"].is_number() || c["expected_max"].is_number(),
            "{c}"
        );
        assert_eq!(c["pass"], c["state"] != "miss", "{c}");
    }
    let length = checks.iter().find(|c| c["name"] == "length").unwrap();
    assert_eq!(length["unit"], "m");
    assert_eq!(length["expected_min"], 80.0);
    assert_eq!(length["expected_max"], 100.0);
    // Reps measured from a barometric 1 s recording: a few metres, not tens.
    let u = length["uncertainty"].as_f64().unwrap();
    assert!(u > 1.0 && u < 15.0, "{length}");
    for r in v["reps"].as_array().unwrap() {
        let sd = r["distance_sd_m"].as_f64().unwrap();
        assert!(sd > 0.5 && sd < 10.0, "{r}");
        assert!(r["avg_speed_sd_mps"].as_f64().unwrap() > 0.0, "{r}");
    }
}

#[test]
fn a_steady_run_over_a_loop_that_passes_one_hill_twice_is_no_rep_set() {
    // Forerunner 410, a hilly 5 km: the same 220 m descent twice, run at the runner's easy
    // pace and climbed back at nearly that pace (2.2 m/s after 2.4 m/s down): no recovery.
    let (out, err, code) = run(downhill()
        .args(["analyze", "--format", "json"])
        .arg(fixture("tcx/fr410_hilly-5k__runpandas_basic.tcx")));
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!r["descents"].as_array().unwrap().is_empty());
    assert_eq!(r["reps"].as_array().unwrap().len(), 0, "{}", r["reps"]);
    let verdict = r["workout"]["verdict"].as_str().unwrap();
    assert!(verdict.starts_with("no rep set"), "{verdict}");
}

#[test]
fn a_ride_down_one_trail_seven_times_is_one_set_of_seven_passes() {
    // Edge MTB: 7 descents of one 1.7 km trail, lifted or ridden back up (a ride may climb
    // as fast as it came down a technical trail: no runner's recovery rule).
    let (out, err, code) = run(downhill()
        .args(["analyze", "--format", "json"])
        .arg(fixture(
            "fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit",
        )));
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        r["rep_sets"].as_array().unwrap().len(),
        1,
        "{}",
        r["rep_sets"]
    );
    assert_eq!(r["reps"].as_array().unwrap().len(), 7);
    let verdict = r["workout"]["verdict"].as_str().unwrap();
    assert!(verdict.contains("7 passes down hill 1"), "{verdict}");
}
