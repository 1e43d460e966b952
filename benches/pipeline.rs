//! Whole-pipeline throughput per format: bytes in memory -> read -> clean -> summary ->
//! profile -> descents -> reps -> workout -> JSON report, in points/s and MB/s, on one thread
//! and on all cores (rayon over the files), plus the same work split by stage.
//!
//! The input is a set of simulated sessions of every kind (`downhill_testkit::sim::sessions`: short
//! and long reps, intervals, flat, rolling and mountain runs; barometric and GPS altitude;
//! 1 s and smart recording) stored as FIT, GPX and TCX, plain and gzipped, and the largest
//! real fixtures. `cargo bench --bench pipeline`; `-- stages` for the stage split only.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use downhill::analysis::{Settings, analyze};
use downhill::io::{ReadOptions, read_bytes, read_raw};
use downhill::track::Track;
use downhill_testkit::sim::AltitudeKind;
use downhill_testkit::sim::sessions::{SessionKind, session};
use rand::SeedableRng;
use rayon::prelude::*;

/// Simulated sessions per format: every kind once on barometric and once on GPS altitude.
fn simulated_tracks() -> Vec<Track> {
    let mut out = Vec::new();
    for (i, kind) in SessionKind::ALL.iter().enumerate() {
        for (j, alt) in [AltitudeKind::Barometric, AltitudeKind::Gps]
            .into_iter()
            .enumerate()
        {
            let mut rng = rand::rngs::StdRng::seed_from_u64(1000 + (2 * i + j) as u64);
            let mut s = session(*kind, alt, &mut rng);
            s.sim.track.meta.sport = Some("running".into());
            out.push(s.sim.track);
        }
    }
    out
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    downhill_testkit::write::gzip(bytes, 6)
}

struct Input {
    path: PathBuf,
    bytes: Vec<u8>,
}

struct Set {
    name: &'static str,
    files: Vec<Input>,
    points: u64,
    bytes: u64,
}

impl Set {
    fn new(name: &'static str, files: Vec<Input>) -> Set {
        let opts = ReadOptions::default();
        let points = files
            .iter()
            .map(|f| {
                read_bytes(&f.bytes, &f.path, &opts)
                    .map(|t| t.points.len() as u64)
                    .expect("bench input reads")
            })
            .sum();
        let bytes = files.iter().map(|f| f.bytes.len() as u64).sum();
        Set {
            name,
            files,
            points,
            bytes,
        }
    }
}

fn sets() -> Vec<Set> {
    let tracks = simulated_tracks();
    let encode = |ext: &str, f: &dyn Fn(&Track) -> Vec<u8>| -> Vec<Input> {
        tracks
            .iter()
            .enumerate()
            .map(|(i, t)| Input {
                path: PathBuf::from(format!("sim-{i:02}.{ext}")),
                bytes: f(t),
            })
            .collect()
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let real: Vec<Input> = [
        "fit/fenix2_multisport-6h50__fitdecode_activity-large-fenxi2-multisport.fit",
        "fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit",
        "fit/fr965_run__fit-parser_garmin-stamina.fit",
        "gpx/suunto-movescount_mansfield-double-up__mansfield-double-up-course.gpx",
        "gpx/strava-corrected-ele__garmin-vs-polar_2024-05-27_elevation.gpx",
        "gpx/polar-vantage-v_baro__garmin-vs-polar_2024-05-27_polar.gpx",
        "tcx/fr410_hilly-5k__runpandas_basic.tcx",
    ]
    .iter()
    .map(|rel| {
        let path = fixtures.join(rel);
        let bytes = std::fs::read(&path).expect("fixture");
        Input { path, bytes }
    })
    .collect();
    vec![
        Set::new(
            "fit",
            encode("fit", &|t| downhill_testkit::write::to_fit(t)),
        ),
        Set::new(
            "gpx",
            encode("gpx", &|t| downhill_testkit::write::to_gpx(t).into_bytes()),
        ),
        Set::new(
            "tcx",
            encode("tcx", &|t| downhill_testkit::write::to_tcx(t).into_bytes()),
        ),
        Set::new(
            "fit.gz",
            encode("fit.gz", &|t| gz(&downhill_testkit::write::to_fit(t))),
        ),
        Set::new(
            "gpx.gz",
            encode("gpx.gz", &|t| {
                gz(downhill_testkit::write::to_gpx(t).as_bytes())
            }),
        ),
        Set::new("real fixtures", real),
    ]
}

/// One file through the whole pipeline, as `downhill analyze --format json` does it.
fn pipeline(f: &Input, opts: &ReadOptions, settings: &Settings) -> usize {
    match read_bytes(&f.bytes, &f.path, opts) {
        Ok(track) => {
            let report = analyze(&track, &f.path.to_string_lossy(), settings);
            downhill::report::json::render(&report).len()
        }
        Err(e) => e.to_string().len(),
    }
}

fn whole_pipeline(c: &mut Criterion) {
    let opts = ReadOptions::default();
    let settings = Settings::default();
    let threads = rayon::current_num_threads();
    for set in sets() {
        eprintln!(
            "{}: {} files, {} points, {:.1} MB",
            set.name,
            set.files.len(),
            set.points,
            set.bytes as f64 / 1e6
        );
        let mut g = c.benchmark_group(format!("pipeline/{}", set.name));
        g.throughput(Throughput::ElementsAndBytes {
            elements: set.points,
            bytes: set.bytes,
        });
        g.sample_size(10);
        g.bench_function("1 thread", |b| {
            b.iter(|| {
                set.files
                    .iter()
                    .map(|f| pipeline(f, &opts, &settings))
                    .sum::<usize>()
            })
        });
        g.bench_function(format!("{threads} threads"), |b| {
            b.iter(|| {
                set.files
                    .par_iter()
                    .map(|f| pipeline(f, &opts, &settings))
                    .sum::<usize>()
            })
        });
        g.finish();
    }
}

/// The FIT set split by stage, each stage on the previous stage's output (prepared outside
/// the timing), so the shares add up to the pipeline.
fn stages(c: &mut Criterion) {
    let set = sets().into_iter().next().expect("the FIT set");
    let opts = ReadOptions::default();
    let settings = Settings::default();
    let raw: Vec<Track> = set
        .files
        .iter()
        .map(|f| read_raw(&f.bytes, &f.path, &opts).expect("reads"))
        .collect();
    let clean: Vec<Track> = raw
        .iter()
        .cloned()
        .map(|mut t| {
            downhill::clean::clean(&mut t);
            t
        })
        .collect();
    let motions: Vec<_> = clean
        .iter()
        .map(|t| downhill::motion::compute_motion(t, &settings.motion))
        .collect();
    let profiles: Vec<_> = clean
        .iter()
        .zip(&motions)
        .map(|(t, m)| downhill::profile::build_profile(t, m, &settings.profile))
        .collect();
    let descents: Vec<_> = clean
        .iter()
        .zip(&profiles)
        .map(|(t, p)| {
            p.as_ref()
                .map(|p| downhill::descent::find_descents(p, t, &settings.descent, &settings.bands))
                .unwrap_or_default()
        })
        .collect();
    let reps: Vec<_> = clean
        .iter()
        .zip(&motions)
        .zip(&descents)
        .map(|((t, m), d)| downhill::reps::find_reps(t, m, d, &settings.reps, &settings.bands))
        .collect();
    let reports: Vec<_> = clean
        .iter()
        .map(|t| analyze(t, "bench.fit", &settings))
        .collect();

    let mut g = c.benchmark_group("stages/fit");
    g.throughput(Throughput::Elements(set.points));
    g.sample_size(10);
    g.bench_function("decode", |b| {
        b.iter(|| {
            set.files
                .iter()
                .map(|f| {
                    read_raw(&f.bytes, &f.path, &opts)
                        .map(|t| t.points.len())
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    g.bench_function("clean", |b| {
        b.iter_batched(
            || raw.clone(),
            |mut ts| {
                for t in &mut ts {
                    downhill::clean::clean(t);
                }
                ts
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("motion", |b| {
        b.iter(|| {
            clean
                .iter()
                .map(|t| downhill::motion::compute_motion(t, &settings.motion))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("summary", |b| {
        b.iter(|| {
            clean
                .iter()
                .zip(&motions)
                .map(|(t, m)| downhill::summary::summarize(t, m, &settings.summary))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("profile", |b| {
        b.iter(|| {
            clean
                .iter()
                .zip(&motions)
                .map(|(t, m)| downhill::profile::build_profile(t, m, &settings.profile))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("descents", |b| {
        b.iter(|| {
            clean
                .iter()
                .zip(&profiles)
                .map(|(t, p)| {
                    p.as_ref().map(|p| {
                        downhill::descent::find_descents(p, t, &settings.descent, &settings.bands)
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("reps", |b| {
        b.iter(|| {
            clean
                .iter()
                .zip(&motions)
                .zip(&descents)
                .map(|((t, m), d)| {
                    downhill::reps::find_reps(t, m, d, &settings.reps, &settings.bands)
                })
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("workout", |b| {
        b.iter(|| {
            reps.iter()
                .map(|r| downhill::workout::compare(r, None))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("json", |b| {
        b.iter(|| {
            reports
                .iter()
                .map(|r| downhill::report::json::render(black_box(r)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // No plots: criterion's plotters backend needs system fonts a fresh machine may lack.
    config = Criterion::default().without_plots();
    targets = whole_pipeline, stages
}
criterion_main!(benches);
