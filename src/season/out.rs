//! Writing files: the five of `season --out DIR` as one set, and any single output
//! atomically.
//!
//! The set (`write_all`):
//! 1. `DIR` is locked for the run: an advisory `flock` on the folder (released by the kernel
//!    however the run ends) and a lock file `DIR/.downhill.lock` created with `create_new`,
//!    holding the run's pid and removed when the run ends. A second run finds one or the other
//!    and is refused, naming the folder. A lock file whose pid is no longer running (a run
//!    killed with -9) is stale and taken over; under the `flock` that takeover cannot race
//!    another run.
//! 2. Temporaries a killed run left behind (`.downhill-*.tmp`) are removed.
//! 3. A target that is not a regular file (a folder, a symlink, a FIFO) fails the set before
//!    anything is written, naming it.
//! 4. All five files are written to temporaries in `DIR` and flushed to disk (`fsync`); on
//!    any failure they are removed and the old set is untouched.
//! 5. Each old file gets a second name (a hard link, or a copy where links are not
//!    supported), then each new file is renamed over its target. If a rename fails, the files
//!    already renamed are put back from those second names (or removed where there was no old
//!    one), so the old set is whole again. The folder is then flushed and the second names
//!    removed.
//!
//! What this does not cover: a run killed (or a machine losing power) during step 5's
//! renames, which take microseconds, can leave some new and some old files; the next run
//! into the folder writes a whole set again.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::SeasonReport;
use super::render::OUTPUTS;

/// The prefix and suffix of the temporary files renamed over outputs.
const TMP_PREFIX: &str = ".downhill-";
const TMP_SUFFIX: &str = ".tmp";

/// The lock file of a folder a run is writing.
pub const LOCK_FILE: &str = ".downhill.lock";

/// An error about `path`, its message starting with the path.
fn named(path: &Path) -> impl Fn(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Write every format into `dir` (created if missing) as one set, all or nothing (see the
/// module's documentation for the steps and what they guarantee). Errors name the file that
/// failed, or the folder when it is locked; the caller names the folder for the others.
/// Lengths and speeds in the text, Markdown and page follow `u`; JSON and CSV stay SI.
pub fn write_all(
    r: &SeasonReport,
    dir: &Path,
    u: crate::report::units::Units,
) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let _lock = FolderLock::take(dir)?;
    remove_stale_temporaries(dir);
    for (name, _) in OUTPUTS {
        let target = dir.join(name);
        if let Ok(meta) = fs::symlink_metadata(&target)
            && !meta.is_file()
        {
            let kind = if meta.is_dir() {
                "a directory"
            } else if meta.is_symlink() {
                "a symbolic link"
            } else {
                "a special file"
            };
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{}: is {kind}, not a regular file (nothing was written)",
                    target.display()
                ),
            ));
        }
    }
    let mut staged = Vec::with_capacity(OUTPUTS.len());
    for (name, render) in OUTPUTS {
        let target = dir.join(name);
        let mut tmp = crate::io::file::output_tempfile(dir, TMP_PREFIX, TMP_SUFFIX)
            .map_err(named(&target))?;
        tmp.write_all(render(r, u).as_bytes())
            .and_then(|_| tmp.as_file().sync_all())
            .map_err(named(&target))?;
        staged.push((tmp.into_temp_path(), target));
    }
    commit(dir, staged, &|from, to| fs::rename(from, to))
}

/// Rename each staged temporary over its target, all or none (step 5 of the module's
/// documentation); `rename` is `fs::rename` but for tests.
fn commit(
    dir: &Path,
    staged: Vec<(tempfile::TempPath, PathBuf)>,
    rename: &dyn Fn(&Path, &Path) -> io::Result<()>,
) -> io::Result<Vec<PathBuf>> {
    let mut backups = Vec::with_capacity(staged.len());
    for (_, target) in &staged {
        backups.push(back_up(dir, target).map_err(named(target))?);
    }
    for (done, (tmp, target)) in staged.iter().enumerate() {
        if let Err(e) = rename(tmp, target) {
            let restored = roll_back(&staged[..done], &backups[..done], rename);
            let outcome = match restored {
                Ok(()) => "the old set was kept".to_string(),
                Err(r) => format!("and the old set could not be put back: {r}"),
            };
            return Err(io::Error::new(
                e.kind(),
                format!("{}: {e} ({outcome})", target.display()),
            ));
        }
    }
    // Flushed, so that the renames survive a crash; the second names go with `backups`.
    let _ = File::open(dir).and_then(|d| d.sync_all());
    Ok(staged
        .into_iter()
        .map(|(tmp, target)| {
            // Renamed away: nothing left to delete under the temporary name.
            let _ = tmp.keep();
            target
        })
        .collect())
}

/// A second name for `target`'s current content, deleted when dropped; `None` when there is
/// no old file.
fn back_up(dir: &Path, target: &Path) -> io::Result<Option<tempfile::TempPath>> {
    if !fs::symlink_metadata(target).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let backup = dir.join(format!("{TMP_PREFIX}old-{name}{TMP_SUFFIX}"));
    match fs::remove_file(&backup) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if fs::hard_link(target, &backup).is_err() {
        fs::copy(target, &backup)?;
    }
    tempfile::TempPath::try_from_path(backup).map(Some)
}

/// Put back the old files of the targets already renamed over.
fn roll_back(
    renamed: &[(tempfile::TempPath, PathBuf)],
    backups: &[Option<tempfile::TempPath>],
    rename: &dyn Fn(&Path, &Path) -> io::Result<()>,
) -> Result<(), String> {
    let mut failed = Vec::new();
    for ((_, target), backup) in renamed.iter().zip(backups) {
        let put_back = match backup {
            Some(b) => rename(b, target),
            None => fs::remove_file(target),
        };
        if let Err(e) = put_back {
            failed.push(format!("{}: {e}", target.display()));
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed.join("; "))
    }
}

/// A folder locked for one run (step 1 of the module's documentation); unlocked on drop.
pub struct FolderLock {
    /// The folder, held open with its `flock`.
    _folder: File,
    /// The lock file, removed on drop.
    file: PathBuf,
}

impl FolderLock {
    /// Lock `dir`, or fail with a message naming it when another run holds it.
    pub fn take(dir: &Path) -> io::Result<FolderLock> {
        let held = |by: &str| {
            io::Error::new(
                io::ErrorKind::WouldBlock,
                format!(
                    "{}: another downhill run is writing to this folder{by}",
                    dir.display()
                ),
            )
        };
        let folder = File::open(dir)?;
        match folder.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(held("")),
            // A filesystem without `flock`: the lock file alone.
            Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        let file = dir.join(LOCK_FILE);
        // Twice at most: once more after taking over a stale lock.
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&file) {
                Ok(mut f) => {
                    let lock = FolderLock {
                        _folder: folder,
                        file,
                    };
                    writeln!(f, "{}", std::process::id())
                        .and_then(|_| f.sync_all())
                        .map_err(named(&lock.file))?;
                    return Ok(lock);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let pid = fs::read_to_string(&file)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    if let Some(pid) = pid.filter(|p| running(*p)) {
                        return Err(held(&format!(
                            " (pid {pid}, {}; remove it if no such run is going)",
                            file.display()
                        )));
                    }
                    // Stale: its run is gone (or it holds no pid, a run killed right after
                    // creating it).
                    match fs::remove_file(&file) {
                        Err(e) if e.kind() != io::ErrorKind::NotFound => {
                            return Err(named(&file)(e));
                        }
                        _ => {}
                    }
                }
                Err(e) => return Err(named(&file)(e)),
            }
        }
        Err(held(""))
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.file);
    }
}

/// Whether process `pid` (not this one) is running. On Linux its `/proc` entry says; on other
/// unixes `kill -0`; elsewhere, or when that cannot be asked, it is taken as running, so a
/// lock is never broken wrongly (the message says which file to remove).
fn running(pid: u32) -> bool {
    if pid == 0 || pid == std::process::id() || pid > i32::MAX as u32 {
        return false;
    }
    if Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    if cfg!(unix) {
        return std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status()
            .map_or(true, |s| s.success());
    }
    true
}

/// Remove the `.downhill-*.tmp` files in `dir` (left by a run killed while writing; called
/// with the folder locked, so none is another run's).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TMP_PREFIX)
            && name.ends_with(TMP_SUFFIX)
            && e.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Write `bytes` to `target` through a temporary file in the same folder (0666 less the
/// umask) and a rename: whole or not at all.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = crate::io::file::output_tempfile(dir, TMP_PREFIX, TMP_SUFFIX)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three targets with an old set (the third new), staged new contents.
    fn staged(dir: &Path) -> Vec<(tempfile::TempPath, PathBuf)> {
        let mut out = Vec::new();
        for (k, name) in ["a.txt", "b.txt", "c.txt"].iter().enumerate() {
            let target = dir.join(name);
            if k < 2 {
                fs::write(&target, format!("old {name}")).unwrap();
            }
            let mut tmp = crate::io::file::output_tempfile(dir, TMP_PREFIX, TMP_SUFFIX).unwrap();
            write!(tmp, "new {name}").unwrap();
            out.push((tmp.into_temp_path(), target));
        }
        out
    }

    /// A rename that fails with `why` for the file named `name`.
    fn rename_failing_on(
        name: &'static str,
        why: &'static str,
    ) -> impl Fn(&Path, &Path) -> io::Result<()> {
        move |from, to| {
            if to.ends_with(name) {
                return Err(io::Error::other(why));
            }
            fs::rename(from, to)
        }
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let text = fs::read_to_string(e.path()).unwrap();
                (e.file_name().to_string_lossy().into_owned(), text)
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_rename_failing_midway_puts_the_old_set_back() {
        let dir = tempfile::tempdir().unwrap();
        let set = staged(dir.path());
        // a.txt and b.txt are renamed over their old files, then c.txt fails.
        let flaky = rename_failing_on("c.txt", "disk on fire");
        let err = commit(dir.path(), set, &flaky).unwrap_err().to_string();
        assert!(
            err.contains("c.txt: disk on fire (the old set was kept)"),
            "{err}"
        );
        assert_eq!(
            listing(dir.path()),
            [
                ("a.txt".into(), "old a.txt".into()),
                ("b.txt".into(), "old b.txt".into())
            ]
        );
    }

    #[test]
    fn a_file_that_was_not_there_is_removed_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut set = staged(dir.path());
        // c.txt (no old file) and a.txt are renamed, then b.txt fails.
        set.rotate_left(2);
        let flaky = rename_failing_on("b.txt", "no");
        commit(dir.path(), set, &flaky).unwrap_err();
        assert_eq!(
            listing(dir.path()),
            [
                ("a.txt".into(), "old a.txt".into()),
                ("b.txt".into(), "old b.txt".into())
            ]
        );
    }

    #[test]
    fn a_whole_commit_leaves_the_new_set_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let set = staged(dir.path());
        commit(dir.path(), set, &|from, to| fs::rename(from, to)).unwrap();
        let names = ["a.txt", "b.txt", "c.txt"];
        let expected: Vec<(String, String)> = names
            .iter()
            .map(|n| (n.to_string(), format!("new {n}")))
            .collect();
        assert_eq!(listing(dir.path()), expected);
    }

    #[test]
    fn a_lock_is_refused_while_held_and_stale_when_its_pid_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let lock = FolderLock::take(dir.path()).unwrap();
        let file = dir.path().join(LOCK_FILE);
        assert_eq!(
            fs::read_to_string(&file).unwrap().trim(),
            std::process::id().to_string()
        );
        let err = FolderLock::take(dir.path()).err().unwrap().to_string();
        assert!(err.contains("another downhill run"), "{err}");
        drop(lock);
        assert!(!file.exists(), "removed when the run ends");
        // Another process's pid (this one's parent, running): held.
        fs::write(&file, format!("{}\n", std::os::unix::process::parent_id())).unwrap();
        let err = FolderLock::take(dir.path()).err().unwrap().to_string();
        assert!(
            err.contains(&format!("pid {}", std::os::unix::process::parent_id())),
            "{err}"
        );
        // A pid that cannot be running (above any pid_max): stale, taken over.
        fs::write(&file, "4194305\n").unwrap();
        let lock = FolderLock::take(dir.path()).unwrap();
        drop(lock);
        // Empty (a run killed right after creating it): stale too.
        fs::write(&file, "").unwrap();
        drop(FolderLock::take(dir.path()).unwrap());
    }
}
