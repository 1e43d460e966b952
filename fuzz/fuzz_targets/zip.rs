//! Open arbitrary bytes as an export archive (zip), read every activity entry it lists and
//! analyze what reads: errors, no panic, and no entry read past the limits.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use downhill::season::archive::{Archive, ArchiveLimits};
use libfuzzer_sys::fuzz_target;

/// The archive is opened from a file (as `downhill season` does): one scratch file per
/// fuzzing process, rewritten for each input.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| downhill_testkit::sim::hostile::fuzz_scratch("zip.zip"))
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    if std::fs::write(path, data).is_err() {
        return;
    }
    let limits = ArchiveLimits {
        max_entries: 1000,
        max_entry_bytes: 1 << 20,
        max_csv_bytes: 1 << 20,
        ..Default::default()
    };
    let Ok(archive) = Archive::open(path, &limits) else {
        return;
    };
    let opts = downhill::io::ReadOptions {
        max_decompressed_bytes: 1 << 20,
        ..Default::default()
    };
    for entry in &archive.entries {
        let _ = archive.csv_for(&entry.name);
        let Ok(bytes) = archive.read_entry(entry) else {
            continue;
        };
        assert!(bytes.len() as u64 <= limits.max_entry_bytes, "entry read past the cap");
        if let Ok(track) = downhill::io::read_bytes(&bytes, &archive.entry_path(&entry.name), &opts) {
            let _ = downhill::analysis::analyze(&track, &entry.name, &Default::default());
        }
    }
});
