//! Coach-written workout plans in TOML (`downhill analyze --plan my-plan.toml`).
//!
//! A plan names the `kind` of workout (`short`, `long` or `intervals`); every other field is
//! optional and defaults to the built-in prescription of that kind (`downhill plans` prints
//! them, `downhill plans --toml short` prints one as a plan file to start from):
//!
//! ```toml
//! name = "Short reps, week 3"
//! kind = "short"
//! reps = [10, 12]          # or one number: reps = 10
//! length_m = [80, 100]     # [min] alone means "and more"
//! grade_pct = [8, 10]
//! speed_vs_easy = 1.2      # reps at least 1.2 x the easy speed in the same file
//! max_cv_pct = 6           # consistency of the rep speeds
//! max_fade_pct = 5         # last third at most 5 % slower than the first
//! length_rule = "most"     # "every" rep in length_m (default), or the median and 2/3 of them
//! recovery = ["walk"]      # walk, jog, lift, stand
//! return_to_start = true
//! progression = true       # "start slowly then increase"
//! ```
//! Intervals add `fast_vs_slow = 1.15` and `phase_s = [45, 90]`. Errors name the file, the
//! line and the field (the toml crate gives spans).

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::Error;
use crate::reps::RecoveryKind;
use crate::workout::{Prescription, SetRule, WorkoutKind, builtin};

/// One number or a list of them. Not `#[serde(untagged)]`: its error, "data did not match
/// any variant of untagged enum Num", names neither what was expected nor what was found.
#[derive(Debug)]
enum Num {
    One(f64),
    Many(Vec<f64>),
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        struct NumVisitor;
        impl<'de> serde::de::Visitor<'de> for NumVisitor {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, [min] or [min, max]")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Num, E> {
                Ok(Num::One(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Num, E> {
                Ok(Num::One(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Num, E> {
                Ok(Num::One(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Num, A::Error> {
                let mut xs = Vec::new();
                while let Some(x) = seq.next_element::<f64>()? {
                    xs.push(x);
                }
                Ok(Num::Many(xs))
            }
        }
        d.deserialize_any(NumVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    name: Option<String>,
    kind: Spanned<String>,
    reps: Option<Spanned<Num>>,
    length_m: Option<Spanned<Num>>,
    grade_pct: Option<Spanned<Num>>,
    speed_vs_easy: Option<Spanned<f64>>,
    fast_vs_slow: Option<Spanned<f64>>,
    phase_s: Option<Spanned<Num>>,
    max_cv_pct: Option<Spanned<f64>>,
    max_fade_pct: Option<Spanned<f64>>,
    recovery: Option<Spanned<Vec<String>>>,
    length_rule: Option<Spanned<String>>,
    return_to_start: Option<bool>,
    progression: Option<bool>,
    execution: Option<String>,
}

/// Line and column (1-based) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

fn err(path: &Path, text: &str, span: Option<Range<usize>>, field: &str, msg: &str) -> Error {
    let at = span
        .map(|s| {
            let (l, c) = line_col(text, s.start);
            format!("line {l}, column {c}: ")
        })
        .unwrap_or_default();
    let field = if field.is_empty() {
        String::new()
    } else {
        format!("field `{field}`: ")
    };
    Error::Plan {
        path: path.to_path_buf(),
        detail: format!("{at}{field}{msg}"),
    }
}

/// The key whose value holds byte `offset`: the nearest `key =` at the start of a line, on
/// that line or above it (a list may span lines). Plan files are flat, so that is the field.
fn key_at(text: &str, offset: usize) -> Option<&str> {
    text.get(..offset)?.lines().rev().find_map(|line| {
        let (key, _) = line.split_once('=')?;
        let key = key.trim();
        let bare = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        bare.then_some(key)
    })
}

/// A parse error of the toml crate, with the field it concerns when its message does not
/// name one (a value of the wrong type: "invalid type: string \"x\", expected f64").
fn toml_err(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let msg = e.message().trim_end();
    let field = match e.span() {
        Some(s) if !msg.contains('`') => key_at(text, s.start).unwrap_or(""),
        _ => "",
    };
    err(path, text, e.span(), field, msg)
}

/// `[min, max]`, `[min]` or one number, checked to be finite, >= 0 and ordered.
fn range(
    v: &Spanned<Num>,
    field: &str,
    path: &Path,
    text: &str,
) -> Result<(Option<f64>, Option<f64>), Error> {
    let bad = |m: &str| err(path, text, Some(v.span()), field, m);
    let (lo, hi) = match v.get_ref() {
        Num::One(x) => (*x, Some(*x)),
        Num::Many(xs) => match xs.as_slice() {
            [a] => (*a, None),
            [a, b] => (*a, Some(*b)),
            _ => return Err(bad("give one number, [min] or [min, max]")),
        },
    };
    if !lo.is_finite() || lo < 0.0 || hi.is_some_and(|h| !h.is_finite() || h < 0.0) {
        return Err(bad("values must be finite and not negative"));
    }
    if let Some(h) = hi
        && h < lo
    {
        return Err(bad(&format!("min {lo} is above max {h}")));
    }
    Ok((Some(lo), hi))
}

fn positive(v: &Spanned<f64>, field: &str, path: &Path, text: &str) -> Result<f64, Error> {
    let x = *v.get_ref();
    if !x.is_finite() || x <= 0.0 {
        return Err(err(
            path,
            text,
            Some(v.span()),
            field,
            "must be a positive number",
        ));
    }
    Ok(x)
}

/// Parse the text of a plan file; `path` is named in errors.
pub fn parse_plan(text: &str, path: &Path) -> Result<Prescription, Error> {
    let f: PlanFile = toml::from_str(text).map_err(|e| toml_err(path, text, &e))?;
    let kind = WorkoutKind::parse(f.kind.get_ref()).ok_or_else(|| {
        err(
            path,
            text,
            Some(f.kind.span()),
            "kind",
            &format!(
                "unknown kind {:?}: use \"short\", \"long\" or \"intervals\"",
                f.kind.get_ref()
            ),
        )
    })?;
    let mut p = builtin(kind).ok_or_else(|| err(path, text, None, "kind", "no built-in"))?;
    p.name = f.name.unwrap_or_else(|| format!("plan {}", path.display()));
    if let Some(v) = &f.reps {
        let (lo, hi) = range(v, "reps", path, text)?;
        let whole = |x: f64| x.fract() == 0.0;
        if !lo.is_some_and(whole) || !hi.is_none_or(whole) {
            return Err(err(
                path,
                text,
                Some(v.span()),
                "reps",
                "reps are whole numbers",
            ));
        }
        p.reps_min = lo.unwrap_or(0.0) as usize;
        p.reps_max = hi.map(|h| h as usize);
    }
    if let Some(v) = &f.length_m {
        (p.length_min_m, p.length_max_m) = range(v, "length_m", path, text)?;
    }
    if let Some(v) = &f.grade_pct {
        (p.grade_min_pct, p.grade_max_pct) = range(v, "grade_pct", path, text)?;
    }
    if let Some(v) = &f.phase_s {
        (p.phase_min_s, p.phase_max_s) = range(v, "phase_s", path, text)?;
    }
    if let Some(v) = &f.speed_vs_easy {
        p.speed_vs_easy_min = Some(positive(v, "speed_vs_easy", path, text)?);
    }
    if let Some(v) = &f.fast_vs_slow {
        p.fast_vs_slow_min = Some(positive(v, "fast_vs_slow", path, text)?);
    }
    if let Some(v) = &f.max_cv_pct {
        p.max_cv_pct = Some(positive(v, "max_cv_pct", path, text)?);
    }
    if let Some(v) = &f.max_fade_pct {
        p.max_fade_pct = Some(positive(v, "max_fade_pct", path, text)?);
    }
    if let Some(v) = &f.recovery {
        let mut kinds = Vec::new();
        for k in v.get_ref() {
            kinds.push(match k.as_str() {
                "walk" => RecoveryKind::Walk,
                "jog" => RecoveryKind::Jog,
                "lift" => RecoveryKind::Lift,
                "stand" => RecoveryKind::Stand,
                other => {
                    return Err(err(
                        path,
                        text,
                        Some(v.span()),
                        "recovery",
                        &format!("unknown recovery {other:?}: use walk, jog, lift or stand"),
                    ));
                }
            });
        }
        p.recovery = kinds;
    }
    if let Some(v) = &f.length_rule {
        p.length_rule = match v.get_ref().as_str() {
            "every" => SetRule::Every,
            "most" => SetRule::Most,
            other => {
                return Err(err(
                    path,
                    text,
                    Some(v.span()),
                    "length_rule",
                    &format!("unknown rule {other:?}: use \"every\" or \"most\""),
                ));
            }
        };
    }
    if let Some(b) = f.return_to_start {
        p.return_to_start = b;
    }
    if let Some(b) = f.progression {
        p.progression = b;
    }
    if let Some(e) = f.execution {
        p.execution = e;
    }
    Ok(p)
}

/// Read and parse a plan file.
pub fn read_plan(path: &Path) -> Result<Prescription, Error> {
    let bytes = crate::io::file::read_regular(path, crate::io::file::MAX_FILE_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ),
    })?;
    parse_plan(&text, path)
}

/// A prescription as a plan file (what `downhill plans --toml KIND` prints).
pub fn to_toml(p: &Prescription) -> String {
    let mut o = String::new();
    let pair = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => Some(format!("[{}, {}]", toml_number(a), toml_number(b))),
        (Some(a), None) => Some(format!("[{}]", toml_number(a))),
        _ => None,
    };
    o += &format!(
        "name = {}\nkind = {}\n",
        toml_string(&p.name),
        toml_string(p.kind.name())
    );
    o += &match p.reps_max {
        Some(m) => format!("reps = [{}, {m}]\n", p.reps_min),
        None => format!("reps = [{}]\n", p.reps_min),
    };
    for (k, v) in [
        ("length_m", pair(p.length_min_m, p.length_max_m)),
        ("grade_pct", pair(p.grade_min_pct, p.grade_max_pct)),
        ("phase_s", pair(p.phase_min_s, p.phase_max_s)),
    ] {
        if let Some(v) = v {
            o += &format!("{k} = {v}\n");
        }
    }
    for (k, v) in [
        ("speed_vs_easy", p.speed_vs_easy_min),
        ("fast_vs_slow", p.fast_vs_slow_min),
        ("max_cv_pct", p.max_cv_pct),
        ("max_fade_pct", p.max_fade_pct),
    ] {
        if let Some(v) = v {
            o += &format!("{k} = {}\n", toml_number(v));
        }
    }
    let rec: Vec<String> = p.recovery.iter().map(|k| toml_string(k.name())).collect();
    o += &format!("recovery = [{}]\n", rec.join(", "));
    if p.length_min_m.is_some() || p.length_max_m.is_some() {
        o += &format!(
            "length_rule = {}\n",
            toml_string(match p.length_rule {
                SetRule::Every => "every",
                SetRule::Most => "most",
            })
        );
    }
    o += &format!(
        "return_to_start = {}\nprogression = {}\nexecution = {}\n",
        p.return_to_start,
        p.progression,
        toml_string(&p.execution)
    );
    o
}

/// A TOML basic string (the toml crate's escaping: Rust's `{:?}` writes `\u{ac}`, which
/// TOML does not read).
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A number as a coach writes it (`80`, `9.5`); the toml crate's float syntax where plain
/// digits would not read back as the same number (`1e20` is no TOML integer).
fn toml_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x}")
    } else {
        toml::Value::Float(x).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Prescription, Error> {
        parse_plan(t, Path::new("coach.toml"))
    }

    #[test]
    fn plans_written_as_toml_read_back_the_same() {
        // Found by the `plan` fuzz target: names with characters Rust's Debug escapes as
        // `\u{..}`, quotes, backslashes, and numbers that are no TOML integer.
        let cases = [
            "name = \"dow\u{ac}\u{ac}[s\"\nkind = \"intervals\"\n",
            "name = 'C:\\plans\\\"week\" 3'\nkind = \"short\"\nlength_m = [1e20, 2.5e20]\n",
            "kind = \"long\"\ngrade_pct = [10.123456789, 18]\nexecution = \"tab\\there\\nnew line\"\nmax_cv_pct = 0.001\n",
        ];
        for text in cases {
            let p = parse(text).unwrap();
            let back = parse(&to_toml(&p)).unwrap_or_else(|e| panic!("{e}\n{}", to_toml(&p)));
            assert_eq!(back, p);
        }
        for p in crate::workout::builtins() {
            assert_eq!(parse(&to_toml(&p)).unwrap(), p);
        }
    }

    #[test]
    fn a_plan_overrides_the_builtin_of_its_kind() {
        let p = parse("name = \"week 3\"\nkind = \"short\"\nreps = 10\nlength_m = [60, 70]\nprogression = true\n").unwrap();
        assert_eq!(p.name, "week 3");
        assert_eq!((p.reps_min, p.reps_max), (10, Some(10)));
        assert_eq!((p.length_min_m, p.length_max_m), (Some(60.0), Some(70.0)));
        assert_eq!(p.grade_min_pct, Some(8.0));
        assert!(p.progression);
    }

    #[test]
    fn builtins_round_trip_through_toml() {
        for b in crate::workout::builtins() {
            assert_eq!(parse(&to_toml(&b)).unwrap(), b);
        }
    }

    #[test]
    fn errors_name_the_file_line_and_field() {
        let e = parse("kind = \"short\"\n\nlength_m = [100, 80]\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("coach.toml: line 3, column 12: field `length_m`"),
            "{e}"
        );
        assert!(e.contains("min 100 is above max 80"), "{e}");
        let e = parse("kind = \"sprint\"\n").unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("`kind`"), "{e}");
        let e = parse("kind = \"long\"\nslope = 12\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("slope"), "{e}");
        let e = parse("kind = \"long\"\nrecovery = [\"swim\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("swim"), "{e}");
        let e = parse("kind = \"long\"\nreps = [2.5, 4]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("whole numbers"), "{e}");
        let e = parse("reps = 3\n").unwrap_err().to_string();
        assert!(e.contains("kind"), "{e}");
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_field_line_and_column() {
        let error = |t: &str| parse(t).unwrap_err().to_string();
        let e = error("kind = \"short\"\nlength_m = \"long\"\n");
        let at = "coach.toml: line 2, column 12: field `length_m`: ";
        assert!(e.starts_with(at), "{e}");
        assert!(e.contains("expected a number, [min] or [min, max]"), "{e}");
        assert!(!e.contains("untagged"), "{e}");
        let e = error("kind = \"short\"\ngrade_pct = [\n  8,\n  \"ten\",\n]\n");
        assert!(
            e.contains("line 4") && e.contains("field `grade_pct`"),
            "{e}"
        );
        let e = error("kind = \"long\"\nmax_cv_pct = \"6 %\"\n");
        assert!(
            e.contains("line 2") && e.contains("field `max_cv_pct`"),
            "{e}"
        );
    }
}
