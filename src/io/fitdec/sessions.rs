//! Sessions and sports: a multisport file's legs, and which sessions count cadence in strides
//! (one foot) so that it is doubled to steps/min.

use super::finish::enum_name;
use super::{SessionInfo, names};
use crate::track::TrackPoint;

/// The sessions as legs, by start, when the file has more than one sport (a single-sport
/// file's sessions add nothing to `meta.sport`).
pub(super) fn legs_from(sessions: &[SessionInfo]) -> Vec<crate::track::Leg> {
    let mut legs: Vec<crate::track::Leg> = sessions
        .iter()
        .filter_map(|s| {
            let start_s = s.start_s?;
            let end_s = s.end_s.or_else(|| Some(start_s + s.elapsed_s?))?;
            Some(crate::track::Leg {
                start_s,
                end_s: end_s.max(start_s),
                sport: s.sport.map(|v| enum_name(names::SPORT, v)),
            })
        })
        .collect();
    legs.sort_by(|a, b| a.start_s.total_cmp(&b.start_s));
    if legs.windows(2).all(|w| w[0].sport == w[1].sport) {
        legs.clear();
    }
    legs
}

/// Whether a session of `sport` counts cadence in strides (one foot): running (1), walking
/// (11), hiking (17), mountaineering (16), training (10); generic (0) or unknown only when the
/// file has running dynamics (stance time), as `downhill_testkit::fit` decides.
fn is_foot_sport(sport: Option<u16>, has_dynamics: bool) -> bool {
    match sport {
        Some(1 | 10 | 11 | 16 | 17) => true,
        Some(0) | None => has_dynamics,
        Some(_) => false,
    }
}

/// Double strides/min to steps/min for points in foot-sport sessions (points outside every
/// session follow the main sport).
pub(super) fn double_foot_cadence(
    points: &mut [TrackPoint],
    sessions: &[SessionInfo],
    main: Option<u16>,
    has_dynamics: bool,
) {
    let mut spans: Vec<(f64, f64, bool)> = sessions
        .iter()
        .filter_map(|s| {
            let start = s.start_s?;
            let end = s.end_s.or_else(|| Some(start + s.elapsed_s?))?;
            Some((start, end, is_foot_sport(s.sport, has_dynamics)))
        })
        .collect();
    // Sorted by start and searched, so that a file of many sessions costs n log n.
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let main_foot = is_foot_sport(main, has_dynamics);
    for p in points.iter_mut() {
        let Some(c) = p.cadence_spm else { continue };
        let foot = p
            .time_s
            .and_then(|t| {
                // The last session starting before t if it still covers t (at a boundary
                // the earlier session wins, as in `downhill_testkit::fit`), else one starting at t.
                let i = spans.partition_point(|s| s.0 < t);
                i.checked_sub(1)
                    .and_then(|j| spans.get(j))
                    .filter(|s| t <= s.1)
                    .or_else(|| spans.get(i).filter(|s| s.0 == t))
                    .map(|s| s.2)
            })
            .unwrap_or(main_foot);
        if foot {
            p.cadence_spm = Some(2.0 * c);
        }
    }
}
