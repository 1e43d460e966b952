//! Outputs (issue 12, defects 10 and 13): files follow the umask like any other program's,
//! and a write failure exits 3 from every command. Inputs generated here.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common::{downhill, run};
use crate::season_gen::{Kind, encode, session, short_session};

/// A short rep session written as `dir/run.fit`.
pub fn activity(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("run.fit");
    std::fs::write(
        &path,
        encode(&session(&short_session(0.0, 2, 60)), Kind::Fit),
    )
    .unwrap();
    path
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `downhill args...` under `umask`, through the shell (the umask is the process's).
fn under_umask(umask: &str, args: &[&str]) -> i32 {
    let bin = assert_cmd::cargo::cargo_bin("downhill");
    let script = format!("umask {umask}; exec \"$0\" \"$@\"");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(bin)
        .args(args)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    status.code().unwrap_or(-1)
}

#[test]
fn io_outputs_files_follow_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let input = activity(dir.path());
    let input = input.to_str().unwrap();
    for (umask, want) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let out = dir.path().join(format!("out-{umask}"));
        let charts = dir.path().join(format!("charts-{umask}"));
        let (out_s, charts_s) = (out.to_str().unwrap(), charts.to_str().unwrap());
        let code = under_umask(
            umask,
            &["season", input, "--out", out_s, "--charts", charts_s],
        );
        assert_eq!(code, 0);
        let chart = dir.path().join(format!("profile-{umask}.svg"));
        let chart_s = chart.to_str().unwrap();
        assert_eq!(
            under_umask(umask, &["chart", input, "--kind", "profile", "-o", chart_s]),
            0
        );
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .chain(std::fs::read_dir(&charts).unwrap())
            .map(|e| e.unwrap().path())
            .collect();
        files.push(chart);
        assert!(files.len() >= 6, "{files:?}");
        for f in files {
            assert_eq!(mode(&f), want, "umask {umask}: {}", f.display());
        }
    }
}

#[test]
fn io_outputs_a_write_failure_exits_3_from_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let input = activity(dir.path());
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let a_file = dir.path().join("a-file");
    std::fs::write(&a_file, b"x").unwrap();
    let no_dir = dir.path().join("missing").join("x.svg");
    let bin = assert_cmd::cargo::cargo_bin("downhill");
    let cmd = |args: &[&std::ffi::OsStr], to_full: bool| {
        let mut c = std::process::Command::new(&bin);
        c.args(args);
        if to_full {
            c.stdout(full.try_clone().unwrap());
        }
        c
    };
    let (input, a_file, no_dir) = (input.as_os_str(), a_file.as_os_str(), no_dir.as_os_str());
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let cases = [
        ("analyze > /dev/full", cmd(&[os("analyze"), input], true)),
        ("season > /dev/full", cmd(&[os("season"), input], true)),
        ("plans > /dev/full", cmd(&[os("plans")], true)),
        (
            "season --out a-file",
            cmd(&[os("season"), input, os("--out"), a_file], false),
        ),
        (
            "chart -o missing/x.svg",
            cmd(
                &[
                    os("chart"),
                    input,
                    os("--kind"),
                    os("profile"),
                    os("-o"),
                    no_dir,
                ],
                false,
            ),
        ),
    ];
    for (what, mut c) in cases {
        let out = c.stderr(std::process::Stdio::piped()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    // A chart name without an image extension is a bad argument, not a write failure.
    let (_, err, code) = run(downhill()
        .arg("chart")
        .arg(input)
        .args(["--kind", "profile", "-o"])
        .arg(dir.path().join("x.txt")));
    assert_eq!(code, 2, "{err}");
}
