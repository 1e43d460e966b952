//! GPX 1.0 and 1.1 files, read with a streaming quick-xml reader (see [`super::xml`]).
//!
//! Reads every `trk` and every `trkseg` (each segment after the first starts a new segment
//! of the track), `lat`/`lon`, `ele`, `time`, and heart rate / cadence from the Garmin
//! TrackPointExtension (`gpxtpx:hr`, `gpxtpx:cad`) and the common `heartrate` / `cadence` /
//! `hr` / `cad` extensions in any namespace (matched by local name, so undeclared prefixes
//! do not matter). Routes (`rte`/`rtept`) are the fallback when a file has no track
//! (course files); waypoints are ignored. Running cadence written as strides per minute
//! (median below 120) is doubled to steps per minute.
//!
//! The track is raw: [`crate::clean::clean`] repairs it afterwards.

use std::path::Path;

use super::xml::{Damage, Ev, XmlStream, double_if_strides, parse_f64, parse_time};
use crate::error::Result;
use crate::track::{Format, Track, TrackPoint};

#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Ele,
    Time,
    Hr,
    Cad,
    /// Air temperature (`gpxtpx:atemp`): counted, not kept (see `device::altitude_source_of`).
    Temp,
    Name,
    Type,
}

/// Read a GPX file into a raw (uncleaned) track.
pub fn read(bytes: &[u8], path: &Path) -> Result<Track> {
    let mut track = Track::default();
    track.meta.format = Some(Format::Gpx);
    let mut route = Track::default();

    let doc = super::charset::Decoded::new(bytes);
    let mut xml = XmlStream::new(&doc);
    let mut in_trk = false;
    let mut in_rte = false;
    let mut in_wpt = false;
    let mut in_metadata = 0usize;
    let mut point: Option<TrackPoint> = None;
    let mut point_is_route = false;
    let mut field = Field::None;
    let mut text = String::new();
    let mut name: Option<String> = None;
    let mut sport: Option<String> = None;
    let mut damage: Option<Damage> = None;
    // Points that carry air temperature, and whether the open one does.
    let mut temperature_points = 0usize;
    let mut point_has_temperature = false;

    loop {
        let ev = match xml.next_event() {
            Ok(ev) => ev,
            Err(d) => {
                damage = Some(d);
                break;
            }
        };
        match ev {
            Ev::Eof => break,
            Ev::Start { local, empty } => match local {
                "gpx" => {
                    if let Some(c) = xml.attr("creator") {
                        let c = c.trim();
                        if !c.is_empty() {
                            track.meta.device = Some(c.to_owned());
                        }
                    }
                }
                "metadata" if !empty => in_metadata += 1,
                "trk" => {
                    in_trk = !empty;
                    new_segment(&mut track);
                }
                "trkseg" => new_segment(&mut track),
                "rte" => {
                    in_rte = !empty;
                    new_segment(&mut route);
                }
                "wpt" => in_wpt = !empty,
                "trkpt" | "rtept" if !in_wpt => {
                    let p = TrackPoint {
                        lat_deg: xml.attr_f64("lat"),
                        lon_deg: xml.attr_f64("lon"),
                        ..TrackPoint::default()
                    };
                    let is_route = local == "rtept";
                    if empty {
                        if is_route {
                            route.points.push(p);
                        } else {
                            track.points.push(p);
                        }
                    } else {
                        point = Some(p);
                        point_is_route = is_route;
                    }
                }
                _ if empty => {}
                _ if point.is_some() => {
                    field = match local {
                        "ele" => Field::Ele,
                        "time" => Field::Time,
                        "hr" | "heartrate" | "heartRate" => Field::Hr,
                        "cad" | "cadence" => Field::Cad,
                        "atemp" => Field::Temp,
                        _ => Field::None,
                    };
                    text.clear();
                }
                "name" if !in_wpt && (in_metadata > 0 || in_trk || in_rte) => {
                    field = Field::Name;
                    text.clear();
                }
                "type" if !in_wpt && (in_trk || in_rte) => {
                    field = Field::Type;
                    text.clear();
                }
                _ => field = Field::None,
            },
            Ev::Text(t) => {
                if field != Field::None {
                    text.push_str(t);
                }
            }
            Ev::End { local } => {
                if field != Field::None {
                    finish_field(
                        field,
                        &text,
                        point.as_mut(),
                        &mut name,
                        &mut sport,
                        in_metadata > 0,
                    );
                    if field == Field::Temp && point.is_some() && parse_f64(&text).is_some() {
                        point_has_temperature = true;
                    }
                    if field == Field::Time && track.meta.utc_offset_s.is_none() {
                        track.meta.utc_offset_s = super::xml::time_offset_s(&text);
                    }
                    field = Field::None;
                }
                match local {
                    "trkpt" | "rtept" => {
                        temperature_points +=
                            usize::from(std::mem::take(&mut point_has_temperature));
                        if let Some(p) = point.take() {
                            if point_is_route {
                                route.points.push(p);
                            } else {
                                track.points.push(p);
                            }
                        }
                    }
                    "trk" => in_trk = false,
                    "rte" => in_rte = false,
                    "wpt" => in_wpt = false,
                    "metadata" => in_metadata = in_metadata.saturating_sub(1),
                    _ => {}
                }
            }
        }
    }

    if track.points.is_empty() {
        track.points = std::mem::take(&mut route.points);
        track.segment_starts = std::mem::take(&mut route.segment_starts);
    }
    finish(&mut track, name, sport, temperature_points);
    track.warnings.extend(doc.warnings.iter().cloned());
    super::xml::conclude(track, damage, path, "GPX")
}

/// Start a new segment at the next point, unless the track is still empty or the segment
/// already starts there.
fn new_segment(track: &mut Track) {
    let n = track.points.len();
    if n > 0 && track.segment_starts.last() != Some(&n) {
        track.segment_starts.push(n);
    }
}

fn finish_field(
    field: Field,
    text: &str,
    point: Option<&mut TrackPoint>,
    name: &mut Option<String>,
    sport: &mut Option<String>,
    in_metadata: bool,
) {
    match (field, point) {
        (Field::Ele, Some(p)) => p.altitude_m = parse_f64(text),
        (Field::Time, Some(p)) => p.time_s = parse_time(text),
        // Two heart rates in one point (Amazfit): keep the first.
        (Field::Hr, Some(p)) if p.heart_rate_bpm.is_none() => p.heart_rate_bpm = parse_f64(text),
        (Field::Cad, Some(p)) if p.cadence_spm.is_none() => p.cadence_spm = parse_f64(text),
        (Field::Name, None) => {
            let t = text.trim();
            // The metadata name wins over a track name; the first track name otherwise.
            if !t.is_empty() && (name.is_none() || in_metadata) {
                *name = Some(t.to_owned());
            }
        }
        (Field::Type, None) => {
            let t = text.trim();
            if !t.is_empty() && sport.is_none() {
                *sport = Some(t.to_owned());
            }
        }
        _ => {}
    }
}

/// Normalize a GPX `<type>` to the lower-case sport names FIT uses.
pub fn sport_name(raw: &str) -> String {
    let s = raw.trim().to_lowercase();
    match s.as_str() {
        // Strava writes its activity type numbers (9 = run).
        "9" | "run" | "running" => "running".into(),
        "1" | "ride" | "biking" | "cycling" => "cycling".into(),
        "11" | "walk" | "walking" => "walking".into(),
        "4" | "hike" | "hiking" => "hiking".into(),
        _ => s,
    }
}

fn finish(
    track: &mut Track,
    name: Option<String>,
    sport: Option<String>,
    temperature_points: usize,
) {
    track.meta.name = name;
    track.meta.sport = sport.map(|s| sport_name(&s));
    let mut cad: Vec<Option<f64>> = track.points.iter().map(|p| p.cadence_spm).collect();
    if double_if_strides(&mut cad) {
        for (p, c) in track.points.iter_mut().zip(cad) {
            p.cadence_spm = c;
        }
    }
    if track.has_altitude() {
        (
            track.meta.altitude_source,
            track.meta.altitude_source_from_temperature,
        ) = super::device::altitude_source_of(
            track.meta.device.as_deref(),
            temperature_points,
            track.points.len(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::track::AltitudeSource;

    fn read_str(s: &str) -> Result<Track> {
        read(s.as_bytes(), Path::new("t.gpx"))
    }

    #[test]
    fn segments_extensions_and_metadata() {
        let t = read_str(
            r#"<gpx creator="Polar Vantage V" version="1.1"><trk><name>Hill &amp; reps</name><type>9</type>
            <trkseg><trkpt lat="1" lon="2"><ele>10</ele><time>2024-01-01T00:00:00Z</time>
            <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr><gpxtpx:hr>99</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>
            <trkpt lat="1.1" lon="2.1"/></trkseg><trkseg><trkpt lat="1.2" lon="2.2"><gpxdata:cadence>90</gpxdata:cadence></trkpt></trkseg></trk>
            <wpt lat="5" lon="5"><ele>1</ele></wpt></gpx>"#,
        )
        .unwrap();
        assert_eq!(t.points.len(), 3);
        assert_eq!(t.segment_starts, vec![2]);
        assert_eq!(t.points[0].heart_rate_bpm, Some(120.0));
        assert_eq!(t.points[0].cadence_spm, Some(170.0));
        assert_eq!(t.points[2].cadence_spm, Some(180.0));
        assert_eq!(t.points[0].time_s, Some(1_704_067_200.0));
        assert_eq!(t.meta.name.as_deref(), Some("Hill & reps"));
        assert_eq!(t.meta.sport.as_deref(), Some("running"));
        assert_eq!(t.meta.device.as_deref(), Some("Polar Vantage V"));
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn air_temperature_in_the_points_is_the_prior_for_a_barometer() {
        let point = |temp: &str| {
            format!(
                r#"<trkpt lat="1" lon="2"><ele>10</ele><extensions><ns3:TrackPointExtension>{temp}<ns3:hr>120</ns3:hr></ns3:TrackPointExtension></extensions></trkpt>"#
            )
        };
        let gpx = |temps: &[&str]| {
            let pts: String = temps.iter().map(|t| point(t)).collect();
            format!(r#"<gpx creator="Garmin Connect"><trk><trkseg>{pts}</trkseg></trk></gpx>"#)
        };
        let warm = "<ns3:atemp>30.0</ns3:atemp>";
        let t = read_str(&gpx(&[warm, warm, warm])).unwrap();
        assert_eq!(t.meta.altitude_source, AltitudeSource::Barometric);
        assert!(t.meta.altitude_source_from_temperature);
        // One point in three, or an empty reading, is not a temperature channel.
        let t = read_str(&gpx(&[warm, "", "<ns3:atemp></ns3:atemp>"])).unwrap();
        assert_eq!(t.meta.altitude_source, AltitudeSource::Unknown);
        assert!(!t.meta.altitude_source_from_temperature);
        assert_eq!(t.points[0].heart_rate_bpm, Some(120.0));
    }

    #[test]
    fn routes_are_the_fallback() {
        let t = read_str(
            r#"<gpx><rte><rtept lat="1" lon="2"/><rtept lat="1" lon="3"></rtept></rte></gpx>"#,
        )
        .unwrap();
        assert_eq!(t.points.len(), 2);
        assert!(matches!(
            read_str(r#"<gpx><wpt lat="1" lon="2"/></gpx>"#),
            Err(Error::NoPoints { .. })
        ));
    }

    #[test]
    fn truncated_file_keeps_its_points_with_a_warning() {
        let t = read_str(r#"<gpx><trk><trkseg><trkpt lat="1" lon="2"></trkpt><trkpt lat="1" lo"#)
            .unwrap();
        assert_eq!(t.points.len(), 1);
        assert!(
            t.warnings[0].starts_with("XML ends early at byte"),
            "{:?}",
            t.warnings
        );
        let e = read_str(r#"<gpx><trk><trkseg><trkpt lat="1" lo"#).unwrap_err();
        assert!(e.to_string().contains("t.gpx"), "{e}");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut s = String::from("<gpx>");
        for _ in 0..200_000 {
            s.push_str("<a>");
        }
        assert!(read_str(&s).is_err());
    }
}
