//! The track as the rep stages see it: the timed samples of the [`Motion`], positions
//! projected to local metres (equirectangular around the first fix), with speed and
//! altitude helpers. Positions, distance and timer time are the motion's: smoothed there
//! once (GPS jitter of ~0.5 m per axis would otherwise inflate the distance of a slow walk
//! by 10-20 % and break the mirror test of the turnaround detector, `shuttle.rs`).

use crate::track::Track;

use crate::haversine::EARTH_RADIUS_M;
use crate::motion::Motion;

/// Passes at least this long (m) whose ends lie closer than [`MIN_STRAIGHTNESS`] of their
/// along-track length wind: [`Path::extremes`] leaves their ends. 300 m: three times the
/// longest short rep, so the 15-40 m end search is under a seventh of the pass. Measured
/// on tools/indsim: with the search, long reps on a switchback trail started up to 40 m
/// down it (and "never got back to the start"). Short reps on a bend (ends 0.6-0.8 of
/// the pass apart) are left to the search: leaving them too helped indsim's GPS-altitude
/// bands (81 -> 87 %) and hurt the own simulator's (93.5 -> 91.9 %).
pub const WINDING_PASS_MIN_M: f64 = 300.0;
/// A straight pass's ends lie at least this fraction of its along-track length apart
/// (0.9-1.0 with GPS wiggle); a switchback trail is well under it (0.1-0.2 on a 1.2 km
/// zigzag).
pub const MIN_STRAIGHTNESS: f64 = 0.8;
pub use crate::stats::median;

/// Timed samples of a track, in local metres.
#[derive(Debug, Clone, Default)]
pub struct Path {
    /// Index of each sample in `track.points`.
    pub idx: Vec<usize>,
    /// Time of each sample, s since the Unix epoch.
    pub t: Vec<f64>,
    /// Local east / north in metres, smoothed; `None` without a fix.
    pub xy: Vec<Option<(f64, f64)>>,
    /// Local east / north in metres as recorded (for the extremes of a turnaround).
    pub raw_xy: Vec<Option<(f64, f64)>>,
    /// Along-track distance (the motion's).
    pub s: Vec<f64>,
    /// Timer time (the motion's: pauses and uncounted gaps excluded) since the first point.
    pub timer: Vec<f64>,
    /// Raw altitude.
    pub alt: Vec<Option<f64>>,
    /// Smoothed speed (device speed when recorded, else from `s`).
    pub speed: Vec<f64>,
    /// Cadence (steps/min) when recorded.
    pub cadence: Vec<Option<f64>>,
    /// Heart rate (bpm) when recorded.
    pub heart_rate: Vec<Option<f64>>,
    /// Projection origin (lat, lon) in degrees.
    pub origin: (f64, f64),
    /// Barometric or terrain-model altitude (fine-grained); otherwise GPS or unknown.
    pub fine: bool,
}

impl Path {
    /// The number of samples.
    pub fn len(&self) -> usize {
        self.t.len()
    }
    /// Whether the path has no sample.
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }

    /// The timed points of `track`, with positions, distance and timer time from its
    /// [`Motion`] (nothing measured again). Returns an empty path without times.
    pub fn from_track(track: &Track, motion: &Motion) -> Path {
        let pts: Vec<(usize, f64)> = track
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.time_s.filter(|t| t.is_finite()).map(|t| (i, t)))
            .collect();
        let mut path = Path::default();
        if pts.len() < 2 {
            return path;
        }
        let origin = track
            .points
            .iter()
            .find_map(|p| p.lat_deg.zip(p.lon_deg))
            .unwrap_or((0.0, 0.0));
        path.origin = origin;
        path.fine = motion.altitude.fine;
        let local = |lat: f64, lon: f64| Motion::local_xy(origin, lat, lon);
        let raw_xy: Vec<Option<(f64, f64)>> = pts
            .iter()
            .map(|&(i, _)| {
                let p = &track.points[i];
                p.lat_deg.zip(p.lon_deg).map(|(la, lo)| local(la, lo))
            })
            .collect();
        let xy: Vec<Option<(f64, f64)>> = pts
            .iter()
            .map(|&(i, _)| motion.position[i].map(|f| local(f.lat_deg, f.lon_deg)))
            .collect();
        let n = pts.len();
        // Distance and timer time from the motion; before the first known distance, 0.
        let s: Vec<f64> = pts
            .iter()
            .map(|&(i, _)| motion.distance_at(i).unwrap_or(0.0))
            .collect();
        let timer: Vec<f64> = pts
            .iter()
            .map(|&(i, t)| motion.timer_at(i).unwrap_or(t - pts[0].1))
            .collect();
        let t: Vec<f64> = pts.iter().map(|p| p.1).collect();
        let raw_speed: Vec<Option<f64>> = pts
            .iter()
            .map(|&(i, _)| {
                track.points[i]
                    .speed_mps
                    .filter(|v| v.is_finite() && *v >= 0.0)
            })
            .collect();
        let have_speed = raw_speed.iter().filter(|v| v.is_some()).count() * 2 > n;
        let mut speed = Vec::with_capacity(n);
        for i in 0..n {
            let a = i.saturating_sub(2);
            let b = (i + 2).min(n - 1);
            let v = if have_speed {
                let (sum, count) = raw_speed[a..=b]
                    .iter()
                    .flatten()
                    .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
                if count == 0 { 0.0 } else { sum / count as f64 }
            } else {
                let dt = timer[b] - timer[a];
                if dt > 0.0 { (s[b] - s[a]) / dt } else { 0.0 }
            };
            speed.push(v);
        }
        path.idx = pts.iter().map(|p| p.0).collect();
        path.alt = pts
            .iter()
            .map(|&(i, _)| track.points[i].altitude_m.filter(|a| a.is_finite()))
            .collect();
        // A per-sample reading, kept where it is a positive number.
        let positive = |get: fn(&crate::track::TrackPoint) -> Option<f64>| -> Vec<Option<f64>> {
            (pts.iter())
                .map(|&(i, _)| get(&track.points[i]).filter(|v| v.is_finite() && *v > 0.0))
                .collect()
        };
        path.cadence = positive(|p| p.cadence_spm);
        path.heart_rate = positive(|p| p.heart_rate_bpm);
        path.xy = xy;
        path.raw_xy = raw_xy;
        path.s = s;
        path.timer = timer;
        path.t = t;
        path.speed = speed;
        path
    }

    /// Altitude at sample `i` (the nearest sample with one within 3 samples). Not averaged:
    /// any window would pull the top and bottom of a turnaround towards the middle, and the
    /// pooling over passes does the averaging.
    pub fn alt_at(&self, i: usize) -> Option<f64> {
        let n = self.len();
        if n == 0 {
            return None;
        }
        let i = i.min(n - 1);
        (0..=3).find_map(|k| {
            self.alt[i.saturating_sub(k)].or_else(|| self.alt.get(i + k).copied().flatten())
        })
    }

    /// The ends of a pass `a..=b` moved to the turnaround extremes (not on a long winding
    /// pass, see [`WINDING_PASS_MIN_M`]): the top is the sample near
    /// `a` farthest from `b`, the bottom the sample near `b` farthest from that top (raw
    /// positions; the search reaches a fifth of the pass either way, 15-40 m: on a winding
    /// trail a point further back can lie further along the straight line).
    /// `open_start` (`open_end`): the pass came in (went on) in line, so the search does not
    /// look before `a` (after `b`).
    pub fn extremes(&self, a: usize, b: usize, open_start: bool, open_end: bool) -> (usize, usize) {
        let n = self.len();
        if n == 0 || b <= a {
            return (a, b);
        }
        let w_m = (0.2 * (self.s[b] - self.s[a])).clamp(15.0, 40.0);
        let window = |i: usize| {
            let lo = self.s.partition_point(|&x| x < self.s[i] - w_m).min(i);
            let hi = self
                .s
                .partition_point(|&x| x <= self.s[i] + w_m)
                .saturating_sub(1)
                .max(i);
            (lo, hi)
        };
        let (Some(pa), Some(pb)) = (self.raw_xy[a], self.raw_xy[b]) else {
            return (a, b);
        };
        let (dx, dy) = (pa.0 - pb.0, pa.1 - pb.1);
        let norm = (dx * dx + dy * dy).sqrt();
        if norm < 1e-6 {
            return (a, b);
        }
        // A long pass that winds (switchbacks) has no direction near its ends along the
        // straight line between them: its first 40 m down from the top may head "up" that
        // line, and its farthest point lies down the trail. There the turnarounds' ends
        // stand.
        let along_m = self.s[b] - self.s[a];
        if along_m >= WINDING_PASS_MIN_M && norm < MIN_STRAIGHTNESS * along_m {
            return (a, b);
        }
        let (ux, uy) = (dx / norm, dy / norm);
        // Position along the pass direction (bottom -> top): a turn-off at either end that
        // leaves sideways does not count as further.
        let along = |i: usize| self.raw_xy[i].map(|q| (q.0 - pb.0) * ux + (q.1 - pb.1) * uy);
        // Within 0.5 m of the extreme, the top is the last such sample (leaving) and the
        // bottom the first (arriving).
        let pick = |lo: usize, hi: usize, sign: f64, dflt: usize| -> usize {
            let vals: Vec<(usize, f64)> = (lo..=hi.min(n - 1))
                .filter_map(|i| along(i).map(|v| (i, sign * v)))
                .collect();
            let best = vals.iter().map(|x| x.1).fold(f64::NEG_INFINITY, f64::max);
            let mut near = vals.iter().filter(|x| x.1 >= best - 0.5).map(|x| x.0);
            let found = if sign > 0.0 {
                near.next_back()
            } else {
                near.next()
            };
            found.unwrap_or(dflt)
        };
        let (lo, hi) = window(a);
        let mut top = pick(if open_start { a } else { lo }, hi, 1.0, a);
        let (lo, hi) = window(b);
        let mut bottom = pick(lo, if open_end { b } else { hi }, -1.0, b);
        // Standing at the top before leaving (or at the bottom after arriving) belongs to the
        // recovery: move the ends over the samples that stay within 3 m.
        let near = |i: usize, j: usize| {
            self.raw_xy[i]
                .zip(self.raw_xy[j])
                .is_some_and(|(p, q)| (p.0 - q.0).powi(2) + (p.1 - q.1).powi(2) <= 9.0)
        };
        let (t0, b0) = (top, bottom);
        while top + 1 < bottom && near(top + 1, t0) {
            top += 1;
        }
        while bottom > top + 1 && near(bottom - 1, b0) {
            bottom -= 1;
        }
        if bottom > top { (top, bottom) } else { (a, b) }
    }

    /// Horizontal length of `a..=b` from the recorded positions decimated to >= 10 m steps
    /// (position jitter of ~1 m would otherwise add 3 % to a run and 15 % to a walk), or the
    /// motion's distance without positions. Not the motion's distance: its time-smoothed
    /// positions cut a turnaround by ~2 m at each end, 5 % of an 80 m rep (measured on the
    /// noise-free shuttles of `workout::tests`). The hill-geometry work (measuring reps on
    /// the hill's centerline) is to replace both.
    pub fn length(&self, a: usize, b: usize) -> f64 {
        let b = b.min(self.len().saturating_sub(1));
        let mut anchor: Option<(f64, f64)> = None;
        let mut tot = 0.0;
        let mut last: Option<(f64, f64)> = None;
        let mut missing = false;
        for i in a..=b {
            let Some(p) = self.raw_xy[i] else {
                missing = true;
                continue;
            };
            match anchor {
                None => anchor = Some(p),
                Some(q) => {
                    let dd = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
                    if dd >= 10.0 {
                        tot += dd;
                        anchor = Some(p);
                    }
                }
            }
            last = Some(p);
        }
        if let (Some(q), Some(p)) = (anchor, last) {
            tot += ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
        }
        if missing || anchor.is_none() {
            self.s[b] - self.s[a.min(b)]
        } else {
            tot
        }
    }

    /// Net displacement speed around sample `i` (over +-`half_s`): not inflated by position
    /// jitter while standing.
    pub fn displacement_speed(&self, i: usize, half_s: f64) -> f64 {
        let n = self.len();
        // The samples within +-half_s (times are sorted: a short walk out from i), and at
        // least one neighbour on each side (smart recording leaves gaps over 2 s).
        let mut lo = i;
        while lo > 0 && self.t[lo - 1] >= self.t[i] - half_s {
            lo -= 1;
        }
        let lo = lo.min(i.saturating_sub(1));
        let mut hi = i;
        while hi + 1 < n && self.t[hi + 1] <= self.t[i] + half_s {
            hi += 1;
        }
        let hi = hi.clamp((i + 1).min(n - 1), n - 1);
        let dt = self.t[hi] - self.t[lo];
        match (self.raw_xy[lo], self.raw_xy[hi]) {
            (Some(p), Some(q)) if dt > 0.0 => {
                ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt() / dt
            }
            _ if dt > 0.0 => (self.s[hi] - self.s[lo]) / dt,
            _ => 0.0,
        }
    }

    /// Distance in metres between two samples' recorded positions.
    pub fn raw_dist(&self, i: usize, j: usize) -> Option<f64> {
        let (a, b) = (self.raw_xy.get(i)?.as_ref()?, self.raw_xy.get(j)?.as_ref()?);
        Some(((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt())
    }

    /// Distance in metres between two samples' smoothed positions.
    pub fn dist(&self, i: usize, j: usize) -> Option<f64> {
        let (a, b) = (self.xy.get(i)?.as_ref()?, self.xy.get(j)?.as_ref()?);
        Some(((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt())
    }

    /// Index of the first sample at or after time `t_s`.
    pub fn at_time(&self, t_s: f64) -> usize {
        self.t
            .partition_point(|&t| t < t_s)
            .min(self.len().saturating_sub(1))
    }

    /// Latitude/longitude of a local position.
    pub fn latlon(&self, p: (f64, f64)) -> (f64, f64) {
        let coslat = self.origin.0.to_radians().cos().max(0.01);
        (
            self.origin.0 + (p.1 / EARTH_RADIUS_M).to_degrees(),
            self.origin.1 + (p.0 / (EARTH_RADIUS_M * coslat)).to_degrees(),
        )
    }

    /// Local position of a latitude/longitude.
    pub fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        Motion::local_xy(self.origin, lat, lon)
    }

    /// Timer time between samples `a` and `b` (the motion's: pauses and uncounted gaps
    /// excluded).
    pub fn moving_s(&self, a: usize, b: usize) -> f64 {
        let b = b.min(self.len().saturating_sub(1));
        (self.timer[b] - self.timer[a.min(b)]).max(0.0)
    }

    /// Altitude gain and loss over `a..=b` with a hysteresis of `h_m`.
    pub fn gain_loss(&self, a: usize, b: usize, h_m: f64) -> (f64, f64) {
        let (mut gain, mut loss) = (0.0, 0.0);
        let mut anchor: Option<f64> = None;
        for k in a..=b.min(self.len().saturating_sub(1)) {
            let Some(z) = self.alt[k] else { continue };
            match anchor {
                None => anchor = Some(z),
                Some(r) => {
                    if z - r >= h_m {
                        gain += z - r;
                        anchor = Some(z);
                    } else if r - z >= h_m {
                        loss += r - z;
                        anchor = Some(z);
                    }
                }
            }
        }
        (gain, loss)
    }

    /// Mean cadence over `a..=b` when recorded.
    pub fn cadence_mean(&self, a: usize, b: usize) -> Option<f64> {
        self.mean_over(&self.cadence, a, b)
    }

    /// Mean heart rate over `a..=b` when recorded.
    pub fn heart_rate_mean(&self, a: usize, b: usize) -> Option<f64> {
        self.mean_over(&self.heart_rate, a, b)
    }

    /// Highest heart rate over `a..=b` when recorded.
    pub fn heart_rate_max(&self, a: usize, b: usize) -> Option<f64> {
        let end = b
            .min(self.len().saturating_sub(1))
            .min(self.heart_rate.len().saturating_sub(1));
        (self.heart_rate.get(a..=end)?.iter().flatten().copied()).reduce(f64::max)
    }

    /// Mean of the recorded values of a per-point series over `a..=b`.
    fn mean_over(&self, series: &[Option<f64>], a: usize, b: usize) -> Option<f64> {
        let end = b
            .min(self.len().saturating_sub(1))
            .min(series.len().saturating_sub(1));
        let v: Vec<f64> = series.get(a..=end)?.iter().flatten().copied().collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    }
}

/// Mean and sample standard deviation.
pub fn mean_std(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let m = v.iter().sum::<f64>() / n;
    let var = if v.len() > 1 {
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (m, var.sqrt())
}
