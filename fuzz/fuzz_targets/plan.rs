//! Parse arbitrary text as a coach's plan (TOML): an error or a plan, no panic. A plan that
//! parses must survive `to_toml` and parse back to the same plan, and judging a real rep set
//! against it (the shipped simulated short-rep session) must not panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use downhill::reps::RepAnalysis;
use libfuzzer_sys::fuzz_target;

fn session_reps() -> &'static RepAnalysis {
    static REPS: OnceLock<RepAnalysis> = OnceLock::new();
    REPS.get_or_init(|| {
        let bytes = include_bytes!("../../fixtures/sim/short-reps_baro_seed7.gpx.gz");
        let path = Path::new("short-reps_baro_seed7.gpx.gz");
        let track = downhill::io::read_bytes(bytes, path, &Default::default())
            .expect("the shipped fixture reads");
        downhill::analysis::analyze(&track, "fixture", &Default::default()).reps
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("fuzz-plan.toml");
    let Ok(plan) = downhill::plan::parse_plan(&text, path) else {
        return;
    };
    let again = downhill::plan::parse_plan(&downhill::plan::to_toml(&plan), path)
        .expect("a parsed plan written back as TOML parses");
    assert_eq!(again, plan, "plan -> TOML -> plan changed the plan");
    let _ = downhill::workout::compare(session_reps(), Some(&plan));
});
