//! Survey: the altitude noise measured from the samples, per file, beside the declared
//! altitude source.
//!
//! ```text
//! cargo run --release --example altitude_noise -- ../shared/realdata/*/*
//! ```

use downhill::io::{ReadOptions, read_activity};

fn main() {
    for arg in std::env::args().skip(1) {
        let path = std::path::Path::new(&arg);
        let Ok(track) = read_activity(path, &ReadOptions::default()) else {
            continue;
        };
        let declared = track.meta.altitude_source.name();
        match downhill::altitude::measure_noise(&track) {
            Some(n) => println!(
                "{declared:>10} white {:5.2} m  quantum {:>5}  dt {:4.1} s  revisit {:>14}  {}",
                n.white_m,
                n.quantum_m.map(|q| format!("{q:.2}")).unwrap_or("-".into()),
                n.median_dt_s.unwrap_or(f64::NAN),
                downhill::altitude::revisit_spread(&track)
                    .map(|(m, k)| format!("{m:5.1} m x{k}"))
                    .unwrap_or("-".into()),
                path.file_name().unwrap().to_string_lossy()
            ),
            None => println!("{declared:>10} (no noise estimate) {arg}"),
        }
    }
}
