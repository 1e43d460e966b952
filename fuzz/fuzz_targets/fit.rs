//! The streaming FIT decoder on arbitrary bytes: no panic, and what it returns is consistent.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(t) = downhill::io::fitdec::read(data, Path::new("fuzz.fit")) {
        assert!(t.segment_starts.iter().all(|&i| i > 0 && i < t.points.len()));
        assert!(t.pauses.iter().all(|p| p.end_s > p.start_s));
    }
});
