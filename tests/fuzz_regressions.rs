//! Hostile inputs and inputs that once crashed a fuzz target (fixtures/fuzz-regressions):
//! each is read and analyzed without panic, and each is refused with an error naming the file
//! or read with a warning saying what was wrong.

use std::path::Path;

use downhill::io::{ReadOptions, fitdec, read_bytes};

#[test]
fn fuzz_regressions_read_without_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz-regressions");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = e.path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let opts = ReadOptions {
            max_decompressed_bytes: 1 << 20,
            ..ReadOptions::default()
        };
        match read_bytes(&bytes, &path, &opts) {
            Ok(track) => {
                let _ = downhill::analysis::analyze(
                    &track,
                    &name,
                    &downhill::analysis::Settings::default(),
                );
            }
            Err(e) => assert!(e.to_string().contains(&name), "{name}: {e}"),
        }
        if name.starts_with("fit-") {
            match fitdec::read(&bytes, &path) {
                Ok(t) => assert!(!t.warnings.is_empty(), "{name}: damage not reported"),
                Err(e) => assert!(e.to_string().contains(&name), "{name}: {e}"),
            }
        }
        n += 1;
    }
    assert!(n >= 3, "fuzz regression inputs missing");
}
