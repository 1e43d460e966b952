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

mod layout;
mod profile;
mod season;
mod slope_speed;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

pub use profile::{ProfileAxis, ProfileChartData, draw_profile};
pub use season::{SeasonChartData, SeasonWeek, draw_season, weeks_from_reports};
pub use slope_speed::{FlatSpeedSource, SlopePoint, SlopeSpeedData, draw_slope_speed};

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

/// How speed is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpeedUnit {
    /// Minutes per km (`4:30`), faster up.
    #[default]
    Pace,
    /// Kilometres per hour.
    Kmh,
}

impl SpeedUnit {
    /// The value plotted for a speed: km/h, or minus seconds per km (so faster is up).
    pub(crate) fn plot_value(self, speed_mps: f64) -> f64 {
        match self {
            SpeedUnit::Kmh => speed_mps * 3.6,
            SpeedUnit::Pace => -1000.0 / speed_mps.max(0.1),
        }
    }
    /// The axis label text of a plotted value.
    pub(crate) fn format(self, v: f64) -> String {
        match self {
            SpeedUnit::Kmh => format!("{v:.0}"),
            SpeedUnit::Pace => {
                let s = (-v).round().max(0.0) as i64;
                format!("{}:{:02}", s / 60, s % 60)
            }
        }
    }
    pub(crate) fn axis_name(self) -> &'static str {
        match self {
            SpeedUnit::Kmh => "Speed (km/h)",
            SpeedUnit::Pace => "Pace (min/km, faster up)",
        }
    }
    /// Round key points for a plotted range (lo < hi).
    pub(crate) fn key_points(self, lo: f64, hi: f64) -> Vec<f64> {
        let span = hi - lo;
        let steps: &[f64] = match self {
            SpeedUnit::Kmh => &[1.0, 2.0, 5.0, 10.0, 20.0],
            SpeedUnit::Pace => &[10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0],
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
    pub height_px: u32,
    /// Speed as pace (min/km, the default: what runners read on their watch) or km/h.
    pub speed_unit: SpeedUnit,
    /// The x axis of the profile chart: distance (default) or elapsed time.
    pub profile_axis: ProfileAxis,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width_px: 1200,
            height_px: 800,
            speed_unit: SpeedUnit::Pace,
            profile_axis: ProfileAxis::Distance,
        }
    }
}

/// One chart with its data, for [`write_chart`] and [`render_svg`].
#[derive(Debug, Clone)]
pub enum Chart<'a> {
    SlopeSpeed(SlopeSpeedData),
    Profile(ProfileChartData<'a>),
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
    UnknownFormat { path: PathBuf },
    #[error("{path}: chart size {width_px}x{height_px} is too small (at least 200x150)")]
    TooSmall {
        path: PathBuf,
        width_px: u32,
        height_px: u32,
    },
    #[error("{path}: cannot write the chart: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: cannot draw the chart: {message}")]
    Render { path: PathBuf, message: String },
    /// A drawing error before the output file is known.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}

/// The image format of an output path, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    pub fn from_path(path: &Path) -> Option<ImageFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(ImageFormat::Svg),
            "png" => Some(ImageFormat::Png),
            _ => None,
        }
    }
}

/// The chart as an SVG document.
pub fn render_svg(chart: &Chart, opts: &ChartOptions) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (opts.width_px, opts.height_px)).into_drawing_area();
        chart.draw(&root, opts)?;
        root.present()?;
    }
    Ok(svg)
}

/// The chart as RGB pixels (`width * height * 3` bytes, row by row).
pub fn render_rgb(chart: &Chart, opts: &ChartOptions) -> Result<Vec<u8>, ChartError> {
    let mut buf = vec![0u8; opts.width_px as usize * opts.height_px as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (opts.width_px, opts.height_px))
            .into_drawing_area();
        chart.draw(&root, opts)?;
        root.present()?;
    }
    Ok(buf)
}

/// Draw `chart` into `path`: SVG or PNG by the extension, written atomically (a temporary
/// file in the same folder renamed over `path`), so a reader never sees half a chart.
pub fn write_chart(path: &Path, chart: &Chart, opts: &ChartOptions) -> Result<(), ChartError> {
    let format = ImageFormat::from_path(path).ok_or_else(|| ChartError::UnknownFormat {
        path: path.to_path_buf(),
    })?;
    if opts.width_px < 200 || opts.height_px < 150 {
        return Err(ChartError::TooSmall {
            path: path.to_path_buf(),
            width_px: opts.width_px,
            height_px: opts.height_px,
        });
    }
    let named = |e: ChartError| match e {
        ChartError::Draw(message) => ChartError::Render {
            path: path.to_path_buf(),
            message,
        },
        other => other,
    };
    let io = |source: std::io::Error| ChartError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let suffix = match format {
        ImageFormat::Svg => ".svg",
        ImageFormat::Png => ".png",
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".downhill-chart-").suffix(suffix);
    // tempfile makes private (0600) files; a chart is an ordinary file (0666 less umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io)?;
    match format {
        ImageFormat::Svg => {
            let svg = render_svg(chart, opts).map_err(named)?;
            tmp.write_all(svg.as_bytes()).map_err(io)?;
            tmp.flush().map_err(io)?;
        }
        ImageFormat::Png => {
            let root =
                BitMapBackend::new(tmp.path(), (opts.width_px, opts.height_px)).into_drawing_area();
            chart.draw(&root, opts).map_err(named)?;
            root.present().map_err(|e| named(e.into()))?;
        }
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// A band's color: grey for the gentle band, then green, blue, orange, red, ... steeper.
pub fn band_color(band_index: usize) -> RGBColor {
    const STEEP: [RGBColor; 8] = [
        RGBColor(44, 160, 44),
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(23, 190, 207),
    ];
    if band_index == 0 {
        RGBColor(150, 150, 150)
    } else {
        STEEP[(band_index - 1) % STEEP.len()]
    }
}

/// The index of a band label among `labels`, or the band of `grade_pct` when the label is
/// unknown (a report made with other band edges).
pub(crate) fn band_index(labels: &[String], band: &str, fallback: usize) -> usize {
    labels.iter().position(|l| l == band).unwrap_or(fallback)
}

/// Text sizes scaled to the image: the defaults suit 1200 x 800.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    pub scale: f64,
}

impl Sizes {
    pub fn of(root_dim: (u32, u32)) -> Sizes {
        let s = (root_dim.0 as f64 / 1200.0).min(root_dim.1 as f64 / 800.0);
        Sizes {
            scale: s.clamp(0.35, 4.0),
        }
    }
    pub fn px(self, base: f64) -> f64 {
        (base * self.scale).max(9.0)
    }
    pub fn title(self) -> TextStyle<'static> {
        (FONT, self.px(30.0)).into_font().color(&BLACK)
    }
    pub fn subtitle(self) -> TextStyle<'static> {
        (FONT, self.px(18.0))
            .into_font()
            .color(&RGBColor(80, 80, 80))
    }
    pub fn axis(self) -> TextStyle<'static> {
        (FONT, self.px(20.0)).into_font().color(&BLACK)
    }
    pub fn tick(self) -> TextStyle<'static> {
        (FONT, self.px(17.0)).into_font().color(&BLACK)
    }
    pub fn legend(self) -> TextStyle<'static> {
        (FONT, self.px(17.0)).into_font().color(&BLACK)
    }
    pub fn mark(self) -> TextStyle<'static> {
        (FONT, self.px(14.0))
            .into_font()
            .color(&RGBColor(30, 30, 30))
    }
    pub fn i(self, base: f64) -> i32 {
        (base * self.scale).round().max(1.0) as i32
    }
}

/// Title and subtitle at the top; returns the area below them.
pub(crate) fn draw_titles<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let sz = Sizes::of(root.dim_in_pixel());
    root.fill(&WHITE)?;
    let max_w = root.dim_in_pixel().0 * 95 / 100;
    let title = fit_text(root, title, &sz.title(), max_w)?;
    let area = root
        .margin(sz.i(10.0), 0, 0, 0)
        .titled(&title, sz.title())?;
    if subtitle.is_empty() {
        return Ok(area);
    }
    let subtitle = fit_text(root, subtitle, &sz.subtitle(), max_w)?;
    Ok(area.titled(&subtitle, sz.subtitle())?)
}

/// `text`, shortened in the middle with an ellipsis until it fits `max_w` pixels (long file
/// names keep their start and their end).
pub(crate) fn fit_text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: u32,
) -> Result<String, ChartError> {
    let chars: Vec<char> = text.chars().collect();
    let mut keep = chars.len();
    let mut out = text.to_string();
    while root.estimate_text_size(&out, style)?.0 > max_w && keep > 8 {
        keep -= 2;
        let head = keep * 3 / 5;
        let tail = keep - head;
        out = chars[..head].iter().collect::<String>()
            + "\u{2026}"
            + &chars[chars.len() - tail..].iter().collect::<String>();
    }
    Ok(out)
}

/// A band's label for legends: `gentle`, `8-10 %`.
pub(crate) fn band_text(labels: &[String], band: usize) -> String {
    match labels.get(band) {
        Some(l) if band == 0 => l.clone(),
        Some(l) => format!("{l} %"),
        None => format!("band {band}"),
    }
}

/// A chart that says there is nothing to draw, rather than an error.
pub(crate) fn draw_empty<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    message: &str,
) -> Result<(), ChartError> {
    let sz = Sizes::of(root.dim_in_pixel());
    let area = draw_titles(root, title, "")?;
    let (w, h) = area.dim_in_pixel();
    let style = (FONT, sz.px(28.0))
        .into_font()
        .color(&RGBColor(90, 90, 90))
        .pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        ));
    area.draw_text(message, &style, (w as i32 / 2, h as i32 / 2))?;
    Ok(())
}

/// Name of the GAP model behind the equal-effort curve (shown in the legend): the model of
/// [`crate::gap`], the same one behind the reports' `gap_speed_mps`.
pub const GAP_MODEL: &str = crate::gap::MODEL_NAME;

/// Seconds as `h:mm` or `m:ss` for axis labels.
pub(crate) fn fmt_minutes(min: f64) -> String {
    let m = min.round().max(0.0) as i64;
    format!("{}:{:02}", m / 60, m % 60)
}

/// Draw the season's charts into `dir` (created when missing): `slope-speed.<ext>` (every
/// rep of every session) and `season.<ext>` (the weekly progression). `weeks`: the season
/// stage's table, or [`weeks_from_reports`]. Returns the files written. Meant for
/// `downhill season ... --charts DIR`.
pub fn write_season_charts(
    dir: &Path,
    format: ImageFormat,
    reports: &[crate::report::Report],
    weeks: Vec<SeasonWeek>,
    bands: &crate::descent::Bands,
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ChartError> {
    std::fs::create_dir_all(dir).map_err(|source| ChartError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let ext = match format {
        ImageFormat::Svg => "svg",
        ImageFormat::Png => "png",
    };
    let slope = dir.join(format!("slope-speed.{ext}"));
    let data = SlopeSpeedData::from_reports(reports, bands, "Slope and speed: the season");
    write_chart(&slope, &Chart::SlopeSpeed(data), opts)?;
    let season = dir.join(format!("season.{ext}"));
    let data = SeasonChartData::new("Season progression", bands.labels(), weeks);
    write_chart(&season, &Chart::Season(data), opts)?;
    Ok(vec![slope, season])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pace_ticks_are_round_and_faster_is_up() {
        let u = SpeedUnit::Pace;
        assert!(u.plot_value(5.0) > u.plot_value(4.0));
        let keys = u.key_points(u.plot_value(2.5), u.plot_value(4.5));
        assert!(keys.len() >= 3 && keys.len() <= 10, "{keys:?}");
        assert!(keys.iter().all(|k| (k / 15.0).fract().abs() < 1e-9));
        assert_eq!(u.format(-270.0), "4:30");
        assert_eq!(SpeedUnit::Kmh.format(SpeedUnit::Kmh.plot_value(5.0)), "18");
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
