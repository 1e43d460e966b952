//! Opening and reading input files safely: only regular files, never more than a cap, and
//! folders walked one way for every command.
//!
//! Every file the tool reads (activities, plans, terrain tiles, export archives) goes through
//! [`open_regular`] or [`read_regular`], so a FIFO, a device (`ln -s /dev/zero run.fit`), a
//! socket or a folder given as a file is refused with one line naming it instead of hanging
//! or reading until memory runs out. Folders are walked by [`walk`]: symlinked folders are
//! not followed (no loops, no file read twice), hidden entries are skipped, and what is not a
//! regular file is skipped with a warning naming it.

use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The largest file read at all, in bytes: 1 GiB. The largest real activity files and SRTM
/// tiles are a few tens of MB, and a Strava export zip of ten years is a few GB but is read
/// entry by entry, never whole; so this only stops a runaway read. Every whole-file read
/// ([`read_regular`]) is refused past it, before reading a byte when the size says so.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A temporary file in `dir` (`prefix`random`suffix`) to be renamed over an output: created
/// with mode 0666 less the umask, like any other program's output, not tempfile's private
/// 0600, so the renamed file has the permissions the user expects.
pub fn output_tempfile(
    dir: &Path,
    prefix: &str,
    suffix: &str,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// What kind of file `meta` describes, in words, or `None` for a regular file.
fn not_regular_kind(meta: &Metadata) -> Option<&'static str> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO");
        }
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// Refuse `meta` unless it is a regular file.
fn check_regular(path: &Path, meta: &Metadata) -> Result<()> {
    match not_regular_kind(meta) {
        None => Ok(()),
        Some(kind) => Err(Error::NotRegular {
            path: path.to_owned(),
            kind,
        }),
    }
}

/// Open `path` for reading if it is a regular file (symlinks followed). The file is looked at
/// before it is opened, and opened non-blocking so that a FIFO swapped in meanwhile cannot
/// block the open; the opened handle is then checked again (`fstat`), so what is read is what
/// was checked.
pub fn open_regular(path: &Path) -> Result<File> {
    let meta = std::fs::metadata(path).map_err(io_error(path))?;
    check_regular(path, &meta)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io_error(path))?;
    let meta = file.metadata().map_err(io_error(path))?;
    check_regular(path, &meta)?;
    Ok(file)
}

/// The whole of the regular file `path`, at most `max_bytes` (use [`MAX_FILE_BYTES`] unless a
/// smaller cap applies): a larger file is refused before reading when its size says so, and
/// a file growing while it is read is cut off at the cap and refused.
pub fn read_regular(path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    let file = open_regular(path)?;
    let too_large = |len: u64| Error::TooLarge {
        path: path.to_owned(),
        limit_bytes: max_bytes,
        detail: format!("the file has {len} bytes"),
    };
    let len = file.metadata().map_err(io_error(path))?.len();
    if len > max_bytes {
        return Err(too_large(len));
    }
    read_to_cap(file, max_bytes, len)
        .map_err(io_error(path))?
        .ok_or_else(|| too_large(max_bytes.saturating_add(1)))
}

/// All of `reader` when it holds at most `cap` bytes, `None` when it holds more (reading
/// stops one byte past the cap); `hint`: the expected size, for the first allocation
/// (itself capped, so a lying header cannot allocate more than 64 MiB up front). The one
/// bounded read behind files, gzip members and archive entries.
pub fn read_to_cap(reader: impl Read, cap: u64, hint: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::with_capacity(hint.min(cap).min(64 << 20) as usize);
    reader.take(cap.saturating_add(1)).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= cap).then_some(out))
}

/// The identity of a file (device and inode on unix), to tell whether two paths are one file.
#[cfg(unix)]
fn identity(meta: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_meta: &Metadata) -> Option<(u64, u64)> {
    None
}

/// Whether `a` and `b` name the same existing file: the same device and inode (a hard link,
/// a symlink), or the same canonical path.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    if let (Some(ia), Some(ib)) = (identity(&ma), identity(&mb)) {
        return ia == ib;
    }
    matches!(
        (std::fs::canonicalize(a), std::fs::canonicalize(b)),
        (Ok(ca), Ok(cb)) if ca == cb
    )
}

/// Refuse to write `output` when it is one of `inputs`: input files are never modified.
pub fn refuse_input_as_output<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<()> {
    if std::fs::metadata(output).is_err() {
        return Ok(()); // a new file cannot be an input
    }
    match inputs.into_iter().find(|i| same_file(output, i)) {
        None => Ok(()),
        Some(input) => Err(Error::OutputIsInput {
            path: output.to_owned(),
            input: input.to_owned(),
        }),
    }
}

/// What [`walk`] found under a folder.
#[derive(Debug, Default)]
pub struct Walk {
    /// Regular files whose name was wanted, with their size, in name order (depth first).
    pub files: Vec<(PathBuf, u64)>,
    /// Entries skipped, each naming the file: FIFOs, devices, sockets, dangling links.
    pub warnings: Vec<String>,
    /// Folders that could not be listed.
    pub errors: Vec<Error>,
}

/// Every regular file under `dir` whose name `wanted` accepts, sorted by name, the one walk
/// of every command. Hidden entries (`.name`) are skipped; symlinked folders are not followed
/// (a link to a file is), and a folder reached twice (bind mounts) is walked once, so no walk
/// loops or reads a file twice. A wanted name that is not a regular file is skipped with a
/// warning instead of being opened.
pub fn walk(dir: &Path, wanted: &dyn Fn(&str) -> bool) -> Walk {
    let mut out = Walk::default();
    let mut seen = HashSet::new();
    walk_into(dir, wanted, &mut seen, &mut out);
    out
}

fn walk_into(
    dir: &Path,
    wanted: &dyn Fn(&str) -> bool,
    seen: &mut HashSet<(u64, u64)>,
    out: &mut Walk,
) {
    if let Some(id) = std::fs::metadata(dir).ok().as_ref().and_then(identity)
        && !seen.insert(id)
    {
        return;
    }
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).collect(),
        Err(source) => {
            out.errors.push(Error::Io {
                path: dir.to_owned(),
                source,
            });
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk_into(&path, wanted, seen, out);
            continue;
        }
        if ft.is_symlink() && std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            out.warnings.push(format!(
                "{}: a link to a folder, not followed",
                path.display()
            ));
            continue;
        }
        if !wanted(&name) {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(meta) => match not_regular_kind(&meta) {
                None => out.files.push((path, meta.len())),
                Some(kind) => out.warnings.push(format!(
                    "{}: not a regular file ({kind}), skipped",
                    path.display()
                )),
            },
            Err(e) => out
                .warnings
                .push(format!("{}: {e}, skipped", path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_cap_is_refused_and_one_under_it_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.fit");
        std::fs::write(&p, [7u8; 100]).unwrap();
        assert_eq!(read_regular(&p, 100).unwrap().len(), 100);
        let err = read_regular(&p, 99).unwrap_err().to_string();
        assert!(
            err.contains("a.fit") && err.contains("99-byte limit"),
            "{err}"
        );
    }

    #[test]
    fn a_folder_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = open_regular(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a regular file (a directory)"), "{err}");
    }
}
