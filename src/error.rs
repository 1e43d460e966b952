//! Library errors. Every variant that concerns an input names the file, so that one line on
//! stderr tells the user which file failed and why.

use std::path::PathBuf;

/// Why a file could not be read (refused). Recoverable damage is not an error: it becomes a
/// warning on the [`crate::track::Track`].
/// `#[non_exhaustive]`: new refusals may be added without breaking matches downstream.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a regular file ({kind}); only regular files are read")]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error(
        "{path}: the output is the input file {input}; input files are never modified, choose \
         another output"
    )]
    OutputIsInput { path: PathBuf, input: PathBuf },
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    #[error("{path}: not a FIT, GPX or TCX file ({detail})")]
    UnsupportedFormat { path: PathBuf, detail: String },
    #[error("{path}: {format} file is corrupt: {detail}")]
    Corrupt {
        path: PathBuf,
        format: &'static str,
        detail: String,
    },
    #[error("{path}: {format} file holds no track points")]
    NoPoints { path: PathBuf, format: &'static str },
    #[error("{path}: larger than the {limit_bytes}-byte limit ({detail})")]
    TooLarge {
        path: PathBuf,
        limit_bytes: u64,
        detail: String,
    },
    #[error("{path}: {detail}")]
    Archive { path: PathBuf, detail: String },
    #[error("{path}: {detail}")]
    Plan { path: PathBuf, detail: String },
    #[error("{path}: {detail}")]
    Dem { path: PathBuf, detail: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// `text` fit for a one-line message: control characters (a parser quoting the damaged
/// bytes may quote a newline) written as escapes, and at most 200 characters.
pub fn one_line(text: &str) -> String {
    const MAX_CHARS: usize = 200;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX_CHARS {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_line_escapes_control_characters_and_caps_the_length() {
        assert_eq!(
            super::one_line("expected `</gpx>`, but `</\n>`"),
            "expected `</gpx>`, but `</\\n>`"
        );
        let long = "x".repeat(500);
        assert_eq!(super::one_line(&long).chars().count(), 203);
    }
}
