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
}
