//! The conventions a command-line user expects (ripgrep, fd and hyperfine are the model):
//! completions, a manual page, exit codes in `--help`, colour, quiet, standard streams.

use crate::common::{downhill, run};

const SUBCOMMANDS: [&str; 6] = ["analyze", "chart", "season", "plans", "completions", "man"];

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
