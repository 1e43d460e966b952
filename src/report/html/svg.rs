//! What the page's hand-written SVG figures share: escaping, band colours, round ticks, the
//! thinning of long lines, and where each rep and descent lies on the profile grid.

use std::fmt::Write;

use crate::analysis::Analysis;
use crate::chart::{band_color, band_index, descent_grid_range, rep_grid_ranges};
use crate::report::Report;

/// Most points drawn along one line. Default 1500: a 1000-unit-wide figure shows no more
/// than about one point per unit at the widths a screen or A4 gives it, so a 5-hour track
/// draws as well from 1500 points as from 50 000, and the page stays small.
pub const MAX_LINE_POINTS: usize = 1500;

/// `text` safe inside HTML text and attribute values (the XML escaping of the writers:
/// HTML5 knows `&apos;` too).
pub fn esc(text: &str) -> String {
    crate::report::xml_escape(text)
}

/// A horizontal grid line across `x` (left, right) at height `y`, labelled left of it.
pub fn grid_line(o: &mut String, x: (f64, f64), y: f64, label: &str) {
    let _ = write!(
        o,
        "<line class=\"grid\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
         <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        x.0,
        x.1,
        x.0 - 6.0,
        y + 4.0,
        esc(label)
    );
}

/// The band colour of the charts as CSS `#rrggbb`.
pub fn band_hex(labels: &[String], band: &str) -> String {
    let c = band_color(band_index(labels, band, 0));
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Grid indices from `a` to `b` inclusive, at most [`MAX_LINE_POINTS`] of them, both ends kept.
pub fn thinned(a: usize, b: usize) -> Vec<usize> {
    let n = b.saturating_sub(a) + 1;
    let step = n.div_ceil(MAX_LINE_POINTS).max(1);
    let mut v: Vec<usize> = (a..=b).step_by(step).collect();
    if v.last() != Some(&b) {
        v.push(b);
    }
    v
}

/// Round tick values covering `lo..=hi`, about `want` of them (steps of 1, 2 or 5 x 10^k).
pub fn ticks(lo: f64, hi: f64, want: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return Vec::new();
    }
    let raw = (hi - lo) / want.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut v = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while v <= hi + step * 1e-9 && out.len() < 50 {
        // A tick at zero is 0, never -0 (from a negative start).
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

/// Points as an SVG `points` attribute, one decimal (a tenth of a unit is below a pixel).
pub fn points_attr(pts: impl IntoIterator<Item = (f64, f64)>) -> String {
    let mut o = String::new();
    for (x, y) in pts {
        if x.is_finite() && y.is_finite() {
            let _ = write!(o, "{x:.1},{y:.1} ");
        }
    }
    o.trim_end().to_string()
}

/// A rep as every view names it: `R3`, or `R2.3` (set 2, rep 3) when there are sets.
pub fn rep_label(report: &Report, i: usize) -> String {
    let reps = &report.reps.reps;
    let sets = reps.iter().map(|r| r.set).max().unwrap_or(1);
    match reps.get(i) {
        Some(r) if sets > 1 => format!("R{}.{}", r.set, r.index),
        Some(r) => format!("R{}", r.index),
        None => String::new(),
    }
}

/// Label positions already taken in one figure, so numbers do not print over each other.
#[derive(Debug, Default)]
pub struct Taken(Vec<(f64, f64)>);

/// Closest two labels may sit, in figure units: a rep number is ~14 units tall.
pub const LABEL_GAP: f64 = 16.0;

impl Taken {
    /// Whether a label at `(x, y)` is clear of every label taken so far; takes it if so.
    pub fn take(&mut self, x: f64, y: f64) -> bool {
        // Rep numbers are one or two digits: narrower than tall, plus a margin.
        let clear = (self.0.iter())
            .all(|(a, b)| (a - x).abs() > 1.25 * LABEL_GAP || (b - y).abs() > LABEL_GAP);
        if clear {
            self.0.push((x, y));
        }
        clear
    }
}

/// Rep numbers as a short list: `1-4, 7, 9-10`.
pub fn number_list(numbers: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}-{}", numbers[i], numbers[j])
        } else {
            numbers[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// Where the descents and reps of a report lie on its profile grid, found once for every
/// view (the profile and the map draw the same ranges).
#[derive(Debug, Clone, Default)]
pub struct Spans {
    /// Per descent of the report: its grid range.
    pub descents: Vec<Option<(usize, usize)>>,
    /// Per rep of the report: its grid range.
    pub reps: Vec<Option<(usize, usize)>>,
}

impl Spans {
    pub fn of(a: &Analysis) -> Spans {
        let Some(p) = &a.profile else {
            return Spans::default();
        };
        Spans {
            descents: (a.report.descents.iter())
                .map(|d| descent_grid_range(p, d))
                .collect(),
            reps: rep_grid_ranges(p, &a.report.reps.reps),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        let t = ticks(312.0, 389.0, 4);
        assert_eq!(t, vec![320.0, 340.0, 360.0, 380.0]);
        assert!(ticks(1.0, 1.0, 4).is_empty());
        assert!(
            ticks(-8.0, 8.0, 4)
                .iter()
                .all(|t| *t != 0.0 || t.is_sign_positive())
        );
    }

    #[test]
    fn thinning_keeps_both_ends_and_the_cap() {
        let v = thinned(10, 100_000);
        assert!(v.len() <= MAX_LINE_POINTS + 1);
        assert_eq!(v.first(), Some(&10));
        assert_eq!(v.last(), Some(&100_000));
        assert_eq!(thinned(3, 5), vec![3, 4, 5]);
    }

    #[test]
    fn runs_of_numbers_are_shortened() {
        assert_eq!(number_list(&[1, 2, 3, 4, 7, 9, 10]), "1-4, 7, 9-10");
        assert_eq!(number_list(&[5]), "5");
    }

    #[test]
    fn a_label_over_another_is_refused() {
        let mut t = Taken::default();
        assert!(t.take(100.0, 100.0));
        assert!(!t.take(110.0, 105.0));
        assert!(t.take(100.0, 130.0));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
