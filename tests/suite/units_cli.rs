//! `--units metric|imperial` and `--pace|--speed`: one choice, the same in every human-facing
//! output of every command; JSON and CSV stay SI.

use crate::common::{downhill, fixture, run};

const REPS: &str = "sim/short-reps_baro_seed7.gpx.gz";

fn analyze(extra: &[&str]) -> String {
    let (out, err, code) = run(downhill().arg("analyze").arg(fixture(REPS)).args(extra));
    assert_eq!(code, 0, "{extra:?}: {err}");
    out
}

#[test]
fn units_imperial_shows_miles_feet_and_minutes_per_mile() {
    let out = analyze(&["--units", "imperial"]);
    assert!(out.contains("distance:  3.19 mi"), "{out}");
    assert!(out.contains("at mi  dist ft  drop ft"), "{out}");
    assert!(out.contains("pace/mi"), "{out}");
    // The speed check in min/mi like the table (4.12 m/s = 6:31 /mi).
    assert!(out.contains("median rep speed 6:31 /mi"), "{out}");
    assert!(out.contains("expected 262-328 ft per rep"), "{out}");
    // Past the first line (the file's path, ".../sim/short-reps...").
    let body: String = out.lines().skip(1).collect::<Vec<_>>().join("\n");
    for metric in [" km", " m ", "/km", "m/s"] {
        assert!(!body.contains(metric), "{metric:?} in\n{out}");
    }
    // Grades and bands stay percent.
    assert!(out.contains("9.5 % (band 8-10)"), "{out}");
}

#[test]
fn speed_shows_kmh_or_mph_instead_of_a_pace() {
    let out = analyze(&["--speed"]);
    assert!(out.contains("km/h"), "{out}");
    assert!(out.contains("median rep speed 14.8 km/h"), "{out}");
    assert!(!out.contains("/km"), "{out}");
    let out = analyze(&["--units=imperial", "--speed"]);
    assert!(out.contains("median rep speed 9.2 mph"), "{out}");
    // The later of --pace and --speed wins, as with any pair of opposite flags.
    let out = analyze(&["--speed", "--pace"]);
    assert!(out.contains("median rep speed 4:03 /km"), "{out}");
}

#[test]
fn units_is_global_before_or_after_the_command() {
    let (before, err, code) = run(downhill()
        .args(["--units", "imperial", "analyze"])
        .arg(fixture(REPS)));
    assert_eq!(code, 0, "{err}");
    assert_eq!(before, analyze(&["--units", "imperial"]));
}

#[test]
fn json_and_csv_stay_si_whatever_the_units() {
    for format in ["json", "csv"] {
        let si = analyze(&["--format", format]);
        let imperial = analyze(&["--format", format, "--units", "imperial", "--speed"]);
        assert_eq!(si, imperial, "{format}");
    }
}

#[test]
fn an_unknown_unit_system_is_a_usage_error() {
    let (_, err, code) = run(downhill()
        .args(["analyze", "--units", "furlongs"])
        .arg(fixture(REPS)));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("imperial"), "{err}");
}

#[test]
fn help_teaches_units_and_says_json_stays_si() {
    let (out, _, code) = run(downhill().args(["analyze", "--help"]));
    assert_eq!(code, 0);
    assert!(out.contains("--units <SYSTEM>"), "{out}");
    assert!(out.contains("--speed"), "{out}");
    assert!(out.contains("JSON and CSV stay SI"), "{out}");
    // The deprecated chart flag is hidden from help but still accepted.
    let (out, _, _) = run(downhill().args(["chart", "--help"]));
    assert!(!out.contains("--speed-unit"), "{out}");
}

#[test]
fn the_old_speed_unit_flag_still_works_and_says_what_replaces_it() {
    let (svg, err, code) = run(downhill().arg("chart").arg(fixture(REPS)).args([
        "--kind=slope-speed",
        "--speed-unit=kmh",
        "--chart-format=svg",
        "-o",
        "-",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--speed-unit is deprecated"), "{err}");
    assert!(err.contains("--speed"), "{err}");
    assert!(svg.contains("Speed (km/h)"));
    // The legend's flat pace follows the axis (it said "flat 7:49/km" on a km/h chart).
    assert!(svg.contains("to flat "), "no legend");
    assert!(!svg.contains("/km"), "a pace on a km/h chart");
}

#[test]
fn charts_label_axes_in_the_chosen_units() {
    let chart = |kind: &str| {
        let (svg, err, code) = run(downhill().arg("chart").arg(fixture(REPS)).args([
            &format!("--kind={kind}"),
            "--units=imperial",
            "--chart-format=svg",
            "-o",
            "-",
        ]));
        assert_eq!(code, 0, "{err}");
        svg
    };
    let profile = chart("profile");
    assert!(profile.contains("Distance (mi)"));
    assert!(profile.contains("Elevation (ft)"));
    let slope = chart("slope-speed");
    assert!(slope.contains("Pace (min/mi, faster up)"));
    assert!(slope.contains("/mi"));
    assert!(!slope.contains("/km"));
}

#[test]
fn season_text_markdown_and_pages_follow_the_units() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("season.html");
    let (out, err, code) = run(downhill()
        .args(["season", "--units", "imperial", "-q", "--html"])
        .arg(&page)
        .arg(fixture("sim")));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("rep min/mi"), "{out}");
    assert!(out.contains(" mi  "), "{out}");
    assert!(!out.contains("m/s") && !out.contains(" km"), "{out}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("rep min/mi"), "season page");
    let (md, _, _) = run(downhill()
        .args([
            "season",
            "--units=imperial",
            "--speed",
            "--format=markdown",
            "-q",
        ])
        .arg(fixture("sim")));
    assert!(md.contains("| rep mph | GAP mph |"), "{md}");
    assert!(md.contains("downhill mi"), "{md}");
    // CSV stays SI.
    let (csv, _, _) = run(downhill()
        .args(["season", "--units=imperial", "--format=csv", "-q"])
        .arg(fixture("sim")));
    assert!(
        csv.lines().next().unwrap().contains("rep_speed_mps"),
        "{csv}"
    );
}

#[test]
fn the_session_page_follows_the_units() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("s.html");
    let (_, err, code) = run(downhill()
        .args(["analyze", "--units=imperial", "-q", "--html"])
        .arg(&page)
        .arg(fixture(REPS)));
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("3.19 mi"), "meta line");
    assert!(html.contains("/mi"), "paces");
    assert!(html.contains("distance (mi)"), "profile axis");
    assert!(!html.contains(" /km"), "a metric pace left");
}

#[test]
fn plans_show_lengths_in_the_units_but_plan_files_stay_in_metres() {
    let (out, _, code) = run(downhill().args(["plans", "short", "--units", "imperial"]));
    assert_eq!(code, 0);
    // 80-100 m = 262.5-328.1 ft.
    assert!(out.contains("length        262-328 ft"), "{out}");
    let (toml, _, _) = run(downhill().args(["plans", "short", "--toml", "--units", "imperial"]));
    assert!(toml.contains("length_m = [80, 100]"), "{toml}");
}

#[test]
fn notes_speak_the_chosen_units_and_json_keeps_metres() {
    let f = fixture("courses/utmb-2025__Sekoya88_UTMB_2025.gpx");
    let (json, err, code) = run(downhill().args(["analyze", "--format", "json"]).arg(&f));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let notes: Vec<&str> = v["descent_notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    let floor = notes
        .iter()
        .find(|n| n.contains("drop less than"))
        .expect("a coarse-altitude course has a noise floor note");
    assert!(floor.contains(" m ("), "{floor}");
    let (table, _, _) = run(downhill().args(["analyze", "--units", "imperial"]).arg(&f));
    let line = table
        .lines()
        .find(|l| l.contains("drop less than"))
        .unwrap();
    // The same figure in feet: "drop less than 15 m" is "drop less than 49 ft".
    let figure = |text: &str| -> f64 {
        let after = text.split("drop less than ").nth(1).unwrap();
        after.split(' ').next().unwrap().parse().unwrap()
    };
    let (metres, feet) = (figure(floor), figure(line));
    assert!(
        (feet * 0.3048 - metres).abs() <= 0.5 * 0.3048 + 0.5,
        "{metres} m vs {feet} ft"
    );
    assert!(line.contains(" ft (") && !line.contains(" m "), "{line}");
    for l in table.lines().filter(|l| l.contains("note:")) {
        assert!(
            !l.contains(" m ") && !l.contains(" m)"),
            "metres in an imperial note: {l}"
        );
    }
}
