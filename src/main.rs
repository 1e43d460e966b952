//! The `downhill` command line: parse, run, map errors to exit codes.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run().into()
}
