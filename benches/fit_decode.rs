//! FIT decoding speed: the streaming decoder (`io::fitdec`) against fitparser on the largest
//! fixtures, decode only (no cleaning). Reports records/s and MB/s.
//!
//! `cargo bench --bench fit_decode`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use downhill::io::fitdec::{self, DecodeOptions};

const FILES: &[&str] = &[
    "fenix2_multisport-6h50__fitdecode_activity-large-fenxi2-multisport.fit",
    "edge_mtb-downhill-6-laps__fit-parser_downhill.fit",
];

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fit");
    for name in FILES {
        let path = root.join(name);
        let bytes = std::fs::read(&path).expect("fixture");
        let records = fitdec::read(&bytes, &path).expect("decodes").points.len() as u64;
        let short = name.split("__").next().unwrap_or(name);
        let mut g = c.benchmark_group(format!("fit_decode/{short}"));
        g.throughput(Throughput::ElementsAndBytes {
            elements: records,
            bytes: bytes.len() as u64,
        });
        g.bench_function("fitdec", |b| {
            b.iter(|| fitdec::read(black_box(&bytes), &path).map(|t| t.points.len()))
        });
        let no_crc = DecodeOptions {
            check_crc: false,
            ..DecodeOptions::default()
        };
        g.bench_function("fitdec_no_crc", |b| {
            b.iter(|| fitdec::read_with(black_box(&bytes), &path, &no_crc).map(|t| t.points.len()))
        });
        g.sample_size(10);
        g.bench_function("fitparser", |b| {
            b.iter(|| fitparser::from_bytes(black_box(&bytes)).map(|r| r.len()))
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    // No plots: the plotting backend needs fonts this machine lacks.
    config = Criterion::default().without_plots();
    targets = bench
}
criterion_main!(benches);
