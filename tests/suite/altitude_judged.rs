//! Altitude judged from its own samples: a humped barometer is graded as GPS altitude, the
//! report says so, and the same judgement reaches the table and the JSON.

use serde_json::Value;

use crate::common::{downhill, fixture, run};

fn json(rel: &str) -> Value {
    let (out, err, code) = run(downhill()
        .args(["analyze", "--format", "json"])
        .arg(fixture(rel)));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(out.lines().next().unwrap()).unwrap()
}

#[test]
fn altitude_a_barometer_that_disagrees_with_itself_is_graded_as_gps() {
    // Polar Vantage V, barometric by its device, with a 37 -> 82 -> 20 m hump on a flat run.
    let r = json("gpx/polar-vantage-v_baro__garmin-vs-polar_2024-05-27_polar.gpx");
    assert_eq!(r["altitude_source"], "barometric");
    let a = &r["altitude"];
    assert_eq!(a["fine"], false, "{a}");
    assert_eq!(a["overruled"], true, "{a}");
    assert!(a["revisit_spread_m"].as_f64().unwrap() >= 5.0, "{a}");
    // Coarse altitude: its descents are low-confidence, and the note says why.
    let descents = r["descents"].as_array().unwrap();
    assert!(descents.iter().all(|d| d["confidence"] == "low"));
    let notes = r["descent_notes"].to_string();
    assert!(notes.contains("coarse"), "{notes}");
}

#[test]
fn altitude_that_agrees_with_itself_is_fine_and_the_table_says_what_it_allows() {
    let rel = "sim/short-reps_baro_seed7.gpx.gz";
    let r = json(rel);
    let a = &r["altitude"];
    assert_eq!(a["fine"], true, "{a}");
    assert!(a["revisit_spread_m"].as_f64().unwrap() < 3.0, "{a}");
    let drop_sd = a["drop_sd_m"].as_f64().unwrap();
    assert!(drop_sd > 0.0 && drop_sd < 1.0, "{a}");

    let (out, err, code) = run(downhill().arg("analyze").arg(fixture(rel)));
    assert_eq!(code, 0, "{err}");
    let line = out.lines().find(|l| l.contains("altitude:  ")).unwrap();
    assert!(line.contains("fine-grained"), "{line}");
    // The table's length is the JSON's drop sd turned into +-1 % (2 sigma): 200 x sd, to the
    // JSON's resolution (its metres have 2 decimals: 200 x 0.005 m = 1 m).
    let from: f64 = line
        .split("from ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        (from - 200.0 * drop_sd).abs() <= 1.0 + 0.5,
        "{line} vs {drop_sd}"
    );
}

#[test]
fn altitude_named_on_the_command_line_is_not_overruled() {
    let path = fixture("gpx/polar-vantage-v_baro__garmin-vs-polar_2024-05-27_polar.gpx");
    // `barometric`, the reports' word, is the same value as `baro`.
    let mut outs = Vec::new();
    for name in ["baro", "barometric"] {
        let (out, err, code) = run(downhill()
            .args(["analyze", "--format", "json", "--altitude", name])
            .arg(&path));
        assert_eq!(code, 0, "{err}");
        let r: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(r["altitude"]["fine"], true);
        assert_eq!(r["altitude"]["overruled"], false);
        assert_eq!(r["altitude_source"], "barometric");
        outs.push(out);
    }
    assert_eq!(outs[0], outs[1]);
}

#[test]
fn altitude_coarse_drops_within_the_noise_get_no_band() {
    // eTrex: GPS altitude. Its small drops are within the noise; its big ones are banded.
    let r = json("gpx/etrex-solar_gps-alt__garmin-vs-polar_2024-05-27_garmin.gpx");
    let a = &r["altitude"];
    assert_eq!(a["fine"], false, "{a}");
    let floor_m = downhill::descent::DescentParams::default().band_min_drop_sd
        * a["drop_sd_m"].as_f64().unwrap();
    let descents = r["descents"].as_array().unwrap();
    let mut unbanded = 0;
    for d in descents {
        let drop = d["drop_m"].as_f64().unwrap();
        assert_eq!(
            d["band"] == "unmeasurable",
            drop < floor_m,
            "floor {floor_m} m: {d}"
        );
        unbanded += usize::from(drop < floor_m);
    }
    assert!(
        unbanded > 0 && unbanded < descents.len(),
        "{unbanded} of {}",
        descents.len()
    );
    assert!(
        r["descent_notes"]
            .to_string()
            .contains("not measurable from this altitude")
    );
    // Fine altitude has no such floor: the README fixture's 8 m reps keep their bands.
    let fine = json("sim/short-reps_baro_seed7.gpx.gz");
    let bands: Vec<&Value> = fine["descents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["band"])
        .collect();
    assert!(bands.iter().all(|b| *b != "unmeasurable"), "{bands:?}");
}

/// The analysis of `path` as JSON (first session).
fn json_of(path: &std::path::Path) -> Value {
    let (out, err, code) = run(downhill().args(["analyze", "--format", "json"]).arg(path));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(out.lines().next().unwrap()).unwrap()
}

/// (distance, band, confidence) of each descent, distance to the metre.
fn descents(r: &Value) -> Vec<(i64, String, String)> {
    r["descents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["distance_m"].as_f64().unwrap().round() as i64,
                d["band"].to_string(),
                d["confidence"].to_string(),
            )
        })
        .collect()
}

#[test]
fn altitude_the_same_samples_give_the_same_descents_when_only_the_air_temperature_names_the_barometer()
 {
    // A Garmin Connect GPX names no device; the FR945's had air temperature in every point,
    // as its FIT did. These are the FR645M's own samples written as such a GPX: with the
    // temperature they are read as barometric, as the FIT is, and give its descents.
    let fit_path = fixture("fit/fr645m_hill-run__runpandas_run.fit");
    let fit = json_of(&fit_path);
    assert_eq!(fit["altitude_source"], "barometric");
    assert_eq!(
        fit["altitude_source_from_temperature"], false,
        "the device names it"
    );

    let mut track =
        downhill::io::read_activity(&fit_path, &downhill::io::ReadOptions::default()).unwrap();
    track.meta.device = Some("Garmin Connect".into());
    let plain = downhill_testkit::write::to_gpx(&track);
    let with_temperature = plain.replace(
        "<gpxtpx:TrackPointExtension>",
        "<gpxtpx:TrackPointExtension><gpxtpx:atemp>24.0</gpxtpx:atemp>",
    );
    assert!(with_temperature.matches("atemp>24.0").count() > 1000);
    let dir = tempfile::tempdir().unwrap();
    let (gpx_t, gpx_p) = (dir.path().join("t.gpx"), dir.path().join("p.gpx"));
    std::fs::write(&gpx_t, with_temperature).unwrap();
    std::fs::write(&gpx_p, plain).unwrap();

    let warm = json_of(&gpx_t);
    assert_eq!(warm["altitude_source"], "barometric");
    assert_eq!(warm["altitude_source_from_temperature"], true);
    assert_eq!(warm["altitude"]["fine"], true);
    let (a, b) = (descents(&fit), descents(&warm));
    assert!(!a.is_empty(), "{a:?}");
    assert_eq!(a.len(), b.len(), "FIT {a:?} vs GPX {b:?}");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.1, &x.2), (&y.1, &y.2), "FIT {a:?} vs GPX {b:?}");
        assert!((x.0 - y.0).abs() <= 2, "FIT {a:?} vs GPX {b:?}");
    }

    // Without it, nothing says barometric and the samples alone cannot tell (0.2 m steps
    // and no revisited ground): the GPX stays unknown, and coarse.
    let cold = json_of(&gpx_p);
    assert_eq!(cold["altitude_source"], "unknown");
    assert_eq!(cold["altitude"]["fine"], false);
    assert!(
        descents(&cold).iter().all(|d| d.2 == "\"low\""),
        "{:?}",
        descents(&cold)
    );
}
