//! Read arbitrary bytes and run the whole analysis on whatever track comes out: no panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = downhill::io::ReadOptions {
        max_decompressed_bytes: 1 << 20,
        ..Default::default()
    };
    if let Ok(track) = downhill::io::read_bytes(data, Path::new("fuzz"), &opts) {
        let _ = downhill::analysis::analyze(
            &track,
            "fuzz",
            &downhill::analysis::Settings::default(),
        );
    }
});
