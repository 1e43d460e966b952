//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;

/// A fixture path, from the crate root.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// The `downhill` binary, ready to run.
pub fn downhill() -> Command {
    let mut c = Command::cargo_bin("downhill").expect("the downhill binary is built");
    // Times show in the system zone: UTC here, whatever the machine is set to.
    c.env("TZ", "UTC");
    // No configuration file or DOWNHILL_* setting of the machine running the tests.
    c.env("XDG_CONFIG_HOME", "/nonexistent/downhill-tests");
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("DOWNHILL_") {
            c.env_remove(k);
        }
    }
    c
}

/// Stdout and stderr as strings, and the exit code.
pub fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("downhill runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// A GPX of a run due north, 1 s samples: each leg is (seconds, horizontal m/s, vertical m/s,
/// positive down), starting at 250 m.
pub fn legs_gpx(legs: &[(usize, f64, f64)]) -> String {
    let (mut lat, mut alt, mut t) = (45.0_f64, 250.0_f64, 0usize);
    let mut pts = String::new();
    let mut push = |lat: f64, alt: f64, t: usize| {
        pts.push_str(&format!(
            "<trkpt lat=\"{lat:.7}\" lon=\"6.0000000\"><ele>{alt:.2}</ele>\
             <time>2026-06-01T08:{:02}:{:02}Z</time></trkpt>\n",
            t / 60,
            t % 60
        ));
    };
    push(lat, alt, t);
    for &(secs, h_mps, v_mps) in legs {
        for _ in 0..secs {
            lat += h_mps / 111_195.0;
            alt -= v_mps;
            t += 1;
            push(lat, alt, t);
        }
    }
    format!(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><name>gate</name><trkseg>\n{pts}\
         </trkseg></trk></gpx>\n"
    )
}
