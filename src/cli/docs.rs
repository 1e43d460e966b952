//! `downhill completions` and `downhill man`: shell completion scripts (clap_complete) and
//! manual pages (clap_mangen), both generated from [`super::command`], the definition that
//! parses the arguments, so they cannot drift from `--help`.

use super::Exit;
use std::path::PathBuf;

use clap_complete::Shell;

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for. Bash: `downhill completions bash >
    /// ~/.local/share/bash-completion/completions/downhill`; zsh: into a folder of `$fpath`
    /// as `_downhill`; fish: `~/.config/fish/completions/downhill.fish`.
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Write the pages (downhill.1, downhill-analyze.1, ...) into this folder instead of
    /// printing downhill.1; for `MANPATH` or `/usr/local/share/man/man1`.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn completions(args: CompletionsArgs) -> Exit {
    let mut cmd = super::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "downhill", &mut script);
    super::write_stdout(&script)
}

pub fn man(args: ManArgs) -> Exit {
    let cmd = super::command();
    if let Some(dir) = &args.dir {
        let written =
            std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(cmd, dir));
        return match written {
            Ok(()) => Exit::Success,
            Err(e) => {
                eprintln!(
                    "downhill: error: {}: cannot write the manual pages: {e}",
                    dir.display()
                );
                Exit::Write
            }
        };
    }
    let mut page = Vec::new();
    match clap_mangen::Man::new(cmd).render(&mut page) {
        Ok(()) => super::write_stdout(&page),
        Err(e) => {
            eprintln!("downhill: error: cannot render the manual page: {e}");
            Exit::Write
        }
    }
}
