//! `season --out` writes its five files as one set (issue 12, defect 9): a failure keeps the
//! old set whole and names the failing file, a second run into a locked folder is refused,
//! whether by its `flock` or by its lock file (`.downhill.lock`, with the run's pid; one whose
//! pid is gone is stale), and temporaries a killed run left behind are removed. Inputs
//! generated here.

use std::path::Path;

use crate::common::{downhill, run};
use crate::io_outputs::activity;

const SET: [&str; 5] = [
    "season.txt",
    "season.json",
    "season.md",
    "sessions.csv",
    "weeks.csv",
];

/// A folder with a run and an empty `out` folder beside it (the folder is kept alive by the
/// returned guard).
fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = activity(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    (dir, input, out)
}

fn season_out(input: &Path, out: &Path) -> (String, String, i32) {
    run(downhill().arg("season").arg(input).arg("--out").arg(out))
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".downhill-") && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn io_season_out_a_failure_keeps_the_old_set_and_names_the_file() {
    let (_dir, input, out) = setup();
    for name in SET {
        std::fs::write(out.join(name), "old").unwrap();
    }
    std::fs::remove_file(out.join("season.md")).unwrap();
    std::fs::create_dir(out.join("season.md")).unwrap();
    let (_, err, code) = season_out(&input, &out);
    assert_eq!(code, 3, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "{}: is a directory",
            out.join("season.md").display()
        )),
        "the failing file is named: {err}"
    );
    for name in SET.iter().filter(|n| **n != "season.md") {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            "old",
            "{name}"
        );
    }
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    assert!(!out.join(".downhill.lock").exists(), "the lock goes too");
}

#[test]
fn io_season_out_a_lock_file_of_a_running_process_is_refused_naming_the_folder() {
    let (_dir, input, out) = setup();
    for name in SET {
        std::fs::write(out.join(name), "old").unwrap();
    }
    // Another run (this test process stands for it) holds the folder by its lock file.
    let lock = out.join(".downhill.lock");
    let pid = std::process::id().to_string();
    std::fs::write(&lock, format!("{pid}\n")).unwrap();
    let (_, err, code) = season_out(&input, &out);
    assert_eq!(code, 3, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("{}: another downhill run", out.display()))
            && err.contains(&format!("pid {pid}")),
        "names the folder and the run: {err}"
    );
    for name in SET {
        assert_eq!(std::fs::read_to_string(out.join(name)).unwrap(), "old");
    }
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap().trim(),
        pid,
        "not taken"
    );
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));

    // The same lock left by a run that is gone (no pid is above 2^22): stale, taken over,
    // and removed at the end.
    std::fs::write(&lock, "4194305\n").unwrap();
    let (_, err, code) = season_out(&input, &out);
    assert_eq!(code, 0, "{err}");
    for name in SET {
        assert_ne!(std::fs::read_to_string(out.join(name)).unwrap(), "old");
    }
    assert!(!lock.exists());
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

#[test]
fn io_season_out_a_locked_folder_is_refused_and_stale_temporaries_go() {
    let (_dir, input, out) = setup();
    std::fs::write(out.join(".downhill-left.tmp"), "killed").unwrap();
    // Another run holds the folder.
    let lock = std::fs::File::open(&out).unwrap();
    lock.lock().unwrap();
    let (_, err, code) = season_out(&input, &out);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("another downhill run"), "{err}");
    assert!(!out.join("season.txt").exists());
    lock.unlock().unwrap();
    let (_, err, code) = season_out(&input, &out);
    assert_eq!(code, 0, "{err}");
    for name in SET {
        assert!(out.join(name).is_file(), "{name}");
    }
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
}

#[test]
fn io_season_out_two_runs_at_once_never_mix_their_sets() {
    let dir = tempfile::tempdir().unwrap();
    // Run A reads one session (a.fit), run B two (b1.fit, b2.fit): a mixed set would name
    // B's files in some of its files and not in others.
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (folder, names) in [(&a, &["a.fit"][..]), (&b, &["b1.fit", "b2.fit"][..])] {
        std::fs::create_dir(folder).unwrap();
        for (k, name) in names.iter().enumerate() {
            let run = crate::season_gen::session(&crate::season_gen::short_session(
                k as f64 * 86_400.0,
                2,
                60,
            ));
            let bytes = crate::season_gen::encode(&run, crate::season_gen::Kind::Fit);
            std::fs::write(folder.join(name), bytes).unwrap();
        }
    }
    let out = dir.path().join("out");
    let bin = assert_cmd::cargo::cargo_bin("downhill");
    let spawn = |input: &Path| {
        std::process::Command::new(&bin)
            .arg("season")
            .arg(input)
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (mut refused, mut both) = (0, 0);
    for _ in 0..20 {
        let (pa, pb) = (spawn(&a), spawn(&b));
        let mut ok = 0;
        for p in [pa, pb] {
            let o = p.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            match o.status.code() {
                Some(0) => ok += 1,
                Some(3) if err.contains("another downhill run") => refused += 1,
                code => panic!("exit {code:?}: {err}"),
            }
        }
        assert!(ok >= 1, "one of the two writes");
        both += usize::from(ok == 2);
        let of_b: Vec<bool> = ["season.txt", "season.json", "season.md", "sessions.csv"]
            .iter()
            .map(|n| std::fs::read_to_string(out.join(n)).unwrap().contains("b1"))
            .collect();
        assert!(
            of_b.iter().all(|x| *x == of_b[0]),
            "one run's set: {of_b:?}"
        );
        assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
        assert!(!out.join(".downhill.lock").exists());
    }
    // Which pairs overlapped depends on the machine; each outcome is one of the two.
    eprintln!("{refused} runs refused, {both} pairs both written one after the other");
}
