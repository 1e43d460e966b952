//! The streaming FIT decoder (`downhill::io::fitdec`) against fitparser, the reference: every
//! FIT fixture (fixtures/fit and fixtures/broken) must give the same records field by field,
//! and no truncation or byte flip of any fixture may panic.

use std::path::{Path, PathBuf};

use downhill::io::fitdec::{self, DecodeOptions};
use downhill::track::TrackPoint;
use fitparser::de::{DecodeOption, FitObject, FitStreamProcessor};
use fitparser::{FitDataRecord, Value};

/// The FIT fixtures, plus every `.fit` / `.fit.gz` under the directory named by
/// `DOWNHILL_FIT_DIR` when it is set (e.g. `DOWNHILL_FIT_DIR=../shared/realdata`).
fn fit_fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs: Vec<PathBuf> = ["fit", "broken", "fuzz-regressions"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    if let Some(extra) = std::env::var_os("DOWNHILL_FIT_DIR") {
        dirs.push(PathBuf::from(extra));
    }
    let mut out = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.to_string_lossy().to_lowercase();
            if p.is_dir() {
                dirs.push(p);
            } else if name.ends_with(".fit") || name.ends_with(".fit.gz") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The bytes of a fixture, gunzipped when needed.
fn load(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    if downhill::io::gzip::is_gzip(&bytes) {
        downhill::io::gzip::decompress(&bytes, path, 1 << 30).unwrap()
    } else {
        bytes
    }
}

/// fitparser's messages up to its first error (it refuses a whole file on any error, so the
/// stream processor is driven by hand to keep what came before, as the decoder does), CRCs
/// not enforced (the decoder warns and keeps the data).
fn reference_messages(bytes: &[u8]) -> Vec<FitDataRecord> {
    let mut p = FitStreamProcessor::new();
    p.add_option(DecodeOption::SkipHeaderCrcValidation);
    p.add_option(DecodeOption::SkipDataCrcValidation);
    let mut out = Vec::new();
    let mut buf = bytes;
    while !buf.is_empty() {
        let Ok((rest, obj)) = p.deserialize_next(buf) else {
            break;
        };
        match obj {
            FitObject::Crc(_) => p.reset(),
            FitObject::DataMessage(msg) => match p.decode_message(msg) {
                Ok(rec) => out.push(rec),
                Err(_) => break,
            },
            _ => {}
        }
        buf = rest;
    }
    out
}

fn num(v: &Value) -> Option<f64> {
    Some(match v {
        Value::Timestamp(t) => t.timestamp() as f64,
        Value::Byte(x) | Value::Enum(x) | Value::UInt8(x) | Value::UInt8z(x) => *x as f64,
        Value::SInt8(x) => *x as f64,
        Value::SInt16(x) => *x as f64,
        Value::UInt16(x) | Value::UInt16z(x) => *x as f64,
        Value::SInt32(x) => *x as f64,
        Value::UInt32(x) | Value::UInt32z(x) => *x as f64,
        Value::SInt64(x) => *x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => *x as f64,
        Value::Float32(x) => *x as f64,
        Value::Float64(x) => *x,
        _ => return None,
    })
}

/// A record message as fitparser decodes it, in the Track's units (cadence as the file has
/// it: strides/min plus the fraction).
fn reference_point(rec: &FitDataRecord) -> TrackPoint {
    let field = |name: &str| {
        rec.fields()
            .iter()
            .filter(|f| f.name() == name)
            .find_map(|f| num(f.value()))
    };
    let semi = 180.0 / 2f64.powi(31);
    TrackPoint {
        time_s: field("timestamp"),
        lat_deg: field("position_lat").map(|v| v * semi),
        lon_deg: field("position_long").map(|v| v * semi),
        // fitparser expands `altitude` and `speed` into the enhanced fields and scales them.
        altitude_m: field("enhanced_altitude").or_else(|| field("altitude")),
        distance_m: field("distance"),
        speed_mps: field("enhanced_speed").or_else(|| field("speed")),
        heart_rate_bpm: field("heart_rate"),
        cadence_spm: field("cadence").map(|c| c + field("fractional_cadence").unwrap_or(0.0)),
        stance_time_s: field("stance_time").map(|v| v / 1000.0),
        vertical_oscillation_m: field("vertical_oscillation").map(|v| v / 1000.0),
    }
}

fn close(a: Option<f64>, b: Option<f64>, tol: f64) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= tol * (1.0 + x.abs().max(y.abs())),
        _ => false,
    }
}

fn raw_options() -> DecodeOptions {
    DecodeOptions {
        raw: true,
        ..DecodeOptions::default()
    }
}

/// Compare the decoder's points with fitparser's record messages; returns the record count.
fn compare(path: &Path, bytes: &[u8]) -> usize {
    let reference: Vec<TrackPoint> = reference_messages(bytes)
        .iter()
        .filter(|r| r.kind() == fitparser::profile::MesgNum::Record)
        .map(reference_point)
        .collect();
    let mut reference = reference;
    let mine = match fitdec::read_with(bytes, path, &raw_options()) {
        Ok(t) => {
            // fitparser's stream decoder reads past a definition with an invalid
            // architecture byte (its file decoder, `downhill_testkit::fit`, stops there as the decoder
            // does): the records up to it must agree.
            if t.warnings
                .iter()
                .any(|w| w.contains("invalid architecture byte"))
                && t.points.len() < reference.len()
            {
                reference.truncate(t.points.len());
            }
            t.points
        }
        Err(e) => {
            assert!(
                reference.is_empty(),
                "{}: decoder refused ({e}) but fitparser read {} records",
                path.display(),
                reference.len()
            );
            return 0;
        }
    };
    assert_eq!(
        mine.len(),
        reference.len(),
        "{}: record count",
        path.display()
    );
    let name = path.file_name().unwrap().to_string_lossy();
    for (i, (m, r)) in mine.iter().zip(&reference).enumerate() {
        let fields = [
            ("time", m.time_s, r.time_s, 0.0),
            ("lat", m.lat_deg, r.lat_deg, 1e-12),
            ("lon", m.lon_deg, r.lon_deg, 1e-12),
            ("altitude", m.altitude_m, r.altitude_m, 1e-9),
            ("distance", m.distance_m, r.distance_m, 1e-9),
            ("speed", m.speed_mps, r.speed_mps, 1e-9),
            ("hr", m.heart_rate_bpm, r.heart_rate_bpm, 0.0),
            ("cadence", m.cadence_spm, r.cadence_spm, 1e-9),
            ("stance", m.stance_time_s, r.stance_time_s, 1e-9),
            (
                "vertical oscillation",
                m.vertical_oscillation_m,
                r.vertical_oscillation_m,
                1e-9,
            ),
        ];
        for (what, a, b, tol) in fields {
            assert!(
                close(a, b, tol),
                "{name}: record {i}: {what}: decoder {a:?}, fitparser {b:?}"
            );
        }
    }
    reference.len()
}

#[test]
fn every_fit_fixture_decodes_to_the_same_records_as_fitparser() {
    let files = fit_fixtures();
    assert!(files.len() >= 8, "FIT fixtures missing: {files:?}");
    let mut total = 0;
    for path in &files {
        let bytes = load(path);
        total += compare(path, &bytes);
    }
    assert!(total > 10_000, "only {total} records compared");
}

#[test]
fn chained_and_corrupt_files_still_match_the_reference() {
    // Two whole files back to back: twice the records, the second a new segment.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fit");
    let one = std::fs::read(root.join("fr645m_hill-run__runpandas_run.fit")).unwrap();
    let mut two = one.clone();
    two.extend_from_slice(&one);
    let n = compare(Path::new("chained.fit"), &two);
    let t = fitdec::read(&two, Path::new("chained.fit")).unwrap();
    assert_eq!(n, t.points.len());
    assert_eq!(t.segment_starts, vec![n / 2]);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

/// Where each FIT file of a chain ends (header size + data size + 2 CRC bytes, file after
/// file, as long as the headers say so).
fn chained_file_ends(bytes: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut pos = 0usize;
    while let (Some(&h), Some(size)) = (bytes.get(pos), bytes.get(pos + 4..pos + 8)) {
        let data = u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
        if h < 12 {
            break;
        }
        pos += h as usize + data + 2;
        ends.push(pos);
    }
    ends
}

/// Truncate each fixture at many offsets and flip bytes: never a panic, and every truncation
/// keeps a prefix of the whole file's records.
#[test]
fn truncations_and_byte_flips_never_panic() {
    let cuts = if cfg!(debug_assertions) { 60 } else { 400 };
    let flips = if cfg!(debug_assertions) { 40 } else { 300 };
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let opts = raw_options();
    for path in fit_fixtures() {
        let bytes = load(&path);
        let whole = fitdec::read_with(&bytes, &path, &opts)
            .map(|t| t.points)
            .unwrap_or_default();
        for k in 0..cuts {
            let at = (bytes.len() as u64 * k / cuts) as usize + (rand() % 7) as usize;
            let at = at.min(bytes.len());
            if let Ok(t) = fitdec::read_with(&bytes[..at], &path, &opts) {
                assert!(t.points.len() <= whole.len());
                assert_eq!(t.points[..], whole[..t.points.len()], "cut at {at}");
                // A cut exactly where a chained file ends leaves whole files: no damage.
                if at < bytes.len() && !whole.is_empty() && !chained_file_ends(&bytes).contains(&at)
                {
                    assert!(
                        !t.warnings.is_empty(),
                        "{}: cut at {at}: no warning: {:?}",
                        path.display(),
                        t.warnings
                    );
                }
            }
        }
        let mut damaged = bytes.clone();
        for _ in 0..flips {
            let i = (rand() % bytes.len() as u64) as usize;
            damaged[i] ^= 1 << (rand() % 8);
            let _ = fitdec::read_with(&damaged, &path, &opts);
        }
    }
}

/// Laps and the main session's sport agree with fitparser's lap and session messages.
#[test]
fn laps_and_sport_match_the_reference() {
    for path in fit_fixtures() {
        let bytes = load(&path);
        let Ok(t) = fitdec::read(&bytes, &path) else {
            continue;
        };
        let msgs = reference_messages(&bytes);
        let field = |r: &FitDataRecord, name: &str| {
            r.fields()
                .iter()
                .find(|f| f.name() == name)
                .map(|f| f.value().to_string())
        };
        let laps: Vec<_> = msgs
            .iter()
            .filter(|r| r.kind() == fitparser::profile::MesgNum::Lap)
            .collect();
        assert_eq!(t.laps.len(), laps.len(), "{}: laps", path.display());
        for (mine, r) in t.laps.iter().zip(&laps) {
            assert_eq!(mine.intensity, field(r, "intensity"), "{}", path.display());
            assert!(mine.end_s >= mine.start_s, "{}: {mine:?}", path.display());
        }
        let sessions: Vec<_> = msgs
            .iter()
            .filter(|r| r.kind() == fitparser::profile::MesgNum::Session)
            .collect();
        let longest = sessions.iter().max_by(|a, b| {
            let k = |r: &&&FitDataRecord| {
                field(r, "total_timer_time")
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            k(a).total_cmp(&k(b))
        });
        // Without sessions (a truncated file) the `sport` message names the sport.
        let sport_msg = msgs
            .iter()
            .find(|r| r.kind() == fitparser::profile::MesgNum::Sport);
        assert_eq!(
            t.meta.sport,
            longest
                .copied()
                .or(sport_msg)
                .and_then(|r| field(r, "sport")),
            "{}: sport",
            path.display()
        );
    }
}

#[test]
fn fixture_metadata_is_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let read = |name: &str| {
        let p = root.join(name);
        fitdec::read(&std::fs::read(&p).unwrap(), &p).unwrap()
    };
    let t = read("fit/fenix2_run-dynamics__fitdecode_activity-small-fenix2-run.fit");
    assert_eq!(t.meta.device.as_deref(), Some("garmin fenix2"));
    assert_eq!(t.meta.sport.as_deref(), Some("running"));
    assert_eq!(t.meta.format, Some(downhill::track::Format::Fit));
    assert_eq!(
        t.meta.altitude_source,
        downhill::track::AltitudeSource::Barometric
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    // Running cadence is doubled to steps/min; running dynamics are in SI units.
    let raw = fitdec::read_with(
        &std::fs::read(
            root.join("fit/fenix2_run-dynamics__fitdecode_activity-small-fenix2-run.fit"),
        )
        .unwrap(),
        Path::new("x.fit"),
        &raw_options(),
    )
    .unwrap();
    let mut pairs: Vec<(f64, f64)> = t
        .points
        .iter()
        .zip(&raw.points)
        .filter_map(|(a, b)| Some((a.cadence_spm?, b.cadence_spm?)))
        .collect();
    assert!(pairs.iter().all(|(c, raw)| *c == 2.0 * raw));
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let median = pairs[pairs.len() / 2].0;
    assert!((140.0..220.0).contains(&median), "{median} steps/min");
    let stance = t.points.iter().find_map(|p| p.stance_time_s).unwrap();
    assert!((0.1..1.0).contains(&stance), "{stance} s");
    let vo = t
        .points
        .iter()
        .find_map(|p| p.vertical_oscillation_m)
        .unwrap();
    assert!((0.03..0.15).contains(&vo), "{vo} m");

    let t = read("fit/fr965_run__fit-parser_garmin-stamina.fit");
    assert_eq!(t.meta.device.as_deref(), Some("garmin fr965"));
    assert_eq!(t.laps.len(), 12);
    assert_eq!(t.laps[0].intensity.as_deref(), Some("interval"));

    let t = read("fit/edge_mtb-downhill-6-laps__fit-parser_downhill.fit");
    assert_eq!(t.meta.sport.as_deref(), Some("cycling"));
    assert_eq!(t.meta.sub_sport.as_deref(), Some("downhill"));

    let t = read("broken/truncated-eof__fitdecode_activity-unexpected-eof.fit");
    assert_eq!(
        t.warnings,
        vec!["truncated at byte 768: 14 records kept".to_string()]
    );
    let t = read("broken/strava-android-run_bad-local-msg__python-fitparse_strava-android-app.fit");
    assert!(
        t.warnings[0].contains("undefined local type 11"),
        "{:?}",
        t.warnings
    );
    assert_eq!(t.points.len(), 473);
}

/// The decoder is a drop-in for `downhill_testkit::fit` (fitparser-based): same points, metadata, laps,
/// pauses and segments on every fixture.
#[test]
fn agrees_with_the_fitparser_reader() {
    for path in fit_fixtures() {
        let bytes = load(&path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (mine, theirs) = match (
            fitdec::read(&bytes, &path),
            downhill_testkit::fit::read(&bytes, &path),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(_), Err(_)) => continue,
            (a, b) => panic!("{name}: fitdec {:?} vs fit {:?}", a.err(), b.err()),
        };
        assert_eq!(mine.points.len(), theirs.points.len(), "{name}: points");
        for (i, (a, b)) in mine.points.iter().zip(&theirs.points).enumerate() {
            for (what, x, y) in [
                ("time", a.time_s, b.time_s),
                ("lat", a.lat_deg, b.lat_deg),
                ("altitude", a.altitude_m, b.altitude_m),
                ("distance", a.distance_m, b.distance_m),
                ("speed", a.speed_mps, b.speed_mps),
                ("cadence", a.cadence_spm, b.cadence_spm),
                ("stance", a.stance_time_s, b.stance_time_s),
            ] {
                assert!(
                    close(x, y, 1e-9),
                    "{name}: point {i}: {what}: {x:?} vs {y:?}"
                );
            }
        }
        // Same metadata; only where `downhill_testkit::fit` found a blank product name ("lezyne ") does
        // the decoder name the product by its number instead.
        let device =
            |t: &downhill::track::Track| t.meta.device.as_deref().map(str::trim).map(str::to_owned);
        let (d_mine, d_theirs) = (device(&mine), device(&theirs));
        assert!(
            d_mine == d_theirs
                || theirs
                    .meta
                    .device
                    .as_deref()
                    .is_some_and(|d| d.ends_with(' '))
                    && d_mine
                        .as_deref()
                        .unwrap_or("")
                        .starts_with(d_theirs.as_deref().unwrap_or("")),
            "{name}: device {d_mine:?} vs {d_theirs:?}"
        );
        let strip = |t: &downhill::track::Track| downhill::track::TrackMeta {
            device: None,
            ..t.meta.clone()
        };
        assert_eq!(strip(&mine), strip(&theirs), "{name}: meta");
        assert_eq!(mine.pauses, theirs.pauses, "{name}: pauses");
        assert_eq!(
            mine.segment_starts, theirs.segment_starts,
            "{name}: segments"
        );
        // Every lap `downhill_testkit::fit` reads is here too (the decoder also keeps laps that carry only
        // an end time, starting them where the previous lap ended).
        for lap in &theirs.laps {
            assert!(
                mine.laps
                    .iter()
                    .any(|m| (m.start_s - lap.start_s).abs() < 1e-3
                        && (m.end_s - lap.end_s).abs() < 1e-3
                        && m.intensity == lap.intensity),
                "{name}: lap {lap:?} missing"
            );
        }
        // Both warn about damage, or neither.
        assert_eq!(
            mine.warnings.is_empty(),
            theirs.warnings.is_empty(),
            "{name}: {:?} vs {:?}",
            mine.warnings,
            theirs.warnings
        );
    }
}
