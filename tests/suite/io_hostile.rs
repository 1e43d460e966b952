//! Hostile inputs and outputs (issue 12): FIFOs and devices given as files or met in folders,
//! an output path that is an input, archive entries with absolute or duplicate names, and
//! symlinked folders. Every input is generated here; every command runs under a timeout, so
//! a regression that hangs (a FIFO) or reads forever (`/dev/zero`) fails instead of stalling.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::{downhill, run};
use crate::season_gen::{Kind, ZipEntry, encode, session, short_session, write_zip};

/// Long enough for a debug build on a loaded machine, short enough that a read of
/// `/dev/zero` cannot fill the memory first.
const TIMEOUT: Duration = Duration::from_secs(20);

fn cmd() -> Command {
    let mut c = downhill();
    c.timeout(TIMEOUT);
    c
}

/// A short rep session (two 100 m reps at 9 %) starting `day` days into the season.
fn activity(day: f64, kind: Kind) -> Vec<u8> {
    encode(&session(&short_session(day, 2, 60)), kind)
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}

fn zero_link(path: &Path) {
    std::os::unix::fs::symlink("/dev/zero", path).unwrap();
}

/// Replace every occurrence of `from` by `to` (same length) in the file: zip names the
/// zip crate will not write (absolute, duplicate) are written as placeholders, then patched
/// in the local and central headers alike (the CRC does not cover names).
fn patch(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let mut bytes = std::fs::read(path).unwrap();
    let mut hits = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from.as_bytes() {
            bytes[i..i + from.len()].copy_from_slice(to.as_bytes());
            hits += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    assert_eq!(
        hits, 2,
        "{from}: once in the local header, once in the central one"
    );
    std::fs::write(path, bytes).unwrap();
}

fn assert_one_line_naming(err: &str, name: &str, what: &str) {
    let line = err
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no line names {name}: {err}"));
    assert!(line.contains(what), "{line}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn analyze_refuses_a_fifo_and_a_device_with_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.fit");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.fit");
    zero_link(&zero);
    let good = dir.path().join("good.fit");
    std::fs::write(&good, activity(0.0, Kind::Fit)).unwrap();
    let (out, err, code) = run(cmd()
        .arg("analyze")
        .arg(&fifo)
        .arg(&zero)
        .arg(&good)
        .args(["--format", "json"]));
    assert_eq!(code, 1, "{err}");
    assert_one_line_naming(&err, "f.fit", "not a regular file (a FIFO)");
    assert_one_line_naming(&err, "zero.fit", "not a regular file (a character device)");
    assert_eq!(
        err.lines().filter(|l| l.contains("error")).count(),
        2,
        "{err}"
    );
    assert_eq!(
        out.lines().count(),
        1,
        "the good file is still reported: {out}"
    );
}

#[test]
fn a_plan_that_is_a_device_or_fifo_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.fit");
    std::fs::write(&good, activity(0.0, Kind::Fit)).unwrap();
    let zero = dir.path().join("plan.toml");
    zero_link(&zero);
    let fifo = dir.path().join("plan-fifo.toml");
    mkfifo(&fifo);
    for (plan, kind) in [(&zero, "character device"), (&fifo, "FIFO")] {
        let (_, err, code) = run(cmd().arg("analyze").arg(&good).arg("--plan").arg(plan));
        assert_eq!(code, 2, "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        let name = plan.file_name().unwrap().to_str().unwrap();
        assert_one_line_naming(&err, name, kind);
    }
}

#[test]
fn a_terrain_tile_that_is_a_fifo_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("N46E007.hgt"));
    let mut dem = downhill::dem::Dem::open(dir.path()).unwrap();
    let err = dem.elevation_m(46.5, 7.5).unwrap_err().to_string();
    assert!(
        err.contains("N46E007.hgt") && err.contains("not a regular file (a FIFO)"),
        "{err}"
    );
}

#[test]
fn chart_refuses_a_fifo_and_skips_fifos_and_devices_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.gpx");
    mkfifo(&fifo);
    let out = dir.path().join("out.svg");
    let (_, err, code) = run(cmd()
        .arg("chart")
        .arg(&fifo)
        .args(["--kind", "slope-speed", "-o"])
        .arg(&out));
    assert_eq!(code, 1, "{err}");
    assert_one_line_naming(&err, "f.gpx", "not a regular file (a FIFO)");
    assert!(!out.exists());

    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    std::fs::write(runs.join("a.gpx"), activity(0.0, Kind::Gpx)).unwrap();
    mkfifo(&runs.join("b.fit"));
    zero_link(&runs.join("c.fit"));
    let (_, err, code) = run(cmd()
        .arg("chart")
        .arg(&runs)
        .args(["--kind", "season", "-o"])
        .arg(&out));
    assert_eq!(code, 0, "skipped entries are warnings: {err}");
    assert_one_line_naming(&err, "b.fit", "warning");
    assert_one_line_naming(&err, "c.fit", "not a regular file (a character device)");
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
}

#[test]
fn season_refuses_a_fifo_given_by_name_and_skips_one_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.fit");
    mkfifo(&fifo);
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).unwrap();
    std::fs::write(runs.join("a.fit"), activity(0.0, Kind::Fit)).unwrap();
    mkfifo(&runs.join("b.fit"));
    zero_link(&runs.join("zero.fit"));
    let (out, err, code) = run(cmd()
        .arg("season")
        .arg(&fifo)
        .arg(&runs)
        .args(["--format", "json"]));
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    assert_eq!(v["sessions"].as_array().unwrap().len(), 1, "{out}");
    let failures = v["failures"].as_array().unwrap();
    assert_eq!(
        failures.len(),
        1,
        "only the FIFO given by name fails: {failures:?}"
    );
    assert!(
        failures[0]["reason"]
            .as_str()
            .unwrap()
            .contains("f.fit: not a regular file (a FIFO)"),
        "{failures:?}"
    );
    assert_one_line_naming(&err, "b.fit", "warning");
    assert_one_line_naming(&err, "zero.fit", "character device");
}

#[test]
fn chart_refuses_to_write_over_its_input_under_any_name() {
    let dir = tempfile::tempdir().unwrap();
    // A GPX named like a chart.
    let input = dir.path().join("run.svg");
    let bytes = activity(0.0, Kind::Gpx);
    std::fs::write(&input, &bytes).unwrap();
    let alias = dir.path().join("alias.svg");
    std::os::unix::fs::symlink(&input, &alias).unwrap();
    let hard = dir.path().join("hard.svg");
    std::fs::hard_link(&input, &hard).unwrap();
    let dotted = dir.path().join(".").join("run.svg");
    for out in [&input, &alias, &hard, &dotted] {
        let (_, err, code) = run(cmd()
            .arg("chart")
            .arg(&input)
            .args(["--kind", "profile", "-o"])
            .arg(out));
        assert_eq!(code, 2, "{}: {err}", out.display());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("input files are never modified"), "{err}");
        assert_eq!(std::fs::read(&input).unwrap(), bytes, "{}", out.display());
    }
    // A new file beside it is written.
    let fresh = dir.path().join("chart.svg");
    let (_, err, code) = run(cmd()
        .arg("chart")
        .arg(&input)
        .args(["--kind", "profile", "-o"])
        .arg(&fresh));
    assert_eq!(code, 0, "{err}");
    assert!(fresh.exists());
}

#[test]
fn season_refuses_outputs_that_are_inputs() {
    let dir = tempfile::tempdir().unwrap();
    // A GPX named like `--out`'s table and one named like a `--charts` chart.
    let table = dir.path().join("season.txt");
    let bytes = activity(0.0, Kind::Gpx);
    std::fs::write(&table, &bytes).unwrap();
    let chart = dir.path().join("season.svg");
    std::fs::write(&chart, &bytes).unwrap();
    for (input, flags) in [
        (&table, vec!["--out"]),
        (&chart, vec!["--chart-format", "svg", "--charts"]),
    ] {
        let (_, err, code) = run(cmd().arg("season").arg(input).args(&flags).arg(dir.path()));
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("input files are never modified"), "{err}");
        assert_eq!(std::fs::read(input).unwrap(), bytes);
    }
    assert!(!dir.path().join("season.json").exists(), "nothing written");
}

/// An export zip with a good run, entries of hostile names and two entries of one name.
fn hostile_zip(path: &Path) -> PathBuf {
    let run0 = activity(0.0, Kind::Fit);
    let run1 = activity(3.0, Kind::Fit);
    let run2 = activity(6.0, Kind::Fit);
    let entries = [
        ("ok/run.fit", run0.clone()),
        ("Xabs/run.fit", run0.clone()),
        ("C:/evil/drive.fit", run0.clone()),
        ("SSserverSx.fit", run0.clone()),
        ("d/x.fit", run1),
        ("d/y.fit", run2),
    ];
    write_zip(
        path,
        &entries
            .iter()
            .map(|(name, bytes)| ZipEntry {
                name: (*name).into(),
                bytes: bytes.clone(),
            })
            .collect::<Vec<_>>(),
    );
    patch(path, "Xabs/run.fit", "/abs/run.fit");
    patch(path, "SSserverSx.fit", "\\\\server\\x.fit");
    patch(path, "d/y.fit", "d/x.fit");
    path.to_owned()
}

#[test]
fn archive_entries_with_absolute_names_are_refused_naming_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let zip = hostile_zip(&dir.path().join("export.zip"));
    let (json, err, code) = run(cmd().arg("season").arg(&zip).args(["--format", "json"]));
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let reasons: Vec<&str> = v["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reason"].as_str().unwrap())
        .collect();
    for name in ["/abs/run.fit", "C:/evil/drive.fit", "\\\\server\\x.fit"] {
        let want = format!("export.zip!{name}: unsafe entry path");
        assert!(
            reasons.iter().any(|r| r.contains(&want)),
            "{want}: {reasons:?}"
        );
        // The reason is what stderr and the text and Markdown lists show.
        assert!(err.contains(&want), "{want}: {err}");
    }
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    let (table, _, _) = run(cmd().arg("season").arg(&zip));
    let (md, _, _) = run(cmd().arg("season").arg(&zip).args(["--format", "markdown"]));
    for text in [&table, &md] {
        assert!(
            text.contains("export.zip!/abs/run.fit: unsafe entry path"),
            "{text}"
        );
        assert!(
            text.contains("export.zip!C:/evil/drive.fit: unsafe"),
            "{text}"
        );
    }
}

#[test]
fn archive_entries_sharing_a_name_are_all_analyzed_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let zip = hostile_zip(&dir.path().join("export.zip"));
    let (json, err, _) = run(cmd().arg("season").arg(&zip).args(["--format", "json"]));
    let v: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    let files: Vec<&str> = v["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("export.zip!d/x.fit")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("export.zip!d/x.fit (2)")),
        "{files:?}"
    );
    assert_eq!(files.len(), 3, "ok/run.fit and both d/x.fit: {files:?}");
    // The two were different runs (days 3 and 6): each keeps its own day, and the first in
    // the archive keeps the plain name.
    let start_of = |suffix: &str| {
        v["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["file"].as_str().unwrap().ends_with(suffix))
            .map(|s| s["start"].as_str().unwrap().to_string())
            .unwrap()
    };
    let (first, second) = (start_of("!d/x.fit"), start_of("!d/x.fit (2)"));
    assert!(first < second, "{first} {second}");
    assert_one_line_naming(&err, "export.zip!d/x.fit", "2 entries share this name");
}

#[test]
fn chart_does_not_follow_symlinked_folders() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("L");
    std::fs::create_dir(&l).unwrap();
    std::fs::write(l.join("a.fit"), activity(0.0, Kind::Fit)).unwrap();
    std::fs::write(l.join("bad.gpx"), b"<gpx></gpx>").unwrap();
    std::os::unix::fs::symlink(".", l.join("self")).unwrap();
    std::os::unix::fs::symlink("../L", l.join("up")).unwrap();
    let out = dir.path().join("chart.svg");
    let (_, err, code) = run(cmd()
        .arg("chart")
        .arg(&l)
        .args(["--kind", "season", "-o"])
        .arg(&out));
    assert_eq!(code, 1, "the bad file is refused: {err}");
    let refusals = err.lines().filter(|l| l.contains("bad.gpx")).count();
    assert_eq!(refusals, 1, "bad.gpx read once: {err}");
    assert!(err.contains("1 of 2 files could not be read"), "{err}");
    assert!(out.exists());
}
