//! The command line as a user meets it: help, errors that name the file, exit codes, JSON Lines.

use crate::common::{downhill, fixture, run};

#[test]
fn help_teaches_the_analyze_command() {
    let (out, _, code) = run(downhill().arg("--help"));
    assert_eq!(code, 0);
    assert!(out.contains("analyze"), "{out}");
    let (out, _, code) = run(downhill().args(["analyze", "--help"]));
    assert_eq!(code, 0);
    assert!(out.contains("--format") && out.contains("--bands"), "{out}");
}

#[test]
fn a_missing_file_gives_one_line_naming_it() {
    let (_, err, code) = run(downhill().args(["analyze", "no/such/run.fit"]));
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no/such/run.fit"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn empty_and_garbage_files_are_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.gpx");
    std::fs::write(&empty, b"").unwrap();
    let garbage = dir.path().join("garbage.fit");
    std::fs::write(
        &garbage,
        (0..4000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let text = dir.path().join("notes.tcx");
    std::fs::write(&text, "just some notes, not a TCX file\n").unwrap();
    for f in [&empty, &garbage, &text] {
        let (_, err, code) = run(downhill().arg("analyze").arg(f));
        assert_eq!(code, 1, "{err}");
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(err.contains(&name), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn input_files_are_never_modified() {
    let f = fixture("gpx/polar-vantage-v_baro__garmin-vs-polar_2024-05-27_polar.gpx");
    let before = std::fs::read(&f).unwrap();
    let _ = run(downhill().arg("analyze").arg(&f));
    assert_eq!(std::fs::read(&f).unwrap(), before);
}

#[test]
fn bad_band_edges_are_explained() {
    let f = fixture("fit/fr645m_hill-run__runpandas_run.fit");
    let (_, err, code) = run(downhill().arg("analyze").arg(&f).args(["--bands", "10,8"]));
    assert_eq!(code, 2);
    assert!(err.contains("increase"), "{err}");
    // One line, with the prefix every error has.
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("downhill: error: --bands: "), "{err}");
}

#[test]
fn one_bad_file_among_many_still_reports_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.gpx");
    std::fs::write(&bad, b"<gpx></gpx>").unwrap();
    let good1 = fixture("fit/fr645m_hill-run__runpandas_run.fit");
    let good2 = fixture("tcx/fr410_hilly-5k__runpandas_basic.tcx");
    let (out, err, code) = run(downhill()
        .arg("analyze")
        .arg(&good1)
        .arg(&bad)
        .arg(&good2)
        .args(["--format", "json"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bad.gpx"), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["summary"]["points"].as_u64().unwrap() > 100);
        assert!(v["descents"].is_array());
    }
}

#[test]
fn season_charts_are_drawn_into_the_named_folder() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    let (_, err, code) = run(downhill()
        .arg("season")
        .arg(fixture("sim"))
        .arg("--charts")
        .arg(&charts)
        .args(["--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    for name in ["slope-speed.png", "season.png"] {
        let bytes = std::fs::read(charts.join(name)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{name}");
        assert!(bytes.len() > 10_000, "{name}: {} bytes", bytes.len());
    }
}

/// `analyze`, `season` and `chart` share one set of measuring options with one effect:
/// a minimum descent length longer than every rep leaves no descent in any of them.
#[test]
fn every_command_takes_the_measuring_options_with_the_same_effect() {
    let file = fixture("sim/short-reps_baro_seed7.gpx.gz");
    let file = file.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = [
        "--min-descent-m",
        "500",
        "--min-drop-m",
        "4",
        "--min-grade-pct",
        "4",
    ];
    let (out, err, code) = run(downhill()
        .args(["analyze", file, "--format", "json"])
        .args(opts));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["descents"].as_array().unwrap().len(), 0, "{out}");
    let (out, err, code) = run(downhill()
        .args(["season", file, "--format", "json"])
        .args(opts));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sessions"][0]["descents"], 0, "{out}");
    let png = dir.path().join("p.svg");
    let (_, err, code) = run(downhill()
        .args(["chart", file, "--kind", "profile", "-o"])
        .arg(&png)
        .args(opts));
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&png).unwrap();
    // Without the option the profile numbers its descents; with it there are none.
    let (_, err, code) = run(downhill()
        .args(["chart", file, "--kind", "profile", "-o"])
        .arg(dir.path().join("q.svg")));
    assert_eq!(code, 0, "{err}");
    let svg_default = std::fs::read_to_string(dir.path().join("q.svg")).unwrap();
    assert!(
        svg.len() < svg_default.len(),
        "the option changed nothing in the chart"
    );
    // A bad value is refused the same way everywhere.
    for cmd in ["analyze", "season"] {
        let (_, err, code) = run(downhill().args([cmd, file, "--min-drop-m=-1"]));
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(err.contains("--min-drop-m"), "{err}");
    }
}

#[test]
fn rep_table_shows_heart_rate_mean_and_max_when_the_file_records_it() {
    let f = fixture("fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit");
    let (table, err, code) = run(downhill().arg("analyze").arg(&f));
    assert_eq!(code, 0, "{err}");
    let (json, _, _) = run(downhill().args(["analyze", "--format", "json"]).arg(&f));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let reps = v["reps"].as_array().unwrap();
    assert!(!reps.is_empty());
    let header = table.lines().find(|l| l.contains("set  rep")).unwrap();
    assert!(header.ends_with("HR"), "{header}");
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.contains("set  rep"))
        .skip(2)
        .take(reps.len())
        .collect();
    for (rep, row) in reps.iter().zip(rows) {
        let mean = rep["heart_rate_bpm"].as_f64().unwrap();
        let max = rep["heart_rate_max_bpm"].as_f64().unwrap();
        assert!(mean <= max);
        let cell = format!("{mean:.0}/{max:.0}");
        assert!(row.ends_with(&cell), "{cell} not at the end of {row}");
    }
    // A file without heart rate gets no HR column.
    let (plain, _, _) = run(downhill()
        .arg("analyze")
        .arg(fixture("sim/short-reps_baro_seed7.gpx.gz")));
    let header = plain.lines().find(|l| l.contains("set  rep")).unwrap();
    assert!(!header.contains("HR"), "{header}");
}
