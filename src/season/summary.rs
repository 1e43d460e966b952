//! Weekly summary and season trend, from the session rows alone (pure).
//!
//! Weeks are ISO weeks of the session start (UTC). Per week and band: reps, downhill length,
//! best and median rep speed; the steepest band trained is the steepest band with at least one
//! rep. The trend compares calendar months (weeks when the season spans one month): the
//! steepest band of the first and the last period with reps, and per band the median rep
//! speed of its first and last period, worded the way a coach would say it. A change of
//! speed under [`STEADY_FRACTION`] is "held steady": rep-to-rep speed varies by a few percent
//! with wind, surface and fatigue.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::SessionRow;
use crate::phrase::{Phrase, Piece};

/// Relative speed change below which the speed "held steady". 2 %: about 0.1 m/s at 4.5
/// m/s, within the spread of repeated reps.
pub const STEADY_FRACTION: f64 = 0.02;

/// One band in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandWeek {
    /// The band's label (`gentle`, `8-10`, ...).
    pub band: String,
    /// Reps in this band over the week's sessions.
    pub reps: usize,
    /// Horizontal length of the week's descents in this band, m.
    pub downhill_m: f64,
    /// Fastest average speed of a rep in this band, m/s; `None` without reps.
    pub best_rep_speed_mps: Option<f64>,
    /// Median average speed of the reps in this band, m/s; `None` without reps.
    pub median_rep_speed_mps: Option<f64>,
}

/// One ISO week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekSummary {
    /// `2025-W03`.
    pub week: String,
    /// The Monday of the week, `2025-01-13`.
    pub monday: String,
    /// Sessions starting in the week (on the runner's own clock).
    pub sessions: usize,
    /// Reps over the week's sessions, every band.
    pub reps: usize,
    /// Horizontal length of the week's descents, m: all of them, as the sessions'
    /// `downhill_m` (the bands hold only the descents with a band).
    pub downhill_m: f64,
    /// The steepest band with at least one rep.
    pub steepest_band: Option<String>,
    /// Every band, gentlest first.
    pub bands: Vec<BandWeek>,
}

fn date_of(row: &SessionRow) -> Option<NaiveDate> {
    // The runner's own calendar: a Sunday-evening run is Sunday's, not Monday's in UTC.
    row.start_s
        .and_then(|t| crate::localtime::local(t, row.utc_offset_s))
        .map(|t| t.date_naive())
}

/// Group dated sessions by ISO week (sessions are sorted by start already).
pub fn summarize_weeks(sessions: &[SessionRow], labels: &[String]) -> Vec<WeekSummary> {
    let mut weeks: Vec<(NaiveDate, Vec<&SessionRow>)> = Vec::new();
    for row in sessions {
        let Some(d) = date_of(row) else { continue };
        let monday = d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64);
        match weeks.iter_mut().find(|(m, _)| *m == monday) {
            Some((_, v)) => v.push(row),
            None => weeks.push((monday, vec![row])),
        }
    }
    weeks.sort_by_key(|(m, _)| *m);
    weeks
        .into_iter()
        .map(|(monday, rows)| {
            let bands = band_weeks(&rows, labels);
            let iso = monday.iso_week();
            WeekSummary {
                week: format!("{}-W{:02}", iso.year(), iso.week()),
                monday: monday.format("%Y-%m-%d").to_string(),
                sessions: rows.len(),
                reps: bands.iter().map(|b| b.reps).sum(),
                // Every descent, as the sessions count it (also those too small for this
                // altitude to band, which no band holds).
                downhill_m: rows.iter().map(|r| r.downhill_m).sum(),
                steepest_band: bands
                    .iter()
                    .rev()
                    .find(|b| b.reps > 0)
                    .map(|b| b.band.clone()),
                bands,
            }
        })
        .collect()
}

fn band_weeks(rows: &[&SessionRow], labels: &[String]) -> Vec<BandWeek> {
    labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut speeds: Vec<f64> = rows
                .iter()
                .filter_map(|r| r.bands.get(i))
                .flat_map(|b| b.rep_speeds_mps.iter().copied())
                .collect();
            speeds.sort_by(f64::total_cmp);
            BandWeek {
                band: label.clone(),
                reps: rows
                    .iter()
                    .filter_map(|r| r.bands.get(i))
                    .map(|b| b.reps)
                    .sum(),
                downhill_m: rows
                    .iter()
                    .filter_map(|r| r.bands.get(i))
                    .fold(0.0, |a, b| a + b.downhill_m),
                best_rep_speed_mps: speeds.last().copied(),
                median_rep_speed_mps: median(&speeds),
            }
        })
        .collect()
}

/// Median of sorted values.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// A period of the trend: a month, or a week when the season is shorter than two months.
struct Period {
    label: String,
    /// Per band: reps and rep speeds.
    reps: Vec<usize>,
    speeds: Vec<Vec<f64>>,
}

fn periods(sessions: &[SessionRow], labels: &[String]) -> Vec<Period> {
    let dated: Vec<(NaiveDate, &SessionRow)> = sessions
        .iter()
        .filter_map(|r| date_of(r).map(|d| (d, r)))
        .collect();
    let months = |d: &NaiveDate| d.year() * 12 + d.month0() as i32;
    let first = dated.iter().map(|(d, _)| *d).min();
    let last = dated.iter().map(|(d, _)| *d).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let by_month = months(&last) > months(&first);
    let multi_year = last.year() != first.year();
    let key_label = |d: &NaiveDate| -> (i64, String) {
        if by_month {
            let label = if multi_year {
                d.format("%B %Y").to_string()
            } else {
                d.format("%B").to_string()
            };
            (months(d) as i64, label)
        } else {
            let monday = *d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64);
            (
                monday.num_days_from_ce() as i64,
                format!("the week of {}", monday.format("%-d %B")),
            )
        }
    };
    let mut out: Vec<(i64, Period)> = Vec::new();
    for (d, row) in dated {
        let (key, label) = key_label(&d);
        let pos = match out.iter().position(|(k, _)| *k == key) {
            Some(p) => p,
            None => {
                out.push((
                    key,
                    Period {
                        label,
                        reps: vec![0; labels.len()],
                        speeds: vec![Vec::new(); labels.len()],
                    },
                ));
                out.len() - 1
            }
        };
        let p = &mut out[pos].1;
        for (i, b) in row.bands.iter().enumerate().take(labels.len()) {
            p.reps[i] += b.reps;
            p.speeds[i].extend(b.rep_speeds_mps.iter().copied());
        }
    }
    out.sort_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, p)| p).collect()
}

/// The season trend in sentences a coach would say; their speeds stay numbers, shown by
/// each renderer in its units.
pub fn trend(sessions: &[SessionRow], labels: &[String]) -> Vec<Phrase> {
    let periods = periods(sessions, labels);
    let mut out: Vec<Phrase> = Vec::new();
    let steepest = |p: &Period| (0..labels.len()).rev().find(|&i| p.reps[i] > 0);
    let trained: Vec<(&Period, usize)> = periods
        .iter()
        .filter_map(|p| steepest(p).map(|s| (p, s)))
        .collect();
    match (trained.first(), trained.last()) {
        (Some((p0, s0)), Some((p1, s1))) if trained.len() >= 2 => {
            let (a, b) = (&labels[*s0], &labels[*s1]);
            let verb = match s1.cmp(s0) {
                std::cmp::Ordering::Greater => format!("rose from {a} to {b}"),
                std::cmp::Ordering::Less => format!("fell from {a} to {b}"),
                std::cmp::Ordering::Equal => format!("stayed at {a}"),
            };
            out.push(format!("steepest band {verb} between {} and {}", p0.label, p1.label).into());
            // Consecutive periods in the same band read as one stretch.
            let mut steps: Vec<String> = Vec::new();
            let mut i = 0;
            while i < trained.len() {
                let band = trained[i].1;
                let mut j = i;
                while j + 1 < trained.len() && trained[j + 1].1 == band {
                    j += 1;
                }
                steps.push(if i == j {
                    format!("{} in {}", labels[band], trained[i].0.label)
                } else {
                    format!(
                        "{} from {} to {}",
                        labels[band], trained[i].0.label, trained[j].0.label
                    )
                });
                i = j + 1;
            }
            out.push(format!("slope progression: {}", steps.join(", ")).into());
        }
        (Some((p0, s0)), _) => out.push(
            format!(
                "steepest band trained: {} ({}); one period only, no progression to show",
                labels[*s0], p0.label
            )
            .into(),
        ),
        _ => out.push("no downhill reps found in this season".into()),
    }
    for (i, label) in labels.iter().enumerate() {
        let with: Vec<(&Period, f64)> = periods
            .iter()
            .filter_map(|p| {
                let mut v = p.speeds[i].clone();
                v.sort_by(f64::total_cmp);
                median(&v).map(|m| (p, m))
            })
            .collect();
        let (Some((p0, v0)), Some((p1, v1))) = (with.first(), with.last()) else {
            continue;
        };
        if with.len() < 2 {
            continue;
        }
        let change = (v1 - v0) / v0;
        let change_piece = Piece::SpeedChange {
            from_mps: *v0,
            to_mps: *v1,
        };
        let what = if change > STEADY_FRACTION {
            Phrase::from("improved from ").with(change_piece)
        } else if change < -STEADY_FRACTION {
            Phrase::from("dropped from ").with(change_piece)
        } else {
            Phrase::from("held steady at ").with(Piece::SpeedTenth { mps: *v1 })
        };
        out.push(
            Phrase::from(format!("rep speed in band {label} "))
                .then(&what)
                .text(format!(" between {} and {}", p0.label, p1.label)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::season::BandStats;
    use crate::workout::WorkoutKind;

    fn labels() -> Vec<String> {
        crate::descent::Bands::default().labels()
    }

    /// A session on `date` with `reps` reps at `speed` in band index `band`.
    fn row(date: &str, band: usize, reps: usize, speed: f64) -> SessionRow {
        let t = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp() as f64;
        let bands = labels()
            .iter()
            .enumerate()
            .map(|(i, l)| BandStats {
                band: l.clone(),
                reps: if i == band { reps } else { 0 },
                downhill_m: if i == band { reps as f64 * 100.0 } else { 0.0 },
                rep_speeds_mps: if i == band { vec![speed; reps] } else { vec![] },
            })
            .collect();
        SessionRow {
            start_s: Some(t),
            file: date.into(),
            name: None,
            sport: None,
            distance_m: None,
            descents: reps,
            downhill_m: reps as f64 * 100.0,
            workout: WorkoutKind::Short,
            reps,
            main_band: Some(labels()[band].clone()),
            compliant: true,
            rep_speed_mps: Some(speed),
            gap_speed_mps: None,
            bands,
            ..SessionRow::default()
        }
    }

    #[test]
    fn steeper_bands_over_the_winter_read_as_a_rise() {
        let rows = [
            row("2025-01-07", 1, 10, 4.1),
            row("2025-01-14", 1, 10, 4.2),
            row("2025-02-11", 2, 4, 3.9),
            row("2025-03-04", 3, 4, 3.6),
            row("2025-03-11", 1, 12, 4.5),
            row("2025-04-08", 3, 4, 3.7),
        ];
        let t: Vec<String> = trend(&rows, &labels()).iter().map(Phrase::si).collect();
        assert_eq!(
            t[0],
            "steepest band rose from 8-10 to 12-18 between January and April"
        );
        assert_eq!(
            t[1],
            "slope progression: 8-10 in January, 10-12 in February, 12-18 from March to April"
        );
        assert!(
            t.contains(
                &"rep speed in band 8-10 improved from 4.2 to 4.5 m/s between January and March"
                    .to_string()
            ),
            "{t:?}"
        );
    }

    #[test]
    fn weeks_group_by_monday_with_best_and_median() {
        let mut rows = vec![row("2025-01-06", 1, 2, 4.0), row("2025-01-12", 1, 1, 5.0)];
        rows.push(row("2025-01-13", 3, 3, 3.0));
        let w = summarize_weeks(&rows, &labels());
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].week, "2025-W02");
        assert_eq!(w[0].monday, "2025-01-06");
        assert_eq!(w[0].sessions, 2);
        assert_eq!(w[0].bands[1].reps, 3);
        assert_eq!(w[0].bands[1].best_rep_speed_mps, Some(5.0));
        assert_eq!(w[0].bands[1].median_rep_speed_mps, Some(4.0));
        assert_eq!(w[0].steepest_band.as_deref(), Some("8-10"));
        assert_eq!(w[1].steepest_band.as_deref(), Some("12-18"));
        assert!((w[1].downhill_m - 300.0).abs() < 1e-9);
    }

    #[test]
    fn a_week_counts_every_descent_also_those_no_band_holds() {
        // 300 m banded, 900 m more too small for this altitude to band.
        let mut r = row("2025-01-07", 1, 3, 4.0);
        r.downhill_m += 900.0;
        let w = summarize_weeks(&[r], &labels());
        assert!(
            (w[0].downhill_m - 1200.0).abs() < 1e-9,
            "{}",
            w[0].downhill_m
        );
        let banded: f64 = w[0].bands.iter().map(|b| b.downhill_m).sum();
        assert!((banded - 300.0).abs() < 1e-9);
    }

    #[test]
    fn a_short_season_compares_weeks_and_says_when_speed_held() {
        let rows = [row("2025-01-06", 1, 5, 4.0), row("2025-01-20", 1, 5, 4.05)];
        let t: Vec<String> = trend(&rows, &labels()).iter().map(Phrase::si).collect();
        assert_eq!(
            t[0],
            "steepest band stayed at 8-10 between the week of 6 January and the week of 20 January"
        );
        assert!(
            t.iter().any(|s| s.contains("held steady at 4.0 m/s")),
            "{t:?}"
        );
    }

    #[test]
    fn no_reps_says_so() {
        assert_eq!(
            trend(&[], &labels())
                .iter()
                .map(Phrase::si)
                .collect::<Vec<_>>(),
            ["no downhill reps found in this season"]
        );
    }
}
