//! Charts of the computed results: slope against speed, the elevation profile, the season.
//!
//! Drawn with plotters, generic over [`DrawingBackend`], so SVG and PNG share one drawing
//! code; [`write_chart`] picks the backend from the output extension (`.svg` / `.png`) and
//! writes atomically (a temporary file in the same folder, then a rename). The font is
//! embedded (DejaVu Sans, `assets/`, registered with plotters' `ab_glyph` backend), so PNG
//! rendering needs no fontconfig and looks the same on any machine.
//!
//! Charts never recompute the analysis: they take a [`crate::report::Report`], the
//! [`crate::profile::Profile`] and the track's pauses, or a [`SeasonChartData`] that the
//! season stage fills.
//!
//! The equal-effort curve of the slope-speed chart comes from a grade-adjusted-pace model:
//! a runner of flat speed `v0` runs a grade `g` at equal effort at `v0 / factor(g)`.
//!
//! ```no_run
//! use downhill::chart::{Chart, ChartOptions, SlopeSpeedData, write_chart};
//! use downhill::descent::Bands;
//! # fn report() -> downhill::report::Report { unimplemented!() }
//! let report = report(); // from downhill::analysis::analyze
//! let data = SlopeSpeedData::from_report(&report, &Bands::default());
//! write_chart("slope.png".as_ref(), &Chart::SlopeSpeed(data), &ChartOptions::default())?;
//! # Ok::<(), downhill::chart::ChartError>(())
//! ```

mod decimate;
mod layout;
mod output;
mod profile;
mod season;
mod slope_speed;
mod style;

use std::path::PathBuf;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::report::units::{SpeedDisplay, Units};

pub use output::{
    ImageFormat, render_png, render_rgb, render_svg, season_chart_paths, write_chart,
    write_season_charts,
};
pub use profile::{ProfileAxis, ProfileChartData, draw_profile};
pub(crate) use profile::{descent_grid_range, rep_grid_ranges};
pub use season::{SeasonChartData, SeasonWeek, draw_season, weeks_from_reports, weeks_from_season};
pub use slope_speed::{FlatSpeedSource, SlopePoint, SlopeSpeedData, draw_slope_speed};
pub use style::band_color;
pub(crate) use style::{Sizes, band_index, band_text, draw_empty, draw_titles, fmt_minutes};

/// The embedded font (see `assets/README.md` for its license).
static FONT_TTF: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
/// The family name charts ask for; the embedded font is registered under it.
pub(crate) const FONT: &str = "sans-serif";

/// Register the embedded font with plotters (once per process).
fn ensure_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid TrueType font checked in with the code; a failure here would
        // only leave plotters without a font, which the drawing then reports as an error.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_TTF);
    });
}

/// A speed axis in the chosen [`Units`]: pace (min/km or min/mi, faster up) or speed (km/h
/// or mph).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SpeedAxis(pub Units);

impl SpeedAxis {
    fn pace(self) -> bool {
        self.0.speed_display == SpeedDisplay::Pace
    }
    /// The value plotted for a speed: km/h or mph, or minus seconds per km or mile (so
    /// faster is up).
    pub(crate) fn plot_value(self, speed_mps: f64) -> f64 {
        if self.pace() {
            -1.0 / self.0.distance_value(speed_mps.max(0.1))
        } else {
            self.0.speed_value(speed_mps)
        }
    }
    /// The axis label text of a plotted value.
    pub(crate) fn format(self, v: f64) -> String {
        if self.pace() {
            let s = (-v).round().max(0.0) as i64;
            format!("{}:{:02}", s / 60, s % 60)
        } else {
            format!("{v:.0}")
        }
    }
    /// "Pace (min/km, faster up)", "Speed (mph)".
    pub(crate) fn axis_name(self) -> String {
        if self.pace() {
            format!("Pace ({}, faster up)", self.0.speed_unit())
        } else {
            format!("Speed ({})", self.0.speed_unit())
        }
    }
    /// The least room around the plotted values: 10 s of pace, half a km/h or mph.
    pub(crate) fn min_pad(self) -> f64 {
        if self.pace() { 10.0 } else { 0.5 }
    }
    /// Round key points for a plotted range (lo < hi).
    pub(crate) fn key_points(self, lo: f64, hi: f64) -> Vec<f64> {
        let span = hi - lo;
        let steps: &[f64] = if self.pace() {
            &[10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0]
        } else {
            &[1.0, 2.0, 5.0, 10.0, 20.0]
        };
        let step = steps
            .iter()
            .copied()
            .find(|s| span / s <= 9.0)
            .unwrap_or(steps[steps.len() - 1]);
        let mut v = (lo / step).ceil() * step;
        let mut out = Vec::new();
        while v <= hi + 1e-9 && out.len() < 40 {
            out.push(v);
            v += step;
        }
        out
    }
}

/// Options shared by every chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Image size. Default 1200 x 800 px: readable on a laptop screen and still readable
    /// when a README or a chat shrinks it to half.
    pub width_px: u32,
    /// Image height, px (default 800).
    pub height_px: u32,
    /// Distances, lengths and speeds (pace by default: what runners read on their watch)
    /// in these units.
    pub units: Units,
    /// The x axis of the profile chart: distance (default) or elapsed time.
    pub profile_axis: ProfileAxis,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width_px: 1200,
            height_px: 800,
            units: Units::METRIC,
            profile_axis: ProfileAxis::Distance,
        }
    }
}

/// One chart with its data, for [`write_chart`] and [`render_svg`].
#[derive(Debug, Clone)]
pub enum Chart<'a> {
    /// Grade against speed of each rep or descent, with the equal-effort curve.
    SlopeSpeed(SlopeSpeedData),
    /// The elevation profile of one session with its descents, reps and pauses.
    Profile(ProfileChartData<'a>),
    /// Reps per band and median rep speed per band, week by week.
    Season(SeasonChartData),
}

impl Chart<'_> {
    /// Draw on any plotters backend.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        opts: &ChartOptions,
    ) -> Result<(), ChartError> {
        ensure_font();
        match self {
            Chart::SlopeSpeed(d) => draw_slope_speed(root, d, opts),
            Chart::Profile(d) => draw_profile(root, d, opts),
            Chart::Season(d) => draw_season(root, d, opts),
        }
    }
}

/// Errors of chart rendering; each names the output file when there is one.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("{path}: cannot tell the image format from the name: use .svg or .png")]
    /// The output path's extension is neither `.svg` nor `.png`.
    UnknownFormat {
        /// The output file.
        path: PathBuf,
    },
    #[error("{path}: chart size {width_px}x{height_px} is too small (at least 200x150)")]
    /// The requested image is smaller than 200 x 150 px.
    TooSmall {
        /// The output file.
        path: PathBuf,
        /// Requested width, px.
        width_px: u32,
        /// Requested height, px.
        height_px: u32,
    },
    #[error("{path}: cannot write the chart: {source}")]
    /// Writing the output file (or creating its folder) failed.
    Io {
        /// The output file.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    #[error("{path}: cannot draw the chart: {message}")]
    /// Drawing failed while rendering into a named output file.
    Render {
        /// The output file.
        path: PathBuf,
        /// The drawing backend's error message.
        message: String,
    },
    /// A drawing error before the output file is known.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}

/// Name of the GAP model behind the equal-effort curve (shown in the legend): the model of
/// [`crate::gap`], the same one behind the reports' `gap_speed_mps`.
pub const GAP_MODEL: &str = crate::gap::MODEL_NAME;

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn pace_ticks_are_round_and_faster_is_up() {
        let u = SpeedAxis(Units::METRIC);
        assert!(u.plot_value(5.0) > u.plot_value(4.0));
        let keys = u.key_points(u.plot_value(2.5), u.plot_value(4.5));
        assert!(keys.len() >= 3 && keys.len() <= 10, "{keys:?}");
        assert!(keys.iter().all(|k| (k / 15.0).fract().abs() < 1e-9));
        assert_eq!(u.format(-270.0), "4:30");
        let kmh = SpeedAxis(Units::METRIC.with_speed_display(SpeedDisplay::Speed));
        assert_eq!(kmh.format(kmh.plot_value(5.0)), "18");
        let mph = SpeedAxis(Units::IMPERIAL.with_speed_display(SpeedDisplay::Speed));
        assert_eq!(mph.format(mph.plot_value(5.0)), "11");
        // 4:30 /km is 270 x 1.609344 = 434.5 s = 7:15 /mi.
        let mi = SpeedAxis(Units::IMPERIAL);
        assert_eq!(mi.format(mi.plot_value(1000.0 / 270.0)), "7:15");
        assert_eq!(mi.axis_name(), "Pace (min/mi, faster up)");
    }

    #[test]
    fn the_extension_picks_the_format() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a/b.SVG")),
            Some(ImageFormat::Svg)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("b.png")),
            Some(ImageFormat::Png)
        );
        assert_eq!(ImageFormat::from_path(Path::new("b.jpg")), None);
        assert_eq!(ImageFormat::from_path(Path::new("png")), None);
    }

    #[test]
    fn labels_never_overlap() {
        let mut p = layout::Placer::new((0, 0, 100, 100));
        assert_eq!(p.place(&[(10, 10)], (20, 10)), Some((10, 10)));
        // Same spot taken: the second candidate is used.
        assert_eq!(p.place(&[(15, 12), (50, 50)], (20, 10)), Some((50, 50)));
        // Outside the bounds or touching: dropped.
        assert_eq!(p.place(&[(95, 95), (31, 10)], (20, 10)), None);
    }
}
