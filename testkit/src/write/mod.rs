//! Writers of a [`Track`] to GPX 1.1, TCX and FIT: the inverse of `downhill::io`, used to
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

mod fit;

use std::fmt::Write as _;

use downhill::track::{Track, TrackPoint, rfc3339};

pub use fit::{FIT_EPOCH_OFFSET_S, fit_crc, to_fit};

/// `text` as UTF-16 with its byte order mark (big- or little-endian), as some exporters
/// write XML.
pub fn utf16_with_bom(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// `bytes` as one gzip member at compression `level` (0-9, flate2's levels), as Strava
/// exports store activities (`.fit.gz`, `.gpx.gz`, `.tcx.gz`).
pub fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(bytes).expect("writing to memory cannot fail");
    e.finish().expect("writing to memory cannot fail")
}

/// The track as GPX 1.1 text.
pub fn to_gpx(track: &Track) -> String {
    let mut o = String::with_capacity(track.points.len() * 200 + 512);
    o.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    o.push('\n');
    let _ = writeln!(
        o,
        r#"<gpx version="1.1" creator="{}" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">"#,
        downhill::report::xml_escape(track.meta.device.as_deref().unwrap_or("downhill"))
    );
    if let Some(t) = track.start_time_s() {
        let _ = writeln!(o, "  <metadata><time>{}</time></metadata>", rfc3339(t));
    }
    o.push_str("  <trk>\n");
    if let Some(name) = &track.meta.name {
        let _ = writeln!(o, "    <name>{}</name>", downhill::report::xml_escape(name));
    }
    if let Some(sport) = &track.meta.sport {
        let _ = writeln!(
            o,
            "    <type>{}</type>",
            downhill::report::xml_escape(sport)
        );
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
        let _ = writeln!(
            o,
            "    <Notes>{}</Notes>",
            downhill::report::xml_escape(name)
        );
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
pub(crate) fn segments(track: &Track) -> Vec<(usize, usize)> {
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

pub(crate) fn total_distance_m(track: &Track) -> f64 {
    let first = track.points.iter().find_map(|p| p.distance_m);
    let last = track.points.iter().rev().find_map(|p| p.distance_m);
    match (first, last) {
        (Some(a), Some(b)) => b - a,
        _ => 0.0,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use downhill::track::{Pause, TrackMeta};

    /// Two minutes at 1 Hz running down a 10 % slope, with one pause.
    pub(crate) fn track() -> Track {
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
