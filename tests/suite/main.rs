//! The integration tests, one crate so that `cargo test` builds and links one test binary
//! instead of thirteen. Each module is what was a file of its own under `tests/`; a test's
//! name starts with its module, e.g. `cargo test --test suite fitdec_reference::` runs the
//! FIT decoder's reference tests only.

mod common;
mod config_cli;
mod season_gen;

mod altitude_judged;
mod chart;
mod cli;
mod cli_conventions;
mod dem_cli;
mod descent_accuracy;
mod fit_reader;
mod fitdec_reference;
mod fuzz_corpus;
mod fuzz_regressions;
mod html;
mod io_bounds;
mod io_csv;
mod io_encodings;
mod io_hostile;
mod io_outputs;
mod io_season_out;
mod json_schema;
mod local_time;
mod long_track;
mod physics_gate;
mod renderers;
mod reps_accuracy;
mod season;
mod units_cli;
mod workout;
mod xml_readers;
