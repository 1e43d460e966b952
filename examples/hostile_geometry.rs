//! Write the hostile-geometry files of issue 12 into a folder, for `.ci/bounded-memory`:
//! - `alternating.gpx`: 20,000 untimed points alternating between two places 4.9 km apart;
//! - `alternating.gpx.gz`: 200,000 such points, gzipped;
//! - `fast.fit`: 20,000 records 50 s apart, 4.9 km apart (98 m/s, under the teleport speed).
//!
//! ```text
//! cargo run --example hostile_geometry -- /tmp/hostile
//! bash .ci/bounded-memory target/debug/downhill /tmp/hostile
//! ```

use downhill_testkit::sim::hostile::alternating;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: hostile_geometry OUT_DIR")?;
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let gpx = downhill_testkit::write::to_gpx(&alternating(20_000, 4900.0, None));
    std::fs::write(dir.join("alternating.gpx"), gpx)?;
    let gpx = downhill_testkit::write::to_gpx(&alternating(200_000, 4900.0, None));
    std::fs::write(
        dir.join("alternating.gpx.gz"),
        downhill_testkit::write::gzip(gpx.as_bytes(), 9),
    )?;
    let fit = downhill_testkit::write::to_fit(&alternating(20_000, 4900.0, Some(50.0)));
    std::fs::write(dir.join("fast.fit"), fit)?;
    for f in ["alternating.gpx", "alternating.gpx.gz", "fast.fit"] {
        eprintln!("{}: {} bytes", f, std::fs::metadata(dir.join(f))?.len());
    }
    Ok(())
}
