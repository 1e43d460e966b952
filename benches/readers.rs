//! Throughput of the GPX and TCX readers against the gpx crate on the largest fixtures.
//! `cargo bench --bench readers`.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn fixture(rel: &str) -> (std::path::PathBuf, Vec<u8>) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    let b = std::fs::read(&p).expect("fixture");
    (p, b)
}

fn readers(c: &mut Criterion) {
    let (gpx_path, gpx_bytes) =
        fixture("gpx/suunto-movescount_mansfield-double-up__mansfield-double-up-course.gpx");
    let (tcx_path, tcx_bytes) = fixture("tcx/fr410_hilly-5k__runpandas_basic.tcx");

    let mut g = c.benchmark_group("gpx");
    g.throughput(Throughput::Bytes(gpx_bytes.len() as u64));
    g.sample_size(20);
    g.bench_function("downhill", |b| {
        b.iter(|| downhill::io::gpx::read(&gpx_bytes, &gpx_path).map(|t| t.points.len()))
    });
    g.bench_function("gpx crate", |b| {
        b.iter(|| gpx::read(&gpx_bytes[..]).map(|g| g.tracks.len()).ok())
    });
    g.finish();

    let mut g = c.benchmark_group("tcx");
    g.throughput(Throughput::Bytes(tcx_bytes.len() as u64));
    g.bench_function("downhill", |b| {
        b.iter(|| downhill::io::tcx::read(&tcx_bytes, &tcx_path).map(|t| t.points.len()))
    });
    g.finish();
}

criterion_group!(benches, readers);
criterion_main!(benches);
