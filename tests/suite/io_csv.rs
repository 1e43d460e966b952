//! An unusable `activities.csv` in an export zip (issue 12, defect 6): too big, UTF-16, an
//! unterminated quote, no Filename column, rows naming files not in the zip. Each gives one
//! warning naming the CSV, and the activities are analyzed anyway. Inputs generated here.

use serde_json::Value;

use crate::common::{downhill, run};
use crate::season_gen::{Kind, ZipEntry, encode, session, short_session, write_zip};

fn activity() -> Vec<u8> {
    encode(&session(&short_session(0.0, 2, 60)), Kind::Fit)
}

const GOOD: &str = "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n\
                    1,\"Jan 6, 2025, 7:00:00 AM\",Hill reps,Run,activities/1.fit\n";

/// `season` over a zip of `activities/1.fit` and this `activities.csv`: the sessions'
/// names, and stderr.
fn season_with_csv(csv: Vec<u8>) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("export.zip");
    write_zip(
        &zip,
        &[
            ZipEntry {
                name: "activities.csv".into(),
                bytes: csv,
            },
            ZipEntry {
                name: "activities/1.fit".into(),
                bytes: activity(),
            },
        ],
    );
    let (out, err, code) = run(downhill()
        .arg("season")
        .arg(&zip)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "a bad CSV fails nothing: {err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    let names = v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap_or("").to_string())
        .collect();
    (names, err)
}

fn assert_warned(err: &str, what: &str) {
    let line = err
        .lines()
        .find(|l| l.contains("export.zip!activities.csv"))
        .unwrap_or_else(|| panic!("no line names the CSV: {err}"));
    assert!(line.contains("warning") && line.contains(what), "{line}");
}

#[test]
fn io_csv_a_good_csv_names_the_activity() {
    let (names, err) = season_with_csv(GOOD.as_bytes().to_vec());
    assert_eq!(names, vec!["Hill reps".to_string()], "{err}");
    assert!(!err.contains("activities.csv"), "{err}");
}

#[test]
fn io_csv_an_unusable_csv_is_a_warning_and_the_activities_are_analyzed() {
    // Far more than its compressed size allows (a deflate bomb's ratio).
    let bomb = format!("{GOOD}{}\n", "a".repeat(8 << 20)).into_bytes();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(GOOD.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let open_quote = format!("{GOOD}2,\"Jan 7, 2025, 7:00:00 AM,Open,Run,activities/2.fit\n");
    let no_filename = "Activity ID,Activity Name\n1,Hill reps\n";
    let missing = format!("{GOOD}3,\"Jan 8, 2025, 7:00:00 AM\",Gone,Run,activities/3.fit\n");
    for (csv, what, named) in [
        (bomb, "without its names and dates", false),
        (utf16, "UTF-16", false),
        (open_quote.into_bytes(), "unterminated quote", true),
        (no_filename.as_bytes().to_vec(), "no Filename column", false),
        (
            missing.into_bytes(),
            "1 of its rows name files not in the archive",
            true,
        ),
    ] {
        let (names, err) = season_with_csv(csv);
        assert_eq!(names.len(), 1, "{what}: {err}");
        assert_warned(&err, what);
        assert_eq!(names[0] == "Hill reps", named, "{what}: {names:?}");
    }
}
