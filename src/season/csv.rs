//! Strava's `activities.csv` (RFC 4180 quoting): activity names, types and dates, keyed by
//! the file name inside the export.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

/// One row of Strava's `activities.csv`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CsvActivity {
    pub id: Option<String>,
    /// Start as Strava writes it (UTC), seconds since the epoch.
    pub start_s: Option<f64>,
    pub name: Option<String>,
    /// `Run`, `Trail Run`, `Ride`, `Swim`, ...
    pub activity_type: Option<String>,
}

/// Parse `activities.csv` (RFC 4180 quoting, header row naming the columns). Rows without a
/// `Filename` are ignored. Keyed by the file name as written (`activities/123.fit.gz`).
pub fn parse_activities_csv(text: &str) -> HashMap<String, CsvActivity> {
    let mut rows = csv_records(text.trim_start_matches('\u{feff}'));
    let mut out = HashMap::new();
    let Some(header) = rows.next() else {
        return out;
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(c_file), c_id, c_date, c_name, c_type) = (
        col("Filename"),
        col("Activity ID"),
        col("Activity Date"),
        col("Activity Name"),
        col("Activity Type"),
    ) else {
        return out;
    };
    let get = |row: &Vec<String>, c: Option<usize>| {
        c.and_then(|c| row.get(c))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    for row in rows {
        let Some(file) = get(&row, Some(c_file)) else {
            continue;
        };
        out.insert(
            file,
            CsvActivity {
                id: get(&row, c_id),
                start_s: get(&row, c_date).and_then(|d| parse_strava_date(&d)),
                name: get(&row, c_name),
                activity_type: get(&row, c_type),
            },
        );
    }
    out
}

/// Records of a CSV text, fields unquoted.
fn csv_records(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    let mut chars = text.chars().peekable();
    std::iter::from_fn(move || {
        chars.peek()?;
        let mut row = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') if field.is_empty() => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => {}
                (false, '\n') => break,
                (false, c) => field.push(c),
            }
        }
        row.push(field);
        Some(row)
    })
}

/// Strava's `Activity Date` (`Jan 5, 2025, 7:12:33 AM`, UTC) or an ISO date-time.
pub fn parse_strava_date(s: &str) -> Option<f64> {
    const FORMATS: [&str; 4] = [
        "%b %d, %Y, %I:%M:%S %p",
        "%b %d, %Y %I:%M:%S %p",
        "%Y-%m-%dT%H:%M:%SZ",
        "%Y-%m-%d %H:%M:%S",
    ];
    for f in FORMATS {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp() as f64);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quoted_commas_maps_files_to_names_and_types() {
        let csv = "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n\
                   1,\"Jan 5, 2025, 7:12:33 AM\",\"Hills, 8x100\",Run,activities/1.fit.gz\n\
                   2,\"Jan 6, 2025, 9:00:00 PM\",\"Say \"\"hi\"\"\",Ride,activities/2.gpx\n\
                   3,\"Jan 7, 2025, 9:00:00 PM\",Manual,Run,\n";
        let m = parse_activities_csv(csv);
        assert_eq!(m.len(), 2);
        let a = &m["activities/1.fit.gz"];
        assert_eq!(a.name.as_deref(), Some("Hills, 8x100"));
        assert_eq!(a.activity_type.as_deref(), Some("Run"));
        assert_eq!(a.start_s, Some(1_736_061_153.0)); // 2025-01-05T07:12:33Z
        assert_eq!(m["activities/2.gpx"].name.as_deref(), Some("Say \"hi\""));
        assert_eq!(m["activities/2.gpx"].start_s, Some(1_736_197_200.0));
    }
}
