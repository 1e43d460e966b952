//! Local time: the offset from UTC a session's times are shown in.
//!
//! Times stay UTC seconds everywhere in the model (`time_s`) and in JSON; the report carries
//! the offset its session is shown in, chosen once per session by [`offset_for`], and the
//! renderers add it. A session's offset is the one in effect at its start, so a run across
//! a daylight-saving change keeps one clock.

use chrono::{DateTime, FixedOffset, Offset, TimeZone};
use serde::Serialize;

/// Which clock a session is shown in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ZoneChoice {
    /// The recording's own offset when the file has one (a FIT activity's local time),
    /// else this zone (the system's: the command line resolves it).
    FileElse(chrono_tz::Tz),
    /// This zone, whatever the file says (`--tz`).
    Forced(chrono_tz::Tz),
}

impl Default for ZoneChoice {
    /// UTC unless the file says otherwise: what a library caller gets without asking.
    fn default() -> Self {
        ZoneChoice::FileElse(chrono_tz::UTC)
    }
}

/// Where a session's offset came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OffsetFrom {
    /// The recording's own offset.
    File,
    /// The system's time zone (no offset in the file).
    #[default]
    System,
    /// `--tz`.
    Option,
}

/// The offset a session starting at `start_s` is shown in (s, local = UTC + offset).
pub fn offset_for(
    choice: ZoneChoice,
    file_offset_s: Option<i32>,
    start_s: Option<f64>,
) -> (i32, OffsetFrom) {
    let zone_at = |tz: chrono_tz::Tz| {
        let t = start_s.filter(|t| t.is_finite()).unwrap_or(0.0);
        tz.timestamp_opt(t.floor() as i64, 0)
            .single()
            .map_or(0, |d| d.offset().fix().local_minus_utc())
    };
    match choice {
        ZoneChoice::Forced(tz) => (zone_at(tz), OffsetFrom::Option),
        ZoneChoice::FileElse(tz) => match file_offset_s {
            Some(o) => (o, OffsetFrom::File),
            None => (zone_at(tz), OffsetFrom::System),
        },
    }
}

/// `time_s` (UTC seconds) on the clock of `offset_s`, to the nearest second.
pub fn local(time_s: f64, offset_s: i32) -> Option<DateTime<FixedOffset>> {
    let off = FixedOffset::east_opt(offset_s)?;
    let t = crate::track::to_datetime(time_s.round())?;
    Some(t.with_timezone(&off))
}

/// `+01:00`, `-05:30`, `+00:00`.
pub fn offset_label(offset_s: i32) -> String {
    let sign = if offset_s < 0 { '-' } else { '+' };
    let m = offset_s.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A zone named on the command line or in `TZ`: an IANA name (`Europe/Paris`), `UTC`, or
/// a fixed offset (`+02:00`, `-0530`) as the `Etc/GMT` zone of that offset when it is
/// whole hours.
pub fn parse_zone(name: &str) -> Option<chrono_tz::Tz> {
    let name = name.trim().trim_start_matches(':');
    if let Ok(tz) = name.parse::<chrono_tz::Tz>() {
        return Some(tz);
    }
    if name.eq_ignore_ascii_case("utc") || name.eq_ignore_ascii_case("z") {
        return Some(chrono_tz::UTC);
    }
    // "+02:00" / "+0200" / "+2": Etc/GMT-2 (POSIX signs are inverted in those names).
    let (sign, rest) = match name.as_bytes().first()? {
        b'+' => (1, &name[1..]),
        b'-' => (-1, &name[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    if m != 0 || h > 14 {
        return None;
    }
    let etc = if h == 0 {
        "Etc/GMT".to_string()
    } else {
        format!("Etc/GMT{}{h}", if sign > 0 { '-' } else { '+' })
    };
    etc.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2024-07-01T12:00:00Z (summer) and 2024-01-15T12:00:00Z (winter).
    const SUMMER: f64 = 1_719_835_200.0;
    const WINTER: f64 = 1_705_320_000.0;

    #[test]
    fn a_zone_gives_the_offset_in_effect_at_the_start() {
        let paris = parse_zone("Europe/Paris").unwrap();
        let c = ZoneChoice::FileElse(paris);
        assert_eq!(
            offset_for(c, None, Some(SUMMER)),
            (7200, OffsetFrom::System)
        );
        assert_eq!(
            offset_for(c, None, Some(WINTER)),
            (3600, OffsetFrom::System)
        );
        // The file's own offset wins over the system zone, not over --tz.
        assert_eq!(
            offset_for(c, Some(-18000), Some(SUMMER)),
            (-18000, OffsetFrom::File)
        );
        let forced = ZoneChoice::Forced(paris);
        assert_eq!(
            offset_for(forced, Some(-18000), Some(SUMMER)),
            (7200, OffsetFrom::Option)
        );
    }

    #[test]
    fn local_time_adds_the_offset_and_labels_it() {
        let t = local(SUMMER, 7200).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-07-01T14:00:00+02:00");
        assert_eq!(offset_label(-19800), "-05:30");
        assert_eq!(offset_label(0), "+00:00");
    }

    #[test]
    fn zones_parse_from_names_and_fixed_offsets() {
        assert_eq!(parse_zone("UTC"), Some(chrono_tz::UTC));
        let plus2 = parse_zone("+02:00").unwrap();
        assert_eq!(
            offset_for(ZoneChoice::Forced(plus2), None, Some(WINTER)).0,
            7200
        );
        let minus5 = parse_zone("-5").unwrap();
        assert_eq!(
            offset_for(ZoneChoice::Forced(minus5), None, Some(SUMMER)).0,
            -18000
        );
        assert_eq!(parse_zone("Mars/Olympus"), None);
        assert_eq!(parse_zone("+25:00"), None);
    }
}
