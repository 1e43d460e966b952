//! Writers of a [`Track`] to GPX 1.1, TCX and FIT: the inverse of `crate::io`, used to
//! generate realistic season folders for tests and benchmarks (and by users who want to
//! convert a cleaned track).
//!
//! - GPX 1.1 with the Garmin `TrackPointExtension/v1` (`gpxtpx:hr`, `gpxtpx:cad`), one
//!   `trkseg` per track segment.
//! - TCX (Training Center Database v2): one lap over the whole track, `Sport` from the meta.
//! - FIT: a minimal valid activity file following the FIT SDK "Activity file" recipe
//!   (Garmin FIT protocol 1.0, profile 21.32): 14-byte header with its CRC, `file_id`,
//!   `event` timer start / stop_all (also around each pause), one `record` per point
//!   (timestamp, position in semicircles, enhanced_altitude, distance, enhanced_speed,
//!   heart_rate, cadence), `lap`, `session` (sport, sub_sport), `activity`, file CRC.
//!
//! # Units
//! Cadence is written as the devices write it for running: strides per minute (half the
//! track's `cadence_spm`), in `gpxtpx:cad`, TCX `Cadence` and FIT `cadence`.

use std::fmt::Write as _;

use crate::track::{Track, TrackPoint, rfc3339};

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_OFFSET_S: f64 = 631_065_600.0;

/// The track as GPX 1.1 text.
pub fn to_gpx(track: &Track) -> String {
    let mut o = String::with_capacity(track.points.len() * 200 + 512);
    o.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    o.push('\n');
    let _ = writeln!(
        o,
        r#"<gpx version="1.1" creator="{}" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">"#,
        xml_escape(track.meta.device.as_deref().unwrap_or("downhill"))
    );
    if let Some(t) = track.start_time_s() {
        let _ = writeln!(o, "  <metadata><time>{}</time></metadata>", rfc3339(t));
    }
    o.push_str("  <trk>\n");
    if let Some(name) = &track.meta.name {
        let _ = writeln!(o, "    <name>{}</name>", xml_escape(name));
    }
    if let Some(sport) = &track.meta.sport {
        let _ = writeln!(o, "    <type>{}</type>", xml_escape(sport));
    }
    for (a, b) in segments(track) {
        o.push_str("    <trkseg>\n");
        for p in &track.points[a..b] {
            gpx_point(&mut o, p);
        }
        o.push_str("    </trkseg>\n");
    }
    o.push_str("  </trk>\n</gpx>\n");
    o
}

fn gpx_point(o: &mut String, p: &TrackPoint) {
    let (Some(lat), Some(lon)) = (p.lat_deg, p.lon_deg) else {
        return; // GPX points need a position
    };
    let _ = write!(o, r#"      <trkpt lat="{lat:.7}" lon="{lon:.7}">"#);
    if let Some(a) = p.altitude_m {
        let _ = write!(o, "<ele>{a:.2}</ele>");
    }
    if let Some(t) = p.time_s {
        let _ = write!(o, "<time>{}</time>", rfc3339(t));
    }
    if p.heart_rate_bpm.is_some() || p.cadence_spm.is_some() {
        o.push_str("<extensions><gpxtpx:TrackPointExtension>");
        if let Some(hr) = p.heart_rate_bpm {
            let _ = write!(o, "<gpxtpx:hr>{}</gpxtpx:hr>", hr.round() as i64);
        }
        if let Some(c) = p.cadence_spm {
            let _ = write!(o, "<gpxtpx:cad>{}</gpxtpx:cad>", (c / 2.0).round() as i64);
        }
        o.push_str("</gpxtpx:TrackPointExtension></extensions>");
    }
    o.push_str("</trkpt>\n");
}

/// The track as TCX text (one activity, one lap).
pub fn to_tcx(track: &Track) -> String {
    let mut o = String::with_capacity(track.points.len() * 300 + 1024);
    o.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    o.push('\n');
    o.push_str(r#"<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">"#);
    o.push('\n');
    let sport = match track.meta.sport.as_deref() {
        Some("running") | Some("trail_running") => "Running",
        Some("cycling") => "Biking",
        _ => "Other",
    };
    let start = track.start_time_s().unwrap_or(0.0);
    let end = track.end_time_s().unwrap_or(start);
    let dist = total_distance_m(track);
    let _ = writeln!(o, "  <Activities><Activity Sport=\"{sport}\">");
    let _ = writeln!(o, "    <Id>{}</Id>", rfc3339(start));
    let _ = writeln!(o, "    <Lap StartTime=\"{}\">", rfc3339(start));
    let _ = writeln!(
        o,
        "      <TotalTimeSeconds>{:.1}</TotalTimeSeconds>",
        end - start
    );
    let _ = writeln!(o, "      <DistanceMeters>{dist:.1}</DistanceMeters>");
    o.push_str("      <Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>\n");
    for (a, b) in segments(track) {
        o.push_str("      <Track>\n");
        for p in &track.points[a..b] {
            tcx_point(&mut o, p);
        }
        o.push_str("      </Track>\n");
    }
    o.push_str("    </Lap>\n");
    if let Some(name) = &track.meta.name {
        let _ = writeln!(o, "    <Notes>{}</Notes>", xml_escape(name));
    }
    o.push_str("  </Activity></Activities>\n</TrainingCenterDatabase>\n");
    o
}

fn tcx_point(o: &mut String, p: &TrackPoint) {
    let Some(t) = p.time_s else {
        return; // TCX trackpoints need a time
    };
    let _ = write!(o, "        <Trackpoint><Time>{}</Time>", rfc3339(t));
    if let (Some(lat), Some(lon)) = (p.lat_deg, p.lon_deg) {
        let _ = write!(
            o,
            "<Position><LatitudeDegrees>{lat:.7}</LatitudeDegrees><LongitudeDegrees>{lon:.7}</LongitudeDegrees></Position>"
        );
    }
    if let Some(a) = p.altitude_m {
        let _ = write!(o, "<AltitudeMeters>{a:.2}</AltitudeMeters>");
    }
    if let Some(d) = p.distance_m {
        let _ = write!(o, "<DistanceMeters>{d:.2}</DistanceMeters>");
    }
    if let Some(hr) = p.heart_rate_bpm {
        let _ = write!(
            o,
            "<HeartRateBpm><Value>{}</Value></HeartRateBpm>",
            hr.round() as i64
        );
    }
    if let Some(c) = p.cadence_spm {
        let _ = write!(o, "<Cadence>{}</Cadence>", (c / 2.0).round() as i64);
    }
    if let Some(s) = p.speed_mps {
        let _ = write!(
            o,
            "<Extensions><ns3:TPX><ns3:Speed>{s:.3}</ns3:Speed></ns3:TPX></Extensions>"
        );
    }
    o.push_str("</Trackpoint>\n");
}

/// Point index ranges of the segments.
fn segments(track: &Track) -> Vec<(usize, usize)> {
    let n = track.points.len();
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(
            track
                .segment_starts
                .iter()
                .copied()
                .filter(|&s| s > 0 && s < n),
        )
        .collect();
    starts.dedup();
    let mut out = Vec::with_capacity(starts.len());
    for (i, &a) in starts.iter().enumerate() {
        let b = starts.get(i + 1).copied().unwrap_or(n);
        if b > a {
            out.push((a, b));
        }
    }
    out
}

fn total_distance_m(track: &Track) -> f64 {
    let first = track.points.iter().find_map(|p| p.distance_m);
    let last = track.points.iter().rev().find_map(|p| p.distance_m);
    match (first, last) {
        (Some(a), Some(b)) => b - a,
        _ => 0.0,
    }
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c => o.push(c),
        }
    }
    o
}

// ---------------------------------------------------------------------------------------
// FIT

/// FIT base types (FIT SDK profile, "Base Types").
const ENUM: u8 = 0x00;
const UINT8: u8 = 0x02;
const UINT16: u8 = 0x84;
const SINT32: u8 = 0x85;
const UINT32: u8 = 0x86;
const UINT32Z: u8 = 0x8C;

const MESG_FILE_ID: u16 = 0;
const MESG_SESSION: u16 = 18;
const MESG_LAP: u16 = 19;
const MESG_RECORD: u16 = 20;
const MESG_EVENT: u16 = 21;
const MESG_ACTIVITY: u16 = 34;

/// The track as a FIT activity file.
pub fn to_fit(track: &Track) -> Vec<u8> {
    let mut w = FitWriter::default();
    let start = track.start_time_s().unwrap_or(FIT_EPOCH_OFFSET_S + 1.0e9);
    let end = track.end_time_s().unwrap_or(start);
    let ts = |t: f64| fit_time(t);

    // file_id: local 0
    w.define(
        0,
        MESG_FILE_ID,
        &[
            (0, 1, ENUM),
            (1, 2, UINT16),
            (2, 2, UINT16),
            (3, 4, UINT32Z),
            (4, 4, UINT32),
        ],
    );
    w.data(0);
    w.u8(4); // type = activity
    w.u16(1); // manufacturer = garmin
    w.u16(0xFFFF); // product: invalid (unknown)
    w.u32(12345);
    w.u32(ts(start));

    // event: local 1 (timestamp, event, event_type)
    w.define(
        1,
        MESG_EVENT,
        &[(253, 4, UINT32), (0, 1, ENUM), (1, 1, ENUM)],
    );
    let event = |w: &mut FitWriter, t: f64, event_type: u8| {
        w.data(1);
        w.u32(ts(t));
        w.u8(0); // timer
        w.u8(event_type);
    };
    event(&mut w, start, 0); // start

    // record: local 2
    w.define(
        2,
        MESG_RECORD,
        &[
            (253, 4, UINT32),
            (0, 4, SINT32),
            (1, 4, SINT32),
            (78, 4, UINT32),
            (5, 4, UINT32),
            (73, 4, UINT32),
            (3, 1, UINT8),
            (4, 1, UINT8),
        ],
    );
    let mut pauses = track.pauses.iter().peekable();
    for p in &track.points {
        let Some(t) = p.time_s else { continue };
        while let Some(pause) = pauses.peek() {
            if pause.end_s <= t {
                event(&mut w, pause.start_s, 4); // stop_all
                event(&mut w, pause.end_s, 0); // start
                pauses.next();
            } else {
                break;
            }
        }
        w.data(2);
        w.u32(ts(t));
        w.i32(p.lat_deg.map(semicircles).unwrap_or(i32::MAX));
        w.i32(p.lon_deg.map(semicircles).unwrap_or(i32::MAX));
        w.u32(scaled(p.altitude_m.map(|a| a + 500.0), 5.0));
        w.u32(scaled(p.distance_m, 100.0));
        w.u32(scaled(p.speed_mps, 1000.0));
        w.u8(small(p.heart_rate_bpm));
        w.u8(small(p.cadence_spm.map(|c| c / 2.0)));
    }
    event(&mut w, end, 4); // stop_all

    let distance = total_distance_m(track);
    let elapsed_ms = ((end - start).max(0.0) * 1000.0).round() as u32;
    let (sport, sub_sport) = fit_sport(track);
    // lap: local 3 (timestamp, start_time, total_elapsed_time, total_timer_time, distance)
    let summary_fields = [
        (253, 4, UINT32),
        (2, 4, UINT32),
        (7, 4, UINT32),
        (8, 4, UINT32),
        (9, 4, UINT32),
    ];
    w.define(3, MESG_LAP, &summary_fields);
    w.data(3);
    w.u32(ts(end));
    w.u32(ts(start));
    w.u32(elapsed_ms);
    w.u32(elapsed_ms);
    w.u32(scaled(Some(distance), 100.0));
    // session: local 4, the same fields plus sport and sub_sport
    let mut session_fields = summary_fields.to_vec();
    session_fields.extend([(5, 1, ENUM), (6, 1, ENUM)]);
    w.define(4, MESG_SESSION, &session_fields);
    w.data(4);
    w.u32(ts(end));
    w.u32(ts(start));
    w.u32(elapsed_ms);
    w.u32(elapsed_ms);
    w.u32(scaled(Some(distance), 100.0));
    w.u8(sport);
    w.u8(sub_sport);
    // activity: local 5 (timestamp, total_timer_time, num_sessions, type, event, event_type)
    w.define(
        5,
        MESG_ACTIVITY,
        &[
            (253, 4, UINT32),
            (0, 4, UINT32),
            (1, 2, UINT16),
            (2, 1, ENUM),
            (3, 1, ENUM),
            (4, 1, ENUM),
        ],
    );
    w.data(5);
    w.u32(ts(end));
    w.u32(elapsed_ms);
    w.u16(1);
    w.u8(0); // manual
    w.u8(26); // activity
    w.u8(1); // stop
    w.finish()
}

/// FIT `sport` and `sub_sport` enums for the track's meta (FIT profile: running 1, cycling 2,
/// swimming 5, walking 11, hiking 17; sub_sport trail 3).
fn fit_sport(track: &Track) -> (u8, u8) {
    let sport = match track.meta.sport.as_deref() {
        Some("running") | Some("trail_running") => 1,
        Some("cycling") => 2,
        Some("swimming") => 5,
        Some("walking") => 11,
        Some("hiking") => 17,
        _ => 0,
    };
    let sub = match (track.meta.sport.as_deref(), track.meta.sub_sport.as_deref()) {
        (Some("trail_running"), _) | (_, Some("trail")) => 3,
        _ => 0,
    };
    (sport, sub)
}

fn fit_time(t: f64) -> u32 {
    (t - FIT_EPOCH_OFFSET_S)
        .round()
        .clamp(0.0, u32::MAX as f64 - 1.0) as u32
}

fn semicircles(deg: f64) -> i32 {
    (deg * (2f64.powi(31) / 180.0))
        .round()
        .clamp(i32::MIN as f64 + 1.0, i32::MAX as f64 - 1.0) as i32
}

/// `value x scale` as a FIT uint32, or the invalid sentinel.
fn scaled(v: Option<f64>, scale: f64) -> u32 {
    match v {
        Some(v) if v.is_finite() && v >= 0.0 => {
            (v * scale).round().min(u32::MAX as f64 - 1.0) as u32
        }
        _ => u32::MAX,
    }
}

fn small(v: Option<f64>) -> u8 {
    match v {
        Some(v) if v.is_finite() && v >= 0.0 => v.round().min(254.0) as u8,
        _ => u8::MAX,
    }
}

#[derive(Default)]
struct FitWriter {
    data: Vec<u8>,
}

impl FitWriter {
    fn define(&mut self, local: u8, global: u16, fields: &[(u8, u8, u8)]) {
        self.data.push(0x40 | (local & 0x0F));
        self.data.push(0); // reserved
        self.data.push(0); // little-endian
        self.u16(global);
        self.data.push(fields.len() as u8);
        for &(num, size, base) in fields {
            self.data.extend([num, size, base]);
        }
    }
    fn data(&mut self, local: u8) {
        self.data.push(local & 0x0F);
    }
    fn u8(&mut self, v: u8) {
        self.data.push(v);
    }
    fn u16(&mut self, v: u16) {
        self.data.extend(v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.data.extend(v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.data.extend(v.to_le_bytes());
    }
    fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 16);
        out.push(14);
        out.push(0x10); // protocol 1.0
        out.extend(2132u16.to_le_bytes()); // profile 21.32
        out.extend((self.data.len() as u32).to_le_bytes());
        out.extend(b".FIT");
        let header_crc = fit_crc(&out);
        out.extend(header_crc.to_le_bytes());
        out.extend(&self.data);
        let crc = fit_crc(&out);
        out.extend(crc.to_le_bytes());
        out
    }
}

/// The FIT CRC-16 (FIT SDK, "CRC").
pub fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &b in bytes {
        let tmp = TABLE[(crc & 0xF) as usize];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[(b & 0xF) as usize];
        let tmp = TABLE[(crc & 0xF) as usize];
        crc = ((crc >> 4) & 0x0FFF) ^ tmp ^ TABLE[((b >> 4) & 0xF) as usize];
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::{Pause, TrackMeta};

    /// Two minutes at 1 Hz running down a 10 % slope, with one pause.
    fn track() -> Track {
        let t0 = 1_736_150_400.0; // 2025-01-06T08:00:00Z
        let points = (0..120)
            .map(|i| {
                let i = i as f64;
                TrackPoint {
                    time_s: Some(t0 + i + if i >= 60.0 { 30.0 } else { 0.0 }),
                    lat_deg: Some(45.0 + i * 3.0e-5),
                    lon_deg: Some(6.0),
                    altitude_m: Some(500.0 - i * 0.33),
                    distance_m: Some(i * 3.3),
                    speed_mps: Some(3.3),
                    heart_rate_bpm: Some(150.0),
                    cadence_spm: Some(176.0),
                    ..Default::default()
                }
            })
            .collect();
        Track {
            points,
            pauses: vec![Pause {
                start_s: t0 + 59.0,
                end_s: t0 + 90.0,
            }],
            meta: TrackMeta {
                sport: Some("running".into()),
                name: Some("Hill reps <8x>".into()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn fit_decodes_with_fitparser_with_the_values_written() {
        let bytes = to_fit(&track());
        let msgs = fitparser::from_bytes(&bytes).expect("fitparser decodes our FIT");
        let records: Vec<_> = msgs
            .iter()
            .filter(|m| m.kind() == fitparser::profile::MesgNum::Record)
            .collect();
        assert_eq!(records.len(), 120);
        let field = |m: &fitparser::FitDataRecord, name: &str| {
            m.fields()
                .iter()
                .find(|f| f.name() == name)
                .map(|f| f.value().clone())
        };
        let alt = field(records[10], "enhanced_altitude").expect("altitude");
        match alt {
            fitparser::Value::Float64(a) => assert!((a - 496.7).abs() < 0.2, "{a}"),
            v => panic!("altitude {v:?}"),
        }
        let cad = field(records[0], "cadence").expect("cadence");
        assert_eq!(cad, fitparser::Value::UInt8(88));
        let events = msgs
            .iter()
            .filter(|m| m.kind() == fitparser::profile::MesgNum::Event)
            .count();
        assert_eq!(events, 4, "start, stop+start around the pause, stop");
        let session = msgs
            .iter()
            .find(|m| m.kind() == fitparser::profile::MesgNum::Session)
            .expect("a session");
        assert_eq!(
            field(session, "sport"),
            Some(fitparser::Value::String("running".into()))
        );
    }

    #[test]
    fn fit_crc_of_the_whole_file_is_zero() {
        let bytes = to_fit(&track());
        assert_eq!(fit_crc(&bytes), 0);
        assert_eq!(fit_crc(&bytes[..14]), 0);
    }

    #[test]
    fn gpx_has_one_point_per_sample_and_escapes_the_name() {
        let gpx = to_gpx(&track());
        assert_eq!(gpx.matches("<trkpt ").count(), 120);
        assert!(gpx.contains("<name>Hill reps &lt;8x&gt;</name>"));
        assert!(gpx.contains("<gpxtpx:hr>150</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad>"));
        assert!(gpx.contains("<time>2025-01-06T08:00:00Z</time>"));
    }

    #[test]
    fn tcx_has_running_sport_and_all_points() {
        let tcx = to_tcx(&track());
        assert!(tcx.contains(r#"<Activity Sport="Running">"#));
        assert_eq!(tcx.matches("<Trackpoint>").count(), 120);
        assert!(tcx.contains("<AltitudeMeters>500.00</AltitudeMeters>"));
    }
}
