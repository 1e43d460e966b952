//! Tests of the decoder on FIT files built message by message.

use super::*;
use crate::track::{AltitudeSource, Pause};

/// Builds FIT files message by message.
#[derive(Default)]
struct Fit {
    data: Vec<u8>,
}

impl Fit {
    /// A definition: `fields` are (number, size, base type); `dev` developer fields.
    fn def(self, local: u8, big: bool, global: u16, fields: &[(u8, u8, u8)]) -> Self {
        self.def_dev(local, big, global, fields, &[])
    }
    fn def_dev(
        mut self,
        local: u8,
        big: bool,
        global: u16,
        fields: &[(u8, u8, u8)],
        dev: &[(u8, u8, u8)],
    ) -> Self {
        let dev_flag = if dev.is_empty() { 0 } else { 0x20 };
        self.data.push(0x40 | dev_flag | local);
        self.data.push(0);
        self.data.push(big as u8);
        let g = if big {
            global.to_be_bytes()
        } else {
            global.to_le_bytes()
        };
        self.data.extend_from_slice(&g);
        self.data.push(fields.len() as u8);
        for f in fields {
            self.data.extend_from_slice(&[f.0, f.1, f.2]);
        }
        if !dev.is_empty() {
            self.data.push(dev.len() as u8);
            for f in dev {
                self.data.extend_from_slice(&[f.0, f.1, f.2]);
            }
        }
        self
    }
    fn msg(mut self, header: u8, content: &[u8]) -> Self {
        self.data.push(header);
        self.data.extend_from_slice(content);
        self
    }
    /// Header (14 bytes, with CRC), data, file CRC.
    fn bytes(&self) -> Vec<u8> {
        let mut out = vec![14u8, 0x20, 0x08, 0x08];
        out.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
        out.extend_from_slice(b".FIT");
        let hcrc = crc::update(0, &out);
        out.extend_from_slice(&hcrc.to_le_bytes());
        out.extend_from_slice(&self.data);
        let fcrc = crc::update(0, &out);
        out.extend_from_slice(&fcrc.to_le_bytes());
        out
    }
}

fn read(bytes: &[u8]) -> Result<Track> {
    super::read(bytes, Path::new("test.fit"))
}

/// Record definition: timestamp, lat, lon, enhanced_altitude, heart_rate.
const RECORD: &[(u8, u8, u8)] = &[
    (253, 4, 0x86),
    (0, 4, 0x85),
    (1, 4, 0x85),
    (78, 4, 0x86),
    (3, 1, 0x02),
];

fn record(big: bool, ts: u32, lat: i32, lon: i32, alt_m: f64, hr: u8) -> Vec<u8> {
    let mut v = Vec::new();
    let alt = ((alt_m + 500.0) * 5.0) as u32;
    if big {
        v.extend_from_slice(&ts.to_be_bytes());
        v.extend_from_slice(&lat.to_be_bytes());
        v.extend_from_slice(&lon.to_be_bytes());
        v.extend_from_slice(&alt.to_be_bytes());
    } else {
        v.extend_from_slice(&ts.to_le_bytes());
        v.extend_from_slice(&lat.to_le_bytes());
        v.extend_from_slice(&lon.to_le_bytes());
        v.extend_from_slice(&alt.to_le_bytes());
    }
    v.push(hr);
    v
}

const T0: u32 = 1_000_000_000;
const LAT: i32 = 536_870_912; // 45 degrees
const LON: i32 = -268_435_456; // -22.5 degrees

#[test]
fn both_byte_orders_decode_to_the_same_point() {
    for big in [false, true] {
        let f = Fit::default()
            .def(0, big, 20, RECORD)
            .msg(0, &record(big, T0, LAT, LON, 1234.4, 150));
        let t = read(&f.bytes()).unwrap();
        assert_eq!(t.points.len(), 1);
        let p = t.points[0];
        assert_eq!(p.time_s, Some(T0 as f64 + FIT_EPOCH_UNIX_S));
        assert_eq!(p.lat_deg, Some(45.0));
        assert_eq!(p.lon_deg, Some(-22.5));
        assert!((p.altitude_m.unwrap() - 1234.4).abs() < 1e-9);
        assert_eq!(p.heart_rate_bpm, Some(150.0));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    }
}

#[test]
fn sentinel_values_are_missing() {
    let f = Fit::default().def(0, false, 20, RECORD).msg(
        0,
        &record(false, T0, i32::MAX, i32::MAX, 0.0, 0xFF)
            .into_iter()
            .enumerate()
            .map(|(i, b)| if (12..16).contains(&i) { 0xFF } else { b })
            .collect::<Vec<u8>>(),
    );
    let p = read(&f.bytes()).unwrap().points[0];
    assert_eq!(p.time_s, Some(T0 as f64 + FIT_EPOCH_UNIX_S));
    assert_eq!(
        (p.lat_deg, p.lon_deg, p.altitude_m, p.heart_rate_bpm),
        (None, None, None, None)
    );
}

#[test]
fn compressed_timestamps_roll_over_every_32_seconds() {
    // Base 1000000030 (offset 30 within its 32 s block); offsets 31, then 2 (rolled over).
    let base = 1_000_000_030u32;
    let f = Fit::default()
        .def(0, false, 20, RECORD)
        .def(1, false, 20, &[(3, 1, 0x02)])
        .msg(0, &record(false, base, LAT, LON, 10.0, 100))
        .msg(0x80 | (1 << 5) | 31, &[101])
        .msg(0x80 | (1 << 5) | 2, &[102]);
    let t = read(&f.bytes()).unwrap();
    let times: Vec<f64> = t
        .points
        .iter()
        .map(|p| p.time_s.unwrap() - FIT_EPOCH_UNIX_S)
        .collect();
    assert_eq!(
        times,
        vec![base as f64, (base + 1) as f64, (base + 4) as f64]
    );
    assert_eq!(t.points[2].heart_rate_bpm, Some(102.0));
}

#[test]
fn developer_fields_and_odd_sizes_are_skipped() {
    // heart_rate declared as a 2-element array, distance as 3 bytes of uint32 (wrong
    // size), then a developer field of 5 bytes: all skipped, later fields still right.
    let fields = [
        (253, 4, 0x86),
        (3, 2, 0x02),
        (5, 3, 0x86),
        (0, 4, 0x85),
        (1, 4, 0x85),
    ];
    let mut content = T0.to_le_bytes().to_vec();
    content.extend_from_slice(&[120, 121, 1, 2, 3]);
    content.extend_from_slice(&LAT.to_le_bytes());
    content.extend_from_slice(&LON.to_le_bytes());
    content.extend_from_slice(&[9, 9, 9, 9, 9]);
    let f = Fit::default()
        .def_dev(0, false, 20, &fields, &[(0, 5, 0)])
        .msg(0, &content)
        .msg(0, &content);
    let t = read(&f.bytes()).unwrap();
    assert_eq!(t.points.len(), 2);
    let p = t.points[1];
    assert_eq!((p.heart_rate_bpm, p.distance_m), (None, None));
    assert_eq!((p.lat_deg, p.lon_deg), (Some(45.0), Some(-22.5)));
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn damage_keeps_what_came_before_with_a_warning() {
    let good = Fit::default()
        .def(0, false, 20, RECORD)
        .msg(0, &record(false, T0, LAT, LON, 1.0, 100))
        .msg(0, &record(false, T0 + 1, LAT, LON, 1.0, 100));
    // Undefined local type 3.
    let undefined = Fit {
        data: [good.data.clone(), vec![3, 0, 0]].concat(),
    };
    let t = read(&undefined.bytes()).unwrap();
    assert_eq!(t.points.len(), 2);
    assert!(
        t.warnings[0].contains("undefined local type 3"),
        "{:?}",
        t.warnings
    );
    // A header claiming 4 GB of data: truncated, nothing huge allocated.
    let mut huge = good.bytes();
    huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    let t = read(&huge).unwrap();
    assert_eq!(t.points.len(), 2);
    assert!(
        t.warnings.iter().any(|w| w.contains("truncated")),
        "{:?}",
        t.warnings
    );
    // A flipped CRC byte: warned, data kept.
    let mut bad_crc = good.bytes();
    let n = bad_crc.len();
    bad_crc[n - 1] ^= 0x55;
    let t = read(&bad_crc).unwrap();
    assert_eq!(t.points.len(), 2);
    assert!(t.warnings[0].contains("CRC mismatch"), "{:?}", t.warnings);
    // Cut inside the second record.
    let bytes = good.bytes();
    let t = read(&bytes[..bytes.len() - 6]).unwrap();
    assert_eq!(t.points.len(), 1);
    assert_eq!(
        t.warnings,
        vec![format!(
            "truncated at byte {}: 1 records kept",
            bytes.len() - 6
        )]
    );
    // Nothing readable at all is refused, naming the file.
    let e = read(&bytes[..20]).unwrap_err().to_string();
    assert!(e.contains("test.fit") && e.contains("truncated"), "{e}");
    assert!(read(b"not a fit file at all").is_err());
    assert!(read(b"").is_err());
}

#[test]
fn chained_files_are_segments() {
    let one = Fit::default()
        .def(0, false, 20, RECORD)
        .msg(0, &record(false, T0, LAT, LON, 1.0, 100))
        .bytes();
    let two = Fit::default()
        .def(5, true, 20, RECORD)
        .msg(5, &record(true, T0 + 100, LAT, LON, 2.0, 110))
        .bytes();
    let t = read(&[one.clone(), two, one.clone()].concat()).unwrap();
    assert_eq!(t.points.len(), 3);
    assert_eq!(t.segment_starts, vec![1, 2]);
    assert_eq!(t.points[1].heart_rate_bpm, Some(110.0));
    // Ten chained files with a damaged CRC each: three warnings and a count, not ten.
    let mut bad = one.clone();
    let n = bad.len();
    bad[n - 1] ^= 1;
    let t = read(&bad.repeat(10)).unwrap();
    assert_eq!(t.points.len(), 10);
    assert_eq!(t.warnings.len(), 4, "{:?}", t.warnings);
    assert_eq!(t.warnings[3], "7 more CRC mismatches");
}

#[test]
fn events_laps_sessions_and_device() {
    let ev = |ts: u32, event_type: u8| {
        let mut v = ts.to_le_bytes().to_vec();
        v.extend_from_slice(&[0, event_type]);
        v
    };
    let mut lap = (T0 + 10).to_le_bytes().to_vec(); // timestamp (end)
    lap.extend_from_slice(&T0.to_le_bytes()); // start_time
    lap.extend_from_slice(&10_000u32.to_le_bytes()); // total_elapsed_time 10 s
    lap.push(2); // warmup
    let mut session = (T0 + 10).to_le_bytes().to_vec();
    session.extend_from_slice(&T0.to_le_bytes());
    session.extend_from_slice(&[1, 3]); // running, trail
    session.extend_from_slice(&10_000u32.to_le_bytes());
    let f = Fit::default()
        .def(0, false, 0, &[(1, 2, 0x84), (2, 2, 0x84)])
        .msg(0, &[1, 0, 0xAF, 0x07]) // garmin, 1967 = fenix2
        .def(1, false, 20, RECORD)
        .msg(1, &record(false, T0, LAT, LON, 1.0, 100))
        .def(2, false, 21, &[(253, 4, 0x86), (0, 1, 0), (1, 1, 0)])
        .msg(2, &ev(T0 + 2, 4)) // stop_all
        .msg(2, &ev(T0 + 5, 0)) // start
        .msg(1, &record(false, T0 + 6, LAT, LON, 2.0, 100))
        .def(
            3,
            false,
            19,
            &[(253, 4, 0x86), (2, 4, 0x86), (7, 4, 0x86), (23, 1, 0)],
        )
        .msg(3, &lap)
        .def(
            4,
            false,
            18,
            &[
                (253, 4, 0x86),
                (2, 4, 0x86),
                (5, 1, 0),
                (6, 1, 0),
                (8, 4, 0x86),
            ],
        )
        .msg(4, &session);
    let t = read(&f.bytes()).unwrap();
    assert_eq!(t.meta.device.as_deref(), Some("garmin fenix2"));
    assert_eq!(t.meta.altitude_source, AltitudeSource::Barometric);
    assert_eq!(t.meta.sport.as_deref(), Some("running"));
    assert_eq!(t.meta.sub_sport.as_deref(), Some("trail"));
    let e = FIT_EPOCH_UNIX_S + T0 as f64;
    assert_eq!(
        t.pauses,
        vec![Pause {
            start_s: e + 2.0,
            end_s: e + 5.0
        }]
    );
    assert_eq!(t.laps.len(), 1);
    assert_eq!((t.laps[0].start_s, t.laps[0].end_s), (e, e + 10.0));
    assert_eq!(t.laps[0].intensity.as_deref(), Some("warmup"));
}
