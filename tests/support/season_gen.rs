//! Generated seasons for the season tests and the season benchmark: downhill rep sessions
//! written with `downhill::write` as FIT, GPX, TCX (some gzipped), plus Strava-style export
//! zips. Shared by `tests/season.rs` and `benches/season.rs` through `#[path]`.
//!
//! A session: a flat warm-up, then `reps` repeats of a straight descent of `rep_m` meters at
//! `grade_pct` run at `speed_mps`, each followed by a walk back up at 1.2 m/s; 1 Hz samples,
//! barometric-style altitude in 0.2 m steps, heart rate and cadence.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use downhill::track::{AltitudeSource, Track, TrackMeta, TrackPoint};
use flate2::{Compression, write::GzEncoder};

/// Meters per degree of latitude.
const M_PER_DEG: f64 = 111_320.0;

/// What one generated session is.
#[derive(Debug, Clone)]
pub struct SessionSpec {
    pub start_s: f64,
    pub sport: &'static str,
    pub reps: usize,
    pub rep_m: f64,
    pub grade_pct: f64,
    pub speed_mps: f64,
    pub warmup_s: usize,
    pub name: String,
}

/// The track of a rep session.
pub fn session(spec: &SessionSpec) -> Track {
    let mut points = Vec::new();
    let (lat0, lon0, alt_top) = (45.9, 6.87, 1200.0);
    let mut t = spec.start_s;
    let mut dist = 0.0;
    let mut pos_m = -(spec.warmup_s as f64) * 2.8; // warm-up on the flat before the hill
    let mut alt: f64 = alt_top;
    let mut push = |t: f64, pos_m: f64, alt: f64, dist: f64, speed: f64, hr: f64, cad: f64| {
        points.push(TrackPoint {
            time_s: Some(t),
            lat_deg: Some(lat0 + pos_m / M_PER_DEG),
            lon_deg: Some(lon0),
            altitude_m: Some((alt / 0.2).round() * 0.2),
            distance_m: Some(dist),
            speed_mps: Some(speed),
            heart_rate_bpm: Some(hr),
            cadence_spm: Some(cad),
            ..Default::default()
        });
    };
    for _ in 0..spec.warmup_s {
        push(t, pos_m, alt, dist, 2.8, 135.0, 166.0);
        t += 1.0;
        pos_m += 2.8;
        dist += 2.8;
    }
    let g = spec.grade_pct / 100.0;
    for _ in 0..spec.reps {
        let mut run = 0.0;
        while run < spec.rep_m {
            push(t, pos_m, alt, dist, spec.speed_mps, 165.0, 184.0);
            let step = spec.speed_mps.min(spec.rep_m - run);
            run += step;
            pos_m += step;
            dist += step;
            alt -= step * g;
            t += 1.0;
        }
        let mut back = 0.0;
        while back < spec.rep_m {
            push(t, pos_m, alt, dist, 1.2, 120.0, 110.0);
            let step = 1.2f64.min(spec.rep_m - back);
            back += step;
            pos_m -= step;
            dist += step;
            alt += step * g;
            t += 1.0;
        }
    }
    push(t, pos_m, alt, dist, 0.0, 110.0, 0.0);
    Track {
        points,
        meta: TrackMeta {
            sport: Some(spec.sport.to_string()),
            name: Some(spec.name.clone()),
            device: Some("garmin fenix8".into()),
            altitude_source: AltitudeSource::Barometric,
            ..Default::default()
        },
        ..Default::default()
    }
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
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).expect("gzip to memory");
    e.finish().expect("gzip to memory")
}

/// The bytes of `track` stored as `kind`.
pub fn encode(track: &Track, kind: Kind) -> Vec<u8> {
    match kind {
        Kind::Fit => downhill::write::to_fit(track),
        Kind::FitGz => gz(&downhill::write::to_fit(track)),
        Kind::Gpx => downhill::write::to_gpx(track).into_bytes(),
        Kind::GpxGz => gz(downhill::write::to_gpx(track).as_bytes()),
        Kind::TcxGz => gz(downhill::write::to_tcx(track).as_bytes()),
    }
}

/// 2025-01-06T07:00:00Z, a Monday.
pub const SEASON_START_S: f64 = 1_736_146_800.0;

/// A winter of `n` sessions, two or three a week: 8-10 % short reps in January, 10-12 % in
/// February, 12-18 % in March, getting a little faster each week. `warmup_s` sets the
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
            let speed = 4.0 + 0.01 * (day / 7.0).floor() - 0.2 * month;
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
