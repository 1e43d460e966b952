//! `io::read_bytes` on arbitrary bytes (seeded with GPX files): no panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = downhill::io::read_bytes(
        data,
        Path::new("fuzz.gpx"),
        &downhill::io::ReadOptions::default(),
    );
});
