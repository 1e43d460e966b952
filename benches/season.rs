//! Whole-season benchmark (a plain bench binary: one season run takes seconds, too long for
//! criterion's sampling to add anything but time).
//!
//! Generates a winter of `SEASON_BENCH_SESSIONS` (default 260) one-hour rep sessions, mixed
//! FIT, GPX, gzipped FIT/GPX/TCX, into `target/season-bench/` (kept, so that
//! `benches/season_reference.py` can read the same files), then times:
//! - the bare read: every file's bytes from the page cache plus `io::read_bytes` (parse and
//!   clean), one thread;
//! - `downhill season` as a library call (plan + read + analyze + summarize) on 1 and 2
//!   threads;
//!
//! and prints files/s, MB/s (bytes on disk) and points/s, and the ratio of the season run to
//! the bare read. Run: `cargo bench --bench season`.

#[path = "../tests/suite/season_gen.rs"]
mod season_gen;

use std::path::{Path, PathBuf};
use std::time::Instant;

use downhill::season::{self, SeasonOptions};

fn season_dir(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/season-bench");
    let stamp = dir.join(format!(".generated-sim-{n}"));
    if !stamp.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create target/season-bench");
        let bytes = season_gen::write_folder(&dir, &season_gen::winter(n, 2600));
        std::fs::write(&stamp, bytes.to_string()).expect("write the stamp");
    }
    dir
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)
        .expect("read the season folder")
        .flatten()
    {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else if downhill::season::archive::is_activity_name(&p.to_string_lossy()) {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// CPU seconds of this process so far (user + system, Linux `/proc/self/stat`, 100 ticks/s),
/// to tell the work from the waiting on a loaded machine.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

fn report(what: &str, secs: f64, cpu: f64, files: usize, bytes: u64, points: usize) {
    println!(
        "{what:<22} {secs:>7.3} s wall {cpu:>7.3} s cpu  {:>7.1} files/s  {:>6.1} MB/s  {:>5.2} M points/s",
        files as f64 / secs,
        bytes as f64 / 1e6 / secs,
        points as f64 / 1e6 / secs
    );
}

fn main() {
    let n: usize = std::env::var("SEASON_BENCH_SESSIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(260);
    let t = Instant::now();
    let dir = season_dir(n);
    let files = files_under(&dir);
    let bytes: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "season: {} files, {:.1} MB in {} (ready in {:.1} s)",
        files.len(),
        bytes as f64 / 1e6,
        dir.display(),
        t.elapsed().as_secs_f64()
    );

    // Warm the page cache, then the bare read.
    for p in &files {
        let _ = std::fs::read(p);
    }
    let opts = downhill::io::ReadOptions::default();
    let (t, c) = (Instant::now(), cpu_s());
    let mut points = 0usize;
    let mut failed = 0usize;
    for p in &files {
        match std::fs::read(p)
            .ok()
            .and_then(|b| downhill::io::read_bytes(&b, p, &opts).ok())
        {
            Some(track) => points += track.points.len(),
            None => failed += 1,
        }
    }
    let bare_s = t.elapsed().as_secs_f64();
    report(
        "bare read, 1 thread",
        bare_s,
        cpu_s() - c,
        files.len(),
        bytes,
        points,
    );
    if failed > 0 {
        println!("  ({failed} files could not be read: readers not built yet?)");
    }

    for jobs in [1usize, 2] {
        let opts = SeasonOptions {
            jobs: Some(jobs),
            ..SeasonOptions::default()
        };
        let (t, c) = (Instant::now(), cpu_s());
        let plan = season::plan(std::slice::from_ref(&dir), &opts);
        let r = season::run(plan, &opts, &|_| {}).expect("thread pool");
        let s = t.elapsed().as_secs_f64();
        report(
            &format!("season, {jobs} thread{}", if jobs > 1 { "s" } else { "" }),
            s,
            cpu_s() - c,
            files.len(),
            bytes,
            points,
        );
        println!(
            "  {} sessions, {} failed, ratio to the bare read: {:.2}",
            r.sessions.len(),
            r.failures.len(),
            s / bare_s
        );
    }
}
