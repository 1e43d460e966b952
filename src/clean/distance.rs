//! The along-track distance: the file's own when it has one (made non-decreasing, corrupt
//! jumps carried over), else summed geodesically within each segment.

use super::is_teleport;
use super::position::TELEPORT_MIN_M;
use crate::haversine::{self, Fix};
use crate::track::Track;

pub(super) fn fill_distance(track: &mut Track) {
    let n = track.points.len();
    if n == 0 {
        return;
    }
    let with_file_distance = track
        .points
        .iter()
        .filter(|p| p.distance_m.is_some())
        .count();
    if with_file_distance * 2 >= n {
        // Trust the file; fill gaps by carrying forward and keep it non-decreasing. A value
        // that jumps ahead faster than anyone moves is a corrupt field, not distance: it is
        // carried over too (else one bad record would hold every later value at its own).
        let mut last = track
            .points
            .iter()
            .find_map(|p| p.distance_m)
            .unwrap_or(0.0);
        // The next file distance after each point: an untimed value that jumps ahead and
        // falls back by over a kilometre is a glitch too.
        let mut next: Vec<Option<f64>> = vec![None; n];
        for i in (0..n.saturating_sub(1)).rev() {
            next[i] = track.points[i + 1].distance_m.or(next[i + 1]);
        }
        let mut last_t: Option<f64> = None;
        let mut glitches = 0;
        for (i, p) in track.points.iter_mut().enumerate() {
            let dt = p.time_s.zip(last_t).map(|(t, l)| t - l);
            let falls_back = |d: f64| next[i].is_some_and(|x| x < d - TELEPORT_MIN_M);
            let d = match p.distance_m {
                Some(d)
                    if d > last
                        && (is_teleport(d - last, dt.unwrap_or(f64::INFINITY))
                            || d - last > TELEPORT_MIN_M && falls_back(d)) =>
                {
                    glitches += 1;
                    last
                }
                Some(d) => d.max(last),
                None => last,
            };
            p.distance_m = Some(d);
            last = d;
            if p.time_s.is_some() {
                last_t = p.time_s;
            }
        }
        track.cleaning.teleports += glitches;
        return;
    }
    if !track.has_position() {
        for p in &mut track.points {
            p.distance_m = None;
        }
        return;
    }
    let mut seg_iter = track.segment_starts.iter().peekable();
    let mut total = 0.0;
    let mut last_pos: Option<Fix> = None;
    for (i, p) in track.points.iter_mut().enumerate() {
        if seg_iter.peek().is_some_and(|&&s| s == i) {
            seg_iter.next();
            last_pos = None;
        }
        if let (Some(lat), Some(lon)) = (p.lat_deg, p.lon_deg) {
            let here = Fix::new(lat, lon);
            if let Some(prev) = last_pos {
                total += haversine::distance_m(&prev, &here);
            }
            last_pos = Some(here);
        }
        p.distance_m = Some(total);
    }
}
