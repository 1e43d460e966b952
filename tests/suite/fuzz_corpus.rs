//! The fuzz targets' corpora (`fuzz/corpus/`, reduced to a set covering the edges each run
//! reached) replayed as plain tests, so every CI run exercises the inputs the fuzzers found
//! interesting: the same properties as the targets, without cargo-fuzz.

use std::path::{Path, PathBuf};

use downhill::io::{ReadOptions, read_bytes};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{target}: corpus missing");
    files
}

fn small_caps() -> ReadOptions {
    ReadOptions {
        max_decompressed_bytes: 1 << 20,
        ..ReadOptions::default()
    }
}

#[test]
fn pipeline_corpus_reads_and_analyzes_or_errors_naming_the_file() {
    let mut read = 0;
    for path in corpus("pipeline") {
        let bytes = std::fs::read(&path).unwrap();
        match read_bytes(&bytes, &path, &small_caps()) {
            Ok(track) => {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let report = downhill::analysis::analyze(&track, &name, &Default::default());
                // The report renders, and every descent lies inside the track.
                assert!(!downhill::report::json::render(&report).is_empty());
                let total = report.summary.distance_m.unwrap_or(f64::INFINITY);
                for d in &report.descents {
                    assert!(
                        d.distance_m >= 0.0 && d.distance_m <= total + 1.0,
                        "{name}: {d:?}"
                    );
                }
                read += 1;
            }
            Err(e) => {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                assert!(e.to_string().contains(&name), "{e}");
                assert!(!e.to_string().contains('\n'), "one line: {e}");
            }
        }
    }
    assert!(read > 0, "no corpus input read at all");
}

#[test]
fn plan_corpus_parses_and_round_trips() {
    let mut parsed = 0;
    for path in corpus("plan") {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        match downhill::plan::parse_plan(&text, &path) {
            Ok(plan) => {
                let back = downhill::plan::parse_plan(&downhill::plan::to_toml(&plan), &path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(back, plan, "{}", path.display());
                parsed += 1;
            }
            Err(e) => assert!(e.to_string().contains(&*path.to_string_lossy()), "{e}"),
        }
    }
    assert!(parsed > 0);
}

#[test]
fn zip_corpus_opens_under_the_caps() {
    let limits = downhill::season::archive::ArchiveLimits {
        max_entries: 1000,
        max_entry_bytes: 1 << 20,
        max_csv_bytes: 1 << 20,
        ..Default::default()
    };
    let mut opened = 0;
    for path in corpus("zip") {
        let Ok(archive) = downhill::season::archive::Archive::open(&path, &limits) else {
            continue;
        };
        opened += 1;
        for entry in &archive.entries {
            if let Ok(bytes) = archive.read_entry(entry) {
                assert!(bytes.len() as u64 <= limits.max_entry_bytes);
                let _ = read_bytes(&bytes, &archive.entry_path(&entry.name), &small_caps());
            }
        }
    }
    assert!(opened > 0);
}

#[test]
fn profile_corpus_keeps_the_grid_bounded_and_the_descents_inside_the_track() {
    let mut with_descents = 0;
    for path in corpus("profile") {
        let bytes = std::fs::read(&path).unwrap();
        let mut track = downhill_testkit::sim::hostile::track_from_bytes(&bytes);
        downhill::clean::clean(&mut track);
        downhill_testkit::sim::hostile::check_analysis(&track);
        let report = downhill::analysis::analyze(&track, "corpus", &Default::default());
        with_descents += usize::from(!report.descents.is_empty());
    }
    // The seeds are made to hold descents: the replay exercises the whole pipeline.
    assert!(with_descents > 0, "no corpus input gave a descent");
}

#[test]
fn season_corpus_accounts_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut sessions = 0;
    for path in corpus("season") {
        let bytes = std::fs::read(&path).unwrap();
        sessions +=
            downhill_testkit::sim::hostile::season_of_bytes(&bytes, &dir.path().join("season"));
    }
    assert!(sessions >= 3, "the seeds hold runs: {sessions} sessions");
}
