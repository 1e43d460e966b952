//! The conventions a command-line user expects (ripgrep, fd and hyperfine are the model):
//! completions, a manual page, exit codes in `--help`, colour, quiet, standard streams.

use crate::common::{downhill, fixture, run};

const SUBCOMMANDS: [&str; 7] = [
    "analyze",
    "chart",
    "season",
    "plans",
    "completions",
    "man",
    "config",
];

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (out, err, code) = run(downhill().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}: {err}");
        for sub in SUBCOMMANDS {
            assert!(out.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(
            out.contains("format"),
            "{shell}: options of the subcommands"
        );
    }
}

#[test]
fn the_bash_completion_script_loads_in_bash() {
    if std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .status()
        .is_err()
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("downhill.bash");
    let (out, _, _) = run(downhill().args(["completions", "bash"]));
    std::fs::write(&script, out).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p downhill",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    assert!(String::from_utf8_lossy(&status.stdout).contains("downhill"));
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let (_, err, code) = run(downhill().args(["completions", "tcsh"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_manual_page_is_roff_naming_the_subcommands() {
    let (out, err, code) = run(downhill().arg("man"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(".TH downhill 1"), "{out}");
    for sub in SUBCOMMANDS {
        assert!(
            out.contains(&format!("downhill\\-{sub}")),
            "man page lacks {sub}"
        );
    }
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = run(downhill().arg("man").arg("--dir").arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    for page in ["downhill.1", "downhill-analyze.1", "downhill-season.1"] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    let analyze = std::fs::read_to_string(dir.path().join("downhill-analyze.1")).unwrap();
    assert!(analyze.contains("\\-\\-plan"), "{analyze}");
}

#[test]
fn top_level_help_lists_the_exit_codes() {
    let (out, _, code) = run(downhill().arg("--help"));
    assert_eq!(code, 0);
    let at = out.find("Exit codes:").expect("an Exit codes section");
    let codes = &out[at..];
    for c in [
        "0  success",
        "1  a file could not be read",
        "2  bad arguments",
        "3  an output",
    ] {
        assert!(codes.contains(c), "{codes}");
    }
}

/// The binary with its standard output on `/dev/full`, where every write fails (ENOSPC).
fn exit_on_full_disk(args: &[&str]) -> Option<i32> {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .ok()?;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_downhill"))
        .args(args)
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write"), "{args:?}: {err}");
    out.status.code()
}

#[test]
fn every_command_that_cannot_write_exits_3() {
    let f = fixture("sim/short-reps_baro_seed7.gpx.gz");
    let f = f.to_str().unwrap();
    for args in [
        &["analyze", f][..],
        &["analyze", "--format", "json", f],
        &["season", f],
        &["plans"],
        &["completions", "bash"],
        &["man"],
    ] {
        if let Some(code) = exit_on_full_disk(args) {
            assert_eq!(code, 3, "{args:?}");
        }
    }
}

#[test]
fn a_chart_that_cannot_be_written_exits_3_and_a_bad_extension_2() {
    let dir = tempfile::tempdir().unwrap();
    let profile_to = |out: &str| {
        let f = fixture("sim/short-reps_baro_seed7.gpx.gz");
        let out = dir.path().join(out);
        run(downhill()
            .arg("chart")
            .arg(&f)
            .arg("--kind=profile")
            .arg("-o")
            .arg(out))
    };
    let (_, err, code) = profile_to("no/such/folder/chart.png");
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("chart.png"), "{err}");
    let (_, err, code) = profile_to("chart.jpg");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("chart.jpg"), "{err}");
}

const REPS: &str = "sim/short-reps_baro_seed7.gpx.gz";

fn has_ansi(s: &str) -> bool {
    s.contains("\u{1b}[")
}

#[test]
fn color_always_paints_the_verdict_marks_and_never_or_a_pipe_does_not() {
    let (out, _, code) = run(downhill()
        .args(["analyze", "--color", "always"])
        .arg(fixture(REPS)));
    assert_eq!(code, 0);
    let ok = out.lines().find(|l| l.contains("consistency")).unwrap();
    assert!(ok.contains("\u{1b}[1m\u{1b}[32mok  \u{1b}[0m"), "{ok:?}");
    let checks = out.lines().filter(|l| l.contains("(expected")).count();
    assert_eq!(
        out.matches("\u{1b}[0m").count(),
        checks,
        "each mark is reset"
    );
    for args in [&["--color", "never"][..], &[], &["--color", "auto"]] {
        let (plain, _, _) = run(downhill().arg("analyze").args(args).arg(fixture(REPS)));
        assert!(!has_ansi(&plain), "{args:?}");
    }
    let (json, _, _) = run(downhill()
        .args(["analyze", "--color=always", "--format=json"])
        .arg(fixture(REPS)));
    assert!(!has_ansi(&json), "JSON is never coloured");
}

/// `downhill ARGS` on a terminal (util-linux `script` gives it one): what the terminal
/// showed and the exit code, if `script` exists.
fn on_a_terminal(args: &str, no_color: bool) -> Option<(String, i32)> {
    let bin = env!("CARGO_BIN_EXE_downhill");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &format!("{bin} {args}"), "/dev/null"]);
    cmd.env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().ok()?;
    // `script -e` exits as the command did; stdout and stderr both went to the terminal.
    let code = out.status.code()?;
    Some((String::from_utf8_lossy(&out.stdout).into_owned(), code))
}

#[test]
fn color_auto_paints_a_terminal_unless_no_color_is_set() {
    let args = format!("analyze {}", fixture(REPS).display());
    let Some((tty, _)) = on_a_terminal(&args, false) else {
        return;
    };
    assert!(has_ansi(&tty), "{tty}");
    let (plain, _) = on_a_terminal(&args, true).unwrap();
    assert!(!has_ansi(&plain), "{plain}");
    assert!(plain.contains("ok   consistency"), "{plain}");
}

#[test]
fn quiet_keeps_the_errors_and_drops_warnings_and_notes() {
    let damaged = fixture("broken/truncated-eof__fitdecode_activity-unexpected-eof.fit");
    let (_, err, code) = run(downhill().arg("analyze").arg(&damaged));
    assert_eq!(code, 0);
    assert!(err.contains("warning"), "{err}");
    let (out, err, code) = run(downhill().args(["analyze", "-q"]).arg(&damaged));
    assert_eq!((code, err.as_str()), (0, ""), "{err}");
    assert!(out.contains("descents"), "the report is still printed");

    let missing = "no/such/run.fit";
    let (_, err, code) = run(downhill()
        .args(["--quiet", "analyze"])
        .arg(&damaged)
        .arg(missing));
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("downhill: error: ") && err.contains(missing),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = run(downhill()
        .args(["season", "-q", "--out"])
        .arg(dir.path())
        .arg(fixture(REPS)));
    assert_eq!((code, err.as_str()), (0, ""), "no 'wrote 5 files': {err}");
}

#[test]
fn season_of_an_empty_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, code) = run(downhill().arg("season").arg(dir.path()));
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "", "no empty table");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
    assert!(err.contains("no activity files"), "{err}");
}

#[test]
fn a_chart_of_a_file_without_elevation_is_refused_and_no_image_written() {
    let dir = tempfile::tempdir().unwrap();
    let flat = fixture("gpx/gpsbabel_no-ele__gpxpy_cerknicko-jezero-without-elevations.gpx");
    for kind in ["profile", "slope-speed", "season"] {
        let out = dir.path().join(format!("{kind}.png"));
        let (_, err, code) = run(downhill()
            .arg("chart")
            .arg(&flat)
            .arg(format!("--kind={kind}"))
            .arg("-o")
            .arg(&out));
        assert_eq!(code, 1, "{kind}: {err}");
        assert!(
            err.contains("cerknicko") && err.contains("no elevation"),
            "{err}"
        );
        assert!(!out.exists(), "{kind}");
    }
}

#[test]
fn analyze_dash_reads_standard_input_whatever_its_format() {
    for (file, format) in [
        (REPS, "gpx"),
        ("fit/fr645m_hill-run__runpandas_run.fit", "fit"),
        ("tcx/fr410_hilly-5k__runpandas_basic.tcx", "tcx"),
    ] {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let (piped, err, code) = run(downhill()
            .args(["analyze", "--format=json", "-"])
            .write_stdin(bytes));
        assert_eq!(code, 0, "{file}: {err}");
        let v: serde_json::Value = serde_json::from_str(piped.trim()).unwrap();
        assert_eq!(v["file"], "<stdin>");
        assert_eq!(v["format"], format);
        let (named, _, _) = run(downhill()
            .args(["analyze", "--format=json"])
            .arg(fixture(file)));
        let mut w: serde_json::Value = serde_json::from_str(named.trim()).unwrap();
        w["file"] = v["file"].clone();
        assert_eq!(v, w, "{file}: the same report as from the file");
    }
    let (_, err, code) = run(downhill().args(["analyze", "-"]).write_stdin("hello\n"));
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("<stdin>: not a FIT, GPX or TCX file"), "{err}");
}

#[test]
fn chart_dash_o_writes_the_image_to_standard_output() {
    let png = downhill()
        .arg("chart")
        .arg(fixture(REPS))
        .args(["--kind=profile", "--size=400x300", "-o", "-"])
        .output()
        .unwrap();
    assert!(
        png.status.success(),
        "{}",
        String::from_utf8_lossy(&png.stderr)
    );
    let img = image::load_from_memory(&png.stdout).expect("a PNG on stdout");
    assert_eq!((img.width(), img.height()), (400, 300));
    let (svg, err, code) = run(downhill().arg("chart").arg(fixture(REPS)).args([
        "--kind=slope-speed",
        "-o",
        "-",
        "--chart-format=svg",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(svg.starts_with("<svg"), "{svg:.80}");
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn a_terminal_is_neither_read_as_a_file_nor_sent_a_png() {
    let Some((shown, code)) = on_a_terminal("analyze -", false) else {
        return;
    };
    assert_eq!(code, 1, "{shown}");
    assert!(
        shown.contains("<stdin>: standard input is a terminal"),
        "{shown}"
    );
    let args = format!("chart {} --kind=profile -o -", fixture(REPS).display());
    let (shown, code) = on_a_terminal(&args, false).unwrap();
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("standard output is a terminal"), "{shown}");
    assert!(!shown.contains("PNG\r\n"), "no image on the terminal");
}
