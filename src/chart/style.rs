//! The look shared by the charts: band colors, text sizes scaled to the image, titles, the
//! empty-chart message.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{ChartError, FONT};

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

/// Seconds as `h:mm` or `m:ss` for axis labels.
pub(crate) fn fmt_minutes(min: f64) -> String {
    let m = min.round().max(0.0) as i64;
    format!("{}:{:02}", m / 60, m % 60)
}
