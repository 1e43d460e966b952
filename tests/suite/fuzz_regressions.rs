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
        if name.starts_with("plan-") {
            plan_round_trips(&bytes, &path);
            n += 1;
            continue;
        }
        if name.starts_with("profile-") {
            // Input of the `profile` target: samples built from the bytes.
            let mut track = downhill_testkit::sim::hostile::track_from_bytes(&bytes);
            downhill::clean::clean(&mut track);
            downhill_testkit::sim::hostile::check_analysis(&track);
            n += 1;
            continue;
        }
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
    assert!(n >= 4, "fuzz regression inputs missing");
}

/// What the `plan` fuzz target checks: a plan that parses is written back as TOML that
/// parses to the same plan.
fn plan_round_trips(bytes: &[u8], path: &Path) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(plan) = downhill::plan::parse_plan(&text, path) {
        let toml = downhill::plan::to_toml(&plan);
        let again = downhill::plan::parse_plan(&toml, path).unwrap_or_else(|e| {
            panic!(
                "{}: written back as\n{toml}\ndoes not parse: {e}",
                path.display()
            )
        });
        assert_eq!(again, plan, "{}", path.display());
    }
}

/// Found by the pipeline fuzz target as a slow unit (30 s for 35 records): after a
/// definition with an invalid architecture byte, one record decoded to a time in 2124, a
/// latitude of -92.8 deg and a distance of 24,517 km, which held the file's distance there
/// for every later record, and the rep stage resampled that on a 5 m grid. Now decoding
/// stops at that definition (as fitparser's file decoder does), a distance that jumps
/// faster than 100 m/s is carried over (`clean` unit tests), and no grid is built over
/// samples kilometres apart.
#[test]
fn a_corrupt_distance_record_does_not_stretch_the_track() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz-regressions/fit-distance-glitch-24517km.fit");
    let bytes = std::fs::read(&path).unwrap();
    let track = read_bytes(&bytes, &path, &ReadOptions::default()).unwrap();
    assert!(
        track.warnings[0].contains("invalid architecture byte 5"),
        "{:?}",
        track.warnings
    );
    let last = track.points.last().and_then(|p| p.distance_m).unwrap();
    assert!(last < 1000.0, "{last} m");
    let report = downhill::analysis::analyze(
        &track,
        "glitch.fit",
        &downhill::analysis::Settings::default(),
    );
    let d = report.summary.distance_m.unwrap();
    assert!(d < 1000.0, "{d} m");
    assert!(
        report.summary.gain_m.unwrap() < 20.0,
        "{:?}",
        report.summary.gain_m
    );
}
