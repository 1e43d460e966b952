//! Generated seasons for the season tests and the season benchmark: downhill rep sessions
//! written with `downhill_testkit::write` as FIT, GPX, TCX (some gzipped), plus Strava-style export
//! zips. Shared by `tests/suite/season.rs` (as a module of the suite) and `benches/season.rs`
//! (through `#[path]`).
//!
//! A session (simulated by `downhill_testkit::sim`): a flat warm-up run, then `reps` repeats of a
//! descent of `rep_m` meters at `grade_pct`, each followed by a short stand and a walk back
//! up at 1.2 m/s, then the run home; 1 Hz samples, barometric altitude, cadence.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use downhill::track::{AltitudeSource, Track, TrackMeta};
use downhill_testkit::sim::{
    Course, Leg, Pace, PathStyle, Recording, Runner, START_TIME_S, Section, Terrain, simulate,
};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// What one generated session is.
#[derive(Debug, Clone)]
pub struct SessionSpec {
    pub start_s: f64,
    pub sport: &'static str,
    pub reps: usize,
    pub rep_m: f64,
    pub grade_pct: f64,
    /// The runner's easy flat speed; rep speeds follow from it and the grade.
    pub speed_mps: f64,
    pub warmup_s: usize,
    pub name: String,
}

/// The track of a rep session, simulated with `downhill_testkit::sim` (road course, barometric
/// watch, 1 s sampling, typical noise), moved to `spec.start_s`.
pub fn session(spec: &SessionSpec) -> Track {
    let mut rng = StdRng::seed_from_u64(spec.start_s.to_bits() ^ spec.reps as u64);
    let runner = Runner {
        flat_speed_mps: spec.speed_mps,
        ..Runner::default()
    };
    let lead_m = spec.warmup_s as f64 * spec.speed_mps;
    let course = Course::build(
        &[
            Section::flat(lead_m.max(50.0), Terrain::Road),
            Section::hill(spec.rep_m, -spec.grade_pct, Terrain::Road),
            Section::flat(100.0, Terrain::Road),
        ],
        &PathStyle::road(),
        1200.0,
        &mut rng,
    );
    let (top, bottom) = (course.spans[1].start_m, course.spans[1].end_m);
    let mut legs = vec![Leg::Go {
        to_m: top,
        pace: Pace::Run { effort: 1.0 },
    }];
    for _ in 0..spec.reps {
        legs.push(Leg::Go {
            to_m: bottom,
            pace: Pace::Run { effort: 1.15 },
        });
        legs.push(Leg::Stand { duration_s: 15.0 });
        legs.push(Leg::Go {
            to_m: top,
            pace: Pace::Walk { speed_mps: 1.2 },
        });
    }
    legs.push(Leg::Go {
        to_m: 0.0,
        pace: Pace::Run { effort: 0.9 },
    });
    let rec = Recording::default();
    let mut track = simulate(&course, &runner, 0.0, &legs, &rec, &mut rng).track;
    let shift = spec.start_s - START_TIME_S;
    for p in &mut track.points {
        p.time_s = p.time_s.map(|t| t + shift);
    }
    for p in &mut track.pauses {
        p.start_s += shift;
        p.end_s += shift;
    }
    for l in &mut track.laps {
        l.start_s += shift;
        l.end_s += shift;
    }
    track.meta = TrackMeta {
        sport: Some(spec.sport.to_string()),
        name: Some(spec.name.clone()),
        device: Some("garmin fenix8".into()),
        altitude_source: AltitudeSource::Barometric,
        ..Default::default()
    };
    track
}

/// How a generated file is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Fit,
    FitGz,
    Gpx,
    GpxGz,
    TcxGz,
}

impl Kind {
    pub fn ext(self) -> &'static str {
        match self {
            Kind::Fit => "fit",
            Kind::FitGz => "fit.gz",
            Kind::Gpx => "gpx",
            Kind::GpxGz => "gpx.gz",
            Kind::TcxGz => "tcx.gz",
        }
    }
}

pub fn gz(bytes: &[u8]) -> Vec<u8> {
    downhill_testkit::write::gzip(bytes, 1)
}

/// The bytes of `track` stored as `kind`.
pub fn encode(track: &Track, kind: Kind) -> Vec<u8> {
    match kind {
        Kind::Fit => downhill_testkit::write::to_fit(track),
        Kind::FitGz => gz(&downhill_testkit::write::to_fit(track)),
        Kind::Gpx => downhill_testkit::write::to_gpx(track).into_bytes(),
        Kind::GpxGz => gz(downhill_testkit::write::to_gpx(track).as_bytes()),
        Kind::TcxGz => gz(downhill_testkit::write::to_tcx(track).as_bytes()),
    }
}

/// 2025-01-06T07:00:00Z, a Monday.
pub const SEASON_START_S: f64 = 1_736_146_800.0;

/// A season of `n` sessions from January, one every 2.5 days: 8-10 % short reps in January,
/// 10-12 % in February, 12-18 % from March on, the runner a little faster each week. `warmup_s` sets the
/// session length (a one-hour session is ~2500 s of warm-up plus the reps).
pub fn winter(n: usize, warmup_s: usize) -> Vec<SessionSpec> {
    (0..n)
        .map(|i| {
            let day = (i as f64 * 2.5).floor();
            let month = (day / 30.0).floor().min(2.0);
            let (grade, reps, rep_m) = match month as i32 {
                0 => (9.0, 10, 100.0),
                1 => (11.0, 6, 400.0),
                _ => (14.0, 4, 800.0),
            };
            // The runner gets a little fitter every week.
            let speed = 3.6 + 0.01 * (day / 7.0).floor();
            SessionSpec {
                start_s: SEASON_START_S + day * 86_400.0 + (i % 3) as f64 * 3600.0,
                sport: "running",
                reps,
                rep_m,
                grade_pct: grade,
                speed_mps: speed,
                warmup_s,
                name: format!("Hill session {}", i + 1),
            }
        })
        .collect()
}

/// The storage of the `i`th file of a mixed season: FIT, GPX, gzipped FIT, gzipped GPX,
/// gzipped TCX in turn.
pub fn mixed_kind(i: usize) -> Kind {
    [Kind::Fit, Kind::Gpx, Kind::FitGz, Kind::GpxGz, Kind::TcxGz][i % 5]
}

/// Write a season folder (`sessions/NNN.ext`) under `dir`; returns the total bytes.
pub fn write_folder(dir: &Path, specs: &[SessionSpec]) -> u64 {
    let mut total = 0;
    for (i, spec) in specs.iter().enumerate() {
        let kind = mixed_kind(i);
        let bytes = encode(&session(spec), kind);
        let sub = dir.join(format!("{}", 2025 + i / 1000));
        std::fs::create_dir_all(&sub).expect("create the season folder");
        std::fs::write(sub.join(format!("{:03}.{}", i + 1, kind.ext())), &bytes)
            .expect("write a session");
        total += bytes.len() as u64;
    }
    total
}

/// One entry of a generated export zip.
pub struct ZipEntry {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Write a zip of `entries` (deflated) at `path`.
pub fn write_zip(path: &Path, entries: &[ZipEntry]) -> PathBuf {
    let f = std::fs::File::create(path).expect("create the zip");
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for e in entries {
        z.start_file(e.name.as_str(), opts).expect("zip entry");
        z.write_all(&e.bytes).expect("zip entry bytes");
    }
    z.finish().expect("finish the zip");
    path.to_owned()
}

/// `Jan 6, 2025, 7:00:00 AM` as Strava writes `Activity Date`.
pub fn strava_date(t: f64) -> String {
    let dt = downhill::track::to_datetime(t).expect("a valid time");
    dt.format("%b %-d, %Y, %-I:%M:%S %p").to_string()
}

/// A short rep session `day` days into the season: `reps` descents of 100 m at 9 % after a
/// `warmup_s` warm-up at 4 m/s, named `day {day}`.
pub fn short_session(day: f64, reps: usize, warmup_s: usize) -> SessionSpec {
    SessionSpec {
        start_s: SEASON_START_S + day * 86_400.0,
        sport: "running",
        reps,
        rep_m: 100.0,
        grade_pct: 9.0,
        speed_mps: 4.0,
        warmup_s,
        name: format!("day {day}"),
    }
}
