//! The season's row of one session: the small part of a [`Report`] kept per file.

use serde::Serialize;

use super::hills::HillVisit;
use crate::report::Report;
use crate::workout::WorkoutKind;

/// What one session did in one slope band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandStats {
    /// The band's label (`gentle`, `8-10`, ...).
    pub band: String,
    /// Reps whose grade falls in this band.
    pub reps: usize,
    /// Horizontal length of the descents in this band.
    pub downhill_m: f64,
    /// Average speed of each rep in this band.
    pub rep_speeds_mps: Vec<f64>,
}

/// One analyzed session: the small part of a [`Report`] the season keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SessionRow {
    /// The session's first time, s since the Unix epoch; `None` without times.
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    /// The offset from UTC (s) the session is shown and counted in (its week, its day).
    pub utc_offset_s: i32,
    /// The file as listed (its path, or `export.zip!entry`), with the activity when several.
    pub file: String,
    /// The activity's name: from `activities.csv`, else from the file; `None` when neither.
    pub name: Option<String>,
    /// The sport: the `activities.csv` type (`Run`, `Trail Run`...), else the file's
    /// (`running`, `trail_running`...); `None` when neither names one.
    pub sport: Option<String>,
    /// The session's along-track distance, m; `None` without distance.
    pub distance_m: Option<f64>,
    /// How many descents were found.
    pub descents: usize,
    /// Horizontal length of all descents, m.
    pub downhill_m: f64,
    /// The workout the session was judged as.
    pub workout: WorkoutKind,
    /// How many reps were found, all sets.
    pub reps: usize,
    /// The band with the most reps (steeper on a tie); without reps, the band with the most
    /// descent length outside `gentle`.
    pub main_band: Option<String>,
    /// The workout was done as prescribed or the recording cannot tell (no check misses).
    pub compliant: bool,
    /// Mean of the rep speeds in the main band.
    pub rep_speed_mps: Option<f64>,
    /// Mean grade-adjusted speed of the descents run as those reps.
    pub gap_speed_mps: Option<f64>,
    /// Per band, gentlest first (every band, also the empty ones).
    pub bands: Vec<BandStats>,
    /// The altitude as the samples showed it: fine-grained (barometric-like) or coarse.
    pub altitude_fine: bool,
    /// Standard deviation of one descent's drop from this altitude (m): a single descent of
    /// length L has its grade good to +-2 x this / L (2 sigma).
    pub altitude_drop_sd_m: f64,
    /// Warnings from reading the file (recovered damage).
    pub warnings: Vec<String>,
    /// The fraction of the file's points that cleaning had to repair (times going back,
    /// jitter, duplicates, spikes...), with one more per reading warning: of two copies of
    /// one run, the damaged one goes.
    #[serde(skip)]
    pub repaired_frac: f64,
    /// The file's format, recognized by content: which copy of one run exported twice is kept.
    #[serde(skip)]
    pub format: Option<crate::track::Format>,
    /// Each rep as (grade %, average speed m/s, band), for the season's slope-speed chart.
    #[serde(skip)]
    pub rep_points: Vec<(f64, Option<f64>, String)>,
    /// The runner's easy speed found in the file, for the chart's equal-effort curve.
    #[serde(skip)]
    pub easy_speed_mps: Option<f64>,
    /// The hills of the session with their positions, matched across the season into the
    /// report's `hills` (see [`super::hills`]).
    #[serde(skip)]
    pub hills: Vec<HillVisit>,
    /// The file name of the session's HTML page, when the season wrote one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// The season's row of one report.
pub fn session_row(r: &Report, name: Option<String>, sport: Option<String>) -> SessionRow {
    let labels = &r.band_labels;
    let mut bands: Vec<BandStats> = labels
        .iter()
        .map(|l| BandStats {
            band: l.clone(),
            reps: 0,
            downhill_m: 0.0,
            rep_speeds_mps: Vec::new(),
        })
        .collect();
    let idx = |band: &str| labels.iter().position(|l| l == band);
    for d in &r.descents {
        if let Some(i) = idx(&d.band) {
            bands[i].downhill_m += d.distance_m;
        }
    }
    for rep in &r.reps.reps {
        if let Some(i) = idx(&rep.band) {
            bands[i].reps += 1;
            if let Some(s) = rep.avg_speed_mps.filter(|s| s.is_finite()) {
                bands[i].rep_speeds_mps.push(s);
            }
        }
    }
    let by_reps = (0..bands.len())
        .filter(|&i| bands[i].reps > 0)
        .max_by_key(|&i| (bands[i].reps, i));
    let main = by_reps.or_else(|| {
        (1..bands.len())
            .filter(|&i| bands[i].downhill_m > 0.0)
            .max_by(|&a, &b| bands[a].downhill_m.total_cmp(&bands[b].downhill_m))
    });
    let main_band = main.map(|i| labels[i].clone());
    let rep_speed_mps = main.and_then(|i| mean(&bands[i].rep_speeds_mps));
    let gap_speed_mps = main_band.as_ref().and_then(|band| {
        let reps: Vec<_> = r.reps.reps.iter().filter(|x| &x.band == band).collect();
        let gaps: Vec<f64> = r
            .descents
            .iter()
            .filter(|d| &d.band == band)
            .filter(|d| {
                reps.is_empty()
                    || reps
                        .iter()
                        .any(|x| overlaps(x.start_s, x.end_s, d.start_s, d.end_s))
            })
            .filter_map(|d| d.gap_speed_mps)
            .collect();
        mean(&gaps)
    });
    SessionRow {
        start_s: r.summary.start_s,
        utc_offset_s: r.utc_offset_s,
        file: r.file.clone(),
        name,
        sport: sport.or_else(|| r.sport.clone()),
        distance_m: r.summary.distance_m,
        descents: r.descents.len(),
        downhill_m: r.descents.iter().fold(0.0, |a, d| a + d.distance_m),
        workout: r.workout.kind,
        reps: r.reps.reps.len(),
        main_band,
        compliant: r.workout.compliant,
        rep_speed_mps,
        gap_speed_mps,
        bands,
        altitude_fine: r.altitude.fine,
        altitude_drop_sd_m: r.altitude.drop_sd_m,
        warnings: r.warnings.clone(),
        repaired_frac: (r.cleaning.total() + r.warnings.len()) as f64
            / r.summary.points_in_file.max(1) as f64,
        format: r.format,
        rep_points: r
            .reps
            .reps
            .iter()
            .map(|p| (p.grade_pct, p.avg_speed_mps, p.band.clone()))
            .collect(),
        easy_speed_mps: r.reps.easy_speed_mps,
        hills: hill_visits(r),
        page: None,
    }
}

/// The session's hills that have both ends' positions, with their reps' median speed.
fn hill_visits(r: &Report) -> Vec<HillVisit> {
    (r.reps.hills.iter())
        .filter_map(|h| {
            let speeds: Vec<f64> = (r.reps.reps.iter())
                .filter(|x| x.hill == h.index)
                .filter_map(|x| x.avg_speed_mps.filter(|v| v.is_finite()))
                .collect();
            Some(HillVisit {
                top_lat_deg: h.top_lat_deg?,
                top_lon_deg: h.top_lon_deg?,
                bottom_lat_deg: h.bottom_lat_deg?,
                bottom_lon_deg: h.bottom_lon_deg?,
                length_m: h.length_m,
                grade_pct: h.grade_pct,
                band: h.band.clone(),
                reps: r.reps.reps.iter().filter(|x| x.hill == h.index).count(),
                median_rep_speed_mps: crate::stats::median(&speeds),
            })
        })
        .collect()
}

fn overlaps(a0: Option<f64>, a1: Option<f64>, b0: Option<f64>, b1: Option<f64>) -> bool {
    match (a0, a1, b0, b1) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => a0 < b1 && b0 < a1,
        _ => false,
    }
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}
