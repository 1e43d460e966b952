//! Find every descent on the smoothed profile and grade it; slope bands.
//! (Stub: the detection is filled by the descents work; the types are the contract.)

use serde::Serialize;

use crate::profile::Profile;
use crate::track::Track;

/// Slope band edges in percent, ascending. Default 8, 10, 12, 18 (the article's bands:
/// 8-10 % for short reps, 10-12 % rising to 18-20 %+ for long reps, 12-18 % between them).
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    pub edges_pct: Vec<f64>,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            edges_pct: vec![8.0, 10.0, 12.0, 18.0],
        }
    }
}

impl Bands {
    /// Bands from user edges; they must be positive and strictly increasing.
    pub fn new(mut edges_pct: Vec<f64>) -> Result<Self, String> {
        if edges_pct.is_empty() {
            return Err("give at least one band edge, e.g. --bands 8,10,12,18".into());
        }
        if edges_pct
            .iter()
            .any(|e| !e.is_finite() || *e <= 0.0 || *e >= 100.0)
        {
            return Err("band edges are grades in percent between 0 and 100".into());
        }
        if edges_pct.windows(2).any(|w| w[1] <= w[0]) {
            return Err("band edges must increase, e.g. --bands 8,10,12,18".into());
        }
        edges_pct.shrink_to_fit();
        Ok(Bands { edges_pct })
    }

    /// Every label, gentlest first: `gentle`, `8-10`, `10-12`, `12-18`, `18+`.
    pub fn labels(&self) -> Vec<String> {
        let mut out = vec!["gentle".to_string()];
        for w in self.edges_pct.windows(2) {
            out.push(format!("{}-{}", fmt_edge(w[0]), fmt_edge(w[1])));
        }
        if let Some(last) = self.edges_pct.last() {
            out.push(format!("{}+", fmt_edge(*last)));
        }
        out
    }

    /// Index of the band holding `grade_pct` (0 = gentle). An edge belongs to the band above.
    pub fn index_of(&self, grade_pct: f64) -> usize {
        self.edges_pct.partition_point(|&e| e <= grade_pct)
    }

    pub fn label(&self, grade_pct: f64) -> String {
        self.labels()[self.index_of(grade_pct)].clone()
    }
}

fn fmt_edge(e: f64) -> String {
    if e.fract() == 0.0 {
        format!("{}", e as i64)
    } else {
        format!("{e}")
    }
}

/// Descent-detection settings. See [`DescentParams::default`] for the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct DescentParams {
    pub min_length_m: f64,
    pub min_drop_m: f64,
    pub min_grade_pct: f64,
}

impl Default for DescentParams {
    fn default() -> Self {
        DescentParams {
            min_length_m: 60.0,
            min_drop_m: 4.0,
            min_grade_pct: 4.0,
        }
    }
}

/// How far a descent's grade can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Barometric or terrain-model altitude.
    High,
    /// GPS altitude alone: +-3 % over 200 m; short descents may be mis-banded.
    Low,
}

/// One descent. Times in seconds since the epoch; rendered as RFC 3339 in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Descent {
    /// 1-based, in order of the run.
    pub index: usize,
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    #[serde(rename = "end", serialize_with = "crate::report::ser_time")]
    pub end_s: Option<f64>,
    /// Along-track distance of the start from the start of the activity.
    pub start_distance_m: f64,
    /// Horizontal length.
    pub distance_m: f64,
    /// Net drop, positive.
    pub drop_m: f64,
    /// Net drop / horizontal length x 100.
    pub grade_pct: f64,
    /// Steepest 50 m inside the descent.
    pub max_grade_pct: f64,
    pub band: String,
    /// Moving time from start to end (pauses excluded).
    pub duration_s: Option<f64>,
    pub avg_speed_mps: Option<f64>,
    /// Vertical descent rate, m/h.
    pub vertical_speed_m_per_h: Option<f64>,
    /// Flat-equivalent speed from the GAP model named in the report.
    pub gap_speed_mps: Option<f64>,
    pub cadence_spm: Option<f64>,
    pub stance_time_s: Option<f64>,
    pub confidence: Confidence,
    pub start_lat_deg: Option<f64>,
    pub start_lon_deg: Option<f64>,
    pub end_lat_deg: Option<f64>,
    pub end_lon_deg: Option<f64>,
    /// Profile grid indices (inclusive start, inclusive end), for later stages.
    #[serde(skip)]
    pub grid_range: (usize, usize),
}

/// Find the descents of `profile`.
pub fn find_descents(
    _profile: &Profile,
    _track: &Track,
    _params: &DescentParams,
    _bands: &Bands,
) -> Vec<Descent> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bands_have_the_article_labels() {
        let b = Bands::default();
        assert_eq!(b.labels(), ["gentle", "8-10", "10-12", "12-18", "18+"]);
        assert_eq!(b.label(7.99), "gentle");
        assert_eq!(b.label(8.0), "8-10");
        assert_eq!(b.label(11.0), "10-12");
        assert_eq!(b.label(25.0), "18+");
    }

    #[test]
    fn custom_edges_must_increase() {
        assert!(Bands::new(vec![10.0, 8.0]).is_err());
        let b = Bands::new(vec![6.0, 8.5]).unwrap();
        assert_eq!(b.labels(), ["gentle", "6-8.5", "8.5+"]);
    }
}
