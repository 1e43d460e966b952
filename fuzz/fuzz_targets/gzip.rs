//! Gzip decompression with a small cap, then the whole reader: no panic, the cap holds.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cap = 1 << 20;
    if let Ok(inner) = downhill::io::gzip::decompress(data, Path::new("fuzz.gz"), cap) {
        assert!(inner.len() as u64 <= cap);
    }
    let opts = downhill::io::ReadOptions {
        max_decompressed_bytes: cap,
        ..Default::default()
    };
    let _ = downhill::io::read_bytes(data, Path::new("fuzz.gz"), &opts);
});
