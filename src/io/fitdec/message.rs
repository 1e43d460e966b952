//! Data messages into the decoder's state: records into points (units, sentinels, distance
//! counters), timer events, laps, sessions, the device, the sport and the time zone offset.

use super::plan::{Kind, rec, string, timestamp, value};
use super::{Decoder, FIT_EPOCH_UNIX_S, LapInfo, SessionInfo};
use crate::track::TrackPoint;

/// Degrees per semicircle: 180 / 2^31.
const DEG_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;
impl Decoder<'_> {
    pub(super) fn data_message(&mut self, local: usize, msg: &[u8], time_offset: Option<u32>) {
        let Some(def) = &self.defs[local] else {
            return;
        };
        let be = def.big_endian;
        // Field 253 sets the timestamp base; a compressed header advances it.
        let mut msg_time = def.timestamp.and_then(|spec| timestamp(msg, spec, be));
        if let Some(t) = msg_time {
            self.last_ts = t;
        }
        if let Some(offset) = time_offset {
            let base = self.last_ts;
            let mut t = (base & !0x1F).wrapping_add(offset);
            if offset < (base & 0x1F) {
                t = t.wrapping_add(0x20);
            }
            self.last_ts = t;
            msg_time = Some(t);
        }
        let time_s = msg_time.map(|t| t as f64 + FIT_EPOCH_UNIX_S);
        match def.kind {
            Kind::Record => {
                let mut p = TrackPoint {
                    time_s,
                    ..TrackPoint::default()
                };
                let (mut alt, mut ealt, mut speed, mut espeed, mut cad, mut fcad) =
                    (None, None, None, None, None, None);
                for &spec in &def.fields {
                    let Some(v) = value(msg, spec, be) else {
                        continue;
                    };
                    match spec.slot {
                        rec::LAT => p.lat_deg = Some(v * DEG_PER_SEMICIRCLE),
                        rec::LON => p.lon_deg = Some(v * DEG_PER_SEMICIRCLE),
                        rec::ALT => alt = Some(v),
                        rec::EALT => ealt = Some(v),
                        rec::DIST => p.distance_m = Some(v / 100.0),
                        rec::SPEED => speed = Some(v),
                        rec::ESPEED => espeed = Some(v),
                        rec::HR => p.heart_rate_bpm = Some(v),
                        rec::CAD => cad = Some(v),
                        rec::FCAD => fcad = Some(v),
                        rec::STANCE => p.stance_time_s = Some(v / 10_000.0),
                        rec::VOSC => p.vertical_oscillation_m = Some(v / 10_000.0),
                        rec::TEMP => self.seen.temperature_records += 1,
                        _ => {}
                    }
                }
                if p.lat_deg.is_none() || p.lon_deg.is_none() {
                    (p.lat_deg, p.lon_deg) = (None, None);
                }
                p.altitude_m = ealt.or(alt).map(|a| a / 5.0 - 500.0);
                p.speed_mps = espeed.or(speed).map(|s| s / 1000.0);
                p.cadence_spm = cad.map(|c| c + fcad.map_or(0.0, |f| f / 128.0));
                if let Some(d) = p.distance_m
                    && !self.opts.raw
                {
                    p.distance_m = Some(self.distance.continued(d));
                }
                self.seen.altitude |= p.altitude_m.is_some();
                self.seen.cadence |= p.cadence_spm.is_some();
                self.seen.stance |= p.stance_time_s.is_some();
                self.seen.records += 1;
                self.points.push(p);
            }
            Kind::Event => {
                let (mut event, mut event_type) = (None, None);
                for &spec in &def.fields {
                    let v = value(msg, spec, be);
                    match spec.slot {
                        0 => event = v,
                        _ => event_type = v,
                    }
                }
                // event 0 = timer; event_type 0 = start, 1 = stop, 4 = stop_all,
                // 8 = stop_disable, 9 = stop_disable_all.
                if event == Some(0.0)
                    && let (Some(t), Some(et)) = (time_s, event_type)
                {
                    match et as u8 {
                        0 => self.timer_events.push((t, false)),
                        1 | 4 | 8 | 9 => self.timer_events.push((t, true)),
                        _ => {}
                    }
                }
            }
            Kind::Lap => {
                let mut lap = LapInfo {
                    end_s: time_s,
                    ..LapInfo::default()
                };
                for &spec in &def.fields {
                    let v = value(msg, spec, be);
                    match spec.slot {
                        2 => lap.start_s = v.map(|t| t + FIT_EPOCH_UNIX_S),
                        7 => lap.elapsed_s = v.map(|t| t / 1000.0),
                        9 => lap.distance_m = v.map(|d| d / 100.0),
                        _ => lap.intensity = v.map(|i| i as u16),
                    }
                }
                self.laps.push(lap);
            }
            Kind::Session => {
                let mut s = SessionInfo {
                    end_s: time_s,
                    ..SessionInfo::default()
                };
                for &spec in &def.fields {
                    let v = value(msg, spec, be);
                    match spec.slot {
                        2 => s.start_s = v.map(|t| t + FIT_EPOCH_UNIX_S),
                        5 => s.sport = v.map(|x| x as u16),
                        6 => s.sub_sport = v.map(|x| x as u16),
                        7 => s.elapsed_s = v.map(|t| t / 1000.0),
                        _ => s.timer_s = v.map(|t| t / 1000.0),
                    }
                }
                self.sessions.push(s);
            }
            Kind::FileId => {
                // The first file of a chain names the device.
                if !self.device_seen {
                    self.device_seen = true;
                    for &spec in &def.fields {
                        match spec.slot {
                            1 => self.manufacturer = value(msg, spec, be).map(|x| x as u16),
                            2 => self.product = value(msg, spec, be).map(|x| x as u16),
                            _ => self.product_name = string(msg, spec),
                        }
                    }
                }
            }
            Kind::Sport => {
                if self.sport_msg.is_none() {
                    let (mut sport, mut sub) = (None, None);
                    for &spec in &def.fields {
                        let v = value(msg, spec, be).map(|x| x as u16);
                        match spec.slot {
                            0 => sport = v,
                            _ => sub = v,
                        }
                    }
                    self.sport_msg = Some((sport, sub));
                }
            }
            Kind::Activity => {
                let local = def
                    .fields
                    .iter()
                    .find(|f| f.slot == 5)
                    .and_then(|&spec| value(msg, spec, be));
                if let (Some(local), Some(t)) = (local, msg_time) {
                    self.utc_offset_s = utc_offset(local - t as f64);
                }
            }
            Kind::Other => {}
        }
    }
}

/// A time zone offset from the activity message's local time minus its UTC time (s):
/// rounded to the quarter hour (zones are whole quarter hours; the two times are taken a
/// second apart on some watches), `None` outside -12..+14 h (a watch without a set clock).
pub fn utc_offset(diff_s: f64) -> Option<i32> {
    let q = (diff_s / 900.0).round() * 900.0;
    (-12.0 * 3600.0..=14.0 * 3600.0)
        .contains(&q)
        .then_some(q as i32)
}

/// A distance reading this far below the previous one is a counter that restarted (new
/// session or chained file), not GPS noise: the device's own distance never decreases.
const DISTANCE_RESTART_M: f64 = 50.0;
/// ... and only when the new reading is this close to 0 (a counter starting over): files
/// that interleave two distance sources or step back by a few hundred metres are left to
/// cleaning. Same rule as `downhill_testkit::fit`.
const RESTARTED_BELOW_M: f64 = 25.0;

/// Continues distance counters that restart at each session so that distance runs along
/// the whole track.
#[derive(Debug, Default)]
pub(super) struct DistanceCounter {
    last_m: Option<f64>,
    offset_m: f64,
}

impl DistanceCounter {
    #[inline]
    fn continued(&mut self, d: f64) -> f64 {
        if let Some(l) = self.last_m
            && d < l - DISTANCE_RESTART_M
            && d < RESTARTED_BELOW_M
        {
            self.offset_m += l;
        }
        self.last_m = Some(d);
        d + self.offset_m
    }
}
