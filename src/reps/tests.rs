//! Unit tests of the rep stage on made-up tracks (no noise) and made-up descents.

use super::geom::median;
use super::sets::add_final_rep;
use super::*;
use crate::descent::Confidence;
use crate::track::{AltitudeSource, TrackPoint};

/// Builds a 1 Hz track from straight segments.
pub(crate) struct Builder {
    pub x: f64,
    pub y: f64,
    pub z: f64,
    pub t: f64,
    pub d: f64,
    pub points: Vec<TrackPoint>,
}

const LAT0: f64 = 46.5;
const LON0: f64 = 7.0;
const R: f64 = 6_371_008.8;

pub(crate) fn latlon(x: f64, y: f64) -> (f64, f64) {
    (
        LAT0 + (y / R).to_degrees(),
        LON0 + (x / (R * LAT0.to_radians().cos())).to_degrees(),
    )
}

impl Builder {
    pub fn new() -> Builder {
        let mut b = Builder {
            x: 0.0,
            y: 0.0,
            z: 500.0,
            t: 1_700_000_000.0,
            d: 0.0,
            points: Vec::new(),
        };
        b.push(0.0, None);
        b
    }
    fn push(&mut self, v: f64, cad: Option<f64>) {
        let (la, lo) = latlon(self.x, self.y);
        self.points.push(TrackPoint {
            time_s: Some(self.t),
            lat_deg: Some(la),
            lon_deg: Some(lo),
            altitude_m: Some(self.z),
            distance_m: Some(self.d),
            speed_mps: Some(v),
            cadence_spm: cad,
            ..TrackPoint::default()
        });
    }
    /// Move `len_m` horizontally on heading `deg` (0 = east, 90 = north) with `grade_pct`
    /// (negative down) at `v` m/s.
    pub fn seg(
        &mut self,
        deg: f64,
        len_m: f64,
        grade_pct: f64,
        v: f64,
        cad: Option<f64>,
    ) -> (f64, f64) {
        let t0 = self.t;
        let n = (len_m / v).round().max(1.0) as usize;
        let step = len_m / n as f64;
        let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
        for _ in 0..n {
            self.x += c * step;
            self.y += s * step;
            self.z += grade_pct / 100.0 * step;
            self.d += step;
            self.t += 1.0;
            self.push(v, cad);
        }
        (t0, self.t)
    }
    pub fn stand(&mut self, secs: usize) {
        for _ in 0..secs {
            self.t += 1.0;
            self.push(0.0, None);
        }
    }
    pub fn track(&self, source: AltitudeSource) -> Track {
        let mut t = Track {
            points: self.points.clone(),
            ..Track::default()
        };
        t.meta.altitude_source = source;
        t
    }
}

fn descent(
    index: usize,
    t0: f64,
    t1: f64,
    a: (f64, f64),
    b: (f64, f64),
    len: f64,
    drop: f64,
) -> Descent {
    let (la0, lo0) = latlon(a.0, a.1);
    let (la1, lo1) = latlon(b.0, b.1);
    Descent {
        index,
        start_s: Some(t0),
        end_s: Some(t1),
        start_distance_m: 0.0,
        distance_m: len,
        drop_m: drop,
        grade_pct: drop / len * 100.0,
        max_grade_pct: drop / len * 100.0,
        band: String::new(),
        duration_s: Some(t1 - t0),
        avg_speed_mps: Some(len / (t1 - t0)),
        vertical_speed_m_per_h: None,
        gap_speed_mps: None,
        on_foot: true,
        cadence_spm: None,
        stance_time_s: None,
        confidence: Confidence::High,
        start_lat_deg: Some(la0),
        start_lon_deg: Some(lo0),
        end_lat_deg: Some(la1),
        end_lon_deg: Some(lo1),
        grid_range: (0, 0),
    }
}

fn run(track: &Track, descents: &[Descent]) -> RepAnalysis {
    find_reps(
        track,
        &crate::motion::compute_motion(track, &Default::default()),
        descents,
        &RepParams::default(),
        &Bands::default(),
    )
}

/// Warm-up east, `n` reps of `len` m at `grade` % heading south with walks back, cool-down.
pub(crate) fn shuttle_session(
    n: usize,
    len: f64,
    grade: f64,
    walk: bool,
) -> (Builder, Vec<(f64, f64)>) {
    let mut b = Builder::new();
    b.seg(0.0, 1500.0, 0.0, 3.0, Some(170.0));
    b.seg(60.0, 400.0, 0.0, 3.0, Some(170.0));
    let mut truth = Vec::new();
    for i in 0..n {
        truth.push(b.seg(-90.0, len, -grade, 5.0 + 0.02 * (i % 3) as f64, Some(180.0)));
        if i + 1 < n {
            if walk {
                b.seg(90.0, len, grade, 1.3, Some(115.0));
            } else {
                b.seg(90.0, len, grade, 2.3, Some(155.0));
            }
            b.stand(10);
        }
    }
    b.seg(0.0, 1200.0, 0.0, 3.0, Some(170.0));
    (b, truth)
}

#[test]
fn twelve_short_reps_walked_back_are_one_set_on_one_hill() {
    let (b, truth) = shuttle_session(12, 90.0, 9.0, true);
    let r = run(&b.track(AltitudeSource::Barometric), &[]);
    assert_eq!(r.reps.len(), 12, "{:#?}", r.rep_sets);
    assert_eq!(r.hills.len(), 1);
    assert!(
        (r.hills[0].grade_pct - 9.0).abs() < 0.3,
        "{}",
        r.hills[0].grade_pct
    );
    assert_eq!(r.hills[0].passes_up, 11);
    for (rep, (t0, t1)) in r.reps.iter().zip(&truth) {
        assert_eq!(rep.band, "8-10");
        assert!((rep.start_s.unwrap() - t0).abs() <= 3.0, "{rep:?} vs {t0}");
        assert!((rep.end_s.unwrap() - t1).abs() <= 3.0, "{rep:?} vs {t1}");
        assert!((rep.distance_m - 90.0).abs() < 8.0, "{}", rep.distance_m);
    }
    let rec = r.reps[0].recovery.as_ref().unwrap();
    assert_eq!(rec.kind, RecoveryKind::Walk);
    assert!(rec.returned_to_start);
    assert!(r.reps[11].recovery.is_none());
    let easy = r.easy_speed_mps.unwrap();
    assert!((easy - 3.0).abs() < 0.2, "{easy}");
}

#[test]
fn a_rep_carries_the_mean_heart_rate_recorded_during_it_and_none_without() {
    let (b, _) = shuttle_session(4, 90.0, 9.0, true);
    let mut track = b.track(AltitudeSource::Barometric);
    let r = run(&track, &[]);
    assert!(r.reps.iter().all(|x| x.heart_rate_bpm.is_none()));
    // 150 bpm on the way down (fast), 120 walking back up: each rep's mean is 150.
    for p in &mut track.points {
        let fast = p.speed_mps.is_some_and(|v| v > 4.0);
        p.heart_rate_bpm = Some(if fast { 150.0 } else { 120.0 });
    }
    let r = run(&track, &[]);
    assert_eq!(r.reps.len(), 4);
    for x in &r.reps {
        let hr = x.heart_rate_bpm.unwrap();
        assert!((hr - 150.0).abs() < 8.0, "{hr}");
    }
}

#[test]
fn jogged_recoveries_are_jogs() {
    let (b, _) = shuttle_session(4, 1200.0, 14.0, false);
    let r = run(&b.track(AltitudeSource::Barometric), &[]);
    assert_eq!(r.reps.len(), 4);
    assert_eq!(r.reps[0].band, "12-18");
    assert_eq!(r.reps[0].recovery.as_ref().unwrap().kind, RecoveryKind::Jog);
}

#[test]
fn a_first_rep_started_from_standing_at_the_mark_starts_when_the_runner_leaves() {
    let mut b = Builder::new();
    b.seg(0.0, 1500.0, 0.0, 3.0, Some(170.0));
    // Down the top of the hill to the start mark, a wait there, then the reps from it.
    b.seg(-90.0, 250.0, -14.0, 2.5, Some(165.0));
    b.stand(40);
    let mut truth = Vec::new();
    for i in 0..3 {
        truth.push(b.seg(-90.0, 1200.0, -14.0, 4.5, Some(180.0)));
        if i < 2 {
            // Jogged back up past the mark, turned, walked down to it and waited.
            b.seg(90.0, 1260.0, 14.0, 2.3, Some(155.0));
            b.seg(-90.0, 60.0, -14.0, 1.5, Some(115.0));
            b.stand(25);
        }
    }
    b.seg(0.0, 1000.0, 0.0, 3.0, Some(170.0));
    let r = run(&b.track(AltitudeSource::Barometric), &[]);
    assert_eq!(r.reps.len(), 3, "{:#?}", r.rep_sets);
    for (rep, (t0, _)) in r.reps.iter().zip(&truth) {
        assert!((rep.start_s.unwrap() - t0).abs() <= 3.0, "{rep:?} vs {t0}");
        assert!((rep.distance_m - 1200.0).abs() < 30.0, "{}", rep.distance_m);
    }
    assert!(r.reps[0].recovery.as_ref().unwrap().returned_to_start);
}

#[test]
fn flat_back_and_forth_is_no_rep_set() {
    let (b, _) = shuttle_session(8, 100.0, 0.5, true);
    assert!(
        run(&b.track(AltitudeSource::Barometric), &[])
            .reps
            .is_empty()
    );
}

#[test]
fn up_and_down_a_mountain_is_no_rep_set() {
    let mut b = Builder::new();
    b.seg(0.0, 1000.0, 0.0, 3.0, None);
    b.seg(30.0, 5000.0, 12.0, 1.8, None);
    b.stand(60);
    b.seg(210.0, 5000.0, -12.0, 3.8, None);
    b.seg(180.0, 1000.0, 0.0, 3.0, None);
    let r = run(&b.track(AltitudeSource::Barometric), &[]);
    assert!(r.reps.is_empty(), "{:?}", r.rep_sets);
}

#[test]
fn same_descent_with_a_lift_back_up_is_a_repeat_set() {
    let mut b = Builder::new();
    b.seg(0.0, 300.0, 0.0, 3.0, None);
    let mut ds = Vec::new();
    for i in 0..4 {
        let a = (b.x, b.y);
        let (t0, t1) = b.seg(0.0, 600.0, -15.0, 6.0, None);
        ds.push(descent(i + 1, t0, t1, a, (b.x, b.y), 600.0, 90.0));
        // Lift: up a different line, 150 m north, then back to the top.
        b.seg(90.0, 150.0, 0.0, 2.0, None);
        b.seg(180.0, 600.0, 15.0, 6.0, None);
        b.seg(-90.0, 150.0, 0.0, 2.0, None);
    }
    let r = run(&b.track(AltitudeSource::Barometric), &ds);
    assert_eq!(r.reps.len(), 4, "{:?}", r.rep_sets);
    assert_eq!(r.rep_sets[0].source, RepSource::Repeat);
    assert_eq!(
        r.reps[0].recovery.as_ref().unwrap().kind,
        RecoveryKind::Lift
    );
    assert_eq!(r.reps[2].descent, Some(3));
}

#[test]
fn two_long_reps_jogged_back_up_the_same_trail_are_a_set_whatever_happens_at_the_top() {
    // The Lakewood session of ../shared/realdata, generated: 1.8 km down at 12.5 %, jogged
    // back up the same trail, then a loop at the top with its own ups and downs (losing
    // 120 m, more than a rep's way back may), then the same 1.8 km down again.
    let mut b = Builder::new();
    b.seg(0.0, 500.0, 0.0, 3.0, None);
    let top = (b.x, b.y);
    let mut ds = Vec::new();
    let (t0, t1) = b.seg(-90.0, 1800.0, -12.5, 4.0, None);
    ds.push(descent(1, t0, t1, top, (b.x, b.y), 1800.0, 225.0));
    b.seg(90.0, 1800.0, 12.5, 2.4, None);
    for k in 0..4 {
        let a = (b.x, b.y);
        let (t0, t1) = b.seg(0.0, 300.0, -10.0, 3.5, None);
        ds.push(descent(2 + k, t0, t1, a, (b.x, b.y), 300.0, 30.0));
        b.seg(0.0, 300.0, 10.0, 2.5, None);
    }
    b.seg(180.0, 2400.0, 0.0, 3.0, None);
    let (t0, t1) = b.seg(-90.0, 1800.0, -12.5, 4.1, None);
    ds.push(descent(6, t0, t1, top, (b.x, b.y), 1800.0, 225.0));
    b.seg(0.0, 500.0, 0.0, 3.0, None);
    let r = run(&b.track(AltitudeSource::Barometric), &ds);
    assert_eq!(r.reps.len(), 2, "{:?}", r.rep_sets);
    assert_eq!(r.reps[0].descent, Some(1));
    assert_eq!(r.reps[1].descent, Some(6));
    assert!(
        (1700.0..1900.0).contains(&r.reps[0].distance_m),
        "{:?}",
        r.reps[0]
    );
}

#[test]
fn a_second_lap_of_a_hilly_loop_is_no_rep_set() {
    let mut b = Builder::new();
    let mut ds = Vec::new();
    for i in 0..2 {
        let a = (b.x, b.y);
        let (t0, t1) = b.seg(0.0, 400.0, -8.0, 3.5, None);
        ds.push(descent(2 * i + 1, t0, t1, a, (b.x, b.y), 400.0, 32.0));
        b.seg(90.0, 300.0, 6.0, 2.8, None);
        let a = (b.x, b.y);
        let (t0, t1) = b.seg(180.0, 200.0, -5.0, 3.5, None);
        ds.push(descent(2 * i + 2, t0, t1, a, (b.x, b.y), 200.0, 10.0));
        b.seg(-90.0, 300.0, 3.67, 2.8, None);
    }
    let r = run(&b.track(AltitudeSource::Barometric), &ds);
    assert!(r.reps.is_empty(), "{:?}", r.rep_sets);
}

#[test]
fn one_minute_fast_one_minute_slow_inside_one_descent_gives_the_fast_phases() {
    let mut b = Builder::new();
    b.seg(0.0, 1000.0, 0.0, 3.0, None);
    let a = (b.x, b.y);
    let t0 = b.t;
    let mut truth = Vec::new();
    for _ in 0..5 {
        truth.push(b.seg(0.0, 300.0, -13.0, 5.0, None));
        b.seg(0.0, 200.0, -13.0, 3.3, None);
    }
    let len = 2500.0;
    let d = descent(1, t0, b.t, a, (b.x, b.y), len, 325.0);
    b.seg(0.0, 1000.0, 0.0, 3.0, None);
    let r = run(&b.track(AltitudeSource::Barometric), &[d]);
    assert_eq!(r.reps.len(), 5, "{:?}", r.reps);
    assert_eq!(r.rep_sets[0].source, RepSource::Interval);
    for (rep, (t0, t1)) in r.reps.iter().zip(&truth) {
        let o = overlap(rep.start_s.unwrap(), rep.end_s.unwrap(), *t0, *t1);
        assert!(o >= 0.8 * (t1 - t0), "{rep:?}");
        assert_eq!(rep.band, "12-18");
    }
}

/// Intervals at 13 % down one descent after a 1 km flat warm-up and a `stand_s` stand: `start` runs the descent's
/// start (a run-in, a hesitant first interval) and returns the first interval's window;
/// `reps` more of 300 m at 5 m/s follow, each after 200 m at 3.3 m/s. Asserts five reps are
/// found, the first covering 80 % of its window.
fn first_interval_is_kept(
    stand_s: usize,
    start: impl FnOnce(&mut Builder) -> (f64, f64),
    reps: usize,
) {
    let mut b = Builder::new();
    b.seg(0.0, 1000.0, 0.0, 3.0, None);
    b.stand(stand_s);
    let (a, t0, d0) = ((b.x, b.y), b.t, b.d);
    let (f0, f1) = start(&mut b);
    for _ in 0..reps {
        b.seg(0.0, 200.0, -13.0, 3.3, None);
        b.seg(0.0, 300.0, -13.0, 5.0, None);
    }
    let len = b.d - d0;
    let d = descent(1, t0, b.t, a, (b.x, b.y), len, 0.13 * len);
    b.seg(0.0, 1000.0, 0.0, 3.0, None);
    let r = run(&b.track(AltitudeSource::Barometric), &[d]);
    assert_eq!(r.reps.len(), 5, "{:?}", r.reps);
    let first = &r.reps[0];
    let o = overlap(first.start_s.unwrap(), first.end_s.unwrap(), f0, f1);
    assert!(o >= 0.8 * (f1 - f0), "{first:?} vs {f0}..{f1}");
}

#[test]
fn a_short_slow_start_to_an_interval_descent_keeps_the_first_fast_phase() {
    // 20 s of easy running down before the first 1' fast (a run-in shorter than a phase is
    // absorbed into it and slows its mean).
    first_interval_is_kept(
        0,
        |b| {
            b.seg(0.0, 50.0, -13.0, 2.5, None);
            b.seg(0.0, 300.0, -13.0, 5.0, None)
        },
        4,
    );
}

#[test]
fn a_first_interval_started_from_standing_is_an_interval_not_a_run_in() {
    // A stand at the top, then the first 1' fast starts with 15 s of picking up speed
    // (2.5 m/s): its mean speed is 12 % under the others', its median is theirs.
    first_interval_is_kept(
        30,
        |b| {
            let (f0, _) = b.seg(0.0, 37.5, -13.0, 2.5, None);
            (f0, b.seg(0.0, 225.0, -13.0, 5.0, None).1)
        },
        4,
    );
}

#[test]
fn fast_phases_at_unequal_efforts_are_no_intervals() {
    // 1' fast / 1' slow in time, but the fast stretches alternate between -5 % and -25 %
    // at the same 5 m/s: grade-adjusted, 4.4 and 6.5 m/s, efforts 40 % apart (terrain and
    // a pace model do this; a runner doing intervals does not). The same at -13 % is one
    // effort: intervals.
    let make = |grades: [f64; 5]| {
        let mut b = Builder::new();
        b.seg(0.0, 1000.0, 0.0, 3.0, None);
        let a = (b.x, b.y);
        let (t0, z0) = (b.t, b.z);
        let mut len = 0.0;
        for g in grades {
            b.seg(0.0, 300.0, g, 5.0, None);
            b.seg(0.0, 200.0, -13.0, 3.0, None);
            len += 500.0;
        }
        let d = descent(1, t0, b.t, a, (b.x, b.y), len, z0 - b.z);
        b.seg(0.0, 1000.0, 0.0, 3.0, None);
        run(&b.track(AltitudeSource::Barometric), &[d])
    };
    let even = make([-13.0; 5]);
    assert_eq!(even.reps.len(), 5, "{:?}", even.reps);
    let uneven = make([-5.0, -25.0, -5.0, -25.0, -5.0]);
    assert!(uneven.reps.is_empty(), "{:?}", uneven.reps);
}

#[test]
fn a_steady_long_descent_has_no_intervals() {
    let mut b = Builder::new();
    b.seg(0.0, 1000.0, 0.0, 3.0, None);
    let a = (b.x, b.y);
    let t0 = b.t;
    b.seg(0.0, 1500.0, -12.0, 4.2, None);
    b.seg(0.0, 1000.0, -12.0, 3.9, None);
    let d = descent(1, t0, b.t, a, (b.x, b.y), 2500.0, 300.0);
    b.seg(0.0, 1000.0, 0.0, 3.0, None);
    assert!(
        run(&b.track(AltitudeSource::Barometric), &[d])
            .reps
            .is_empty()
    );
}

#[test]
fn standing_two_minutes_at_the_bottom_then_walking_up_is_a_walk() {
    let mut b = Builder::new();
    b.seg(0.0, 1500.0, 0.0, 3.0, None);
    for i in 0..6 {
        b.seg(-90.0, 90.0, -9.0, 5.0, None);
        if i == 2 {
            b.stand(150);
        }
        if i < 5 {
            b.seg(90.0, 90.0, 9.0, 1.0, None);
            b.stand(10);
        }
    }
    b.seg(0.0, 1200.0, 0.0, 3.0, None);
    let r = run(&b.track(AltitudeSource::Barometric), &[]);
    assert_eq!(r.reps.len(), 6, "{:?}", r.rep_sets);
    let rec = r.reps[2].recovery.as_ref().unwrap();
    assert_eq!(rec.kind, RecoveryKind::Walk, "{rec:?}");
    assert!(rec.duration_s >= 200.0, "{rec:?}");
}

#[test]
fn reps_recorded_every_5_s_keep_their_length_to_the_turnarounds() {
    let (b, _) = shuttle_session(12, 90.0, 9.0, true);
    let mut track = b.track(AltitudeSource::Barometric);
    // A sample every 5 s, off the turnarounds' phase.
    track.points = track
        .points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 2)
        .map(|(_, p)| *p)
        .collect();
    let r = run(&track, &[]);
    assert!(r.reps.len() >= 10, "{:?}", r.rep_sets);
    let lens: Vec<f64> = r.reps.iter().map(|r| r.distance_m).collect();
    let med = median(&lens).unwrap();
    assert!((med - 90.0).abs() < 6.0, "{lens:?}");
    assert!(lens.iter().all(|l| *l >= 78.0), "{lens:?}");
}

#[test]
fn long_reps_with_terrain_speed_swings_stay_long_reps() {
    // 3 x 1200 m at 12 %, the speed swinging +-10 % every 150 m (a technical trail), jogged
    // back up.
    let mut b = Builder::new();
    b.seg(0.0, 1500.0, 0.0, 3.0, None);
    for i in 0..3 {
        for k in 0..8 {
            let v = if k % 2 == 0 { 4.4 } else { 3.6 };
            b.seg(-90.0, 150.0, -12.0, v, None);
        }
        if i < 2 {
            b.seg(90.0, 1200.0, 12.0, 2.2, None);
            b.stand(10);
        }
    }
    b.seg(0.0, 1200.0, 0.0, 3.0, None);
    let r = run(&b.track(AltitudeSource::Barometric), &[]);
    assert_eq!(r.reps.len(), 3, "{:?}", r.rep_sets);
    assert!(r.reps.iter().all(|x| x.source != RepSource::Interval));
    assert!(r.reps.iter().all(|x| x.distance_m > 1100.0), "{:?}", r.reps);
}

#[test]
fn the_last_long_rep_with_no_way_back_up_is_a_rep() {
    // 4 x 1200 m at 12 %, jogged back up after the first three; after the last one the
    // runner carries on in line, on the flat. The descent detector found the four descents.
    let mut b = Builder::new();
    b.seg(0.0, 1500.0, 0.0, 3.0, None);
    let mut ds = Vec::new();
    for i in 0..4 {
        let a = (b.x, b.y);
        let (t0, t1) = b.seg(-90.0, 1200.0, -12.0, 4.0, None);
        ds.push(descent(i + 1, t0, t1, a, (b.x, b.y), 1200.0, 144.0));
        if i < 3 {
            b.seg(90.0, 1200.0, 12.0, 2.2, None);
            b.stand(10);
        }
    }
    b.seg(-90.0, 1500.0, 0.0, 3.0, None);
    let track = b.track(AltitudeSource::Barometric);
    let r = run(&track, &ds);
    assert_eq!(r.reps.len(), 4, "{:?}", r.rep_sets);
    assert!(r.reps[3].recovery.is_none());
    assert!(r.reps[2].recovery.as_ref().unwrap().returned_to_start);
    assert!(
        (r.reps[3].distance_m - 1200.0).abs() < 60.0,
        "{:?}",
        r.reps[3]
    );
    // A set whose detector kept only the first three reps (the last leg lost to GPS noise
    // at the bottom) gets the fourth back from the descents.
    let path = Path::from_track(
        &track,
        &crate::motion::compute_motion(&track, &Default::default()),
    );
    let idx = |d: &Descent| {
        (
            path.at_time(d.start_s.unwrap()),
            path.at_time(d.end_s.unwrap()),
        )
    };
    let reps: Vec<Cand> = ds[..3]
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let (a, bb) = idx(d);
            Cand {
                a,
                b: bb,
                source: RepSource::Shuttle,
                rec: (k < 2).then(|| (bb, idx(&ds[k + 1]).0, true)),
            }
        })
        .collect();
    let mut groups = vec![Group {
        down: reps.iter().map(|c| Pass::fixed(c.a, c.b)).collect(),
        reps,
        up: Vec::new(),
        source: RepSource::Shuttle,
    }];
    // In time order (as find_reps passes them) and, the same answer, without that promise.
    let mut unordered = groups.clone();
    add_final_rep(&path, &ds, true, &mut groups, 0, &RepParams::default());
    add_final_rep(&path, &ds, false, &mut unordered, 0, &RepParams::default());
    assert_eq!(groups[0].reps.len(), 4);
    assert_eq!(unordered[0].reps.len(), 4);
    assert_eq!(unordered[0].reps[3].a, groups[0].reps[3].a);
    let (a4, _) = idx(&ds[3]);
    assert!(groups[0].reps[2].rec.is_some_and(|r| r.1.abs_diff(a4) <= 3));
    assert!(groups[0].reps[3].rec.is_none());
}

#[test]
fn passes_running_on_past_the_hill_do_not_pull_its_grade_down() {
    // 10 x 90 m at 9 %, smart recording; after three of the walks up the runner walks on
    // 35 m on the flat in line before turning: those passes are longer than the hill.
    let mut b = Builder::new();
    b.seg(0.0, 1500.0, 0.0, 3.0, None);
    for i in 0..10 {
        b.seg(-90.0, 90.0, -9.0, 5.0, None);
        if i < 9 {
            b.seg(90.0, 90.0, 9.0, 1.2, None);
            if i % 3 == 1 {
                b.seg(90.0, 35.0, 0.0, 1.2, None);
                b.seg(-90.0, 35.0, 0.0, 1.2, None);
            }
            b.stand(10);
        }
    }
    b.seg(0.0, 1200.0, 0.0, 3.0, None);
    // Smart recording: a sample every 1-8 s.
    let mut track = b.track(AltitudeSource::Barometric);
    let gaps = [1, 3, 5, 8, 2, 7, 4, 6];
    let mut keep = Vec::new();
    let (mut i, mut k) = (0, 0);
    while i < track.points.len() {
        keep.push(track.points[i]);
        i += gaps[k % gaps.len()];
        k += 1;
    }
    track.points = keep;
    let r = run(&track, &[]);
    assert_eq!(r.hills.len(), 1, "{:?}", r.rep_sets);
    let g = r.hills[0].grade_pct;
    assert!((g - 9.0).abs() < 0.25, "{g}");
}

#[test]
fn the_shuttle_search_does_linear_work_on_a_zigzag_of_short_legs() {
    // Hours of 35 m legs back and forth on one line: every turn folds for kilometres (the
    // path is its own mirror), which cost `max_fold_m / step_m` comparisons per grid point.
    let mut b = Builder::new();
    for i in 0..1200 {
        let (heading, grade) = if i % 2 == 0 {
            (-90.0, -9.0)
        } else {
            (90.0, 9.0)
        };
        b.seg(heading, 35.0, grade, 3.0, Some(170.0));
    }
    let t = b.track(AltitudeSource::Barometric);
    let motion = crate::motion::compute_motion(&t, &Default::default());
    let path = geom::Path::from_track(&t, &motion);
    let p = shuttle::ShuttleParams::default();
    let grid = (1200.0 * 35.0 / p.step_m) as usize + 2;
    let per_point = p.fold_work_per_point + (shuttle::FOLD_AFTER_BUDGET_M / p.step_m) as usize + 3;
    let (found, work) = shuttle::find_shuttles_counted(&path, &p);
    assert!(
        work <= per_point * grid,
        "{work} comparisons for {grid} grid points"
    );
    assert!(!found.is_empty(), "the zigzag is still a shuttle");
    // The budget is what bounds it: without one the same track takes many times more.
    let unbounded = shuttle::ShuttleParams {
        fold_work_per_point: usize::MAX,
        ..p.clone()
    };
    let (_, naive) = shuttle::find_shuttles_counted(&path, &unbounded);
    assert!(naive > 3 * per_point * grid, "{naive} without a budget");
}

/// A rep of `len` m measured with standard deviation `sd` m, run in `len / 4.5` s.
fn measured_rep(len: f64, sd: f64) -> Rep {
    let t = len / 4.5;
    Rep {
        index: 1,
        hill: 1,
        set: 1,
        start_s: Some(0.0),
        end_s: Some(t),
        distance_m: len,
        distance_sd_m: sd,
        drop_m: 0.09 * len,
        grade_pct: 9.0,
        pass_grade_pct: 9.0,
        band: "8-10".into(),
        duration_s: Some(t),
        duration_sd_s: 0.4,
        avg_speed_mps: Some(4.5),
        avg_speed_sd_mps: Some(0.2),
        max_speed_mps: None,
        cadence_spm: None,
        heart_rate_bpm: None,
        heart_rate_max_bpm: None,
        gap_speed_mps: None,
        source: RepSource::Shuttle,
        descent: None,
        lap: None,
        recovery: None,
    }
}

#[test]
fn reps_run_between_the_same_marks_are_pooled_towards_the_set_length() {
    // Twelve reps of a true 90 m, each measured with a GPS error of sd 3 m.
    let errors = [
        4.0, -3.0, 2.0, -5.0, 1.0, 3.0, -2.0, -4.0, 5.0, 0.0, -1.0, 2.0,
    ];
    let mut reps: Vec<Rep> = errors.iter().map(|e| measured_rep(90.0 + e, 3.0)).collect();
    pool_lengths(&mut reps, &RepParams::default());
    let before = errors.iter().map(|e: &f64| e.abs()).sum::<f64>() / 12.0;
    let after = reps
        .iter()
        .map(|r| (r.distance_m - 90.0).abs())
        .sum::<f64>()
        / 12.0;
    assert!(
        after < 0.5 * before,
        "mean error {after:.2} m, measured {before:.2} m"
    );
    for r in &reps {
        assert!((r.distance_m - 90.0).abs() < 2.0, "{}", r.distance_m);
        assert!(r.distance_sd_m < 3.0, "{}", r.distance_sd_m);
        // Speed and own grade follow the length.
        let v = r.avg_speed_mps.unwrap();
        assert!((v * r.duration_s.unwrap() - r.distance_m).abs() < 1e-9);
        assert!((r.pass_grade_pct - r.drop_m / r.distance_m * 100.0).abs() < 1e-9);
    }
    // A rep run well past the mark (115 m) keeps its own length; the others still pool.
    let mut reps: Vec<Rep> = errors.iter().map(|e| measured_rep(90.0 + e, 3.0)).collect();
    reps[6] = measured_rep(115.0, 3.0);
    pool_lengths(&mut reps, &RepParams::default());
    assert_eq!(reps[6].distance_m, 115.0);
    assert!(
        (reps[0].distance_m - 90.0).abs() < 2.0,
        "{}",
        reps[0].distance_m
    );
}

#[test]
fn reps_that_really_differ_keep_their_lengths() {
    // Lengths 80-102 m measured to 1 m: the spread is the runner's, not the GPS's.
    let mut reps: Vec<Rep> = (0..12)
        .map(|k| measured_rep(80.0 + 2.0 * k as f64, 1.0))
        .collect();
    let before: Vec<f64> = reps.iter().map(|r| r.distance_m).collect();
    pool_lengths(&mut reps, &RepParams::default());
    for (r, b) in reps.iter().zip(before) {
        assert!((r.distance_m - b).abs() < 0.6, "{} vs {b}", r.distance_m);
    }
    // Two reps say nothing of the set's spread: left alone.
    let mut two = vec![measured_rep(85.0, 3.0), measured_rep(95.0, 3.0)];
    pool_lengths(&mut two, &RepParams::default());
    assert_eq!((two[0].distance_m, two[1].distance_m), (85.0, 95.0));
}

#[test]
fn reps_after_an_auto_pause_at_the_top_start_where_the_runner_stood() {
    let (b, _) = shuttle_session(10, 90.0, 9.0, true);
    let mut t = b.track(AltitudeSource::Barometric);
    // Auto-pause: of each stand at the top only its first 3 s are recorded; the watch
    // resumes when the runner has moved, here 5 m down the rep.
    let mut standing = 0;
    t.points.retain(|p| {
        standing = if p.speed_mps == Some(0.0) {
            standing + 1
        } else {
            0
        };
        standing <= 3
    });
    let r = run(&t, &[]);
    assert_reps(&r, 10, 90.0, 0.04);
}

/// Six 90 m reps at 9 % run down one side of a path and walked back up the other, 7 m
/// across (GPS error between passes looks the same): a hairpin's width.
fn reps_with_sides_apart(stand_s: usize) -> Track {
    let mut b = Builder::new();
    b.seg(0.0, 1500.0, 0.0, 3.0, Some(170.0));
    for i in 0..6 {
        b.seg(-90.0, 90.0, -9.0, 5.0, Some(180.0));
        b.stand(stand_s);
        b.seg(0.0, 7.0, 0.0, 1.3, Some(115.0));
        if i < 5 {
            b.seg(90.0, 90.0, 9.0, 1.3, Some(115.0));
            b.stand(stand_s);
            b.seg(180.0, 7.0, 0.0, 1.3, Some(115.0));
        }
    }
    b.seg(0.0, 1200.0, 0.0, 3.0, Some(170.0));
    b.track(AltitudeSource::Barometric)
}

#[test]
fn a_fold_as_wide_as_a_hairpin_is_a_turnaround_when_the_runner_stood_at_its_apex() {
    // Standing at the bottom and the top: the velocity went through zero, so these are
    // turnarounds and the six reps are found.
    let r = run(&reps_with_sides_apart(15), &[]);
    assert_eq!(r.reps.len(), 6, "{:?}", r.rep_sets);
    // Without the stands, the end turns (folds under 150 m, 7-8 m wide) are read as the
    // hairpins of a winding path, and only the inner reps, whose folds run on for hundreds
    // of metres, are found.
    let r = run(&reps_with_sides_apart(0), &[]);
    assert!(r.reps.len() < 6, "{}", r.reps.len());
    // Every rep once: no two reps share a start.
    let r = run(&reps_with_sides_apart(15), &[]);
    let mut starts: Vec<i64> = r.reps.iter().map(|x| x.start_s.unwrap() as i64).collect();
    starts.dedup();
    assert_eq!(starts.len(), r.reps.len());
}

/// `n` reps found, each `len_m` long within `rel` of it.
fn assert_reps(r: &RepAnalysis, n: usize, len_m: f64, rel: f64) {
    assert_eq!(r.reps.len(), n, "{:#?}", r.rep_sets);
    for rep in &r.reps {
        let d = rep.distance_m;
        assert!((d / len_m - 1.0).abs() <= rel, "{d} m, not {len_m} m");
    }
}

/// Smart recording: a sample every `every` s while the speed holds, and one on each change
/// of speed (the watch logs when the runner stops or starts).
fn smart_recorded(t: &Track, every: usize) -> Track {
    let pts = &t.points;
    let keep = |i: usize| {
        i == 0
            || i + 1 == pts.len()
            || i.is_multiple_of(every)
            || pts[i].speed_mps != pts[i - 1].speed_mps
            || pts[i].speed_mps != pts[i + 1].speed_mps
    };
    Track {
        points: (0..pts.len())
            .filter(|&i| keep(i))
            .map(|i| pts[i])
            .collect(),
        ..t.clone()
    }
}

/// `n` reps of 45 m at `grade` % run at 4.5 m/s and walked back up, with a 20 s stand at
/// both marks (1 s samples: reps take 10 s, walks 35 s, the first rep starts at 520 s).
fn stood_reps(n: usize, grade: f64) -> Builder {
    let mut b = Builder::new();
    b.seg(0.0, 1500.0, 0.0, 3.0, Some(170.0));
    b.stand(20);
    for i in 0..n {
        b.seg(-90.0, 45.0, -grade, 4.5, Some(180.0));
        b.stand(20);
        if i + 1 < n {
            b.seg(90.0, 45.0, grade, 1.3, Some(115.0));
            b.stand(20);
        }
    }
    b.seg(0.0, 1200.0, 0.0, 3.0, Some(170.0));
    b
}

#[test]
fn short_reps_recorded_smart_with_stands_at_the_marks_start_and_end_where_the_runner_stood() {
    // Ten 45 m reps at 9 %, a 20 s stand at the bottom and the top, walked back; smart
    // recording logs a sample every 8 s between the stops, 30-40 m apart on a rep. The
    // turnaround's grid point can fall a sample before the stand, so a leg read from it
    // would start or end 30 m inside the rep.
    let b = stood_reps(10, 9.0);
    let t = smart_recorded(&b.track(AltitudeSource::Barometric), 8);
    let r = run(&t, &[]);
    assert_reps(&r, 10, 45.0, 0.1);
}

/// A set of `n` reps heading south-east from a start mark, the runner's own start and stop
/// spread along the line (`along_sd_m`), each end moved by a GPS error of `gps_sd_m` per axis.
fn rep_ends(n: usize, len_m: f64, along_sd_m: f64, gps_sd_m: f64) -> Vec<pool::RepEnds> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut normal = move || {
        // Box-Muller: rand 0.8 has no normal distribution without rand_distr.
        let (u1, u2): (f64, f64) = (rng.gen_range(1e-12..1.0), rng.gen_range(0.0..1.0));
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    };
    let (ux, uy) = (0.6, -0.8);
    (0..n)
        .map(|_| {
            let s0 = along_sd_m * normal();
            let s1 = len_m + along_sd_m * normal();
            let a = (s0 * ux + gps_sd_m * normal(), s0 * uy + gps_sd_m * normal());
            let b = (s1 * ux + gps_sd_m * normal(), s1 * uy + gps_sd_m * normal());
            (a, b)
        })
        .collect()
}

#[test]
fn a_sets_gps_error_is_read_across_its_line_whatever_the_reps_true_lengths() {
    // 200 reps, GPS error 4 m per axis at each end: across the line the displacement errs
    // by 4 x sqrt 2 = 5.7 m, whether the runner's own start and stop scatter by 0 m or 10 m
    // along it.
    for along in [0.0, 10.0] {
        let s = pool::across_line_sd_m(&rep_ends(200, 90.0, along, 4.0)).unwrap();
        assert!(
            (s / (4.0 * 2f64.sqrt()) - 1.0).abs() < 0.15,
            "{along} m along: {s}"
        );
    }
    // Without GPS error the reps' true differences along the line do not show across it.
    let s = pool::across_line_sd_m(&rep_ends(50, 90.0, 10.0, 0.0)).unwrap();
    assert!(s < 0.01, "{s}");
    assert!(pool::across_line_sd_m(&rep_ends(2, 90.0, 1.0, 3.0)).is_none());
}

#[test]
fn a_set_noisier_across_its_line_than_the_prior_carries_the_larger_length_error() {
    let params = RepParams::default();
    // The prior GPS part 2.4 m (3 m, two ends 18 s apart), the sampling part 1.5 m.
    let prior = 2.4f64;
    let own = prior.hypot(1.5);
    let mut reps: Vec<Rep> = (0..12).map(|_| measured_rep(90.0, own)).collect();
    pool::measured_length_error(&mut reps, &[prior; 12], Some(6.0), &params);
    // Eleven reps' worth of 6 m against two of 2.4 m, with the sampling part kept.
    let expected = ((2.0 * prior.powi(2) + 11.0 * 36.0) / 13.0 + 1.5f64.powi(2)).sqrt();
    assert!(
        (reps[0].distance_sd_m - expected).abs() < 1e-9,
        "{}",
        reps[0].distance_sd_m
    );
    assert!(reps[0].avg_speed_sd_mps.unwrap() > 0.2);
    // A quiet spread across never lowers it: errors along the line do not show across.
    let mut quiet: Vec<Rep> = (0..12).map(|_| measured_rep(90.0, own)).collect();
    pool::measured_length_error(&mut quiet, &[prior; 12], Some(0.5), &params);
    assert!((quiet[0].distance_sd_m - own).abs() < 1e-9);
}

/// `track`'s altitude as a barometer lagging `tau_s` behind the ground reads it (a
/// first-order filter, one step per 1 s sample).
fn lagging(mut track: Track, tau_s: f64) -> Track {
    let a = 1.0 - (-1.0 / tau_s).exp();
    let mut z = track.points[0].altitude_m.unwrap();
    for p in &mut track.points {
        z += a * (p.altitude_m.unwrap() - z);
        p.altitude_m = Some(z);
    }
    track
}

#[test]
fn a_lagging_barometer_does_not_flatten_short_reps_where_the_runner_stood_at_the_marks() {
    // Twelve 45 m reps at 9.4 %, a 20 s stand at both marks; the barometer lags 3 s.
    let b = stood_reps(12, 9.4);
    let track = lagging(b.track(AltitudeSource::Barometric), 3.0);
    let r = run(&track, &[]);
    assert_eq!(r.hills.len(), 1, "{:#?}", r.hills);
    // Read at the end samples, the lag takes up to 0.4 m/s of vertical speed x 3 s off each
    // end of a 4.2 m drop: 7.4 % read instead of 9.4 %, the band gentle.
    let g = r.hills[0].grade_pct;
    assert!((g - 9.4).abs() < 0.3, "{g}");
    assert_eq!(r.hills[0].band, "8-10");
    // The lag is read from the loop the passes down and up make (positions do not lag
    // here): samples are 1 s apart, reps take 10 s, walks 35 s, stands 20 s.
    let motion = crate::motion::compute_motion(&track, &Default::default());
    let path = geom::Path::from_track(&track, &motion);
    let cycle = |i: usize| 520 + 85 * i;
    let downs: Vec<Pass> = (0..12)
        .map(|i| Pass::fixed(cycle(i), cycle(i) + 10))
        .collect();
    let ups: Vec<Pass> = (0..11)
        .map(|i| Pass::fixed(cycle(i) + 30, cycle(i) + 65))
        .collect();
    let lag = hills::altitude_lag_s(&path, &downs, &ups);
    assert!((2.0..=4.0).contains(&lag), "{lag}");
    // Without a lag there is no loop to close.
    let path0 = geom::Path::from_track(&b.track(AltitudeSource::Barometric), &motion);
    let lag0 = hills::altitude_lag_s(&path0, &downs, &ups);
    assert!(lag0 < 0.5, "{lag0}");
}
