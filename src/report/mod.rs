//! The report of one file: computed once by [`crate::analysis::analyze`], rendered by one
//! small module per format. Renderers never recompute.

pub mod csv;
pub mod html;
pub mod json;
pub mod table;
pub mod units;

/// `text` safe inside XML (and HTML) text and attribute values: `& < > " '` as entities.
/// The page's figures and the test-support writers (`testkit/`) escape with it.
pub fn xml_escape(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c => o.push(c),
        }
    }
    o
}

/// One way of writing reports (hyperfine's exporters are the model): the CLI picks one per
/// `--format`, and every one writes to any `io::Write` from the same computed [`Report`].
pub trait Renderer {
    /// What goes before the first report (a CSV header); nothing by default.
    fn header(&self) -> String {
        String::new()
    }
    /// One report, as this format writes it.
    fn render(&self, report: &Report) -> String;
    /// What separates two reports (a blank line between tables); nothing by default.
    fn separator(&self) -> &'static str {
        ""
    }
    /// Write `report` to `out`.
    fn write(&self, report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(self.render(report).as_bytes())
    }
}

/// The terminal table ([`table`]).
pub struct TableRenderer(pub table::Style);
/// One JSON object per report, one per line ([`json`]).
pub struct JsonRenderer;
/// One CSV row per rep, one header for all ([`csv`]).
pub struct CsvRenderer;

impl Renderer for TableRenderer {
    fn render(&self, report: &Report) -> String {
        table::render_with(report, &self.0)
    }
    fn separator(&self) -> &'static str {
        "\n"
    }
}

impl Renderer for JsonRenderer {
    fn render(&self, report: &Report) -> String {
        format!("{}\n", json::render(report))
    }
}

impl Renderer for CsvRenderer {
    fn header(&self) -> String {
        format!("{}\n", csv::HEADER)
    }
    fn render(&self, report: &Report) -> String {
        csv::rows(report)
    }
}

use serde::{Serialize, Serializer};

use crate::descent::{Descent, Implausible};
use crate::reps::RepAnalysis;
use crate::summary::Summary;
use crate::track::{AltitudeSource, CleaningLog, Format, rfc3339};
use crate::workout::WorkoutReport;

/// Everything `downhill analyze` says about one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The file as the user named it.
    pub file: String,
    /// The offset from UTC (s) the session's times are shown in: local = UTC + this.
    /// Times in the report stay UTC.
    pub utc_offset_s: i32,
    /// Where that offset came from: the file, the system zone, or `--tz`.
    pub utc_offset_from: crate::localtime::OffsetFrom,
    /// The file format it was read as (FIT, GPX, TCX); `None` when not read from a file.
    pub format: Option<Format>,
    /// Whether the file was gzip-compressed.
    pub gzipped: bool,
    /// The activity name the file gives, if any.
    pub name: Option<String>,
    /// Lower-case sport as the file names it (`running`, `cycling`, ...).
    pub sport: Option<String>,
    /// Lower-case sub-sport as the file names it (`trail`, `treadmill`, ...).
    pub sub_sport: Option<String>,
    /// The recording device or creator as the file names it.
    pub device: Option<String>,
    /// Where the altitude comes from (barometric, GPS, terrain model, unknown).
    pub altitude_source: AltitudeSource,
    /// The source is barometric because the points carry air temperature (the pressure
    /// sensor's), the device name saying nothing.
    pub altitude_source_from_temperature: bool,
    /// Whole-activity figures: start, elapsed and moving time (s), distance, gain and loss (m).
    pub summary: Summary,
    /// The sessions of a multisport file with their sports (empty for one sport).
    pub legs: Vec<crate::track::Leg>,
    /// The altitude as its samples show it, and what it allows.
    pub altitude: crate::altitude::AltitudeJudgement,
    /// Why descents could not be measured, or why their grades are uncertain.
    pub descent_notes: Vec<crate::phrase::Phrase>,
    /// The measured descents, numbered from 1, each with its band and GAP.
    pub descents: Vec<Descent>,
    /// Descents no runner could run (altitude artefacts): no band, no GAP, no rep.
    pub set_aside: Vec<SetAside>,
    /// When the whole session is faster than anyone sustains (a course's pace model, a
    /// vehicle, a clock error): how fast, and the limit. Its descents get no GAP and it gets
    /// no running verdict; `season` leaves it out.
    pub sustained_effort: Option<SustainedEffort>,
    /// The reps, their sets and hills, and the runner's easy speed on the flat (m/s).
    #[serde(flatten)]
    pub reps: RepAnalysis,
    /// The session compared with its prescription: the checks and the verdict.
    pub workout: WorkoutReport,
    /// The grade-adjusted-pace model behind `gap_speed_mps`.
    pub gap_model: &'static str,
    /// Slope band labels, gentlest first, as used for the descents and reps.
    pub band_labels: Vec<String>,
    /// What cleaning the track changed, counted.
    pub cleaning: CleaningLog,
    /// What was recovered from a damaged file.
    pub warnings: Vec<String>,
}

/// The band of a descent whose grade the altitude cannot tell (set aside, or a drop within
/// the altitude's noise): it has none.
pub const UNMEASURABLE_BAND: &str = "unmeasurable";

/// A session faster than anyone sustains (see
/// [`crate::descent::DescentParams::sustained_km_effort_per_h`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SustainedEffort {
    /// The session's km-effort (km + 1 per 100 m climbed) per elapsed hour.
    pub km_effort_per_h: f64,
    /// Its elapsed hours.
    pub hours: f64,
    /// The most a runner sustains over that many hours, km-effort per hour.
    pub limit_km_effort_per_h: f64,
}

/// A descent found on the profile and set aside because no runner could have run it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetAside {
    /// Why no runner could have run it (too steep, or too fast vertically).
    pub reason: Implausible,
    /// As measured; its `index` is 0 (it is not one of the numbered descents), its band
    /// [`UNMEASURABLE_BAND`] and it has no GAP.
    pub descent: Descent,
}

/// A time on the session's clock with its offset: `2023-11-14 23:13:21 UTC+01:00`.
pub fn local_date_time(time_s: f64, utc_offset_s: i32) -> String {
    crate::localtime::local(time_s, utc_offset_s)
        .map(|t| {
            format!(
                "{} UTC{}",
                t.format("%Y-%m-%d %H:%M:%S"),
                crate::localtime::offset_label(utc_offset_s)
            )
        })
        .unwrap_or_default()
}

/// The time of day on the session's clock, `23:13:21`.
pub fn local_clock(time_s: f64, utc_offset_s: i32) -> String {
    crate::localtime::local(time_s, utc_offset_s)
        .map(|t| t.format("%H:%M:%S").to_string())
        .unwrap_or_default()
}

/// What the altitude source was judged by, for the sentences that name it.
pub fn source_basis(from_temperature: bool) -> &'static str {
    if from_temperature {
        "by the air temperature it records"
    } else {
        "by the file"
    }
}

/// `n` and the noun, singular for one: "1 pause", "3 pauses".
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Serialize a time in seconds since the epoch as RFC 3339 UTC.
pub fn ser_time_s<S: Serializer>(t: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*t))
}

/// Serialize a time in seconds since the epoch as RFC 3339 UTC (or null).
pub fn ser_time<S: Serializer>(t: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339(*t)),
        None => s.serialize_none(),
    }
}

/// `h:mm:ss` from seconds.
pub fn hms(seconds: f64) -> String {
    let s = seconds.round().max(0.0) as i64;
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}
