//! What goes to stderr besides errors: warnings and notes, both silenced by `--quiet`
//! (ripgrep's messages.rs keeps its switches the same way: process-wide flags set once
//! from the arguments). Errors are always printed, with `eprintln!` at their place.

use std::fmt::Display;
use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// `--quiet`: errors only on stderr.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Damage recovered, a file passed over: `downhill: warning: ...`.
pub fn warning(text: impl Display) {
    if !quiet() {
        eprintln!("downhill: warning: {text}");
    }
}

/// What was done or left out ("wrote 5 files to out/", "2 of 3 files could not be read").
pub fn note(text: impl Display) {
    if !quiet() {
        eprintln!("downhill: {text}");
    }
}
