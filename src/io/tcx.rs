//! TCX (Garmin Training Center) files, read with a streaming quick-xml reader (see
//! [`super::xml`]).
//!
//! Reads every `Activity` (several in one file are all read; `Sport` gives the sport), every
//! `Lap` (`StartTime`, `TotalTimeSeconds`, `DistanceMeters`, `Intensity`), every `Track`
//! (each after the first starts a new segment) and every `Trackpoint`: `Time`,
//! `Position/LatitudeDegrees|LongitudeDegrees`, `AltitudeMeters`, `DistanceMeters`,
//! `HeartRateBpm/Value`, `Cadence`, and the ActivityExtension `TPX` `RunCadence`
//! (strides/min, doubled) and `Speed`. `Creator/Name` and its version name the device.
//! `Courses/Course/Track` is the fallback when there is no activity. Elements are matched by
//! local name, so a file that lost its namespace declarations is still read.
//!
//! The track is raw: [`crate::clean::clean`] repairs it afterwards.

use std::path::Path;

use super::xml::{Damage, Ev, XmlStream, double_if_strides, parse_f64, parse_time};
use crate::error::Result;
use crate::track::{Format, Lap, Track, TrackPoint};

#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Time,
    Lat,
    Lon,
    Alt,
    Dist,
    Hr,
    Cad,
    RunCad,
    Speed,
    LapTotal,
    LapDist,
    LapIntensity,
    CreatorName,
    VersionMajor,
    VersionMinor,
}

#[derive(Default)]
struct LapAcc {
    start_s: Option<f64>,
    total_s: Option<f64>,
    distance_m: Option<f64>,
    intensity: Option<String>,
}

/// Read a TCX file into a raw (uncleaned) track.
pub fn read(bytes: &[u8], path: &Path) -> Result<Track> {
    let mut track = Track::default();
    track.meta.format = Some(Format::Tcx);
    let mut course = Track::default();

    let doc = super::charset::Decoded::new(bytes);
    let mut xml = XmlStream::new(&doc);
    let mut in_course = false;
    let mut in_creator = false;
    let mut in_hr = false;
    let mut lap: Option<LapAcc> = None;
    let mut point: Option<TrackPoint> = None;
    let mut run_cad: Vec<Option<f64>> = Vec::new();
    let mut cur_run_cad: Option<f64> = None;
    let mut field = Field::None;
    let mut text = String::new();
    let mut creator: Option<String> = None;
    let mut version = (None::<String>, None::<String>);
    let mut damage: Option<Damage> = None;
    // The open `Activity`: its sport and its first point; and the activities read.
    let mut activity: Option<(Option<String>, usize)> = None;
    let mut legs: Vec<crate::track::Leg> = Vec::new();
    let mut activity_starts: Vec<(usize, Option<String>)> = Vec::new();

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
            Ev::Start { local, empty } => {
                field = Field::None;
                match local {
                    "Activity" => {
                        activity_starts.push((
                            track.points.len(),
                            xml.attr("Sport")
                                .map(|s| s.trim().to_lowercase())
                                .filter(|s| !s.is_empty()),
                        ));
                        activity = Some((
                            xml.attr("Sport").map(|s| s.trim().to_lowercase()),
                            track.points.len(),
                        ));
                        if track.meta.sport.is_none()
                            && let Some(s) = xml.attr("Sport")
                        {
                            let s = s.trim().to_lowercase();
                            if !s.is_empty() {
                                track.meta.sport = Some(s);
                            }
                        }
                    }
                    "Course" => in_course = !empty,
                    "Lap" if !in_course && !empty => {
                        lap = Some(LapAcc {
                            start_s: xml.attr("StartTime").and_then(|t| parse_time(&t)),
                            ..LapAcc::default()
                        });
                    }
                    "Track" => {
                        let t = if in_course { &mut course } else { &mut track };
                        let n = t.points.len();
                        if n > 0 && t.segment_starts.last() != Some(&n) {
                            t.segment_starts.push(n);
                        }
                    }
                    "Trackpoint" => {
                        if empty {
                            continue;
                        }
                        point = Some(TrackPoint::default());
                        cur_run_cad = None;
                    }
                    "Creator" if !empty => in_creator = true,
                    "HeartRateBpm" if !empty => in_hr = true,
                    _ if empty => {}
                    _ if point.is_some() => {
                        field = match local {
                            "Time" => Field::Time,
                            "LatitudeDegrees" => Field::Lat,
                            "LongitudeDegrees" => Field::Lon,
                            "AltitudeMeters" => Field::Alt,
                            "DistanceMeters" => Field::Dist,
                            "Value" if in_hr => Field::Hr,
                            "Cadence" => Field::Cad,
                            "RunCadence" => Field::RunCad,
                            "Speed" => Field::Speed,
                            _ => Field::None,
                        }
                    }
                    _ if lap.is_some() => {
                        field = match local {
                            "TotalTimeSeconds" => Field::LapTotal,
                            "DistanceMeters" => Field::LapDist,
                            "Intensity" => Field::LapIntensity,
                            _ => Field::None,
                        }
                    }
                    _ if in_creator => {
                        field = match local {
                            "Name" => Field::CreatorName,
                            "VersionMajor" => Field::VersionMajor,
                            "VersionMinor" => Field::VersionMinor,
                            _ => Field::None,
                        }
                    }
                    _ => {}
                }
                text.clear();
            }
            Ev::Text(t) => {
                if field != Field::None {
                    text.push_str(t);
                }
            }
            Ev::End { local } => {
                if field != Field::None {
                    let v = || parse_f64(&text);
                    match (field, point.as_mut(), lap.as_mut()) {
                        (Field::Time, Some(p), _) => {
                            p.time_s = parse_time(&text);
                            if track.meta.utc_offset_s.is_none() {
                                track.meta.utc_offset_s = super::xml::time_offset_s(&text);
                            }
                        }
                        (Field::Lat, Some(p), _) => p.lat_deg = v(),
                        (Field::Lon, Some(p), _) => p.lon_deg = v(),
                        (Field::Alt, Some(p), _) => p.altitude_m = v(),
                        (Field::Dist, Some(p), _) => p.distance_m = v(),
                        (Field::Hr, Some(p), _) if p.heart_rate_bpm.is_none() => {
                            p.heart_rate_bpm = v()
                        }
                        (Field::Cad, Some(p), _) => p.cadence_spm = v(),
                        (Field::RunCad, Some(_), _) => cur_run_cad = v(),
                        (Field::Speed, Some(p), _) => p.speed_mps = v(),
                        (Field::LapTotal, _, Some(l)) => l.total_s = v(),
                        (Field::LapDist, _, Some(l)) => l.distance_m = v(),
                        (Field::LapIntensity, _, Some(l)) => {
                            let s = text.trim().to_lowercase();
                            l.intensity = (!s.is_empty()).then_some(s);
                        }
                        (Field::CreatorName, _, _) if creator.is_none() => {
                            let s = text.trim();
                            creator = (!s.is_empty()).then(|| s.to_owned());
                        }
                        (Field::VersionMajor, _, _) if version.0.is_none() => {
                            version.0 = Some(text.trim().to_owned())
                        }
                        (Field::VersionMinor, _, _) if version.1.is_none() => {
                            version.1 = Some(text.trim().to_owned())
                        }
                        _ => {}
                    }
                    field = Field::None;
                }
                match local {
                    "Trackpoint" => {
                        if let Some(p) = point.take() {
                            if in_course {
                                course.points.push(p);
                            } else {
                                track.points.push(p);
                                run_cad.push(cur_run_cad);
                            }
                        }
                    }
                    "Lap" if !in_course => {
                        if let Some(l) = lap.take()
                            && let Some(start_s) = l.start_s
                        {
                            track.laps.push(Lap {
                                start_s,
                                end_s: start_s + l.total_s.unwrap_or(0.0).max(0.0),
                                intensity: l.intensity,
                                distance_m: l.distance_m,
                            });
                        }
                    }
                    "Activity" => {
                        // The activity's span from its own points' times: a leg.
                        if let Some((sport, from)) = activity.take() {
                            let times = || track.points[from..].iter().filter_map(|p| p.time_s);
                            if let (Some(a), Some(b)) =
                                (times().reduce(f64::min), times().reduce(f64::max))
                            {
                                let sport = sport.filter(|s| !s.is_empty());
                                legs.push(crate::track::Leg {
                                    start_s: a,
                                    end_s: b,
                                    sport,
                                });
                            }
                        }
                    }
                    "Course" => in_course = false,
                    "Creator" => in_creator = false,
                    "HeartRateBpm" => in_hr = false,
                    _ => {}
                }
            }
        }
    }

    // RunCadence is strides per minute: double it where the point has no plain cadence.
    for (p, rc) in track.points.iter_mut().zip(&run_cad) {
        if let Some(rc) = rc {
            p.cadence_spm = Some(rc * 2.0);
        }
    }
    if run_cad.iter().all(Option::is_none)
        && track
            .meta
            .sport
            .as_deref()
            .is_some_and(|s| s.contains("run"))
    {
        let mut cad: Vec<Option<f64>> = track.points.iter().map(|p| p.cadence_spm).collect();
        if double_if_strides(&mut cad) {
            for (p, c) in track.points.iter_mut().zip(cad) {
                p.cadence_spm = c;
            }
        }
    }
    // Legs only when the activities differ in sport (one sport: `meta.sport` says it all).
    if legs.windows(2).any(|w| w[0].sport != w[1].sport) {
        legs.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
        track.legs = legs;
    }
    // Several activities: each is a session of its own (their clocks may overlap or run
    // backwards from one to the next; merged, the later ones would be cut as "times going
    // backwards").
    activity_starts.dedup_by_key(|a| a.0);
    activity_starts.retain(|a| a.0 < track.points.len());
    if activity_starts.len() >= 2 {
        track.activities = activity_starts;
    }
    if track.points.is_empty() {
        track.points = std::mem::take(&mut course.points);
        track.segment_starts = std::mem::take(&mut course.segment_starts);
    }
    if let Some(name) = creator {
        let dev = match version {
            (Some(maj), Some(min)) => format!("{name} {maj}.{min:0>2}"),
            (Some(maj), None) => format!("{name} {maj}"),
            _ => name,
        };
        if track.has_altitude() {
            track.meta.altitude_source = super::device::altitude_source_for(&dev);
        }
        track.meta.device = Some(dev);
    }
    track.warnings.extend(doc.warnings.iter().cloned());
    super::xml::conclude(track, damage, path, "TCX")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activities_laps_tracks_and_extensions() {
        let s = r#"<TrainingCenterDatabase><Activities>
        <Activity Sport="Running"><Lap StartTime="2024-01-01T00:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds>
        <DistanceMeters>200</DistanceMeters><AverageHeartRateBpm><Value>150</Value></AverageHeartRateBpm><Intensity>Active</Intensity>
        <Track><Trackpoint><Time>2024-01-01T00:00:00Z</Time><Position><LatitudeDegrees>45</LatitudeDegrees><LongitudeDegrees>7</LongitudeDegrees></Position>
        <AltitudeMeters>100</AltitudeMeters><DistanceMeters>0</DistanceMeters><HeartRateBpm><Value>140</Value></HeartRateBpm>
        <Extensions><ns3:TPX><ns3:Speed>3.5</ns3:Speed><ns3:RunCadence>88</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint></Track>
        <Track><Trackpoint><Time>2024-01-01T00:00:10Z</Time></Trackpoint></Track></Lap>
        <Creator><Name>Forerunner 945</Name><Version><VersionMajor>23</VersionMajor><VersionMinor>2</VersionMinor></Version></Creator></Activity>
        <Activity Sport="Other"><Lap StartTime="2024-01-02T00:00:00Z"><Track><Trackpoint><Time>2024-01-02T00:00:00Z</Time></Trackpoint></Track></Lap></Activity>
        </Activities></TrainingCenterDatabase>"#;
        let t = read(s.as_bytes(), Path::new("a.tcx")).unwrap();
        assert_eq!(t.points.len(), 3);
        assert_eq!(t.segment_starts, vec![1, 2]);
        // Two activities of two sports: two legs, each spanning its own points.
        let legs: Vec<_> = t
            .legs
            .iter()
            .map(|l| (l.start_s, l.end_s, l.sport.as_deref()))
            .collect();
        let day = 1_704_067_200.0;
        assert_eq!(
            legs,
            [
                (day, day + 10.0, Some("running")),
                (day + 86_400.0, day + 86_400.0, Some("other"))
            ]
        );
        let p = t.points[0];
        assert_eq!(
            (p.lat_deg, p.lon_deg, p.altitude_m),
            (Some(45.0), Some(7.0), Some(100.0))
        );
        assert_eq!(p.heart_rate_bpm, Some(140.0));
        assert_eq!(p.cadence_spm, Some(176.0));
        assert_eq!(p.speed_mps, Some(3.5));
        assert_eq!(t.laps.len(), 2);
        assert_eq!(t.laps[0].end_s - t.laps[0].start_s, 60.0);
        assert_eq!(t.laps[0].distance_m, Some(200.0));
        assert_eq!(t.laps[0].intensity.as_deref(), Some("active"));
        assert_eq!(t.meta.sport.as_deref(), Some("running"));
        assert_eq!(t.meta.device.as_deref(), Some("Forerunner 945 23.02"));
    }

    #[test]
    fn no_points_is_an_error_naming_the_file() {
        let e = read(b"<TrainingCenterDatabase/>", Path::new("x.tcx")).unwrap_err();
        assert!(e.to_string().contains("x.tcx"));
    }
}
