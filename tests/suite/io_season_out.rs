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
