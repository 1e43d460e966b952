//! Find every descent on the smoothed profile and grade it; slope bands.
//!
//! Method: a hysteresis state machine on the smoothed [`Profile`] (as GoldenCheetah and
//! Runalyze do for climbs, turned downhill and with thresholds small enough for 80 m reps):
//! a descent opens where the grade falls below `-enter_grade_pct`, grows while the
//! elevation keeps making new lows at an average grade of at least `exit_grade_pct`, and
//! closes at its lowest point once the profile has risen `max_rise_m` above it or gone
//! `max_flat_m` without a new low. The top is found the same way walking backwards. Each
//! end is then placed by a least-squares hinge fit (two straight lines meeting at a knot,
//! continuous) on the despiked but unsmoothed profile, so the smoothing does not round the
//! ends off: the reported drop is the difference of the fitted elevations at the knots and
//! the grade is that drop over the horizontal length (DOMAIN.md).

use serde::Serialize;

use crate::gap;
use crate::profile::{Profile, Stop};
use crate::track::Track;

/// Slope band edges in percent, ascending. Default 8, 10, 12, 18 (the article's bands:
/// 8-10 % for short reps, 10-12 % rising to 18-20 %+ for long reps, 12-18 % between them).
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    /// The grades where one band ends and the next begins, positive, ascending, percent.
    pub edges_pct: Vec<f64>,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            edges_pct: vec![8.0, 10.0, 12.0, 18.0],
        }
    }
}

impl Bands {
    /// Bands from user edges; they must be positive and strictly increasing.
    pub fn new(mut edges_pct: Vec<f64>) -> Result<Self, String> {
        if edges_pct.is_empty() {
            return Err("give at least one band edge, e.g. --bands 8,10,12,18".into());
        }
        if edges_pct
            .iter()
            .any(|e| !e.is_finite() || *e <= 0.0 || *e >= 100.0)
        {
            return Err("band edges are grades in percent between 0 and 100".into());
        }
        if edges_pct.windows(2).any(|w| w[1] <= w[0]) {
            return Err("band edges must increase, e.g. --bands 8,10,12,18".into());
        }
        edges_pct.shrink_to_fit();
        Ok(Bands { edges_pct })
    }

    /// Every label, gentlest first: `gentle`, `8-10`, `10-12`, `12-18`, `18+`.
    pub fn labels(&self) -> Vec<String> {
        let mut out = vec!["gentle".to_string()];
        for w in self.edges_pct.windows(2) {
            out.push(format!("{}-{}", fmt_edge(w[0]), fmt_edge(w[1])));
        }
        if let Some(last) = self.edges_pct.last() {
            out.push(format!("{}+", fmt_edge(*last)));
        }
        out
    }

    /// Index of the band holding `grade_pct` (0 = gentle). An edge belongs to the band above.
    pub fn index_of(&self, grade_pct: f64) -> usize {
        self.edges_pct.partition_point(|&e| e <= grade_pct)
    }

    /// The label of the band holding `grade_pct` (`gentle`, `8-10`, ..., `18+`).
    pub fn label(&self, grade_pct: f64) -> String {
        self.labels()[self.index_of(grade_pct)].clone()
    }
}

fn fmt_edge(e: f64) -> String {
    if e.fract() == 0.0 {
        format!("{}", e as i64)
    } else {
        format!("{e}")
    }
}

/// Descent-detection settings. Each default says why it has its value.
#[derive(Debug, Clone, PartialEq)]
pub struct DescentParams {
    /// Shortest descent reported. Default 60 m: the article's shortest reps are 80 m and the
    /// measured length may come out short (GPS cuts corners), so 60 m keeps them with margin
    /// while single steep ramps shorter than a rep are left out.
    pub min_length_m: f64,
    /// Smallest net drop. Default 4 m: an 80 m rep at 8 % drops 6.4 m; barometric noise
    /// after smoothing is ~0.1 m, so 4 m is far above noise, and GPS wander of a few metres
    /// on flat ground mostly stays below it.
    pub min_drop_m: f64,
    /// Smallest net grade. Default 4 %: flatter than that a runner runs as on the flat
    /// (the gentle band starts well above it, and GAP factors differ by < 10 %).
    pub min_grade_pct: f64,
    /// A descent opens where the smoothed grade is at least this steep. Default 3 %: below
    /// `min_grade_pct`, so a descent's start is not missed, but 8x the ~0.4 pp grade noise
    /// of barometric data.
    pub enter_grade_pct: f64,
    /// A new low extends the descent only if reached at this average grade from the last
    /// one. Default 1.5 %: weather drift (up to 8 m/h, < 0.1 % at running speed) and noise
    /// on a flat do not extend a descent; a gentle run-out does.
    pub exit_grade_pct: f64,
    /// Longest flat (no new low) a descent may contain. Default 40 m: a hairpin landing, a
    /// bridge or a short level stretch inside one trail descent; longer and the runner has
    /// reached the bottom.
    pub max_flat_m: f64,
    /// A run-in or run-out less steep than this fraction of the descent's grade (and than
    /// `runout_max_pct`) is the flat before or after it, not part of it. Default 0.3: a 14 %
    /// descent ends where a 2 % run-out begins, while a 5 % trail descent keeps its 1.5 %
    /// stretches.
    pub runout_ratio: f64,
    /// The steepest grade a run-out can have. Default 2.5 %: gentler than anything a runner
    /// calls a descent (`min_grade_pct` 4 %), so a steep top and its runnable 4-6 % lower
    /// part stay one descent.
    pub runout_max_pct: f64,
    /// An end this close to a stop (standing, pause) moves to it. Default 20 m: reps start
    /// from standing at the top and end standing at the bottom; the ends found on the
    /// profile may miss the stop by a few grid steps where the terrain is gently rounded.
    pub stop_snap_m: f64,
    /// Largest rise a descent may contain. Default 1.5 m: trail bumps and roots; more is a
    /// climb and splits the descent.
    pub max_rise_m: f64,
    /// Steepest net grade a runner can run down. Default 60 % (31 degrees): the steepest
    /// raced descents (vertical-kilometre and skyrace courses) average 30-50 %; steeper is
    /// scrambling, so a steeper "descent" is an altitude artefact (GPS altitude settling,
    /// a course file's plateau-then-step altitude).
    pub max_runnable_grade_pct: f64,
    /// Fastest vertical descent on foot. Default 2.0 m/s: the fastest race descents reach
    /// ~1.4 m/s vertical (DOMAIN.md); the margin covers a short steep burst. Faster is an
    /// altitude artefact (a barometric step, GPS altitude settling at the start).
    pub max_vertical_mps: f64,
    /// Fastest vertical descent in a sport off foot (a bike, skis). Default 10 m/s: a
    /// downhill racer at 20 m/s down 45 % (world-cup downhill skiing drops ~6 m/s); faster is
    /// an altitude artefact on any sport.
    pub max_vertical_mps_off_foot: f64,
    /// Fastest average speed down a descent on foot. Default 9.0 m/s (32 km/h): the 400 m
    /// world record averages 9.3 m/s on the flat and steep ground slows a runner; faster
    /// is a bike or a vehicle, whatever the file calls the sport.
    pub max_foot_speed_mps: f64,
    /// On coarse altitude a single descent is banded only when its drop is at least this
    /// many standard deviations of the altitude's drop noise
    /// ([`crate::altitude::AltitudeJudgement::drop_sd_m`]). Default 2.5: one window makes
    /// such a drop from noise alone about 1 time in 160, but the detector looks at every
    /// window of a run and keeps the ones that drop: at 2.0 the flat and rolling GPS runs of
    /// `tools/indsim` listed 1.36 banded 8 %+ descents per 10 km where none exists, at 2.5
    /// 0.84. Below it the descent is listed as not measurable from this altitude (repeated
    /// passes are still pooled into a hill's grade).
    pub band_min_drop_sd: f64,
    /// The most a runner sustains, as flat-equivalent km per hour ("km-effort": km plus
    /// 1 km per 100 m climbed) over a whole session of the given elapsed hours, log-
    /// interpolated between the points. Default: the world records with about 10 % to spare:
    /// 26 over 1 h (10 km in 26:11 is 22.9 km/h; a vertical kilometre in 29 min is about
    /// 25), 23 over 2 h (marathon 21.1 km/h), 18.5 over 6 h (100 km in 6:05, 16.4 km/h),
    /// 14.5 over 24 h (319 km). A session beyond it was not run as recorded: a course's
    /// pace model (`tools/` course files make 72 km and +5800 m in 5 h), a vehicle, or a
    /// clock error; it gets its descents and bands, no GAP and no running verdict.
    pub sustained_km_effort_per_h: [(f64, f64); 4],
    /// Sessions shorter than this (elapsed h) are not judged by
    /// [`Self::sustained_km_effort_per_h`]: a short file's speed is one effort, and a few
    /// minutes of a bad clock say little.
    pub sustained_min_h: f64,
}

impl DescentParams {
    /// The most km-effort per hour a runner sustains over `hours` (see
    /// [`Self::sustained_km_effort_per_h`]).
    pub fn sustained_limit(&self, hours: f64) -> f64 {
        let c = &self.sustained_km_effort_per_h;
        if hours <= c[0].0 {
            return c[0].1;
        }
        for w in c.windows(2) {
            let ((h0, v0), (h1, v1)) = (w[0], w[1]);
            if hours <= h1 {
                let f = (hours.ln() - h0.ln()) / (h1.ln() - h0.ln());
                return v0 + f * (v1 - v0);
            }
        }
        c[c.len() - 1].1
    }
}

/// Why a descent was set aside as no runner's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Implausible {
    /// Steeper than [`DescentParams::max_runnable_grade_pct`].
    TooSteep,
    /// Faster down than [`DescentParams::max_vertical_mps`].
    TooFastVertically,
}

/// Whether descent `d` could have been made as recorded, on foot (`on_foot`) or in another
/// sport: `None` when it could, else why not. The grade limit holds for every sport (the
/// ground is the same), the vertical speed limit is the sport's.
pub fn implausible(d: &Descent, params: &DescentParams, on_foot: bool) -> Option<Implausible> {
    if d.grade_pct > params.max_runnable_grade_pct {
        return Some(Implausible::TooSteep);
    }
    let vertical_mps = d.vertical_speed_m_per_h.map(|v| v / 3600.0);
    let limit = if on_foot {
        params.max_vertical_mps
    } else {
        params.max_vertical_mps_off_foot
    };
    if vertical_mps.is_some_and(|v| v > limit) {
        return Some(Implausible::TooFastVertically);
    }
    None
}

impl Default for DescentParams {
    fn default() -> Self {
        DescentParams {
            min_length_m: 60.0,
            min_drop_m: 4.0,
            min_grade_pct: 4.0,
            enter_grade_pct: 3.0,
            exit_grade_pct: 1.5,
            max_flat_m: 40.0,
            runout_ratio: 0.3,
            runout_max_pct: 2.5,
            stop_snap_m: 20.0,
            max_rise_m: 1.5,
            max_runnable_grade_pct: 60.0,
            max_vertical_mps: 2.0,
            max_vertical_mps_off_foot: 10.0,
            max_foot_speed_mps: 9.0,
            band_min_drop_sd: 2.5,
            sustained_km_effort_per_h: [(1.0, 26.0), (2.0, 23.0), (6.0, 18.5), (24.0, 14.5)],
            sustained_min_h: 0.5,
        }
    }
}

/// How far a descent's grade can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Barometric or terrain-model altitude.
    High,
    /// GPS altitude alone: +-3 % over 200 m; short descents may be mis-banded.
    Low,
}

/// One descent. Times in seconds since the epoch; rendered as RFC 3339 in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Descent {
    /// 1-based, in order of the run.
    pub index: usize,
    /// When the runner left the top (after any stop there); `None` without times.
    #[serde(rename = "start", serialize_with = "crate::report::ser_time")]
    pub start_s: Option<f64>,
    /// When the runner reached the bottom (before any stop there); `None` without times.
    #[serde(rename = "end", serialize_with = "crate::report::ser_time")]
    pub end_s: Option<f64>,
    /// Along-track distance of the start from the start of the activity (the motion's).
    pub start_distance_m: f64,
    /// Horizontal length.
    pub distance_m: f64,
    /// Net drop, positive.
    pub drop_m: f64,
    /// Net drop / horizontal length x 100.
    pub grade_pct: f64,
    /// Steepest 50 m inside the descent.
    pub max_grade_pct: f64,
    /// The grade band of `grade_pct` ([`Bands::label`], e.g. `8-10`).
    pub band: String,
    /// Moving time from start to end (pauses excluded).
    pub duration_s: Option<f64>,
    /// `distance_m` over `duration_s`, m/s; `None` without moving time.
    pub avg_speed_mps: Option<f64>,
    /// Vertical descent rate, m/h.
    pub vertical_speed_m_per_h: Option<f64>,
    /// Flat-equivalent speed from the GAP model named in the report; `None` off foot.
    pub gap_speed_mps: Option<f64>,
    /// Run or walked: the leg's sport is a foot sport and the speed one a runner can hold
    /// (see [`DescentParams::max_foot_speed_mps`]). Off foot a descent keeps its band (the
    /// ground's) but gets no GAP and no rep.
    pub on_foot: bool,
    /// Mean cadence of the samples inside, steps/min; `None` when the file records none.
    pub cadence_spm: Option<f64>,
    /// Mean ground contact time of the samples inside, s; `None` when the file records none.
    pub stance_time_s: Option<f64>,
    /// How far the drop and grade can be trusted: high on fine-grained altitude.
    pub confidence: Confidence,
    /// Latitude at the top, degrees; `None` when that point has no fix.
    pub start_lat_deg: Option<f64>,
    /// Longitude at the top, degrees; `None` when that point has no fix.
    pub start_lon_deg: Option<f64>,
    /// Latitude at the bottom, degrees; `None` when that point has no fix.
    pub end_lat_deg: Option<f64>,
    /// Longitude at the bottom, degrees; `None` when that point has no fix.
    pub end_lon_deg: Option<f64>,
    /// Profile grid indices (inclusive start, inclusive end), for later stages.
    #[serde(skip)]
    pub grid_range: (usize, usize),
}

/// Find the descents of `profile` (see the module docs).
pub fn find_descents(
    profile: &Profile,
    track: &Track,
    params: &DescentParams,
    bands: &Bands,
) -> Vec<Descent> {
    let by_time = PointsByTime::new(track);
    locate_descents(profile, params)
        .into_iter()
        .enumerate()
        .map(|(k, at)| measure(profile, track, &by_time, &at, k + 1, params, bands))
        .collect()
}

/// Where a descent lies on the profile, before it is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located {
    /// Grid indices of the top and the bottom.
    pub top: usize,
    /// Grid index of the bottom.
    pub bottom: usize,
    /// Along-track distances of the top and the bottom (hinge knots, finer than the grid).
    pub top_m: f64,
    /// Along-track distance of the bottom (its hinge knot), m.
    pub bottom_m: f64,
    /// Net drop between the fitted elevations at the knots.
    pub drop_m: f64,
}

/// The descents of `profile`, located (see the module docs).
pub fn locate_descents(profile: &Profile, params: &DescentParams) -> Vec<Located> {
    let e = &profile.elevation_m;
    let d = &profile.distance_m;
    let n = e.len().min(d.len()).min(profile.grade_pct.len());
    let mut out = Vec::new();
    let mut floor = 0; // the top of a descent cannot lie before the previous bottom
    let mut i = 0;
    while i < n {
        if profile.grade_pct[i] > -params.enter_grade_pct {
            i += 1;
            continue;
        }
        // Walk forward to a first bottom, then use the descent's own grade to tell a gentle
        // run-in or run-out (the flat before or after it) from the descent itself.
        let first = walk_forward(e, d, i, n, params.exit_grade_pct, params);
        let grade0 = if d[first] > d[i] {
            (e[i] - e[first]) / (d[first] - d[i]) * 100.0
        } else {
            0.0
        };
        let thr = params
            .exit_grade_pct
            .max((params.runout_ratio * grade0.max(0.0)).min(params.runout_max_pct));
        let bottom = walk_forward(e, d, i, n, thr, params);
        let top = walk_back(e, d, i, floor, thr, params);
        let ((a, top_m), (b, bottom_m)) = refine_ends(profile, top, bottom, floor, thr);
        let h = hinge_half_window(profile, a, b);
        let drop_m = hinge_value(profile, top_m, h) - hinge_value(profile, bottom_m, h);
        let length_m = bottom_m - top_m;
        if b > a
            && length_m >= params.min_length_m
            && drop_m >= params.min_drop_m
            && drop_m / length_m * 100.0 >= params.min_grade_pct
        {
            out.push(Located {
                top: a,
                bottom: b,
                top_m,
                bottom_m,
                drop_m,
            });
            floor = b;
        }
        i = bottom.max(i) + 1;
    }
    out
}

/// The stops a descent starts from and ends in: a descent run from standing starts when the
/// runner leaves the stop, one that ends in a stop ends on arrival. A stop counts when it
/// lies within `stop_snap_m` of the end, with less than `max_rise_m` of elevation between.
/// Only the times move: distances stay at the knots (GPS drift while standing is no run).
fn end_stops<'a>(
    profile: &'a Profile,
    at: &Located,
    params: &DescentParams,
) -> (Option<&'a Stop>, Option<&'a Stop>) {
    let tol = params.stop_snap_m;
    let z = |x: f64| interp(&profile.distance_m, &profile.elevation_m, x);
    let mid = (at.top_m + at.bottom_m) / 2.0;
    // The stop nearest to the end (distance 0 when the end lies inside its creep), if it
    // is within `tol` and level with the end.
    let nearest = |x: f64, on_side: &dyn Fn(&Stop) -> bool| {
        profile
            .stops_within(x, tol)
            .iter()
            .filter(|s| on_side(s))
            .map(|s| {
                let gap = (s.arrive_m - x).max(x - s.depart_m).max(0.0);
                (gap, s)
            })
            .filter(|(gap, s)| {
                *gap <= tol
                    && (z(x) - z(x.clamp(s.arrive_m, s.depart_m))).abs() <= params.max_rise_m
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, s)| s)
    };
    let start = nearest(at.top_m, &|s: &Stop| s.depart_m < mid);
    let end = nearest(at.bottom_m, &|s: &Stop| s.arrive_m > mid);
    (start, end)
}

/// From `i`, the last new low reached at an average grade of at least `thr_pct` from the
/// previous one, before a rise of `max_rise_m` or `max_flat_m` without a new low.
fn walk_forward(
    e: &[f64],
    d: &[f64],
    i: usize,
    n: usize,
    thr_pct: f64,
    params: &DescentParams,
) -> usize {
    let mut bottom = i;
    let mut k = i;
    while k + 1 < n {
        k += 1;
        if e[k] < e[bottom] && e[bottom] - e[k] >= thr_pct / 100.0 * (d[k] - d[bottom]) {
            bottom = k;
        } else if d[k] - d[bottom] > params.max_flat_m || e[k] - e[bottom] > params.max_rise_m {
            break;
        }
    }
    bottom
}

/// The mirror of [`walk_forward`]: the top, not before `floor`.
fn walk_back(
    e: &[f64],
    d: &[f64],
    i: usize,
    floor: usize,
    thr_pct: f64,
    params: &DescentParams,
) -> usize {
    let mut top = i;
    let mut j = i;
    while j > floor {
        j -= 1;
        if e[j] > e[top] && e[j] - e[top] >= thr_pct / 100.0 * (d[top] - d[j]) {
            top = j;
        } else if d[top] - d[j] > params.max_flat_m || e[top] - e[j] > params.max_rise_m {
            break;
        }
    }
    top
}

/// How far an end may move in the hinge fit, in grid points: a quarter of the descent,
/// 2-12 points (10-60 m). The fit window is twice that either side, so it never reaches the
/// other end of the descent.
fn hinge_half_window(profile: &Profile, top: usize, bottom: usize) -> usize {
    let len = bottom.saturating_sub(top);
    let max = (60.0 / profile.step_m).round() as usize;
    (len / 4).clamp(2, max.max(2))
}

/// Samples wanted on each side of a hinge knot: two fix a line, a third checks it.
const MIN_SIDE_SAMPLES: usize = 3;
/// How far beyond its usual window a hinge fit may reach for samples.
const MAX_WIDEN_M: f64 = 40.0;

/// Least-squares continuous two-line fit of `y` over `x` with the knot at `xk`: returns
/// the sum of squared errors, the fitted value at the knot and the slopes before and after.
fn hinge_fit(x: &[f64], y: &[f64], xk: f64) -> Option<(f64, f64, f64, f64)> {
    // Model: y = c + s1 (x - xk) for x <= xk, c + s2 (x - xk) after. Basis: 1, min(x-xk,0),
    // max(x-xk,0). Normal equations 3x3.
    let mut m = [[0.0; 3]; 3];
    let mut r = [0.0; 3];
    for (&xi, &yi) in x.iter().zip(y) {
        let u = [1.0, (xi - xk).min(0.0), (xi - xk).max(0.0)];
        for a in 0..3 {
            for b in 0..3 {
                m[a][b] += u[a] * u[b];
            }
            r[a] += u[a] * yi;
        }
    }
    let sol = solve3(m, r)?;
    let sse = x
        .iter()
        .zip(y)
        .map(|(&xi, &yi)| {
            let f = sol[0] + sol[1] * (xi - xk).min(0.0) + sol[2] * (xi - xk).max(0.0);
            (yi - f) * (yi - f)
        })
        .sum();
    Some((sse, sol[0], sol[1], sol[2]))
}

fn solve3(mut m: [[f64; 3]; 3], mut r: [f64; 3]) -> Option<[f64; 3]> {
    for c in 0..3 {
        let p = (c..3).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs()))?;
        if m[p][c].abs() < 1e-12 {
            return None;
        }
        m.swap(c, p);
        r.swap(c, p);
        for row in 0..3 {
            if row != c {
                let f = m[row][c] / m[c][c];
                let pivot = m[c];
                for (x, p) in m[row].iter_mut().zip(pivot) {
                    *x -= f * p;
                }
                r[row] -= f * r[c];
            }
        }
    }
    Some([r[0] / m[0][0], r[1] / m[1][1], r[2] / m[2][2]])
}

/// Place the top and bottom by hinge fits on the unsmoothed profile: the best grid knot
/// whose outer line is gentler than `thr_pct`, then the best knot within a grid step of it
/// in tenths of a step. Returns (grid index,
/// distance) of each end.
fn refine_ends(
    profile: &Profile,
    top: usize,
    bottom: usize,
    floor: usize,
    thr_pct: f64,
) -> ((usize, f64), (usize, f64)) {
    let n = profile.raw_elevation_m.len();
    let d = &profile.distance_m;
    let h = hinge_half_window(profile, top, bottom);
    let best = |center: usize, is_top: bool| -> (usize, f64) {
        // One window for every knot, so their errors compare.
        let mut lo = center.saturating_sub(2 * h).max(floor);
        let mut hi = (center + 2 * h).min(n - 1);
        // Sparse (smart) recording may leave a line with one sample in the window, and the
        // knot undetermined: widen each side to `MIN_SIDE_SAMPLES`, by at most
        // `MAX_WIDEN_M`, the inner side never past the other end.
        let widen = (MAX_WIDEN_M / profile.step_m).round() as usize;
        let (lo_min, hi_max) = if is_top {
            (center.saturating_sub(2 * h + widen).max(floor), bottom)
        } else {
            (top.max(floor), (center + 2 * h + widen).min(n - 1))
        };
        let samples_in = |a: usize, b: usize| fit_samples(profile, a, b).0.len();
        while lo > lo_min && lo < center && samples_in(lo, center) < MIN_SIDE_SAMPLES {
            lo -= 1;
        }
        while hi < hi_max && hi > center && samples_in(center, hi) < MIN_SIDE_SAMPLES {
            hi += 1;
        }
        if hi < lo + 2 {
            return (center, d[center]);
        }
        let (x, y) = fit_samples(profile, lo, hi);
        if x.len() < 3 {
            return (center, d[center]);
        }
        let score = |xk: f64| -> Option<f64> {
            let (sse, _, s1, s2) = hinge_fit(x, y, xk)?;
            // The top: the slope steepens downwards after the knot; the bottom: it eases.
            // Outside the knot the runner is no longer descending (gentler than the
            // threshold the state machine used): a break inside the descent is no end.
            let outside_flat = if is_top { s1 } else { s2 } * 100.0 > -thr_pct;
            let right_shape = if is_top { s2 < s1 } else { s2 > s1 } && outside_flat;
            right_shape.then_some(sse)
        };
        let mut best: Option<(f64, usize)> = None;
        let first = center.saturating_sub(h).max(lo + 1);
        let last = (center + h).min(hi - 1);
        for (k, &xk) in d.iter().enumerate().take(last + 1).skip(first) {
            if let Some(sse) = score(xk)
                && best.is_none_or(|(b, _)| sse < b)
            {
                best = Some((sse, k));
            }
        }
        let Some((sse_k, k)) = best else {
            return (center, d[center]);
        };
        let mut fine = (sse_k, d[k]);
        for t in -9..=9 {
            let xk = d[k] + profile.step_m * f64::from(t) / 10.0;
            if xk <= x[0] || xk >= x[x.len() - 1] {
                continue;
            }
            if let Some(sse) = score(xk)
                && sse < fine.0
            {
                fine = (sse, xk);
            }
        }
        (k, fine.1)
    };
    let a = best(top, true);
    let b = best(bottom, false);
    if b.1 > a.1 {
        (a, b)
    } else {
        ((top, d[top]), (bottom, d[bottom]))
    }
}

/// The fitted elevation at distance `xk` from a hinge fit with its knot there over `2 h`
/// grid points either side: the corner's own level, free of the smoothing's rounding.
fn hinge_value(profile: &Profile, xk: f64, h: usize) -> f64 {
    let n = profile.raw_elevation_m.len();
    let d0 = profile.distance_m.first().copied().unwrap_or(0.0);
    let k = (((xk - d0) / profile.step_m).round().max(0.0) as usize).min(n.saturating_sub(1));
    let lo = k.saturating_sub(2 * h);
    let hi = (k + 2 * h).min(n.saturating_sub(1));
    if hi > lo + 1 {
        let (x, y) = fit_samples(profile, lo, hi);
        if x.len() >= 3
            && let Some((_, c, _, _)) = hinge_fit(x, y, xk)
        {
            return c;
        }
    }
    interp(&profile.distance_m, &profile.elevation_m, xk)
}

/// The recorded samples (despiked) between grid points `lo` and `hi`: the hinge is fitted on
/// them rather than on the grid, so that where smart recording left a gap across a corner
/// the two fitted lines still meet at the corner instead of at the middle of the
/// interpolated chord. Falls back to the grid when the profile has no samples.
fn fit_samples(profile: &Profile, lo: usize, hi: usize) -> (&[f64], &[f64]) {
    let sd = &profile.sample_distance_m;
    if sd.is_empty() || sd.len() != profile.sample_elevation_m.len() {
        return (
            &profile.distance_m[lo..=hi],
            &profile.raw_elevation_m[lo..=hi],
        );
    }
    let a = sd.partition_point(|&x| x < profile.distance_m[lo]);
    let b = sd.partition_point(|&x| x <= profile.distance_m[hi]);
    (&sd[a..b], &profile.sample_elevation_m[a..b])
}

/// Linear interpolation of `v` (on the grid `d`) at distance `x`.
fn interp(d: &[f64], v: &[f64], x: f64) -> f64 {
    let n = d.len().min(v.len());
    if n == 0 {
        return f64::NAN;
    }
    let i = d[..n].partition_point(|&di| di <= x);
    if i == 0 {
        return v[0];
    }
    if i >= n {
        return v[n - 1];
    }
    let f = (x - d[i - 1]) / (d[i] - d[i - 1]);
    v[i - 1] + f * (v[i] - v[i - 1])
}

/// Everything reported about the descent over grid points `a..=b`.
fn measure(
    profile: &Profile,
    track: &Track,
    by_time: &PointsByTime,
    at: &Located,
    index: usize,
    params: &DescentParams,
    bands: &Bands,
) -> Descent {
    let (a, b, drop_m) = (at.top, at.bottom, at.drop_m);
    let d = &profile.distance_m;
    let e = &profile.elevation_m;
    let distance_m = at.bottom_m - at.top_m;
    let grade_pct = if distance_m > 0.0 {
        drop_m / distance_m * 100.0
    } else {
        0.0
    };
    let span = (50.0 / profile.step_m).round().max(1.0) as usize;
    let max_grade_pct = if b - a > span {
        (a..=b - span)
            .map(|i| (e[i] - e[i + span]) / (d[i + span] - d[i]) * 100.0)
            .fold(grade_pct, f64::max)
    } else {
        grade_pct
    };
    // A descent started from standing starts when the runner leaves; one that ends in a
    // stop ends on arrival (see `end_stops`).
    let (start_stop, end_stop) = end_stops(profile, at, params);
    let start_s = profile
        .time_s
        .as_ref()
        .map(|t| start_stop.map_or_else(|| interp(d, t, at.top_m), |s| s.depart_s));
    let end_s = profile
        .time_s
        .as_ref()
        .map(|t| end_stop.map_or_else(|| interp(d, t, at.bottom_m), |s| s.arrive_s));
    let duration_s = profile
        .moving_time_s
        .as_ref()
        .map(|m| {
            let m0 = start_stop.map_or_else(|| interp(d, m, at.top_m), |s| s.depart_moving_s);
            let m1 = end_stop.map_or_else(|| interp(d, m, at.bottom_m), |s| s.arrive_moving_s);
            m1 - m0
        })
        .filter(|s| *s > 0.0);
    let start_s = start_s.filter(|t| t.is_finite());
    let end_s = end_s.filter(|t| t.is_finite());
    let duration_s = duration_s.filter(|s| s.is_finite());
    // Times that run backwards (a stop's arrival taken from a sample before an untimed
    // stretch, the start interpolated after it) tell nothing of this descent's span: it
    // is reported untimed rather than with an end before its start.
    let (start_s, end_s, duration_s) = match (start_s, end_s) {
        (Some(t0), Some(t1)) if t1 < t0 => (None, None, None),
        _ => (start_s, end_s, duration_s),
    };
    let avg_speed_mps = duration_s.map(|s| distance_m / s);
    let (cadence_spm, stance_time_s) = match (start_s, end_s) {
        (Some(t0), Some(t1)) => dynamics(track, by_time, t0, t1),
        _ => (None, None),
    };
    let point = |k: usize| {
        profile
            .track_index
            .get(k)
            .and_then(|&i| track.points.get(i))
            .map(|p| (p.lat_deg, p.lon_deg))
            .unwrap_or((None, None))
    };
    let (start_lat_deg, start_lon_deg) = point(a);
    let (end_lat_deg, end_lon_deg) = point(b);
    Descent {
        index,
        start_s,
        end_s,
        start_distance_m: at.top_m,
        distance_m,
        drop_m,
        grade_pct,
        max_grade_pct,
        band: bands.label(grade_pct),
        duration_s,
        avg_speed_mps,
        vertical_speed_m_per_h: duration_s.map(|s| drop_m / s * 3600.0),
        gap_speed_mps: avg_speed_mps.map(|v| gap::flat_equivalent_speed_mps(v, -grade_pct)),
        on_foot: true,
        cadence_spm,
        stance_time_s,
        confidence: if profile.altitude_fine {
            Confidence::High
        } else {
            Confidence::Low
        },
        start_lat_deg,
        start_lon_deg,
        end_lat_deg,
        end_lon_deg,
        grid_range: (a, b),
    }
}

/// The timed points of a track sorted by time, to find those of one descent without a pass
/// over the whole track per descent (a multi-day track has thousands of descents).
struct PointsByTime {
    time_s: Vec<f64>,
    index: Vec<usize>,
}

impl PointsByTime {
    fn new(track: &Track) -> PointsByTime {
        let mut timed: Vec<(f64, usize)> = track
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.time_s.filter(|t| !t.is_nan()).map(|t| (t, i)))
            .collect();
        // Cleaned tracks are already in time order: then this is one linear check.
        if !timed.is_sorted_by(|a, b| a.0 <= b.0) {
            timed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        }
        PointsByTime {
            time_s: timed.iter().map(|x| x.0).collect(),
            index: timed.iter().map(|x| x.1).collect(),
        }
    }

    /// Indices of the points timed within `t0..=t1`, in track order.
    fn within(&self, t0: f64, t1: f64) -> Vec<usize> {
        let lo = self.time_s.partition_point(|&t| t < t0);
        let hi = self.time_s.partition_point(|&t| t <= t1).max(lo);
        let mut out = self.index[lo..hi].to_vec();
        if !out.is_sorted() {
            out.sort_unstable();
        }
        out
    }
}

/// Mean cadence and stance time of the points recorded between `t0` and `t1`.
fn dynamics(track: &Track, by_time: &PointsByTime, t0: f64, t1: f64) -> (Option<f64>, Option<f64>) {
    let within = by_time.within(t0, t1);
    let mean = |f: &dyn Fn(&crate::track::TrackPoint) -> Option<f64>| {
        let v: Vec<f64> = within
            .iter()
            .map(|&i| &track.points[i])
            .filter_map(f)
            .filter(|x| x.is_finite() && *x > 0.0)
            .collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    (mean(&|p| p.cadence_spm), mean(&|p| p.stance_time_s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sustained_effort_limit_falls_with_hours_through_its_points() {
        let p = DescentParams::default();
        for &(h, v) in &p.sustained_km_effort_per_h {
            assert!((p.sustained_limit(h) - v).abs() < 1e-9, "{h} h");
        }
        assert_eq!(p.sustained_limit(0.25), p.sustained_km_effort_per_h[0].1);
        assert_eq!(p.sustained_limit(72.0), p.sustained_km_effort_per_h[3].1);
        let mut last = f64::INFINITY;
        for k in 1..200 {
            let v = p.sustained_limit(k as f64 * 0.2);
            assert!(v <= last, "not falling at {} h", k as f64 * 0.2);
            last = v;
        }
        // 4 h lies between the 2 h and 6 h points, on the log-hours line.
        let f = (4f64.ln() - 2f64.ln()) / (6f64.ln() - 2f64.ln());
        assert!((p.sustained_limit(4.0) - (23.0 + f * (18.5 - 23.0))).abs() < 1e-9);
    }

    #[test]
    fn default_bands_have_the_article_labels() {
        let b = Bands::default();
        assert_eq!(b.labels(), ["gentle", "8-10", "10-12", "12-18", "18+"]);
        assert_eq!(b.label(7.99), "gentle");
        assert_eq!(b.label(8.0), "8-10");
        assert_eq!(b.label(11.0), "10-12");
        assert_eq!(b.label(25.0), "18+");
    }

    #[test]
    fn custom_edges_must_increase() {
        assert!(Bands::new(vec![10.0, 8.0]).is_err());
        let b = Bands::new(vec![6.0, 8.5]).unwrap();
        assert_eq!(b.labels(), ["gentle", "6-8.5", "8.5+"]);
    }
}

#[cfg(test)]
mod detect_tests {
    use super::*;
    use crate::track::AltitudeSource;

    /// A profile from elevations on a 5 m grid (no smoothing).
    fn profile(z: &[f64]) -> Profile {
        let n = z.len();
        let d: Vec<f64> = (0..n).map(|i| i as f64 * 5.0).collect();
        let grade = (0..n)
            .map(|i| {
                let (a, b) = (i.saturating_sub(1), (i + 1).min(n - 1));
                (z[b] - z[a]) / (d[b] - d[a]) * 100.0
            })
            .collect();
        Profile {
            step_m: 5.0,
            distance_m: d,
            elevation_m: z.to_vec(),
            time_s: None,
            altitude_source: AltitudeSource::Barometric,
            altitude_fine: true,
            raw_elevation_m: z.to_vec(),
            sample_distance_m: Vec::new(),
            sample_elevation_m: Vec::new(),
            moving_time_s: None,
            grade_pct: grade,
            track_index: vec![0; n],
            stops: Vec::new(),
        }
    }

    #[test]
    fn a_saw_tooth_of_three_reps_gives_three_descents() {
        // 100 m flat, then 3 x (100 m down at 9 %, 100 m up), 100 m flat.
        let mut z = vec![100.0; 21];
        for _ in 0..3 {
            for _ in 0..20 {
                let last = *z.last().unwrap();
                z.push(last - 0.45);
            }
            for _ in 0..20 {
                let last = *z.last().unwrap();
                z.push(last + 0.45);
            }
        }
        z.extend(std::iter::repeat_n(100.0, 20));
        let p = profile(&z);
        let found = locate_descents(&p, &DescentParams::default());
        assert_eq!(found.len(), 3, "{found:?}");
        for (k, at) in found.iter().enumerate() {
            assert_eq!(at.top, 20 + 40 * k, "{found:?}");
            assert_eq!(at.bottom, 40 + 40 * k, "{found:?}");
            assert!((at.top_m - 100.0 - 200.0 * k as f64).abs() < 0.01);
            assert!((at.drop_m - 9.0).abs() < 1e-6);
        }
    }
}
