//! Samples built from arbitrary bytes (any geometry: standing still, teleports, spikes,
//! untimed or unpositioned stretches, times going backwards), cleaned and run through the
//! motion, the profile grid, the descents and the reps. No panic, and what comes out holds:
//! the grid stays within its stated bound, every descent lies inside the track, with finite,
//! non-negative length and a time span that does not run backwards.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut track = downhill_testkit::sim::hostile::track_from_bytes(data);
    downhill::clean::clean(&mut track);
    downhill_testkit::sim::hostile::check_analysis(&track);
});
