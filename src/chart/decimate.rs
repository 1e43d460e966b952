//! Lines and scatters decimated to the pixels: a chart file is bounded by its size, not by the
//! points.
//!
//! Method: M4 aggregation (Jugel et al., "M4: a visualization-oriented time series data
//! aggregation", VLDB 2014): per pixel column, the first, lowest, highest and last point, in
//! their order along the line. Drawn with lines at that width, the result is the same
//! picture as all the points, with at most four points per column.

/// The marks to draw of a scatter whose marks are centred at `centers` (pixels): the first
/// of each `key` (a band) in each square cell of `cell_px` pixels, in their order. Marks of
/// one key within a cell are almost one on another at that size, so the picture is the same
/// but for how dark a pile of translucent marks gets; the count is at most the cells times
/// the keys met in a cell, whatever the number of marks.
pub fn one_per_cell(
    centers: &[(i32, i32)],
    key: impl Fn(usize) -> usize,
    cell_px: i32,
) -> Vec<usize> {
    let cell = cell_px.max(1);
    let mut seen = std::collections::HashSet::new();
    (0..centers.len())
        .filter(|&i| {
            let (x, y) = centers[i];
            seen.insert((x.div_euclid(cell), y.div_euclid(cell), key(i)))
        })
        .collect()
}

/// A point with its place along the line.
type Ranked = (usize, (f64, f64));

/// At most four points per pixel column of the line `pts` (x in data units, in order along
/// the line). `px` maps an x to its pixel column. Non-finite points are dropped.
pub fn m4(pts: impl IntoIterator<Item = (f64, f64)>, px: impl Fn(f64) -> i32) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    // The column being gathered: its first, lowest, highest and last points with their
    // order, flushed when the column changes.
    let mut col: Option<(i32, [Ranked; 4])> = None;
    let flush = |out: &mut Vec<(f64, f64)>, c: &[Ranked; 4]| {
        let mut c = *c;
        c.sort_by_key(|(k, _)| *k);
        let mut last = None;
        for (k, p) in c {
            if last != Some(k) {
                out.push(p);
                last = Some(k);
            }
        }
    };
    for (k, p) in pts
        .into_iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .enumerate()
    {
        let c = px(p.0);
        match &mut col {
            Some((cc, agg)) if *cc == c => {
                if p.1 < agg[1].1.1 {
                    agg[1] = (k, p);
                }
                if p.1 > agg[2].1.1 {
                    agg[2] = (k, p);
                }
                agg[3] = (k, p);
            }
            _ => {
                if let Some((_, agg)) = &col {
                    flush(&mut out, agg);
                }
                col = Some((c, [(k, p); 4]));
            }
        }
    }
    if let Some((_, agg)) = &col {
        flush(&mut out, agg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_points_keep_four_per_column_and_their_extremes() {
        let n = 1_000_000;
        let pts = (0..n).map(|i| {
            let x = i as f64 / n as f64;
            (
                x,
                (i as f64 * 0.37).sin() + if i == 123_457 { 9.0 } else { 0.0 },
            )
        });
        let out = m4(pts, |x| (x * 800.0) as i32);
        assert!(out.len() <= 4 * 801, "{}", out.len());
        assert!(out.iter().any(|p| p.1 > 9.0), "the spike survives");
        assert!(out.windows(2).all(|w| w[0].0 <= w[1].0), "in order");
        assert_eq!(out[0].0, 0.0);
        assert_eq!(out.last().unwrap().0, (n - 1) as f64 / n as f64);
    }

    #[test]
    fn a_scatter_keeps_one_mark_per_band_per_cell() {
        // 100,000 marks on a 600 x 400 px area, two bands: at most 2 x (100 x 67) cells of 6 px.
        let centers: Vec<(i32, i32)> = (0..100_000i64)
            .map(|i| (((i * 7919) % 600) as i32, ((i * 104_729) % 400) as i32))
            .collect();
        let keep = one_per_cell(&centers, |i| i % 2, 6);
        assert!(keep.len() <= 2 * 100 * 67, "{}", keep.len());
        assert!(keep.windows(2).all(|w| w[0] < w[1]), "in their order");
        // Few marks in distinct cells are all kept.
        let few = [(0, 0), (10, 0), (0, 10), (10, 10)];
        assert_eq!(one_per_cell(&few, |_| 0, 6), vec![0, 1, 2, 3]);
        assert_eq!(one_per_cell(&[(1, 1), (2, 2)], |i| i, 6), vec![0, 1]);
        assert_eq!(one_per_cell(&[(1, 1), (2, 2)], |_| 0, 6), vec![0]);
    }

    #[test]
    fn few_points_are_kept_as_they_are() {
        let pts = vec![(0.0, 1.0), (1.0, 3.0), (2.0, f64::NAN), (3.0, 2.0)];
        let out = m4(pts, |x| (x * 100.0) as i32);
        assert_eq!(out, vec![(0.0, 1.0), (1.0, 3.0), (3.0, 2.0)]);
    }
}
