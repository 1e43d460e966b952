//! A very long track (one simulated short-rep session repeated back to back, as a multi-day
//! recording or a hostile file would be): everything found in one copy is found in every
//! copy. This is the path that had passes over all descents or stops per descent or per set
//! (quadratic: a 10-million-point track took 4.6 minutes, now ~15 s of CPU; see
//! `examples/big_track.rs` for that measurement). It asserts content, not time.

use std::path::Path;

use downhill::analysis::{Settings, analyze};
use downhill_testkit::sim::AltitudeKind;
use downhill_testkit::sim::sessions::{SessionKind, session};
use rand::SeedableRng;

#[test]
fn every_copy_of_a_repeated_session_keeps_its_descents_and_reps() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let one = session(SessionKind::ShortOk, AltitudeKind::Barometric, &mut rng)
        .sim
        .track;
    let copies = 40;
    let read = |t: &downhill::track::Track| {
        let bytes = downhill_testkit::write::to_fit(t);
        downhill::io::read_bytes(&bytes, Path::new("long.fit"), &Default::default())
            .expect("the written FIT reads")
    };
    let small = analyze(&read(&one), "one.fit", &Settings::default());
    let big_track = read(&downhill_testkit::sim::repeated(&one, copies));
    assert_eq!(big_track.points.len(), copies * one.points.len());
    let big = analyze(&big_track, "long.fit", &Settings::default());

    assert!(
        small.descents.len() >= 8,
        "{} descents",
        small.descents.len()
    );
    assert_eq!(big.descents.len(), copies * small.descents.len());
    assert_eq!(big.reps.reps.len(), copies * small.reps.reps.len());
    // The same hill every time: one hill, its grade pooled over every pass, as in one copy.
    assert_eq!(big.reps.hills.len(), 1);
    let (g1, gn) = (small.reps.hills[0].grade_pct, big.reps.hills[0].grade_pct);
    assert!(
        (g1 - gn).abs() < 0.3,
        "pooled grade {gn} vs {g1} in one copy"
    );
    // The session ends away from where it started: each join adds that hop.
    let fix = |p: &downhill::track::TrackPoint| {
        downhill::haversine::Fix::new(p.lat_deg.unwrap(), p.lon_deg.unwrap())
    };
    let hop_m =
        downhill::haversine::distance_m(&fix(one.points.last().unwrap()), &fix(&one.points[0]));
    let (d1, dn) = (
        small.summary.distance_m.unwrap(),
        big.summary.distance_m.unwrap(),
    );
    let want = copies as f64 * d1 + (copies - 1) as f64 * hop_m;
    assert!(
        (dn - want).abs() < 0.02 * want,
        "distance {dn} for {copies} copies of {d1} joined by hops of {hop_m}"
    );
    // Far more reps than any prescription: the verdict says so.
    let reps_check = big
        .workout
        .checks
        .iter()
        .find(|c| c.name == "reps")
        .expect("a reps check");
    assert!(!reps_check.pass, "{reps_check:?}");
}
