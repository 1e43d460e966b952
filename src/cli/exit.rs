//! The exit codes of every command, in one place: what `main` returns and what the
//! top-level `--help` lists.

use std::process::ExitCode;

/// How a run ended. The values are kept stable: scripts test them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Every input was read and every output written.
    Success = 0,
    /// An input was refused (the others were still reported), or there was nothing to
    /// report on (an empty folder, a chart of a file without elevation).
    Input = 1,
    /// Bad arguments or a bad `--plan`: nothing was read or written. clap's own usage
    /// errors give the same code.
    Usage = 2,
    /// An output could not be written: standard output, a chart, `season --out` or
    /// `--charts`, `man --dir`.
    Write = 3,
}

impl Exit {
    pub const ALL: [Exit; 4] = [Exit::Success, Exit::Input, Exit::Usage, Exit::Write];

    /// One line for `--help`.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Success => "success",
            Exit::Input => {
                "a file could not be read (the others are still reported), or nothing to \
                 report on (an empty folder, a chart of a file without elevation)"
            }
            Exit::Usage => {
                "bad arguments, a bad --plan or configuration file; nothing was read or written"
            }
            Exit::Write => {
                "an output could not be written (standard output, a chart, season --out or \
                 --charts, man --dir)"
            }
        }
    }

    /// The `Exit codes:` section of the top-level `--help`, each meaning wrapped to 80
    /// columns under its first word.
    pub fn help() -> String {
        const WIDTH: usize = 80;
        let mut o = String::from("Exit codes:\n");
        for e in Exit::ALL {
            let mut line = format!("  {}  ", e as u8);
            let indent = line.len();
            for word in e.meaning().split(' ') {
                if line.len() + word.len() > WIDTH && line.len() > indent {
                    o += line.trim_end();
                    o.push('\n');
                    line = " ".repeat(indent);
                }
                line += word;
                line.push(' ');
            }
            o += line.trim_end();
            o.push('\n');
        }
        o
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn help_lists_every_code_once() {
        let help = Exit::help();
        for e in Exit::ALL {
            assert_eq!(
                help.matches(&format!("\n  {}  ", e as u8)).count(),
                1,
                "{help}"
            );
        }
        assert!(help.lines().all(|l| l.len() <= 80), "{help}");
    }
}
