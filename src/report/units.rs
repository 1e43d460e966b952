//! The units people read: metric (km, m, min/km, km/h) or imperial (mi, ft, min/mi, mph),
//! speed shown as a pace or a speed. One [`Units`] value is chosen by the CLI and passed to
//! every human-facing renderer (table, season text and Markdown, HTML pages, charts); the
//! model stays SI and JSON and CSV are written in SI whatever the choice. Grades and slope
//! bands are percent in both systems.

use crate::phrase::{Phrase, Piece, fmt_num, range_text};

/// Metres in a statute mile (exact, by the 1959 international yard).
pub const M_PER_MI: f64 = 1609.344;
/// Metres in a foot (exact).
pub const M_PER_FT: f64 = 0.3048;
/// Below this speed (m/s) a pace is meaningless (over 5 h/km): shown as `-`.
const SLOWEST_MPS: f64 = 0.05;

/// Which units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum System {
    /// km, m, min/km, km/h.
    #[default]
    Metric,
    /// mi, ft, min/mi, mph.
    Imperial,
}

/// How a speed is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpeedDisplay {
    /// Minutes per km or mile (`4:30`): what runners read on their watch.
    #[default]
    Pace,
    /// km/h or mph.
    Speed,
}

/// The units of every human-facing output; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Units {
    /// Metric or imperial lengths and speeds.
    pub system: System,
    /// Speed shown as a pace or as a speed.
    pub speed_display: SpeedDisplay,
}

impl Units {
    /// km, m and min/km: the default.
    pub const METRIC: Units = Units {
        system: System::Metric,
        speed_display: SpeedDisplay::Pace,
    };
    /// mi, ft and min/mi.
    pub const IMPERIAL: Units = Units {
        system: System::Imperial,
        speed_display: SpeedDisplay::Pace,
    };

    /// The same units with speed shown as `d`.
    pub fn with_speed_display(self, d: SpeedDisplay) -> Units {
        Units {
            speed_display: d,
            ..self
        }
    }

    /// Metres in the long distance unit (km or mi).
    fn m_per_distance(self) -> f64 {
        match self.system {
            System::Metric => 1000.0,
            System::Imperial => M_PER_MI,
        }
    }

    /// A distance in km or mi.
    pub fn distance_value(self, m: f64) -> f64 {
        m / self.m_per_distance()
    }
    /// `km` or `mi`.
    pub fn distance_unit(self) -> &'static str {
        match self.system {
            System::Metric => "km",
            System::Imperial => "mi",
        }
    }
    /// A distance with two decimals and its unit: "5.14 km", "3.19 mi".
    pub fn distance(self, m: f64) -> String {
        format!("{:.2} {}", self.distance_value(m), self.distance_unit())
    }

    /// A length or an elevation in m or ft.
    pub fn length_value(self, m: f64) -> f64 {
        match self.system {
            System::Metric => m,
            System::Imperial => m / M_PER_FT,
        }
    }
    /// `m` or `ft`.
    pub fn length_unit(self) -> &'static str {
        match self.system {
            System::Metric => "m",
            System::Imperial => "ft",
        }
    }
    /// A length to `digits` decimals, without the unit.
    pub fn length_num(self, m: f64, digits: usize) -> String {
        format!("{:.digits$}", self.length_value(m))
    }
    /// A length to the whole unit, with it: "85 m", "279 ft".
    pub fn length(self, m: f64) -> String {
        format!("{} {}", self.length_num(m, 0), self.length_unit())
    }
    /// A length to `digits` decimals, with its unit: "0.6 m", "2.0 ft".
    pub fn length_digits(self, m: f64, digits: usize) -> String {
        format!("{} {}", self.length_num(m, digits), self.length_unit())
    }
    /// Decimals of a drop in the table: 0.1 m, or the whole foot (0.3 m).
    pub fn drop_digits(self) -> usize {
        match self.system {
            System::Metric => 1,
            System::Imperial => 0,
        }
    }

    /// `m:ss` per km or mile; `-` for no speed.
    pub fn pace(self, speed_mps: f64) -> String {
        if speed_mps.is_nan() || speed_mps <= SLOWEST_MPS {
            return "-".into();
        }
        let s = (self.m_per_distance() / speed_mps).round() as i64;
        format!("{}:{:02}", s / 60, s % 60)
    }
    /// A speed in km/h or mph.
    pub fn speed_value(self, speed_mps: f64) -> f64 {
        speed_mps * 3600.0 / self.m_per_distance()
    }
    /// The shown speed, without its unit: a pace (`4:30`) or a speed (`13.3`).
    pub fn speed(self, speed_mps: f64) -> String {
        match self.speed_display {
            SpeedDisplay::Pace => self.pace(speed_mps),
            SpeedDisplay::Speed if speed_mps.is_finite() => {
                format!("{:.1}", self.speed_value(speed_mps))
            }
            SpeedDisplay::Speed => "-".into(),
        }
    }
    /// The shown speed with its unit: `4:30 /km`, `13.3 km/h`, `7:15 /mi`, `8.3 mph`.
    pub fn speed_with_unit(self, speed_mps: f64) -> String {
        match self.speed_display {
            SpeedDisplay::Pace => format!("{} /{}", self.pace(speed_mps), self.distance_unit()),
            SpeedDisplay::Speed => format!("{} {}", self.speed(speed_mps), self.speed_unit()),
        }
    }
    /// The unit of the shown speed: `min/km`, `min/mi`, `km/h`, `mph`.
    pub fn speed_unit(self) -> &'static str {
        match (self.system, self.speed_display) {
            (System::Metric, SpeedDisplay::Pace) => "min/km",
            (System::Imperial, SpeedDisplay::Pace) => "min/mi",
            (System::Metric, SpeedDisplay::Speed) => "km/h",
            (System::Imperial, SpeedDisplay::Speed) => "mph",
        }
    }
    /// `pace` or `speed`.
    pub fn speed_word(self) -> &'static str {
        match self.speed_display {
            SpeedDisplay::Pace => "pace",
            SpeedDisplay::Speed => "speed",
        }
    }
    /// A table column of speeds: `pace` (min/km, the default), `pace/mi`, `km/h`, `mph`.
    pub fn speed_column(self) -> &'static str {
        match (self.system, self.speed_display) {
            (System::Metric, SpeedDisplay::Pace) => "pace",
            (System::Imperial, SpeedDisplay::Pace) => "pace/mi",
            (_, SpeedDisplay::Speed) => self.speed_unit(),
        }
    }

    /// A phrase of the model, its lengths and speeds in these units.
    pub fn phrase(self, p: &Phrase) -> String {
        p.render(|piece| match *piece {
            Piece::Text(ref s) => s.clone(),
            Piece::Length { m } => self.length(m),
            Piece::LengthTenth { m } => self.length_digits(m, 1),
            Piece::LengthPm { m, pm_m } if self.length_value(pm_m) >= 0.5 => {
                format!("{} (+-{})", self.length(m), self.length(pm_m))
            }
            Piece::LengthPm { m, .. } => self.length(m),
            Piece::LengthRange { min_m, max_m } => {
                let unit = format!(" {}", self.length_unit());
                let num = |m: f64| match self.system {
                    System::Metric => fmt_num(m),
                    System::Imperial => format!("{:.0}", self.length_value(m)),
                };
                range_text(min_m, max_m, &unit, num)
            }
            Piece::LengthSpan { min_m, max_m }
                if self.length_num(min_m, 0) == self.length_num(max_m, 0) =>
            {
                format!("all {}", self.length(max_m))
            }
            Piece::LengthSpan { min_m, max_m } => {
                format!("{}-{}", self.length_num(min_m, 0), self.length(max_m))
            }
            Piece::Speed { mps } | Piece::SpeedTenth { mps } => self.speed_with_unit(mps),
            Piece::SpeedChange { from_mps, to_mps } => {
                format!(
                    "{} to {}",
                    self.speed(from_mps),
                    self.speed_with_unit(to_mps)
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const METRIC_SPEED: Units = Units {
        system: System::Metric,
        speed_display: SpeedDisplay::Speed,
    };
    const IMPERIAL_SPEED: Units = Units {
        system: System::Imperial,
        speed_display: SpeedDisplay::Speed,
    };

    #[test]
    fn a_mile_is_1609_344_m_and_a_foot_0_3048_m() {
        assert_eq!(Units::IMPERIAL.distance(1609.344), "1.00 mi");
        assert_eq!(Units::IMPERIAL.distance(5140.0), "3.19 mi");
        assert_eq!(Units::IMPERIAL.length(0.3048 * 279.0), "279 ft");
        assert_eq!(Units::IMPERIAL.length(85.0), "279 ft");
        assert_eq!(Units::METRIC.distance(5140.0), "5.14 km");
        assert_eq!(Units::METRIC.length(85.0), "85 m");
    }

    #[test]
    fn pace_per_mile_is_pace_per_km_times_1_609344() {
        // 4:00 /km = 240 s/km -> 386.24 s/mi = 6:26 /mi.
        let v = 1000.0 / 240.0;
        assert_eq!(Units::METRIC.pace(v), "4:00");
        assert_eq!(Units::IMPERIAL.pace(v), "6:26");
        assert_eq!(Units::IMPERIAL.speed_with_unit(v), "6:26 /mi");
        // 15 km/h = 9.32 mph.
        assert_eq!(METRIC_SPEED.speed_with_unit(15.0 / 3.6), "15.0 km/h");
        assert_eq!(IMPERIAL_SPEED.speed_with_unit(15.0 / 3.6), "9.3 mph");
        assert_eq!(Units::METRIC.pace(0.0), "-");
        assert_eq!(IMPERIAL_SPEED.speed(f64::NAN), "-");
    }

    #[test]
    fn a_trend_says_its_speeds_in_the_units_and_in_si_as_before() {
        let p = Phrase::from("rep speed improved from ")
            .with(Piece::SpeedChange {
                from_mps: 4.0,
                to_mps: 4.5,
            })
            .text(", held at ")
            .with(Piece::SpeedTenth { mps: 4.5 });
        assert_eq!(
            p.si(),
            "rep speed improved from 4.0 to 4.5 m/s, held at 4.5 m/s"
        );
        // 4.0 m/s = 4:10 /km = 6:42 /mi; 4.5 m/s = 3:42 /km = 5:58 /mi.
        assert_eq!(
            Units::METRIC.phrase(&p),
            "rep speed improved from 4:10 to 3:42 /km, held at 3:42 /km"
        );
        assert_eq!(
            Units::IMPERIAL.phrase(&p),
            "rep speed improved from 6:42 to 5:58 /mi, held at 5:58 /mi"
        );
        assert_eq!(
            IMPERIAL_SPEED.phrase(&p),
            "rep speed improved from 8.9 to 10.1 mph, held at 10.1 mph"
        );
    }

    #[test]
    fn phrases_take_the_units() {
        let p = Phrase::from("")
            .with(Piece::LengthRange {
                min_m: Some(80.0),
                max_m: Some(100.0),
            })
            .text(", rep 3 was ")
            .with(Piece::LengthPm {
                m: 112.0,
                pm_m: 6.0,
            })
            .text(" at ")
            .with(Piece::Speed { mps: 4.0 });
        assert_eq!(
            Units::METRIC.phrase(&p),
            "80-100 m, rep 3 was 112 m (+-6 m) at 4:10 /km"
        );
        assert_eq!(
            Units::IMPERIAL.phrase(&p),
            "262-328 ft, rep 3 was 367 ft (+-20 ft) at 6:42 /mi"
        );
        assert_eq!(
            METRIC_SPEED.phrase(&p),
            "80-100 m, rep 3 was 112 m (+-6 m) at 14.4 km/h"
        );
    }
}
