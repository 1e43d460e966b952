//! Write one huge activity: a simulated short-rep session repeated back to back
//! (`downhill_testkit::sim::repeated`) until the track holds at least N points, as FIT (optionally
//! gzipped). For the hostile-input checks of issue 7 ("a track of 10 million points").
//!
//! ```text
//! cargo run --release --example big_track -- 10000000 /tmp/big.fit
//! /usr/bin/time -v target/release/downhill analyze /tmp/big.fit
//! ```

use downhill_testkit::sim::AltitudeKind;
use downhill_testkit::sim::sessions::{SessionKind, session};
use rand::SeedableRng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [n, out] = args.as_slice() else {
        return Err("usage: big_track N_POINTS OUT.fit[.gz]".into());
    };
    let n: usize = n.parse()?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let one = session(SessionKind::ShortOk, AltitudeKind::Barometric, &mut rng)
        .sim
        .track;
    let copies = n.div_ceil(one.points.len().max(1));
    let mut big = downhill_testkit::sim::repeated(&one, copies);
    big.meta.device = Some("Garmin Forerunner 955 (downhill simulator)".into());
    big.meta.sport = Some("running".into());
    let bytes = downhill_testkit::write::to_fit(&big);
    drop(big);
    let bytes = if out.ends_with(".gz") {
        downhill_testkit::write::gzip(&bytes, 1)
    } else {
        bytes
    };
    std::fs::write(out, &bytes)?;
    eprintln!(
        "{out}: {copies} copies of a {} point session, {} bytes",
        one.points.len(),
        bytes.len()
    );
    Ok(())
}
