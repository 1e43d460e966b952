//! The hills run in more than one session: each session's hills (top and bottom positions,
//! from the rep stage) matched across the season by position, with the reps and the rep
//! speed of each visit, so a runner sees the same hill getting faster.

use serde::Serialize;

use super::SessionRow;
use crate::haversine::{Fix, distance_m};

/// One hill of one session, as the season keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HillVisit {
    /// Latitude of the hill's top reference point, degrees.
    pub top_lat_deg: f64,
    /// Longitude of the hill's top reference point, degrees.
    pub top_lon_deg: f64,
    /// Latitude of the hill's bottom reference point, degrees.
    pub bottom_lat_deg: f64,
    /// Longitude of the hill's bottom reference point, degrees.
    pub bottom_lon_deg: f64,
    /// Horizontal length between top and bottom, as that session measured it, m.
    pub length_m: f64,
    /// Pooled downhill grade, positive, as that session measured it, percent.
    pub grade_pct: f64,
    /// The grade band of `grade_pct` (e.g. `8-10`).
    pub band: String,
    /// Reps run on it in that session.
    pub reps: usize,
    /// Median average speed of those reps.
    pub median_rep_speed_mps: Option<f64>,
}

/// A hill run in two sessions or more.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeasonHill {
    /// 1-based, in order of the first visit.
    pub index: usize,
    /// As measured on the first visit.
    pub length_m: f64,
    /// Pooled downhill grade as measured on the first visit, positive, percent.
    pub grade_pct: f64,
    /// The grade band of `grade_pct` (e.g. `8-10`).
    pub band: String,
    /// One visit per session that ran it, in time order (at least two).
    pub visits: Vec<SeasonVisit>,
}

/// One session's visit of a [`SeasonHill`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeasonVisit {
    /// Index into the season's `sessions`.
    pub session: usize,
    /// The session's start, s since the Unix epoch; `None` without times.
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    /// Reps run on it in that session (on the first of the session's hills matched to it).
    pub reps: usize,
    /// Median average speed of those reps, m/s; `None` when none has a speed.
    pub median_rep_speed_mps: Option<f64>,
}

/// Two visits are one hill when both their tops and their bottoms are this close. Default
/// 40 m: GPS puts one end within ~5-10 m, and a runner starts and turns a rep at about the
/// same marks each time (a few metres apart); two different hills whose tops and bottoms
/// are both within 40 m are one slope for training.
pub const SAME_HILL_M: f64 = 40.0;

/// The hills of `sessions` (in time order) visited in two sessions or more.
pub fn hills_across(sessions: &[SessionRow]) -> Vec<SeasonHill> {
    // (first visit, the hill)
    let mut found: Vec<(&HillVisit, SeasonHill)> = Vec::new();
    for (i, s) in sessions.iter().enumerate() {
        for h in &s.hills {
            let visit = SeasonVisit {
                session: i,
                start_s: s.start_s,
                reps: h.reps,
                median_rep_speed_mps: h.median_rep_speed_mps,
            };
            match found.iter_mut().find(|(first, _)| same_hill(first, h)) {
                // Twice in one session is one visit (a second set on the same hill).
                Some((_, hill)) if hill.visits.last().is_some_and(|v| v.session == i) => {}
                Some((_, hill)) => hill.visits.push(visit),
                None => found.push((
                    h,
                    SeasonHill {
                        index: 0,
                        length_m: h.length_m,
                        grade_pct: h.grade_pct,
                        band: h.band.clone(),
                        visits: vec![visit],
                    },
                )),
            }
        }
    }
    let mut hills: Vec<SeasonHill> = (found.into_iter())
        .map(|(_, h)| h)
        .filter(|h| h.visits.len() >= 2)
        .collect();
    for (k, h) in hills.iter_mut().enumerate() {
        h.index = k + 1;
    }
    hills
}

fn same_hill(a: &HillVisit, b: &HillVisit) -> bool {
    let d = |la: f64, lo: f64, lb: f64, lob: f64| distance_m(&Fix::new(la, lo), &Fix::new(lb, lob));
    d(a.top_lat_deg, a.top_lon_deg, b.top_lat_deg, b.top_lon_deg) <= SAME_HILL_M
        && d(
            a.bottom_lat_deg,
            a.bottom_lon_deg,
            b.bottom_lat_deg,
            b.bottom_lon_deg,
        ) <= SAME_HILL_M
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(top: (f64, f64), bottom: (f64, f64), speed: f64) -> HillVisit {
        HillVisit {
            top_lat_deg: top.0,
            top_lon_deg: top.1,
            bottom_lat_deg: bottom.0,
            bottom_lon_deg: bottom.1,
            length_m: 90.0,
            grade_pct: 9.0,
            band: "8-10".into(),
            reps: 10,
            median_rep_speed_mps: Some(speed),
        }
    }

    fn session(t: f64, hills: Vec<HillVisit>) -> SessionRow {
        SessionRow {
            start_s: Some(t),
            hills,
            ..SessionRow::default()
        }
    }

    #[test]
    fn one_hill_in_three_sessions_is_one_season_hill_and_a_hill_run_once_is_not() {
        // 0.0001 degree of latitude is 11 m: the same marks, a GPS error apart.
        let hill = ((45.0, 6.0), (45.0008, 6.0));
        let moved = ((45.0001, 6.0), (45.0009, 6.0));
        let elsewhere = ((46.0, 7.0), (46.0008, 7.0));
        let sessions = vec![
            session(0.0, vec![visit(hill.0, hill.1, 4.0)]),
            session(
                1.0,
                vec![
                    visit(moved.0, moved.1, 4.1),
                    visit(elsewhere.0, elsewhere.1, 4.0),
                ],
            ),
            session(2.0, vec![visit(hill.0, hill.1, 4.2)]),
        ];
        let hills = hills_across(&sessions);
        assert_eq!(hills.len(), 1, "{hills:#?}");
        let speeds: Vec<_> = hills[0]
            .visits
            .iter()
            .map(|v| v.median_rep_speed_mps)
            .collect();
        assert_eq!(speeds, vec![Some(4.0), Some(4.1), Some(4.2)]);
        assert_eq!(hills[0].visits[1].session, 1);
    }

    #[test]
    fn a_hill_with_the_same_top_and_another_bottom_is_another_hill() {
        let a = visit((45.0, 6.0), (45.0008, 6.0), 4.0);
        let b = visit((45.0, 6.0), (45.0, 6.0012), 4.0);
        assert!(!same_hill(&a, &b));
        let sessions = vec![session(0.0, vec![a]), session(1.0, vec![b])];
        assert!(hills_across(&sessions).is_empty());
    }
}
