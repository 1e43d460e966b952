//! Bounded by the input (issue 12, defects 1, 11, 12): hostile geometry gets a distance grid
//! of at most `profile::max_grid_points` of its samples and a chart bounded by its pixels; a
//! FIT chained with a copy of itself reads as the one activity; the shuttle search does work
//! near-linear in the grid whatever the positions. Inputs are generated here; the tests count
//! points and work, never time.

use std::path::Path;

use downhill::analysis::{Analysis, Settings, analysis};
use downhill::profile::max_grid_points;
use downhill::track::Track;
use downhill_testkit::sim::hostile::alternating;

use crate::common::{downhill, run};
use crate::season_gen::{Kind, encode, session, short_session};

fn read(bytes: &[u8], name: &str) -> Track {
    downhill::io::read_bytes(bytes, Path::new(name), &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn analysed(track: &Track) -> Analysis {
    analysis(track, "hostile", &Settings::default())
}

fn grid_len(a: &Analysis) -> usize {
    a.profile.as_ref().map_or(0, |p| p.distance_m.len())
}

#[test]
fn io_bounds_grid_is_bounded_by_the_samples_whatever_the_geometry() {
    let n = 2000;
    let cases = [
        // Untimed GPX points 4.9 km apart, alternating: ~1000 grid points a sample before.
        ("alternating.gpx", Kind::Gpx, alternating(n, 4900.0, None)),
        // FIT records every 50 s at 98 m/s, just under the teleport speed.
        ("fast.fit", Kind::Fit, alternating(n, 4900.0, Some(50.0))),
        // 99 m a sample: just inside the bound, resampled.
        ("sparse.fit", Kind::Fit, alternating(n, 99.0, Some(20.0))),
    ];
    for (name, kind, track) in cases {
        let t = read(&encode(&track, kind), name);
        let a = analysed(&t);
        let grid = grid_len(&a);
        assert!(
            grid <= max_grid_points(t.points.len()),
            "{name}: {grid} grid points for {} samples",
            t.points.len()
        );
        if name == "sparse.fit" {
            assert!(grid > 10 * n, "{name}: resampled ({grid} points)");
        } else {
            assert_eq!(grid, 0, "{name}: no profile");
            assert!(
                a.report
                    .descent_notes
                    .iter()
                    .any(|s| s.si().contains("samples too far apart to resample")),
                "{name}: {:?}",
                a.report.descent_notes
            );
        }
    }
}

/// A long, legitimate track with many grid points and many small descents: 5000 samples
/// 98 m apart in a straight line (490 km, 98,000 grid points), a 3 m bump every 5 samples.
fn long_bumpy_track() -> Track {
    let mut t = alternating(5000, 0.0, Some(10.0));
    let dlon = 98.0 / (downhill::haversine::METRES_PER_DEGREE * 46f64.to_radians().cos());
    for (i, p) in t.points.iter_mut().enumerate() {
        p.lon_deg = Some(7.0 + i as f64 * dlon);
        p.altitude_m = Some(1000.0 + [0.0, 3.0, 9.0, 3.0, 0.0][i % 5]);
    }
    t
}

#[test]
fn io_bounds_a_profile_chart_is_bounded_by_its_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("long.fit");
    std::fs::write(&input, encode(&long_bumpy_track(), Kind::Fit)).unwrap();
    let out = dir.path().join("long.svg");
    let (_, err, code) = run(downhill()
        .arg("chart")
        .arg(&input)
        .args(["--kind", "profile", "-o"])
        .arg(&out));
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    // 1200 px wide: at most 4 points per pixel column for the line, once more for the
    // descents, a few kilobytes of axes and legend. 98,000 grid points would be megabytes.
    assert!(svg.len() < 400_000, "{} bytes", svg.len());
}

/// A short rep session (three 100 m reps at 9 %) as FIT.
fn rep_session_fit() -> Vec<u8> {
    encode(&session(&short_session(0.0, 3, 120)), Kind::Fit)
}

#[test]
fn io_bounds_a_fit_chained_with_its_copy_is_the_one_activity() {
    let one = rep_session_fit();
    let single = analysed(&read(&one, "run.fit")).report;
    let gz = crate::season_gen::gz;
    for (name, bytes) in [
        ("cat.fit", [one.clone(), one.clone()].concat()),
        ("members.fit.gz", [gz(&one), gz(&one)].concat()),
    ] {
        let t = read(&bytes, name);
        let r = analysed(&t).report;
        assert!(
            t.warnings
                .iter()
                .any(|w| w.contains("dropped as duplicates")),
            "{name}: {:?}",
            t.warnings
        );
        assert_eq!(t.cleaning.teleports, 0, "{name}");
        assert_eq!(r.summary.points, single.summary.points, "{name}");
        let (d1, d2) = (single.summary.distance_m, r.summary.distance_m);
        assert_eq!(d1, d2, "{name}: distance unchanged");
        assert_eq!(r.descents.len(), single.descents.len(), "{name}");
        assert_eq!(r.reps.reps.len(), single.reps.reps.len(), "{name}");
        assert_eq!(r.summary.laps, single.summary.laps, "{name}");
        assert_eq!(r.summary.pauses, single.summary.pauses, "{name}");
    }
    // On the command line the warning names the file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.fit");
    std::fs::write(&path, [one.clone(), one].concat()).unwrap();
    let (_, err, code) = run(downhill().arg("analyze").arg(&path));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("twice.fit") && l.contains("dropped as duplicates")),
        "{err}"
    );
}

#[test]
fn io_bounds_jobs_past_the_cap_are_lowered_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.fit");
    std::fs::write(&path, rep_session_fit()).unwrap();
    let (out, err, code) = run(downhill()
        .arg("season")
        .arg(&path)
        .args(["-j", "65535", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("--jobs 65535 lowered to 16"),
        "one warning says so: {err}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sessions"].as_array().unwrap().len(), 1);
}

/// `downhill chart FILE --kind KIND` as SVG: its text.
fn chart_svg(input: &Path, kind: &str) -> String {
    let out = input.with_extension(format!("{kind}.svg"));
    let (_, err, code) = run(downhill()
        .arg("chart")
        .arg(input)
        .args(["--kind", kind, "-o"])
        .arg(&out));
    assert_eq!(code, 0, "{kind}: {err}");
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn io_bounds_slope_speed_and_season_charts_of_200k_points_are_bounded_by_their_pixels() {
    let dir = tempfile::tempdir().unwrap();
    // 200,000 points of a saw-tooth: 3,103 descents spread over the grade-speed plane.
    let many = downhill_testkit::sim::hostile::many_descents(200_000, 1);
    let input = dir.path().join("many.fit");
    std::fs::write(&input, encode(&many, Kind::Fit)).unwrap();
    let a = analysed(&read(&std::fs::read(&input).unwrap(), "many.fit"));
    let marks = a.report.descents.len();
    assert!(marks > 3000, "{marks} descents");
    let svg = chart_svg(&input, "slope-speed");
    // One mark per band per 6 px cell of the 1200 x 800 chart past 1000 marks, each a fill
    // and an outline: 2,096 marks kept of 3,103 here (632 KB when all were drawn, about
    // 200 bytes a mark). Whatever the input, at most 2 x (1200 / 6) x (800 / 6) marks.
    let circles = svg.matches("<circle").count();
    assert!(circles < 2 * marks, "{circles} circles for {marks} marks");
    assert!(circles <= 2 * 2 * 200 * 133, "{circles} circles");
    assert!(svg.len() < 500_000, "{} bytes", svg.len());

    // The season chart draws weeks, not points: a 200,000-point rep session (a simulated
    // session repeated, 55 hours) is one or two weeks of bars.
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(7);
    let one = downhill_testkit::sim::sessions::session(
        downhill_testkit::sim::sessions::SessionKind::ShortOk,
        downhill_testkit::sim::AltitudeKind::Barometric,
        &mut rng,
    )
    .sim
    .track;
    let big = downhill_testkit::sim::repeated(&one, 200_000_usize.div_ceil(one.points.len()));
    let input = dir.path().join("big.fit");
    std::fs::write(&input, encode(&big, Kind::Fit)).unwrap();
    let svg = chart_svg(&input, "season");
    assert!(
        svg.contains("Reps per week"),
        "a season chart, not an empty one"
    );
    assert!(svg.len() < 50_000, "{} bytes", svg.len());
}
