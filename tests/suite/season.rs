//! `downhill season` end to end, on a season folder generated with `downhill_testkit::write`: FIT,
//! gzipped GPX, a cycling file, a corrupt file, a Strava export zip with `activities.csv`.

use std::path::Path;

use serde_json::Value;

use crate::common::{downhill, run};
use crate::season_gen::{
    self, Kind, SessionSpec, ZipEntry, encode, session, strava_date, write_zip,
};

const DAY_S: f64 = 86_400.0;

fn spec(day: f64, sport: &'static str, grade_pct: f64, name: &str) -> SessionSpec {
    SessionSpec {
        start_s: season_gen::SEASON_START_S + day * DAY_S,
        sport,
        reps: 8,
        rep_m: 100.0,
        grade_pct,
        speed_mps: 4.2,
        warmup_s: 120,
        name: name.into(),
    }
}

/// The Strava export of the season folder: a run as .fit.gz, a ride (bytes that are not even
/// an activity: the csv alone must skip it), a trail run as .tcx.gz.
fn strava_zip(path: &Path) {
    let run = spec(14.0, "running", 9.0, "zip run");
    let trail = spec(42.0, "running", 14.0, "zip trail");
    let csv = format!(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Filename\n\
         11,\"{}\",\"Tuesday hills, 8x100\",Run,1500,activities/11.fit.gz\n\
         12,\"{}\",Commute,Ride,1800,activities/12.gpx\n\
         13,\"{}\",Steep stuff,Trail Run,1500,activities/13.tcx.gz\n",
        strava_date(run.start_s),
        strava_date(run.start_s + 3600.0),
        strava_date(trail.start_s)
    );
    write_zip(
        path,
        &[
            ZipEntry {
                name: "activities.csv".into(),
                bytes: csv.into_bytes(),
            },
            ZipEntry {
                name: "activities/11.fit.gz".into(),
                bytes: encode(&session(&run), Kind::FitGz),
            },
            ZipEntry {
                name: "activities/12.gpx".into(),
                bytes: b"not read: the csv says Ride".to_vec(),
            },
            ZipEntry {
                name: "activities/13.tcx.gz".into(),
                bytes: encode(&session(&trail), Kind::TcxGz),
            },
            ZipEntry {
                name: "media/1.jpg".into(),
                bytes: vec![0xff; 100],
            },
        ],
    );
}

/// A Garmin export: FIT files zipped, no csv; one run, one ride.
fn garmin_zip(path: &Path) {
    let run = spec(35.0, "running", 10.5, "garmin run");
    let ride = spec(36.0, "cycling", 4.0, "garmin ride");
    write_zip(
        path,
        &[
            ZipEntry {
                name: "DI_CONNECT/DI-Connect-Uploaded-Files/run_1.fit".into(),
                bytes: encode(&session(&run), Kind::Fit),
            },
            ZipEntry {
                name: "DI_CONNECT/DI-Connect-Uploaded-Files/ride_2.fit".into(),
                bytes: encode(&session(&ride), Kind::Fit),
            },
        ],
    );
}

/// 9 activity files: 5 running sessions, 3 other sports, 1 corrupt; plus a text file.
fn season_folder(dir: &Path) {
    let w = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes).unwrap();
    std::fs::create_dir_all(dir.join("january")).unwrap();
    w(
        "january/001.fit",
        encode(&session(&spec(0.0, "running", 9.0, "first")), Kind::Fit),
    );
    w(
        "002.gpx.gz",
        encode(
            &session(&spec(28.0, "running", 11.0, "second")),
            Kind::GpxGz,
        ),
    );
    w(
        "ride.fit",
        encode(&session(&spec(3.0, "cycling", 5.0, "ride")), Kind::Fit),
    );
    w("corrupt.fit", b"this is not a FIT file at all".to_vec());
    w("notes.txt", b"ignored: not an activity".to_vec());
    strava_zip(&dir.join("export.zip"));
    garmin_zip(&dir.join("january/garmin.zip"));
}

fn json_report(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let (out, err, code) = run(downhill()
        .arg("season")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra));
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (v, code)
}

/// Each session's name, or its file name when it has none.
fn titles(v: &Value) -> Vec<String> {
    v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| match s["name"].as_str() {
            Some(n) => n.to_string(),
            None => s["file"]
                .as_str()
                .unwrap()
                .rsplit(['/', '!'])
                .next()
                .unwrap()
                .to_string(),
        })
        .collect()
}

fn count(v: &Value, key: &str) -> usize {
    v[key].as_array().map(Vec::len).unwrap_or(usize::MAX)
}

#[test]
fn season_continues_after_a_corrupt_file_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    season_folder(dir.path());
    let (v, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 1, "a failed file sets the exit code");
    assert_eq!(v["files"], 9);
    let failures = v["failures"].as_array().unwrap();
    assert!(
        failures
            .iter()
            .any(|f| f["file"].as_str().unwrap().ends_with("corrupt.fit")
                && f["reason"].as_str().unwrap().contains("corrupt.fit")),
        "{failures:?}"
    );
    // The Ride of the export is skipped from activities.csv, never read (its bytes are junk).
    let skipped = v["skipped"].as_array().unwrap();
    assert!(
        skipped.iter().any(|s| s["file"]
            .as_str()
            .unwrap()
            .ends_with("export.zip!activities/12.gpx")
            && s["detail"] == "Ride"),
        "{skipped:?}"
    );
    assert!(
        !failures
            .iter()
            .any(|f| f["file"].as_str().unwrap().contains("12.gpx"))
    );
}

#[test]
fn season_folder_gives_the_right_counts_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    season_folder(dir.path());
    let (v, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(count(&v, "sessions"), 5, "{v:#}");
    assert_eq!(
        count(&v, "skipped"),
        3,
        "two ride files, the Ride of the zip"
    );
    assert_eq!(count(&v, "failures"), 1, "{:#}", v["failures"]);
    let sessions = v["sessions"].as_array().unwrap();
    // Sorted by date; names from activities.csv, else the file's own (FIT files have none).
    assert_eq!(
        titles(&v),
        [
            "001.fit",
            "Tuesday hills, 8x100",
            "second",
            "run_1.fit",
            "Steep stuff"
        ]
    );
    assert_eq!(sessions[4]["sport"], "Trail Run");
    // Each generated session ran its hill: the main band is the hill's.
    let bands: Vec<&str> = sessions
        .iter()
        .map(|s| s["main_band"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(bands, ["8-10", "8-10", "10-12", "10-12", "12-18"]);
    assert!(sessions.iter().all(|s| s["descents"].as_u64() >= Some(8)));
    let reps: Vec<u64> = sessions
        .iter()
        .map(|s| s["reps"].as_u64().unwrap())
        .collect();
    assert_eq!(reps, [8; 5], "8 reps generated per session");
    assert!(
        sessions[3]["file"]
            .as_str()
            .unwrap()
            .ends_with("garmin.zip!DI_CONNECT/DI-Connect-Uploaded-Files/run_1.fit")
    );
    assert!(
        sessions[1]["file"]
            .as_str()
            .unwrap()
            .ends_with("export.zip!activities/11.fit.gz")
    );
    // The skipped ride file is counted by its sport as the file says it.
    assert!(
        v["skipped"].as_array().unwrap().iter().any(|s| s["file"]
            .as_str()
            .unwrap()
            .ends_with("ride.fit")
            && s["detail"] == "cycling")
    );
    // --all-sports keeps the ride file (the junk Ride entry then fails to read).
    let (all, _) = json_report(dir.path(), &["--all-sports"]);
    assert_eq!(count(&all, "sessions"), 7);
    assert_eq!(count(&all, "failures"), 2);
    // --since/--until by day, inclusive.
    let (feb, _) = json_report(
        dir.path(),
        &["--since", "2025-02-03", "--until", "2025-02-17"],
    );
    assert_eq!(titles(&feb), ["second", "run_1.fit", "Steep stuff"]);
}

#[test]
fn season_output_is_identical_for_jobs_1_and_2() {
    let dir = tempfile::tempdir().unwrap();
    season_folder(dir.path());
    for i in 0..6 {
        let s = spec(50.0 + i as f64, "running", 12.0, &format!("extra {i}"));
        std::fs::write(
            dir.path()
                .join(format!("x{i}.{}", season_gen::mixed_kind(i).ext())),
            encode(&session(&s), season_gen::mixed_kind(i)),
        )
        .unwrap();
    }
    for format in ["table", "json", "csv", "markdown"] {
        let outs: Vec<(String, i32)> = ["1", "2"]
            .iter()
            .map(|j| {
                let (out, _, code) = run(downhill()
                    .arg("season")
                    .arg(dir.path())
                    .args(["--jobs", j, "--format", format]));
                (out, code)
            })
            .collect();
        assert!(!outs[0].0.is_empty());
        assert_eq!(
            outs[0], outs[1],
            "--format {format} differs between --jobs 1 and 2"
        );
    }
}

#[test]
fn season_out_writes_every_format_whole_and_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    season_folder(dir.path());
    let out = dir.path().join("report");
    let (stdout, err, code) = run(downhill()
        .arg("season")
        .arg(dir.path())
        .arg("--out")
        .arg(&out));
    assert_eq!(code, 1, "{err}");
    assert!(stdout.is_empty(), "--out alone prints nothing on stdout");
    assert!(err.contains("wrote 5 files"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "season.json",
            "season.md",
            "season.txt",
            "sessions.csv",
            "weeks.csv"
        ]
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("season.json")).unwrap()).unwrap();
    let sessions_csv = std::fs::read_to_string(out.join("sessions.csv")).unwrap();
    assert_eq!(
        sessions_csv.lines().count(),
        1 + count(&json, "sessions"),
        "a header and one line per session"
    );
    assert!(sessions_csv.ends_with('\n'));
    let md = std::fs::read_to_string(out.join("season.md")).unwrap();
    assert!(md.starts_with("# Season") && md.contains("## Failed files"));
    let txt = std::fs::read_to_string(out.join("season.txt")).unwrap();
    assert!(txt.contains("corrupt.fit"));
}

#[test]
fn season_refuses_unsafe_zip_paths_and_zip_bombs() {
    let dir = tempfile::tempdir().unwrap();
    let zip = write_zip(
        &dir.path().join("hostile.zip"),
        &[
            ZipEntry {
                name: "../../evil.fit".into(),
                bytes: b"x".to_vec(),
            },
            ZipEntry {
                name: "bomb.fit".into(),
                bytes: vec![0u8; 40 << 20],
            },
        ],
    );
    let (v, code) = json_report(&zip, &[]);
    assert_eq!(code, 1);
    let reasons: Vec<String> = v["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reason"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("unsafe entry path")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("bomb.fit") && r.contains("decompression bomb")),
        "{reasons:?}"
    );
    assert!(!dir.path().parent().unwrap().join("evil.fit").exists());
}

#[test]
fn season_names_a_missing_path_and_still_finishes() {
    let dir = tempfile::tempdir().unwrap();
    season_folder(dir.path());
    let (out, err, code) = run(downhill()
        .arg("season")
        .arg(dir.path().join("nope"))
        .arg(dir.path()));
    assert_eq!(code, 1);
    assert!(out.contains("Season: 10 files"), "{out}\n{err}");
    assert!(out.contains("nope"), "{out}");
    assert!(err.contains("failed"), "{err}");
    // The table mode names each failed file on stderr too, one line each (the folder
    // holds one corrupt file besides the missing path).
    let named: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("downhill: error:"))
        .collect();
    assert_eq!(named.len(), 2, "{err}");
    assert!(named.iter().any(|l| l.contains("nope")), "{err}");
    assert!(named.iter().any(|l| l.contains("corrupt.fit")), "{err}");
}

#[test]
fn season_reads_a_zip_of_thousands_of_entries_and_lists_each_failure() {
    let dir = tempfile::tempdir().unwrap();
    let entries: Vec<ZipEntry> = (0..3000)
        .map(|i| ZipEntry {
            name: format!("activities/{i}.gpx"),
            bytes: format!("<junk n=\"{i}\"/>").into_bytes(),
        })
        .collect();
    let zip = write_zip(&dir.path().join("many.zip"), &entries);
    let (v, code) = json_report(&zip, &[]);
    assert_eq!(code, 1);
    assert_eq!(v["files"], 3000);
    assert_eq!(count(&v, "failures"), 3000);
}

#[test]
fn season_judges_every_session_against_the_coach_plan() {
    let dir = tempfile::tempdir().unwrap();
    season_folder(dir.path());
    let (v, _) = json_report(dir.path(), &[]);
    let kinds = |v: &Value| -> Vec<String> {
        v["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["workout"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(
        kinds(&v).iter().all(|k| k == "short"),
        "8 x 100 m: {:?}",
        kinds(&v)
    );
    let plan = dir.path().join("long.toml");
    std::fs::write(
        &plan,
        "name = \"long downhill reps\"\nkind = \"long\"\nreps = [2, 6]\nlength_m = [1000]\n\
         grade_pct = [10]\nrecovery = [\"jog\"]\nreturn_to_start = true\n",
    )
    .unwrap();
    let (with_plan, _) = json_report(dir.path(), &["--plan", plan.to_str().unwrap()]);
    let k = kinds(&with_plan);
    assert_eq!(k.len(), 5);
    assert!(k.iter().all(|k| k == "long"), "{k:?}");
    assert!(
        with_plan["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["compliant"] == false),
        "8 x 100 m is not a long-rep session"
    );
    std::fs::write(&plan, "kind = 7").unwrap();
    let (_, err, code) = run(downhill()
        .arg("season")
        .arg(dir.path())
        .arg("--plan")
        .arg(&plan));
    assert_eq!(code, 2);
    assert!(err.contains("long.toml"), "{err}");
}

#[test]
fn season_refuses_a_2_gb_file_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("big.fit")).unwrap();
    big.set_len(2 << 30).unwrap(); // sparse: no disk used
    let (v, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    let reason = v["failures"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("big.fit") && reason.contains("limit") && reason.contains("2147483648"),
        "{reason}"
    );
}

#[test]
fn season_table_columns_fit_names_by_display_width() {
    // Before: names cut at 32 characters with `~`, and CJK names (two columns a character)
    // pushed the columns after them out of line.
    let names = [
        "Hill reps",
        "下り坂インターバル 朝練",
        "Downhill repeats on the long hill behind the school, week 3",
        "Cafe\u{301} côte",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut specs = season_gen::winter(names.len(), 60);
    for (s, n) in specs.iter_mut().zip(names) {
        s.name = n.to_string();
    }
    for (i, s) in specs.iter().enumerate() {
        let gpx = encode(&session(s), Kind::Gpx);
        std::fs::write(dir.path().join(format!("{i}.gpx")), gpx).unwrap();
    }
    let (out, err, code) = run(downhill().arg("season").arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| l.trim() != "Sessions")
        .skip(1)
        .take(names.len() + 1)
        .collect();
    // Where the workout column starts, in terminal columns, on the header and every row.
    let col = |line: &str, word: &str| {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line}"));
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    let header = col(table[0], "workout");
    for (row, name) in table[1..].iter().zip(names) {
        assert!(row.contains(name), "the whole name: {row}");
        assert_eq!(col(row, "short"), header, "{out}");
    }
    assert!(!out.contains('~'), "{out}");
}

#[test]
fn season_counts_one_run_exported_as_fit_gpx_and_tcx_once_and_keeps_the_fit() {
    let dir = tempfile::tempdir().unwrap();
    let run1 = session(&spec(0.0, "running", 9.0, "one run"));
    let other = session(&spec(1.0, "running", 9.0, "the next day"));
    for (name, kind) in [
        ("a.gpx", Kind::Gpx),
        ("b.fit", Kind::Fit),
        ("c.tcx.gz", Kind::TcxGz),
    ] {
        std::fs::write(dir.path().join(name), encode(&run1, kind)).unwrap();
    }
    std::fs::write(dir.path().join("d.fit"), encode(&other, Kind::Fit)).unwrap();
    let (v, code) = json_report(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(v["sessions"].as_array().unwrap().len(), 2, "{v:#}");
    let copies: Vec<&Value> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["why"] == "duplicate")
        .collect();
    assert_eq!(copies.len(), 2, "{v:#}");
    for c in copies {
        assert!(
            c["detail"]["of"].as_str().unwrap().ends_with("b.fit"),
            "{c}"
        );
    }
    // The table says which copy it kept.
    let (out, _, _) = run(downhill().arg("season").arg(dir.path()));
    assert!(out.contains("(kept "), "{out}");
}

#[test]
fn season_keeps_the_copy_with_the_finer_altitude_of_one_run_recorded_on_two_devices() {
    // One run on 2024-05-27: a Polar Vantage (its barometer humped), an eTrex (GPS altitude)
    // and Strava's DEM-corrected copy. The three are one session; the DEM copy's altitude
    // is the one that agrees with itself on revisited ground.
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "polar-vantage-v_baro__garmin-vs-polar_2024-05-27_polar.gpx",
        "etrex-solar_gps-alt__garmin-vs-polar_2024-05-27_garmin.gpx",
        "strava-corrected-ele__garmin-vs-polar_2024-05-27_elevation.gpx",
    ] {
        std::fs::copy(
            crate::common::fixture(&format!("gpx/{f}")),
            dir.path().join(f),
        )
        .unwrap();
    }
    let (out, err, code) = run(downhill()
        .args(["season", "--format", "json"])
        .arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sessions = r["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1, "{out}");
    assert!(
        sessions[0]["file"]
            .as_str()
            .unwrap()
            .contains("strava-corrected-ele")
    );
    assert_eq!(sessions[0]["altitude_fine"], true);
    let dups: Vec<_> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["why"] == "duplicate")
        .collect();
    assert_eq!(dups.len(), 2, "{:?}", r["skipped"]);
    assert!(
        dups.iter()
            .all(|d| d["detail"]["of"] == sessions[0]["file"])
    );
}

#[test]
fn one_file_one_session_is_said_in_the_singular() {
    let f = crate::common::fixture("sim/short-reps_baro_seed7.gpx.gz");
    let (out, err, code) = run(downhill().arg("season").arg(&f));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 file: 1 session analyzed, 0 skipped, 0 failed"),
        "{out}"
    );
    assert!(
        !out.contains("1 files") && !out.contains("1 sessions"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = run(downhill()
        .args(["season", "--format", "json", "--out"])
        .arg(dir.path())
        .arg(&f));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("1 files"), "{err}");
}

#[test]
fn since_and_until_are_the_sessions_local_days_the_days_its_week_counts() {
    // Sunday 2025-01-12 23:30 UTC is Monday 01:30 at +02:00: a Monday session locally.
    let dir = tempfile::tempdir().unwrap();
    let sunday_late_utc = season_gen::SEASON_START_S + 6.0 * DAY_S + 16.5 * 3600.0;
    let track = session(&SessionSpec {
        start_s: sunday_late_utc,
        ..spec(0.0, "running", 9.0, "late")
    });
    std::fs::write(dir.path().join("late.fit"), encode(&track, Kind::Fit)).unwrap();
    let (monday_on, _) = json_report(dir.path(), &["--tz", "+02:00", "--since", "2025-01-13"]);
    assert_eq!(count(&monday_on, "sessions"), 1, "{monday_on}");
    let week = monday_on["weeks"][0]["week"].as_str().unwrap_or_default();
    assert_eq!(week, "2025-W03", "{monday_on}");
    let (to_sunday, _) = json_report(dir.path(), &["--tz", "+02:00", "--until", "2025-01-12"]);
    assert_eq!(count(&to_sunday, "sessions"), 0, "{to_sunday}");
    // In UTC the same session is Sunday's.
    let (utc, _) = json_report(dir.path(), &["--tz", "UTC", "--until", "2025-01-12"]);
    assert_eq!(count(&utc, "sessions"), 1, "{utc}");
}

#[test]
fn season_table_states_each_sessions_altitude_and_what_it_grades() {
    // A barometric simulated session (fine) and a GPS-altitude eTrex run (coarse).
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "sim/short-reps_baro_seed7.gpx.gz",
        "gpx/etrex-solar_gps-alt__garmin-vs-polar_2024-05-27_garmin.gpx",
    ] {
        let from = crate::common::fixture(f);
        std::fs::copy(&from, dir.path().join(from.file_name().unwrap())).unwrap();
    }
    let (out, err, code) = run(downhill()
        .args(["season", "--format", "json"])
        .arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    let (table, err, code) = run(downhill().arg("season").arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    let sessions = r["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2, "{out}");
    for s in sessions {
        let fine = s["altitude_fine"].as_bool().unwrap();
        let from_m = 200.0 * s["altitude_drop_sd_m"].as_f64().unwrap();
        // The row's title: the activity's name, else its file's.
        let name = s["name"].as_str().unwrap_or_else(|| {
            let file = s["file"].as_str().unwrap();
            file.rsplit(['/', '\\']).next().unwrap()
        });
        let row = table
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in {table}"));
        let cell = row.trim_end().rsplit("  ").next().unwrap();
        let (kind, len) = cell.split_once(' ').unwrap();
        assert_eq!(kind, if fine { "fine" } else { "coarse" }, "{row}");
        let len: f64 = len.trim_end_matches(" m").parse().unwrap();
        assert!((len - from_m).abs() <= 1.0, "{row} vs {from_m}");
    }
    assert!(
        sessions.iter().any(|s| s["altitude_fine"] == true)
            && sessions.iter().any(|s| s["altitude_fine"] == false),
        "{out}"
    );
    assert!(table.contains("+-1 % (2 sigma)"), "{table}");
}
