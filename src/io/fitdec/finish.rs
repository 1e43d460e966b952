//! The decoded messages into a [`Track`]: refusal when nothing was readable, the main sport,
//! segments, the device name, pauses and laps.

use std::path::Path;

use super::sessions::{double_foot_cadence, legs_from};
use super::{Decoder, LapInfo, MAX_CRC_WARNINGS, SessionInfo, names};
use crate::error::{Error, Result};
use crate::track::{AltitudeSource, Format, Lap, Pause, Track, TrackMeta};

impl Decoder<'_> {
    pub(super) fn finish(self, path: &Path) -> Result<Track> {
        let Decoder {
            mut points,
            file_starts,
            timer_events,
            laps,
            sessions,
            manufacturer,
            product,
            product_name,
            sport_msg,
            utc_offset_s,
            warnings,
            damaged,
            opts,
            seen,
            crc_mismatches,
            ..
        } = self;
        let mut warnings = warnings;
        if crc_mismatches > MAX_CRC_WARNINGS {
            warnings.push(format!(
                "{} more CRC mismatches",
                crc_mismatches - MAX_CRC_WARNINGS
            ));
        }
        // Damage and no record at all: refused, saying what was wrong.
        if points.is_empty() && (damaged || !warnings.is_empty()) {
            return Err(Error::Corrupt {
                path: path.to_owned(),
                format: "FIT",
                detail: format!("no activity records ({})", warnings.join("; ")),
            });
        }
        // The main session: the longest timer time (a multisport file's run leg, not its
        // transitions); without sessions (a truncated file) the `sport` message.
        let main = sessions
            .iter()
            .max_by(|a, b| {
                let key = |s: &SessionInfo| s.timer_s.or(s.elapsed_s).unwrap_or(0.0);
                key(a).total_cmp(&key(b))
            })
            .map(|s| (s.sport, s.sub_sport))
            .or(sport_msg);
        let (sport, sub_sport) = main.unwrap_or((None, None));
        if !opts.raw && seen.cadence {
            double_foot_cadence(&mut points, &sessions, sport, seen.stance);
        }
        // Each later file of a chain that holds points starts a segment.
        let mut segment_starts: Vec<usize> = file_starts
            .into_iter()
            .filter(|&i| i > 0 && i < points.len())
            .collect();
        segment_starts.dedup();
        let device = device_name(manufacturer, product, product_name);
        let (altitude_source, altitude_source_from_temperature) = if seen.altitude {
            crate::io::device::altitude_source_of(
                device.as_deref(),
                seen.temperature_records,
                seen.records,
            )
        } else {
            (AltitudeSource::Unknown, false)
        };
        let meta = TrackMeta {
            format: Some(Format::Fit),
            device,
            sport: sport.map(|v| enum_name(names::SPORT, v)),
            sub_sport: sub_sport.map(|v| enum_name(names::SUB_SPORT, v)),
            altitude_source,
            altitude_source_from_temperature,
            utc_offset_s,
            ..TrackMeta::default()
        };
        let first_time_s = points.iter().find_map(|p| p.time_s);
        let legs = legs_from(&sessions);
        Ok(Track {
            points,
            pauses: pauses_from(&timer_events),
            segment_starts,
            laps: laps_from(&laps, first_time_s),
            meta,
            warnings,
            legs,
            ..Track::default()
        })
    }
}

pub(super) fn enum_name(table: &[(u16, &'static str)], v: u16) -> String {
    names::lookup(table, v).map_or_else(|| v.to_string(), str::to_owned)
}

/// "garmin fenix2", "garmin 9999", "wahoo_fitness 31", "strava": the manufacturer and the
/// product name (file_id `product_name`, else the Garmin product table, else the number).
fn device_name(
    manufacturer: Option<u16>,
    product: Option<u16>,
    product_name: Option<String>,
) -> Option<String> {
    // Garmin, Dynastream and Dynastream OEM share the Garmin product ids.
    let garmin = matches!(manufacturer, Some(1 | 13 | 15));
    let product = product_name.or_else(|| {
        let p = product?;
        Some(
            match names::lookup(names::GARMIN_PRODUCT, p).filter(|_| garmin) {
                Some(name) => name.to_owned(),
                None => p.to_string(),
            },
        )
    });
    match (
        manufacturer.map(|m| enum_name(names::MANUFACTURER, m)),
        product,
    ) {
        (Some(m), Some(p)) => Some(format!("{m} {p}")),
        (Some(m), None) => Some(m),
        (None, Some(p)) => Some(p),
        (None, None) => None,
    }
}

/// Pauses from timer stop/start events: a stop opens one, the next start closes it.
fn pauses_from(events: &[(f64, bool)]) -> Vec<Pause> {
    let mut out = Vec::new();
    let mut open: Option<f64> = None;
    for &(t, stop) in events {
        match (stop, open) {
            (true, None) => open = Some(t),
            (false, Some(start)) => {
                if t > start {
                    out.push(Pause {
                        start_s: start,
                        end_s: t,
                    });
                }
                open = None;
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    out
}

/// Laps in the Track's terms. A lap with only an end time starts where the previous lap
/// ended (the first at `first_time_s`, the first record's time).
fn laps_from(laps: &[LapInfo], first_time_s: Option<f64>) -> Vec<Lap> {
    let mut prev_end = first_time_s;
    laps.iter()
        .filter_map(|l| {
            let (start_s, end_s) = match (l.start_s, l.end_s, l.elapsed_s) {
                // Some writers (FR965 firmware) stamp every lap with the activity start:
                // then the lap ends after its elapsed time.
                (Some(s), Some(e), Some(d)) if e <= s => (s, s + d),
                (Some(s), Some(e), _) => (s, e),
                (Some(s), None, Some(d)) => (s, s + d),
                (None, Some(e), Some(d)) => (e - d, e),
                (None, Some(e), None) => (prev_end.filter(|&s| s <= e).unwrap_or(e), e),
                _ => return None,
            };
            prev_end = Some(end_s);
            Some(Lap {
                start_s,
                end_s,
                intensity: l.intensity.map(|i| enum_name(names::INTENSITY, i)),
                distance_m: l.distance_m,
            })
        })
        .collect()
}
