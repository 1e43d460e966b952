//! Output: SVG or PNG by the file extension, written atomically (a temporary file in the
//! same folder, renamed over the target), and the season's set of charts.

use std::io::Write;
use std::path::{Path, PathBuf};

use plotters::prelude::*;

use super::{Chart, ChartError, ChartOptions, SeasonChartData, SeasonWeek, SlopeSpeedData};

/// The image format of an output path, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Scalable Vector Graphics (`.svg`).
    Svg,
    /// Portable Network Graphics bitmap (`.png`).
    Png,
}

impl ImageFormat {
    /// The format named by `path`'s extension (`svg` or `png`, any case); `None` otherwise.
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

/// The chart as a PNG file's bytes (for standard output; [`write_chart`] writes files).
pub fn render_png(chart: &Chart, opts: &ChartOptions) -> Result<Vec<u8>, ChartError> {
    use image::ImageEncoder;
    let rgb = render_rgb(chart, opts)?;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgb, opts.width_px, opts.height_px, image::ColorType::Rgb8)
        .map_err(|e| ChartError::Draw(e.to_string()))?;
    Ok(png)
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
    let mut tmp = crate::io::file::output_tempfile(&dir, ".downhill-chart-", suffix).map_err(io)?;
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

/// The files [`write_season_charts`] writes into `dir`: `slope-speed.<ext>`, `season.<ext>`.
pub fn season_chart_paths(dir: &Path, format: ImageFormat) -> [PathBuf; 2] {
    let ext = match format {
        ImageFormat::Svg => "svg",
        ImageFormat::Png => "png",
    };
    [
        dir.join(format!("slope-speed.{ext}")),
        dir.join(format!("season.{ext}")),
    ]
}

/// Draw the season's charts into `dir` (created when missing): `slope-speed.<ext>` (every
/// rep of every session) and `season.<ext>` (the weekly progression). `weeks`: the season
/// stage's table, or [`weeks_from_reports`](super::weeks_from_reports). Returns the files
/// written. Meant for `downhill season ... --charts DIR`.
pub fn write_season_charts(
    dir: &Path,
    format: ImageFormat,
    slope_speed: SlopeSpeedData,
    weeks: Vec<SeasonWeek>,
    bands: &crate::descent::Bands,
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ChartError> {
    std::fs::create_dir_all(dir).map_err(|source| ChartError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let [slope, season] = season_chart_paths(dir, format);
    write_chart(&slope, &Chart::SlopeSpeed(slope_speed), opts)?;
    let data = SeasonChartData::new("Season progression", bands.labels(), weeks);
    write_chart(&season, &Chart::Season(data), opts)?;
    Ok(vec![slope, season])
}
