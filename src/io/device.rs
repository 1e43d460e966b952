//! Which altitude source a device or creator implies.
//!
//! Barometric watches give fine-grained altitude that is trusted for short descents; GPS
//! altitude (phones, watches without a barometer, most phone-app GPX) wanders by metres over
//! minutes. The tables below list device families by name; what is not listed stays
//! [`AltitudeSource::Unknown`], which the analysis treats as cautiously as GPS. Users correct
//! a wrong guess with `--altitude`.
//!
//! Sources: manufacturers' spec sheets (barometric altimeter yes/no) for the families named.

use crate::track::AltitudeSource;

/// Device or creator name fragments (lower case) of devices with a barometric altimeter.
const BAROMETRIC: &[&str] = &[
    "fenix",
    "fēnix",
    "epix",
    "enduro",
    "instinct",
    "tactix",
    "quatix",
    "descent",
    "marq",
    "fr910",
    "forerunner 910",
    "fr935",
    "forerunner 935",
    "fr945",
    "forerunner 945",
    "fr955",
    "forerunner 955",
    "fr965",
    "forerunner 965",
    "fr970",
    "forerunner 970",
    "fr745",
    "forerunner 745",
    "fr645",
    "forerunner 645",
    "fr265",
    "forerunner 265",
    "fr255",
    "forerunner 255",
    "vivoactive 3",
    "vivoactive 4",
    "vivoactive 5",
    "venu",
    "edge",
    "oregon",
    "gpsmap",
    "montana",
    "etrex 3",
    "baro",
    "ambit",
    "spartan",
    "suunto 9 baro",
    "suunto 5 peak",
    "suunto 9 peak",
    "suunto race",
    "suunto vertical",
    "coros",
    "polar vantage v",
    "polar grit",
    "polar v800",
    "polar pacer pro",
    "movescount",
    "apple watch",
    "workoutdoors",
    "healthfit",
];

/// Fragments of devices and apps known to record GPS altitude.
const GPS: &[&str] = &[
    "fr10",
    "forerunner 10",
    "fr15",
    "forerunner 15",
    "fr205",
    "fr210",
    "fr220",
    "fr225",
    "fr230",
    "fr235",
    "fr245",
    "fr305",
    "fr310",
    "fr405",
    "fr410",
    "fr610",
    "fr620",
    "fr630",
    "fr735",
    "forerunner 2",
    "forerunner 3",
    "forerunner 4",
    "forerunner 6",
    "forerunner 7",
    "etrex",
    "garmin explore",
    "strava android",
    "strava iphone",
    "runkeeper",
    "nike",
    "gps master",
    "mytrails",
    "sports tracker",
    "endomondo",
    "runtastic",
    "polar m4",
    "polar vantage m",
    "amazfit",
    "huami",
    "suunto 9",
    "suunto ambit3 sport",
    "tomtom",
];

/// The altitude source implied by a device or creator name, e.g. `garmin fenix8` or
/// `Movescount - http://www.movescount.com`.
pub fn altitude_source_for(name: &str) -> AltitudeSource {
    let n = name.to_lowercase();
    // More specific GPS-only names are checked where they would shadow a barometric family
    // ("suunto 9" vs "suunto 9 baro", "forerunner 2xx" vs "forerunner 265").
    let baro = BAROMETRIC.iter().any(|b| n.contains(b));
    let gps = GPS.iter().any(|g| n.contains(g));
    match (baro, gps) {
        (true, false) => AltitudeSource::Barometric,
        (false, true) => AltitudeSource::Gps,
        (true, true) => {
            // Both matched: the longer fragment is the more specific one.
            let longest = |list: &[&str]| {
                list.iter()
                    .filter(|f| n.contains(*f))
                    .map(|f| f.len())
                    .max()
                    .unwrap_or(0)
            };
            if longest(BAROMETRIC) >= longest(GPS) {
                AltitudeSource::Barometric
            } else {
                AltitudeSource::Gps
            }
        }
        (false, false) => AltitudeSource::Unknown,
    }
}

/// Share of points carrying air temperature above which an unnamed device counts as
/// barometric. A barometric altimeter's pressure sensor measures temperature to
/// compensate, and running watches record air temperature only from it: of the 27 FIT
/// files of `../shared/realdata`, the 13 with temperature in (nearly) every record are all
/// from barometric devices (fenix 2/3/8, Edge, FR645M/945/955, Suunto 9 Baro, Ambit3
/// Peak), and no GPS-only device (FR225, FR630, FR735XT, Suunto 9, TomTom) records it. An
/// external temperature pod (Garmin tempe) on a GPS-only watch would fool it, so it is a
/// prior only: a known device name wins, and the samples still overrule it (`altitude`).
/// The Ambit3 Peak writes temperature in every other record, hence a half.
const TEMPERATURE_SHARE_FOR_BAROMETER: f64 = 0.45;

/// The altitude source implied by the device name, or, where the name says nothing, by the
/// share of `temperature_points` among `points`: with the second value true when the
/// temperature decided.
pub fn altitude_source_of(
    device: Option<&str>,
    temperature_points: usize,
    points: usize,
) -> (AltitudeSource, bool) {
    match device.map(altitude_source_for) {
        Some(s) if s != AltitudeSource::Unknown => (s, false),
        _ if points > 0
            && temperature_points as f64 >= TEMPERATURE_SHARE_FOR_BAROMETER * points as f64 =>
        {
            (AltitudeSource::Barometric, true)
        }
        _ => (AltitudeSource::Unknown, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_devices_map_to_their_altimeter() {
        assert_eq!(
            altitude_source_for("garmin fenix8"),
            AltitudeSource::Barometric
        );
        assert_eq!(
            altitude_source_for("suunto Suunto 9 Baro"),
            AltitudeSource::Barometric
        );
        assert_eq!(altitude_source_for("suunto Suunto 9"), AltitudeSource::Gps);
        assert_eq!(altitude_source_for("garmin fr225"), AltitudeSource::Gps);
        assert_eq!(
            altitude_source_for("garmin fr265"),
            AltitudeSource::Barometric
        );
        assert_eq!(altitude_source_for("Forerunner 410"), AltitudeSource::Gps);
        assert_eq!(
            altitude_source_for("Polar Vantage V"),
            AltitudeSource::Barometric
        );
        assert_eq!(altitude_source_for("StravaGPX"), AltitudeSource::Unknown);
    }

    #[test]
    fn air_temperature_names_a_barometer_only_where_the_device_name_says_nothing() {
        use AltitudeSource::*;
        // A named device wins, whatever the temperature (a tempe pod on a GPS-only watch).
        assert_eq!(
            altitude_source_of(Some("garmin fr735xt"), 100, 100),
            (Gps, false)
        );
        assert_eq!(
            altitude_source_of(Some("garmin fenix8"), 0, 100),
            (Barometric, false)
        );
        // An unnamed one: temperature in (nearly) every point, or every other (Ambit3 Peak).
        assert_eq!(
            altitude_source_of(Some("Garmin Connect"), 100, 100),
            (Barometric, true)
        );
        assert_eq!(altitude_source_of(None, 50, 100), (Barometric, true));
        assert_eq!(altitude_source_of(None, 10, 100), (Unknown, false));
        assert_eq!(altitude_source_of(None, 0, 0), (Unknown, false));
    }
}
