//! The configuration file: the settings a runner or coach gives every time (units, time
//! zone, bands, default plan, DEM folder, easy pace), remembered.
//!
//! Precedence: flags > environment (`DOWNHILL_*`) > file > built-in defaults. Clap does the
//! first two (each setting's `env`); the file's values become the arguments' defaults before
//! the command line is parsed, so a flag or a variable still wins. `downhill config show`
//! prints every setting with where its value comes from.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One setting of the file: its key, the command-line argument it stands for (clap id), the
/// commands that have that argument, and its environment variable.
pub struct Key {
    pub key: &'static str,
    pub arg: &'static str,
    pub commands: &'static [&'static str],
    pub env: &'static str,
    pub help: &'static str,
    /// What applies when nothing sets it.
    pub default: &'static str,
}

/// Every setting the file may hold, in the order `config show` prints them.
pub const KEYS: &[Key] = &[
    Key {
        key: "units",
        arg: "units",
        commands: &[],
        env: "DOWNHILL_UNITS",
        help: "metric or imperial",
        default: "metric",
    },
    Key {
        key: "speed",
        arg: "speed",
        commands: &[],
        env: "DOWNHILL_SPEED",
        help: "true: speeds (km/h, mph) instead of paces",
        default: "false",
    },
    Key {
        key: "tz",
        arg: "tz",
        commands: &["analyze", "chart", "season"],
        env: "DOWNHILL_TZ",
        help: "time zone (Europe/Paris, UTC, +02:00); unset: the file's, else the system's",
        default: "(file's, else system)",
    },
    Key {
        key: "bands",
        arg: "bands",
        commands: &["analyze", "chart", "season"],
        env: "DOWNHILL_BANDS",
        help: "slope band edges in percent, e.g. [8, 10, 12, 18]",
        default: "8,10,12,18",
    },
    Key {
        key: "plan",
        arg: "plan",
        commands: &["analyze", "chart", "season"],
        env: "DOWNHILL_PLAN",
        help: "the coach's plan file (TOML) to judge against",
        default: "(closest built-in)",
    },
    Key {
        key: "dem",
        arg: "dem",
        commands: &["analyze", "chart", "season"],
        env: "DOWNHILL_DEM",
        help: "folder of SRTM .hgt tiles",
        default: "(none)",
    },
    Key {
        key: "easy_pace",
        arg: "flat_pace",
        commands: &["chart"],
        env: "DOWNHILL_EASY_PACE",
        help: "your easy flat pace (5:30), anchoring the slope-speed chart's equal-effort curve",
        default: "(from the file)",
    },
];

/// The file as written: every key optional, unknown keys refused (a typo is not silently
/// ignored).
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub units: Option<String>,
    pub speed: Option<bool>,
    pub tz: Option<String>,
    pub bands: Option<Vec<f64>>,
    pub plan: Option<PathBuf>,
    pub dem: Option<PathBuf>,
    pub easy_pace: Option<String>,
}

impl Config {
    /// The value of `key` as the argument's text (`bands` as `8,10,12,18`).
    pub fn value(&self, key: &str) -> Option<String> {
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        match key {
            "units" => self.units.clone(),
            "speed" => self.speed.map(|b| b.to_string()),
            "tz" => self.tz.clone(),
            "bands" => self.bands.as_ref().map(|b| {
                b.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
            "plan" => path(&self.plan),
            "dem" => path(&self.dem),
            "easy_pace" => self.easy_pace.clone(),
            _ => None,
        }
    }

    /// Every value checked as its flag would be, so that a bad one is reported against the
    /// file rather than as a flag that was never typed.
    fn check(&self) -> Result<(), String> {
        if let Some(u) = self.units.as_deref()
            && !matches!(u, "metric" | "imperial")
        {
            return Err(format!("units = \"{u}\": give \"metric\" or \"imperial\""));
        }
        if let Some(z) = self.tz.as_deref()
            && downhill::localtime::parse_zone(z).is_none()
        {
            return Err(format!(
                "tz = \"{z}\": unknown time zone; give an IANA name (Europe/Paris), UTC, \
                 or an offset (+02:00)"
            ));
        }
        if let Some(b) = &self.bands {
            downhill::descent::Bands::new(b.clone()).map_err(|e| format!("bands: {e}"))?;
        }
        if let Some(p) = self.easy_pace.as_deref() {
            super::chart::parse_pace(p).map_err(|e| format!("easy_pace: {e}"))?;
        }
        Ok(())
    }

    /// Paths in the file are relative to the file's folder, as a plan's would be.
    fn resolve_paths(&mut self, dir: &Path) {
        for p in [&mut self.plan, &mut self.dem].into_iter().flatten() {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        }
    }
}

/// Where the configuration is read from, and why there.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `--config FILE` or `DOWNHILL_CONFIG`: it must exist.
    Given(PathBuf),
    /// `$XDG_CONFIG_HOME/downhill/config.toml` (or `~/.config/...`): read when it exists.
    Default(PathBuf),
    /// No home folder to look in.
    None,
}

impl Source {
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Given(p) | Source::Default(p) => Some(p),
            Source::None => None,
        }
    }
}

/// The configuration file the command line names (`--config FILE` / `--config=FILE`,
/// looked for before clap parses, since the file sets clap's defaults), else
/// `DOWNHILL_CONFIG`, else the XDG default.
pub fn source(args: &[std::ffi::OsString]) -> Source {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let Some(s) = a.to_str() else { continue };
        if s == "--" {
            break;
        }
        if s == "--config" {
            if let Some(p) = it.next() {
                return Source::Given(PathBuf::from(p));
            }
        } else if let Some(p) = s.strip_prefix("--config=") {
            return Source::Given(PathBuf::from(p));
        }
    }
    if let Some(p) = std::env::var_os("DOWNHILL_CONFIG").filter(|p| !p.is_empty()) {
        return Source::Given(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    match base {
        Some(b) => Source::Default(b.join("downhill").join("config.toml")),
        None => Source::None,
    }
}

/// Read the configuration: `Ok(None)` when the default file does not exist; an error (one
/// line, naming the file, with line and column for a bad value) otherwise.
pub fn load(source: &Source) -> Result<Option<Config>, String> {
    let Some(path) = source.path() else {
        return Ok(None);
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match source {
                Source::Given(_) => Err(format!("{}: no such configuration file", path.display())),
                _ => Ok(None),
            };
        }
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    // A configuration is a few lines: refuse a device or a huge file rather than read it.
    const MAX_BYTES: u64 = 1 << 20;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return Err(format!(
            "{}: not a configuration file (a regular file of at most 1 MiB)",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut config = parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    config.check().map_err(|e| {
        // Every check message starts with its key: point at the key's value in the file.
        let key = e.split([' ', ':']).next().unwrap_or("");
        format!("{}: {}{e}", path.display(), locate(&text, key))
    })?;
    config.resolve_paths(path.parent().unwrap_or(Path::new(".")));
    Ok(Some(config))
}

/// "line L, column C: " of the value of `key` in the file's text (a line `key = value`),
/// or nothing when it is not found.
fn locate(text: &str, key: &str) -> String {
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix(key) else {
            continue;
        };
        let rest_trim = rest.trim_start();
        if let Some(value) = rest_trim.strip_prefix('=') {
            let col = line.len() - value.trim_start().len() + 1;
            return format!("line {}, column {col}: ", n + 1);
        }
    }
    String::new()
}

/// Parse the file's text; the error names the key, line and column.
pub fn parse(text: &str) -> Result<Config, String> {
    toml::from_str::<Config>(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let line = text[..s.start].matches('\n').count() + 1;
                let col = s.start - text[..s.start].rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("line {line}, column {col}: ")
            })
            .unwrap_or_default();
        format!("{at}{}", e.message().trim())
    })
}

/// `cmd` with the file's values as the defaults of the arguments they stand for.
pub fn apply(mut cmd: clap::Command, config: &Config) -> clap::Command {
    for k in KEYS {
        let Some(v) = config.value(k.key) else {
            continue;
        };
        let v: &'static str = Box::leak(v.into_boxed_str());
        if k.commands.is_empty() {
            cmd = cmd.mut_arg(k.arg, |a| a.default_value(v));
        } else {
            for c in k.commands {
                cmd = cmd.mut_subcommand(*c, |s| s.mut_arg(k.arg, |a| a.default_value(v)));
            }
        }
    }
    cmd
}

/// What set each setting that did not come from the command line: filled once by
/// [`note_origins`] after parsing, read by [`named`] when a value is refused.
static ORIGINS: std::sync::OnceLock<Vec<(&'static str, String)>> = std::sync::OnceLock::new();

/// Remember which settings came from the environment or the file (not the command line), so
/// that a refused value names where it was written: `DOWNHILL_PLAN`, or
/// `config.toml: plan`, instead of a `--plan` the user never typed.
pub fn note_origins(matches: &clap::ArgMatches, source: &Source, config: Option<&Config>) {
    use clap::parser::ValueSource;
    let sub = matches.subcommand().map(|(_, m)| m);
    let mut origins = Vec::new();
    for k in KEYS {
        let from = [Some(matches), sub].into_iter().flatten().find_map(|m| {
            m.try_get_raw(k.arg)
                .ok()
                .flatten()
                .and_then(|_| m.value_source(k.arg))
        });
        let origin = match from {
            Some(ValueSource::EnvVariable) => k.env.to_string(),
            Some(ValueSource::DefaultValue) if config.and_then(|c| c.value(k.key)).is_some() => {
                let file = source
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                format!("{file}: {}", k.key)
            }
            _ => continue,
        };
        origins.push((k.arg, origin));
    }
    let _ = ORIGINS.set(origins);
}

/// How to name the setting `arg` (clap's id) in an error: `flag` when it was typed or
/// nothing else set it, else the environment variable or the file and key that did.
pub fn named(arg: &str, flag: &'static str) -> String {
    ORIGINS
        .get()
        .and_then(|o| o.iter().find(|(a, _)| *a == arg))
        .map_or_else(|| flag.to_string(), |(_, o)| o.clone())
}

/// `downhill config show`: every setting, its value and where it comes from.
pub fn show(source: &Source, config: Option<&Config>) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let file = match (source.path(), config) {
        (Some(p), Some(_)) => format!("{} (read)", p.display()),
        (Some(p), None) => format!("{} (none there: built-in defaults)", p.display()),
        (None, _) => "none (no HOME or XDG_CONFIG_HOME)".into(),
    };
    let _ = writeln!(o, "configuration file: {file}");
    let _ = writeln!(
        o,
        "precedence: flags > environment > file > defaults (flags are not listed here: a flag \
         on the command line still wins)\n"
    );
    let w = KEYS.iter().map(|k| k.key.len()).max().unwrap_or(0);
    for k in KEYS {
        let env = std::env::var(k.env).ok().filter(|v| !v.is_empty());
        let (value, from) = match (env, config.and_then(|c| c.value(k.key))) {
            (Some(v), _) => (v, format!("environment {}", k.env)),
            (None, Some(v)) => (v, "file".to_string()),
            (None, None) => (k.default.to_string(), "default".to_string()),
        };
        let _ = writeln!(o, "  {:<w$}  {value:<20}  {from:<28}  {}", k.key, k.help);
    }
    o
}

/// `downhill config ...`.
#[derive(clap::Args, Debug)]
pub struct ConfigArgs {
    #[command(subcommand)]
    action: ConfigAction,
}

#[derive(clap::Subcommand, Debug)]
enum ConfigAction {
    /// Every setting the file may hold, its value and where that value comes from.
    Show,
    /// Print a commented configuration file to start from (`downhill config template >
    /// ~/.config/downhill/config.toml`).
    Template,
}

/// A configuration file with every key, commented out.
pub fn template() -> String {
    let mut o = String::from(
        "# downhill configuration: $XDG_CONFIG_HOME/downhill/config.toml (or --config FILE).\n\
         # Flags and DOWNHILL_* environment variables win over these values.\n",
    );
    let example = |k: &str| match k {
        "units" => "\"imperial\"",
        "speed" => "false",
        "tz" => "\"Europe/Paris\"",
        "bands" => "[8, 10, 12, 18]",
        "plan" => "\"plans/short.toml\"",
        "dem" => "\"/srv/srtm\"",
        _ => "\"5:30\"",
    };
    for k in KEYS {
        o.push_str(&format!(
            "\n# {} ({})\n# {} = {}\n",
            k.help,
            k.env,
            k.key,
            example(k.key)
        ));
    }
    o
}

/// Run `downhill config ...`.
pub fn run(args: ConfigArgs, source: &Source, config: Option<&Config>) -> super::Exit {
    let text = match args.action {
        ConfigAction::Show => show(source, config),
        ConfigAction::Template => template(),
    };
    super::write_stdout(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_file_reads_every_key() {
        let c = parse(
            "units = \"imperial\"\nspeed = true\ntz = \"Europe/Paris\"\nbands = [6, 8, 10.5]\n\
             plan = \"plans/short.toml\"\ndem = \"/srv/srtm\"\neasy_pace = \"5:30\"\n",
        )
        .unwrap();
        assert_eq!(c.value("units").as_deref(), Some("imperial"));
        assert_eq!(c.value("speed").as_deref(), Some("true"));
        assert_eq!(c.value("bands").as_deref(), Some("6,8,10.5"));
        assert_eq!(c.value("easy_pace").as_deref(), Some("5:30"));
        let mut c = c;
        c.resolve_paths(Path::new("/home/r/.config/downhill"));
        assert_eq!(
            c.plan.as_deref(),
            Some(Path::new("/home/r/.config/downhill/plans/short.toml"))
        );
        assert_eq!(c.dem.as_deref(), Some(Path::new("/srv/srtm")));
    }

    #[test]
    fn a_bad_key_or_value_names_it_with_line_and_column() {
        let e = parse("units = \"metric\"\nbandz = [8]\n").unwrap_err();
        assert!(
            e.starts_with("line 2, column 1: ") && e.contains("bandz"),
            "{e}"
        );
        let e = parse("bands = \"8,10\"\n").unwrap_err();
        assert!(e.starts_with("line 1, column 9: "), "{e}");
    }

    #[test]
    fn a_value_its_flag_would_refuse_is_refused_naming_the_key() {
        for (text, key) in [
            ("units = \"furlongs\"", "units"),
            ("tz = \"Mars/Olympus\"", "tz"),
            ("bands = [10, 8]", "bands"),
            ("easy_pace = \"fast\"", "easy_pace"),
        ] {
            let e = parse(text).unwrap().check().unwrap_err();
            assert!(e.starts_with(key), "{text}: {e}");
        }
    }

    #[test]
    fn a_bad_value_is_located_at_its_key() {
        let text = "# mine\nunits = \"metric\"\n  bands = [10, 8]\n";
        assert_eq!(locate(text, "bands"), "line 3, column 11: ");
        assert_eq!(locate(text, "units"), "line 2, column 9: ");
        assert_eq!(locate(text, "tz"), "");
    }

    #[test]
    fn the_template_parses_once_uncommented() {
        let text: String = template()
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|l| l.contains(" = "))
                    .unwrap_or("")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let c = parse(&text).unwrap();
        c.check().unwrap();
        for k in KEYS {
            assert!(
                c.value(k.key).is_some(),
                "{} missing from the template",
                k.key
            );
        }
    }

    #[test]
    fn the_config_flag_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            source(&args(&[
                "downhill", "analyze", "--config", "c.toml", "x.fit"
            ])),
            Source::Given("c.toml".into())
        );
        assert_eq!(
            source(&args(&["downhill", "--config=c.toml", "analyze"])),
            Source::Given("c.toml".into())
        );
    }
}
