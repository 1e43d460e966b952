//! Decode-only speed of the FIT decoder vs fitparser, in CPU time (the machine is shared, so
//! wall time overstates): `cargo run --release --example fitdec_speed -- FILE...`
use std::path::Path;
use std::time::Instant;

fn cpu_s() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|x| x.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|x| x.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn main() {
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let bytes = std::fs::read(path).expect("read");
        let n = downhill::io::fitdec::read(&bytes, path)
            .expect("decode")
            .points
            .len();
        let mb = bytes.len() as f64 / 1e6;
        let run = |name: &str, iters: usize, f: &dyn Fn() -> usize| {
            let (c0, w0) = (cpu_s(), Instant::now());
            let mut k = 0;
            for _ in 0..iters {
                k += f();
            }
            let (cpu, wall) = (cpu_s() - c0, w0.elapsed().as_secs_f64());
            assert!(k > 0);
            println!(
                "{name:>12} {:>40}: {:.1} M records/s, {:.0} MB/s CPU time ({:.1} M records/s wall)",
                path.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .split("__")
                    .next()
                    .unwrap(),
                (n * iters) as f64 / cpu / 1e6,
                mb * iters as f64 / cpu,
                (n * iters) as f64 / wall / 1e6
            );
        };
        run("fitdec", 400, &|| {
            downhill::io::fitdec::read(&bytes, path)
                .map(|t| t.points.len())
                .unwrap_or(0)
        });
        let no_crc = downhill::io::fitdec::DecodeOptions {
            check_crc: false,
            ..Default::default()
        };
        run("fitdec-nocrc", 400, &|| {
            downhill::io::fitdec::read_with(&bytes, path, &no_crc)
                .map(|t| t.points.len())
                .unwrap_or(0)
        });
        if std::env::var_os("FITDEC_ONLY").is_some() {
            continue;
        }
        run("fitparser", 5, &|| {
            fitparser::from_bytes(&bytes).map(|r| r.len()).unwrap_or(0)
        });
    }
}
