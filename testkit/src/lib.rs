#![warn(missing_docs)]
//! Test support for `downhill`, kept out of the library and its binary (`publish = false`):
//!
//! - [`sim`]: the session simulator (courses, runners, watch noise) with known truth, for the
//!   accuracy tests, the benchmarks and the examples;
//! - [`write`]: writers of a `Track` to GPX, TCX and FIT, to test the readers on the same
//!   samples in every format;
//! - [`fit`]: the fitparser-based FIT reader, the reference the library's own streaming
//!   decoder (`downhill::io::fitdec`) is tested against.

pub mod fit;
pub mod sim;
pub mod write;
