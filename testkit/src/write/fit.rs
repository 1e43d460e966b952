//! The FIT activity encoder (FIT SDK "Activity file" recipe, protocol 1.0, profile 21.32).

use super::total_distance_m;
use downhill::track::Track;

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_OFFSET_S: f64 = 631_065_600.0;

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
    use crate::write::tests::track;

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
}
