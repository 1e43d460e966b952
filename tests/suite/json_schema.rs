//! docs/json-schema.md is the contract of the JSON output: every field that `analyze` and
//! `season` print is named there.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{downhill, fixture, run};

fn keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// The fields of `json` that docs/json-schema.md does not name, asserted empty.
fn assert_documented(json: &str) {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json-schema.md"))
        .unwrap();
    let missing = undocumented(json, &doc);
    assert!(
        missing.is_empty(),
        "not in docs/json-schema.md: {missing:?}"
    );
}

fn undocumented(json: &str, doc: &str) -> Vec<String> {
    let mut found = BTreeSet::new();
    // One object (season, pretty-printed) or JSON Lines (analyze of several files).
    match serde_json::from_str::<Value>(json) {
        Ok(v) => keys(&v, &mut found),
        Err(_) => {
            for line in json.lines().filter(|l| !l.trim().is_empty()) {
                keys(&serde_json::from_str(line).unwrap(), &mut found);
            }
        }
    }
    assert!(found.len() > 20, "{found:?}");
    found
        .into_iter()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect()
}

#[test]
fn json_schema_names_every_field_of_analyze() {
    let (out, err, code) = run(downhill()
        .args(["analyze", "--format", "json"])
        .arg(fixture("sim/short-reps_baro_seed7.gpx.gz"))
        .arg(fixture("fit/fr645m_hill-run__runpandas_run.fit"))
        .arg(fixture(
            "fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit",
        ))
        .arg(fixture("tcx/fr410_hilly-5k__runpandas_basic.tcx")));
    assert_eq!(code, 0, "{err}");
    assert_documented(&out);
}

#[test]
fn json_schema_names_every_field_of_season() {
    let (out, err, code) = run(downhill()
        .args(["season", "--format", "json", "--all-sports"])
        .arg(fixture("sim"))
        .arg(fixture("fit"))
        .arg(fixture("gpx")));
    assert_eq!(code, 0, "{err}");
    assert_documented(&out);
}
