//! Layout helpers shared by the charts: a legend column beside the plot (so it never hides
//! data) and a greedy label placer that drops a label rather than overlap another.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ChartError, Sizes};

/// What a legend entry shows before its text.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A line (a curve or series).
    Line(RGBColor),
    /// A filled box (a shaded area or a bar).
    Box(RGBColor, f64),
    /// Just text (a heading or a note).
    None,
    /// Text under the previous entry's text (its second line).
    Indent,
}

/// Draw a legend column: entries top-down from the top of `area`.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(Swatch, String)],
    sz: Sizes,
) -> Result<(), ChartError> {
    let line_h = sz.i(27.0);
    let sw = sz.i(22.0);
    let x0 = sz.i(8.0);
    let mut y = sz.i(14.0);
    let style = sz.legend().pos(Pos::new(HPos::Left, VPos::Center));
    let (_, h) = area.dim_in_pixel();
    for (swatch, text) in entries {
        if y + line_h / 2 > h as i32 {
            break;
        }
        let cy = y;
        match swatch {
            Swatch::Line(c) => {
                area.draw(&PathElement::new(
                    vec![(x0, cy), (x0 + sw, cy)],
                    c.stroke_width(sz.i(3.0) as u32),
                ))?;
            }
            Swatch::Box(c, alpha) => {
                area.draw(&Rectangle::new(
                    [(x0, cy - sw / 3), (x0 + sw, cy + sw / 3)],
                    c.mix(*alpha).filled(),
                ))?;
            }
            Swatch::None | Swatch::Indent => {}
        }
        let tx = match swatch {
            Swatch::None => x0,
            _ => x0 + sw + sz.i(8.0),
        };
        area.draw_text(text, &style, (tx, cy))?;
        y += line_h;
    }
    Ok(())
}

/// Places labels greedily in pixel space; a label that would overlap one already placed (or
/// a reserved box) is dropped.
#[derive(Debug, Default)]
pub(crate) struct Placer {
    boxes: Vec<(i32, i32, i32, i32)>,
    bounds: (i32, i32, i32, i32),
}

impl Placer {
    /// `bounds`: the pixel box labels must stay inside (x0, y0, x1, y1).
    pub fn new(bounds: (i32, i32, i32, i32)) -> Placer {
        Placer {
            boxes: Vec::new(),
            bounds,
        }
    }

    /// Keep labels off this box (a data mark, say).
    pub fn reserve(&mut self, b: (i32, i32, i32, i32)) {
        self.boxes.push(b);
    }

    fn free(&self, b: (i32, i32, i32, i32)) -> bool {
        let (bx0, by0, bx1, by1) = self.bounds;
        !(b.0 < bx0 || b.1 < by0 || b.2 > bx1 || b.3 > by1 || self.overlaps(b))
    }

    fn overlaps(&self, b: (i32, i32, i32, i32)) -> bool {
        self.boxes
            .iter()
            .any(|o| b.0 < o.2 && o.0 < b.2 && b.1 < o.3 && o.1 < b.3)
    }

    /// Try each top-left candidate for a label of `size`; reserve and return the first free.
    pub fn place(&mut self, candidates: &[(i32, i32)], size: (u32, u32)) -> Option<(i32, i32)> {
        // Two pixels of air on each side, so "4" and "6" never read as "46".
        const AIR: i32 = 2;
        for &(x, y) in candidates {
            let b = (x, y, x + size.0 as i32, y + size.1 as i32);
            let padded = (b.0 - AIR, b.1 - AIR, b.2 + AIR, b.3 + AIR);
            if self.free(b) && !self.overlaps(padded) {
                self.boxes.push(b);
                return Some((x, y));
            }
        }
        None
    }
}

/// Candidate top-left corners for a label of `size` around a mark at `p` of radius `r`:
/// right, left, above, below, then the diagonals.
pub(crate) fn around(p: (i32, i32), r: i32, size: (u32, u32)) -> Vec<(i32, i32)> {
    let (w, h) = (size.0 as i32, size.1 as i32);
    let g = r + 4;
    vec![
        (p.0 + g, p.1 - h / 2),
        (p.0 - g - w, p.1 - h / 2),
        (p.0 - w / 2, p.1 - g - h),
        (p.0 - w / 2, p.1 + g),
        (p.0 + g, p.1 - g - h),
        (p.0 - g - w, p.1 - g - h),
        (p.0 + g, p.1 + g),
        (p.0 - g - w, p.1 + g),
    ]
}

/// Draw `text` with its top-left corner at absolute pixel `pos` on `root`.
pub(crate) fn text_at<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    pos: (i32, i32),
) -> Result<(), ChartError> {
    let style = style.pos(Pos::new(HPos::Left, VPos::Top));
    root.draw_text(text, &style, pos)?;
    Ok(())
}

/// A linear f64 axis with the tick positions we choose (round paces, whole weeks):
/// plotters' own `with_key_points` cannot take a label formatter in 0.3.
#[derive(Debug, Clone)]
pub(crate) struct Keyed {
    pub lo: f64,
    pub hi: f64,
    pub keys: Vec<f64>,
}

impl Keyed {
    pub fn new(lo: f64, hi: f64, keys: Vec<f64>) -> Keyed {
        Keyed { lo, hi, keys }
    }
}

impl Ranged for Keyed {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        if self.hi == self.lo {
            return (limit.0 + limit.1) / 2;
        }
        let t = (v - self.lo) / (self.hi - self.lo);
        limit.0 + (t * (limit.1 - limit.0) as f64).round() as i32
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, _hint: H) -> Vec<f64> {
        self.keys.clone()
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}
