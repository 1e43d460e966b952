//! The hill's own line: reps on one hill are measured along one polyline between their
//! projected ends, not each along its own noisy path (a GPS spike inside a rep lengthens its
//! path by twice the spike; it does not move the rep's ends).

use geo::{Coord, Euclidean, InterpolatableLine, LineLocatePoint, LineString, Point};

use super::geom::Path;

/// Samples of the line at least this far apart, metres: as [`Path::length`] decimates, so
/// that jitter does not lengthen the line.
const STEP_M: f64 = 10.0;
/// The line runs on past both ends by this much, metres, along its end segments: a rep that
/// starts above the reference rep's start (or ends below its end) still projects onto it.
const EXTEND_M: f64 = 40.0;
/// An end farther from the line than this is not on the hill's line, metres (three times a
/// poor GPS fix's error).
pub const LATERAL_MAX_M: f64 = 25.0;

/// One pass's recorded positions as a line, with its arc length.
pub(crate) struct Centerline {
    line: LineString<f64>,
    length_m: f64,
}

impl Centerline {
    /// The line through the positions of samples `a..=b`, `None` with under two of them.
    pub fn from_pass(path: &Path, a: usize, b: usize) -> Option<Centerline> {
        let mut pts: Vec<(f64, f64)> = Vec::new();
        for p in (a..=b.min(path.len().saturating_sub(1))).filter_map(|i| path.raw_xy[i]) {
            match pts.last() {
                Some(q) if (p.0 - q.0).hypot(p.1 - q.1) < STEP_M => {}
                _ => pts.push(p),
            }
        }
        if let (Some(&last), Some(&end)) = (pts.last(), path.raw_xy[b].as_ref())
            && last != end
        {
            pts.push(end);
        }
        if pts.len() < 2 {
            return None;
        }
        let out = |p: (f64, f64), q: (f64, f64)| {
            let d = (p.0 - q.0).hypot(p.1 - q.1).max(1e-9);
            (
                p.0 + (p.0 - q.0) / d * EXTEND_M,
                p.1 + (p.1 - q.1) / d * EXTEND_M,
            )
        };
        let head = out(pts[0], pts[1]);
        let tail = out(pts[pts.len() - 1], pts[pts.len() - 2]);
        pts.insert(0, head);
        pts.push(tail);
        let length_m = pts
            .windows(2)
            .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
            .sum();
        Some(Centerline {
            line: LineString::from(
                pts.into_iter()
                    .map(|(x, y)| Coord { x, y })
                    .collect::<Vec<_>>(),
            ),
            length_m,
        })
    }

    /// Where `p` projects onto the line (metres along it) and how far from it it lies.
    pub fn locate(&self, p: (f64, f64)) -> Option<(f64, f64)> {
        let pt = Point::new(p.0, p.1);
        let f = self.line.line_locate_point(&pt)?;
        let on = self.line.point_at_ratio_from_start(&Euclidean, f)?;
        Some((f * self.length_m, (on.x() - p.0).hypot(on.y() - p.1)))
    }

    /// The length along the line between the projections of samples `a` and `b`, when both
    /// lie on it (within [`LATERAL_MAX_M`]) and `b` projects past `a`.
    pub fn between(&self, path: &Path, a: usize, b: usize) -> Option<f64> {
        let (sa, la) = self.locate(path.raw_xy[a]?)?;
        let (sb, lb) = self.locate(path.raw_xy[b]?)?;
        (la <= LATERAL_MAX_M && lb <= LATERAL_MAX_M && sb > sa).then_some(sb - sa)
    }
}
