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
