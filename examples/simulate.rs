//! Write a simulated session with known truth, as a user or a test would feed it to downhill.
//!
//! ```text
//! cargo run --example simulate -- short baro 7 session.gpx.gz
//! ```
//! Kinds: short, long, intervals, flat, rolling, mountain. Altitude: baro, gps. The output
//! format follows the extension (.gpx, .tcx, .fit, each optionally .gz). The truth (true reps)
//! is printed on stderr.

use downhill_testkit::sim::AltitudeKind;
use downhill_testkit::sim::sessions::{SessionKind, session};
use rand::SeedableRng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, alt, seed, out] = args.as_slice() else {
        return Err(
            "usage: simulate short|long|intervals|flat|rolling|mountain baro|gps SEED OUT".into(),
        );
    };
    let kind = match kind.as_str() {
        "short" => SessionKind::ShortOk,
        "long" => SessionKind::LongOk,
        "intervals" => SessionKind::IntervalsOk,
        "flat" => SessionKind::EasyFlat,
        "rolling" => SessionKind::RollingLong,
        "mountain" => SessionKind::Mountain,
        other => return Err(format!("unknown kind {other}").into()),
    };
    let (altitude, device) = match alt.as_str() {
        "baro" => (
            AltitudeKind::Barometric,
            "Garmin Forerunner 955 (downhill simulator)",
        ),
        "gps" => (AltitudeKind::Gps, "Strava Android (downhill simulator)"),
        other => return Err(format!("unknown altitude {other}").into()),
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed.parse()?);
    let mut s = session(kind, altitude, &mut rng);
    s.sim.track.meta.device = Some(device.into());
    s.sim.track.meta.sport = Some("running".into());
    let name = out.trim_end_matches(".gz");
    let bytes = if name.ends_with(".fit") {
        downhill_testkit::write::to_fit(&s.sim.track)
    } else if name.ends_with(".tcx") {
        downhill_testkit::write::to_tcx(&s.sim.track).into_bytes()
    } else {
        downhill_testkit::write::to_gpx(&s.sim.track).into_bytes()
    };
    let bytes = if out.ends_with(".gz") {
        downhill_testkit::write::gzip(&bytes, 9)
    } else {
        bytes
    };
    std::fs::write(out, bytes)?;
    eprintln!(
        "truth: {:?}, compliant {}, {} reps",
        s.truth.workout,
        s.truth.compliant,
        s.truth.reps.len()
    );
    for r in &s.truth.reps {
        eprintln!(
            "  {:.0} m at {:.1} % (band {}), {:.0}-{:.0} s",
            r.length_m, r.grade_pct, r.band, r.start_s, r.end_s
        );
    }
    Ok(())
}
