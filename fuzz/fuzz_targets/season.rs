//! A season over a folder made from arbitrary bytes: up to eight files of any kind (FIT,
//! GPX, TCX, gzip, zip, a Strava `activities.csv`, a folder), cut from the input, analyzed
//! by `season::run`. No panic, and nothing lost: every file found is a session, a skip or a
//! failure, and the renderers take the result.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// The JSON is one object: braces balance outside strings (serde is not a dependency here).
fn serde_json_ok(s: &str) -> bool {
    let (mut depth, mut in_str, mut esc) = (0i64, false, false);
    for c in s.chars() {
        match (in_str, esc, c) {
            (true, true, _) => esc = false,
            (true, false, '\\') => esc = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => in_str = true,
            (false, _, '{' | '[') => depth += 1,
            (false, _, '}' | ']') => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0 && !in_str && s.trim_start().starts_with('{')
}

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        dir.join(format!("downhill-fuzz-season-{}", std::process::id()))
    })
}

const NAMES: [&str; 8] = [
    "a.fit",
    "b.gpx",
    "c.tcx",
    "d.fit.gz",
    "export.zip",
    "activities.csv",
    "sub/e.gpx.gz",
    "f.tcx.gz",
];

fuzz_target!(|data: &[u8]| {
    let dir = scratch();
    let _ = std::fs::remove_dir_all(dir);
    if std::fs::create_dir_all(dir.join("sub")).is_err() {
        return;
    }
    // Files separated by the byte 0xFF 0x00; the first byte of each picks its name.
    let mut written = 0;
    for part in data.split(|&b| b == 0xFF).take(NAMES.len()) {
        let Some((&pick, body)) = part.split_first() else {
            continue;
        };
        let name = NAMES[usize::from(pick) % NAMES.len()];
        if std::fs::write(dir.join(name), body).is_ok() {
            written += 1;
        }
    }
    let opts = downhill::season::SeasonOptions {
        jobs: Some(1),
        all_sports: data.first().is_some_and(|b| b & 1 == 1),
        read: downhill::io::ReadOptions {
            max_decompressed_bytes: 1 << 20,
            ..Default::default()
        },
        archive: downhill::season::archive::ArchiveLimits {
            max_entries: 100,
            max_entry_bytes: 1 << 20,
            max_csv_bytes: 1 << 20,
            ..Default::default()
        },
        ..Default::default()
    };
    let plan = downhill::season::plan::plan(std::slice::from_ref(dir), &opts);
    let items = plan.items.len() + plan.failures.len();
    let Ok(report) = downhill::season::run(plan, &opts, &|_| {}) else {
        return;
    };
    // Every item is accounted for (a multi-activity file may give several sessions).
    let accounted = report.sessions.len() + report.skipped.len() + report.failures.len();
    assert!(accounted >= items.min(written), "{items} items, {accounted} accounted");
    for f in &report.failures {
        assert!(!f.reason.is_empty() && !f.reason.contains('\n'), "{f:?}");
    }
    use downhill::season::render;
    let json = render::json(&report);
    assert!(serde_json_ok(&json), "season JSON does not parse");
    let _ = (render::table(&report), render::markdown(&report));
    let _ = (render::sessions_csv(&report), render::weeks_csv(&report));
});
