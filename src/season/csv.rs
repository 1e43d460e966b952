//! Strava's `activities.csv` (RFC 4180 quoting, read with the `csv` crate): activity names,
//! types and dates, keyed by the file name inside the export.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

/// One row of Strava's `activities.csv`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CsvActivity {
    /// Strava's activity id (column `Activity ID`).
    pub id: Option<String>,
    /// Start as Strava writes it (UTC), seconds since the epoch.
    pub start_s: Option<f64>,
    /// The activity's name (column `Activity Name`).
    pub name: Option<String>,
    /// `Run`, `Trail Run`, `Ride`, `Swim`, ...
    pub activity_type: Option<String>,
}

/// What was read of `activities.csv`: the rows by file name, and what made it (partly)
/// unusable, each a sentence ("is UTF-16: not read"). The activities are analyzed either way:
/// the CSV only adds names, types and dates.
#[derive(Debug, Clone, Default)]
pub struct ActivitiesCsv {
    /// The rows keyed by file name inside the export (`activities/123.fit.gz`).
    pub rows: HashMap<String, CsvActivity>,
    /// What made the file (partly) unusable, each a sentence; empty when all was read.
    pub problems: Vec<String>,
}

/// Parse `activities.csv` with the `csv` crate (RFC 4180 quoting, a header row naming the
/// columns, rows of any length). Rows without a `Filename` are ignored. Keyed by the file
/// name as written (`activities/123.fit.gz`). Text that is not UTF-8 is read lossily;
/// UTF-16, a missing `Filename` column or an unterminated quote are problems.
pub fn parse_activities_csv(bytes: &[u8]) -> ActivitiesCsv {
    let mut out = ActivitiesCsv::default();
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        out.problems
            .push("is UTF-16 (Strava writes UTF-8): not read".into());
        return out;
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // Quotes come in pairs in RFC 4180 (a quoted field opens and closes, an escaped quote is
    // doubled): an odd count leaves a field open to the end of the file.
    if bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
        out.problems.push(
            "has an unterminated quote: the rows from it to the end of the file are not used"
                .into(),
        );
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let text = |f: &[u8]| String::from_utf8_lossy(f).trim().to_string();
    let Some(Ok(header)) = records.next() else {
        out.problems.push("is empty or unreadable: not used".into());
        return out;
    };
    let col = |name: &str| {
        header
            .iter()
            .position(|h| text(h).eq_ignore_ascii_case(name))
    };
    let Some(c_file) = col("Filename") else {
        out.problems
            .push("has no Filename column: names and dates not used".into());
        return out;
    };
    let (c_id, c_date, c_name, c_type) = (
        col("Activity ID"),
        col("Activity Date"),
        col("Activity Name"),
        col("Activity Type"),
    );
    let unterminated = !out.problems.is_empty();
    let mut rows: Vec<csv::ByteRecord> = Vec::new();
    for record in records {
        match record {
            Ok(r) => rows.push(r),
            Err(e) => {
                out.problems
                    .push(format!("unreadable from {}: the rest is not used", e));
                break;
            }
        }
    }
    // The field left open swallowed the rest of the file: drop the row that holds it.
    if unterminated {
        rows.pop();
    }
    for row in rows {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.get(c))
                .map(text)
                .filter(|s| !s.is_empty())
        };
        let Some(file) = get(Some(c_file)) else {
            continue;
        };
        out.rows.insert(
            file,
            CsvActivity {
                id: get(c_id),
                start_s: get(c_date).and_then(|d| parse_strava_date(&d)),
                name: get(c_name),
                activity_type: get(c_type),
            },
        );
    }
    out
}

/// UTF-16 without a byte-order mark: every other byte of the start is NUL.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    head.len() >= 8 && head.iter().filter(|&&b| b == 0).count() * 3 >= head.len()
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
        let parsed = parse_activities_csv(csv.as_bytes());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let m = parsed.rows;
        assert_eq!(m.len(), 2);
        let a = &m["activities/1.fit.gz"];
        assert_eq!(a.name.as_deref(), Some("Hills, 8x100"));
        assert_eq!(a.activity_type.as_deref(), Some("Run"));
        assert_eq!(a.start_s, Some(1_736_061_153.0)); // 2025-01-05T07:12:33Z
        assert_eq!(m["activities/2.gpx"].name.as_deref(), Some("Say \"hi\""));
        assert_eq!(m["activities/2.gpx"].start_s, Some(1_736_197_200.0));
    }
}

#[cfg(test)]
mod unusable {
    use super::*;

    fn problems(bytes: &[u8]) -> (usize, Vec<String>) {
        let p = parse_activities_csv(bytes);
        (p.rows.len(), p.problems)
    }

    #[test]
    fn utf16_no_filename_and_an_open_quote_are_problems_not_failures() {
        let good = "Activity ID,Activity Name,Filename\n1,Hills,activities/1.fit\n";
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(good.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (n, p) = problems(&utf16);
        assert_eq!(n, 0);
        assert!(p[0].contains("UTF-16"), "{p:?}");
        let (n, p) = problems(b"Activity ID,Activity Name\n1,Hills\n");
        assert_eq!(n, 0);
        assert!(p[0].contains("no Filename column"), "{p:?}");
        let open = format!("{good}2,\"Open quote,activities/2.fit\n3,x,activities/3.fit\n");
        let (n, p) = problems(open.as_bytes());
        assert_eq!(n, 1, "the rows before the open quote are kept");
        assert!(p[0].contains("unterminated quote"), "{p:?}");
    }
}
