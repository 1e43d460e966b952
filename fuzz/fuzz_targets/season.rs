//! A season over a folder made from arbitrary bytes: up to eight files of any kind (FIT,
//! GPX, TCX, gzip, zip, a Strava `activities.csv`, a folder), cut from the input, analyzed
//! by `season::run`. No panic, and nothing lost: every file found is a session, a skip or a
//! failure, and the renderers take the result.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| downhill_testkit::sim::hostile::fuzz_scratch("season"))
}

fuzz_target!(|data: &[u8]| {
    let _ = downhill_testkit::sim::hostile::season_of_bytes(data, scratch());
});
