//! CSV rendering: one row per rep (the coach's spreadsheet), with the session's file and
//! verdict on every row so that rows of many files can be concatenated.

use super::Report;
use crate::track::rfc3339;

/// The header row.
pub const HEADER: &str = "file,set,rep,start,distance_m,distance_sd_m,drop_m,own_grade_pct,\
hill_grade_pct,band,duration_s,pace_s_per_km,avg_speed_mps,avg_speed_sd_mps,recovery,\
recovery_s,returned_to_start,workout,state";

/// `s` as one CSV field (quoted when it holds a comma, a quote or a line break).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.filter(|x| x.is_finite())
        .map(|x| format!("{x:.digits$}"))
        .unwrap_or_default()
}

/// The rows of `report`'s reps, without the header; none when it has no reps.
pub fn rows(report: &Report) -> String {
    let w = &report.workout;
    let state = w
        .state
        .map(|s| {
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let mut o = String::new();
    for r in &report.reps.reps {
        let rec = r.recovery.as_ref();
        let cells = [
            field(&report.file),
            r.set.to_string(),
            r.index.to_string(),
            r.start_s.map(rfc3339).unwrap_or_default(),
            num(Some(r.distance_m), 1),
            num(Some(r.distance_sd_m), 1),
            num(Some(r.drop_m), 1),
            num(Some(r.pass_grade_pct), 2),
            num(Some(r.grade_pct), 2),
            field(&r.band),
            num(r.duration_s, 1),
            num(r.avg_speed_mps.filter(|v| *v > 0.0).map(|v| 1000.0 / v), 0),
            num(r.avg_speed_mps, 3),
            num(r.avg_speed_sd_mps, 3),
            rec.map(|x| x.kind.name().to_string()).unwrap_or_default(),
            num(rec.map(|x| x.duration_s), 0),
            rec.map(|x| x.returned_to_start.to_string())
                .unwrap_or_default(),
            field(w.kind.name()),
            state.clone(),
        ];
        o.push_str(&cells.join(","));
        o.push('\n');
    }
    o
}

/// The header and `report`'s rows.
pub fn render(report: &Report) -> String {
    format!("{HEADER}\n{}", rows(report))
}
