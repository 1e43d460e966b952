//! The configuration file (`--config FILE`, `DOWNHILL_CONFIG`, the XDG default):
//! precedence flags > environment > file > defaults, bad files refused in one line naming
//! them, and `downhill config show` saying where each value comes from.

use std::path::Path;

use crate::common::{downhill, fixture, run};

const README_FIXTURE: &str = "sim/short-reps_baro_seed7.gpx.gz";

/// `downhill` reading `config.toml` (with `text`) from the XDG folder `home`.
fn with_config(home: &Path, text: &str) -> assert_cmd::Command {
    let dir = home.join("downhill");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
    let mut c = downhill();
    c.env("XDG_CONFIG_HOME", home);
    c
}

fn distance_line(table: &str) -> &str {
    table
        .lines()
        .find(|l| l.trim_start().starts_with("distance:"))
        .expect("a distance line")
}

#[test]
fn the_file_sets_units_and_flags_and_environment_win_over_it() {
    let home = tempfile::tempdir().unwrap();
    let cfg = "units = \"imperial\"\nspeed = true\n";
    let f = fixture(README_FIXTURE);
    let (out, err, code) = run(with_config(home.path(), cfg).arg("analyze").arg(&f));
    assert_eq!(code, 0, "{err}");
    assert!(
        distance_line(&out).ends_with(" mi"),
        "{}",
        distance_line(&out)
    );
    assert!(out.contains("mph"), "speed = true shows speeds");
    // A flag wins over the file.
    let (out, _, _) = run(with_config(home.path(), cfg)
        .args(["analyze", "--units", "metric", "--pace"])
        .arg(&f));
    assert!(
        distance_line(&out).ends_with(" km"),
        "{}",
        distance_line(&out)
    );
    assert!(out.contains("pace") && !out.contains("km/h"));
    // The environment wins over the file.
    let (out, _, _) = run(with_config(home.path(), cfg)
        .env("DOWNHILL_UNITS", "metric")
        .arg("analyze")
        .arg(&f));
    assert!(
        distance_line(&out).ends_with(" km"),
        "{}",
        distance_line(&out)
    );
    // Without a file: the defaults.
    let (out, _, _) = run(downhill().arg("analyze").arg(&f));
    assert!(distance_line(&out).ends_with(" km"));
}

#[test]
fn a_plan_named_in_the_file_is_read_from_beside_the_file_by_every_command() {
    let home = tempfile::tempdir().unwrap();
    let (plan, _, code) = run(downhill().args(["plans", "--toml", "long"]));
    assert_eq!(code, 0);
    std::fs::create_dir_all(home.path().join("downhill")).unwrap();
    std::fs::write(home.path().join("downhill/long.toml"), plan).unwrap();
    let f = fixture(README_FIXTURE);
    let verdict = |c: &mut assert_cmd::Command, extra: &[&std::ffi::OsStr]| {
        let (out, err, code) = run(c.args(["analyze", "--format", "json"]).args(extra).arg(&f));
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["workout"]["verdict"].as_str().unwrap().to_string()
    };
    let judged = verdict(&mut with_config(home.path(), "plan = \"long.toml\"\n"), &[]);
    let plan_path = home.path().join("downhill/long.toml");
    let by_flag = verdict(&mut downhill(), &["--plan".as_ref(), plan_path.as_os_str()]);
    assert_eq!(judged, by_flag);
    assert_ne!(
        judged,
        verdict(&mut downhill(), &[]),
        "the plan changed nothing"
    );
    assert!(judged.contains("not as prescribed"), "{judged}");
    // season reads it too, as it reads the flag.
    let (by_file, err, code) = run(with_config(home.path(), "plan = \"long.toml\"\n")
        .args(["season", "--format", "json"])
        .arg(&f));
    assert_eq!(code, 0, "{err}");
    let (by_flag, _, _) = run(downhill()
        .args(["season", "--format", "json", "--plan"])
        .arg(&plan_path)
        .arg(&f));
    assert_eq!(by_file, by_flag);
    assert!(by_file.contains("\"compliant\": false"), "{by_file}");
}

#[test]
fn a_bad_file_is_one_line_naming_it_with_line_and_column() {
    let home = tempfile::tempdir().unwrap();
    let f = fixture(README_FIXTURE);
    for (text, want) in [
        ("units = \"metric\"\nbandz = [8]\n", "line 2, column 1"),
        ("bands = \"8,10\"\n", "line 1, column 9"),
        (
            "units = \"furlongs\"\n",
            "line 1, column 9: units = \"furlongs\"",
        ),
        ("\ntz = \"Mars/Olympus\"\n", "line 2, column 6: tz = "),
    ] {
        let (out, err, code) = run(with_config(home.path(), text).arg("analyze").arg(&f));
        assert_eq!(code, 2, "{text}: {err}");
        assert!(out.is_empty(), "nothing analyzed with a bad configuration");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("config.toml") && err.contains(want),
            "{text}: {err}"
        );
    }
    // A file given by name must exist; the default one may be absent.
    let (_, err, code) = run(downhill()
        .arg("--config")
        .arg(home.path().join("missing.toml"))
        .arg("plans"));
    assert_eq!(code, 2);
    assert!(
        err.contains("missing.toml") && err.contains("no such configuration file"),
        "{err}"
    );
    let (_, err, code) = run(downhill().env("DOWNHILL_CONFIG", "/dev/null").arg("plans"));
    assert_eq!(code, 2, "a device is not a configuration file");
    assert!(err.contains("/dev/null"), "{err}");
}

#[test]
fn config_show_says_where_each_value_comes_from() {
    let home = tempfile::tempdir().unwrap();
    let (out, err, code) = run(with_config(home.path(), "units = \"imperial\"\n")
        .env("DOWNHILL_TZ", "Europe/Paris")
        .args(["config", "show"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("config.toml (read)"), "{out}");
    let row = |key: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{key} ")))
            .unwrap_or_else(|| panic!("no {key} row in {out}"))
            .to_string()
    };
    assert!(row("units").contains("imperial") && row("units").contains("file"));
    assert!(row("tz").contains("Europe/Paris") && row("tz").contains("DOWNHILL_TZ"));
    assert!(row("bands").contains("default"));
    // The template lists every key `show` lists, and loads once uncommented.
    let (template, _, code) = run(downhill().args(["config", "template"]));
    assert_eq!(code, 0);
    let text: String = template
        .lines()
        .filter_map(|l| l.strip_prefix("# ").filter(|l| l.contains(" = ")))
        .collect::<Vec<_>>()
        .join("\n");
    let cfg = home.path().join("all.toml");
    std::fs::write(
        &cfg,
        format!("{text}\n")
            .replace("plans/short.toml", "p.toml")
            .replace("/srv/srtm", "."),
    )
    .unwrap();
    let (plan, _, _) = run(downhill().args(["plans", "--toml", "short"]));
    std::fs::write(home.path().join("p.toml"), plan).unwrap();
    let (out, err, code) = run(downhill()
        .arg("--config")
        .arg(&cfg)
        .args(["config", "show"]));
    assert_eq!(code, 0, "{err}");
    let from_file = out
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains("  file  "))
        .count();
    assert_eq!(from_file, 7, "{out}");
}

#[test]
fn downhill_speed_takes_switch_words_and_a_typed_pace_wins_over_it() {
    let f = fixture(README_FIXTURE);
    let header = |c: &mut assert_cmd::Command| {
        let (out, err, code) = run(c.arg("analyze").arg(&f));
        assert_eq!(code, 0, "{err}");
        out.lines()
            .find(|l| l.contains("set  rep"))
            .unwrap()
            .to_string()
    };
    assert!(header(downhill().env("DOWNHILL_SPEED", "1")).contains("km/h"));
    assert!(header(downhill().env("DOWNHILL_SPEED", "yes")).contains("km/h"));
    assert!(!header(downhill().env("DOWNHILL_SPEED", "off")).contains("km/h"));
    // A flag wins over the environment, either way.
    assert!(!header(downhill().env("DOWNHILL_SPEED", "1").arg("--pace")).contains("km/h"));
    assert!(header(downhill().env("DOWNHILL_SPEED", "0").arg("--speed")).contains("km/h"));
    // The environment wins over the file.
    let home = tempfile::tempdir().unwrap();
    let c = &mut with_config(home.path(), "speed = true\n");
    assert!(!header(c.env("DOWNHILL_SPEED", "false")).contains("km/h"));
    // A word it does not know is one line naming the variable.
    let (_, err, code) = run(downhill()
        .env("DOWNHILL_SPEED", "maybe")
        .arg("analyze")
        .arg(&f));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("downhill: error: DOWNHILL_SPEED=maybe"),
        "{err}"
    );
}

#[test]
fn a_refused_value_names_where_it_was_written_flag_variable_or_file_key() {
    let home = tempfile::tempdir().unwrap();
    let f = fixture(README_FIXTURE);
    // (A bad tz in the file is refused when the file is read, with its line and column.)
    let cfg = "plan = \"missing-plan.toml\"\n";
    let (_, err, code) = run(with_config(home.path(), cfg).arg("analyze").arg(&f));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("config.toml: plan: ") && !err.contains("--plan"),
        "the file's key is named, not a flag never typed: {err}"
    );
    let (_, err, code) = run(downhill()
        .env("DOWNHILL_TZ", "Mars/Base")
        .arg("analyze")
        .arg(&f));
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("downhill: error: DOWNHILL_TZ: "), "{err}");
    let (_, err, code) = run(with_config(home.path(), cfg)
        .args(["analyze", "--plan", "typed.toml"])
        .arg(&f));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("downhill: error: --plan: typed.toml"),
        "{err}"
    );
}
