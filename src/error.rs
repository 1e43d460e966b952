//! Library errors. Every variant that concerns an input names the file, so that one line on
//! stderr tells the user which file failed and why.

use std::path::PathBuf;

/// Why a file could not be read (refused). Recoverable damage is not an error: it becomes a
/// warning on the [`crate::track::Track`].
/// `#[non_exhaustive]`: new refusals may be added without breaking matches downstream.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An I/O error on the file or folder (reading, listing, writing), or a plan file that is
    /// not UTF-8.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory the failed operation was on.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The path is a directory, FIFO, device or socket, not a regular file.
    #[error("{path}: not a regular file ({kind}); only regular files are read")]
    NotRegular {
        /// The refused path.
        path: PathBuf,
        /// What it is instead, as a phrase ("a directory", "a FIFO"...).
        kind: &'static str,
    },
    /// An output path names one of the input files (inputs are never overwritten).
    #[error(
        "{path}: the output is the input file {input}; input files are never modified, choose \
         another output"
    )]
    OutputIsInput {
        /// The output path as given.
        path: PathBuf,
        /// The input it is the same file as.
        input: PathBuf,
    },
    /// The file (or the content of a gzip) holds no bytes.
    #[error("{path}: the file is empty")]
    Empty {
        /// The empty file.
        path: PathBuf,
    },
    /// The content is none of the formats read: FIT, GPX or TCX (optionally gzipped).
    #[error("{path}: not a FIT, GPX or TCX file ({detail})")]
    UnsupportedFormat {
        /// The refused file.
        path: PathBuf,
        /// What was seen instead (e.g. "gzip inside gzip").
        detail: String,
    },
    /// The file is of a known format but cannot be decoded (bad header, CRC, XML, gzip...).
    #[error("{path}: {format} file is corrupt: {detail}")]
    Corrupt {
        /// The corrupt file.
        path: PathBuf,
        /// The format it was read as ("FIT", "GPX", "TCX", "gzip").
        format: &'static str,
        /// What is wrong, fit for one line (see [`one_line`]).
        detail: String,
    },
    /// The file decodes but holds no usable track point.
    #[error("{path}: {format} file holds no track points")]
    NoPoints {
        /// The file without points.
        path: PathBuf,
        /// The format it was read as, or "activity" when unknown.
        format: &'static str,
    },
    /// The file, standard input or a gzip's expanded content is over the byte limit.
    #[error("{path}: larger than the {limit_bytes}-byte limit ({detail})")]
    TooLarge {
        /// The file (or stdin's name) that is too large.
        path: PathBuf,
        /// The limit that was exceeded, bytes.
        limit_bytes: u64,
        /// How large it is, or what exceeded the limit.
        detail: String,
    },
    /// An export archive (Strava or Garmin zip) or one of its entries cannot be read.
    #[error("{path}: {detail}")]
    Archive {
        /// The archive, or `archive!entry` for one entry.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A training plan file is invalid.
    #[error("{path}: {detail}")]
    Plan {
        /// The plan file.
        path: PathBuf,
        /// Where (line, field) and what is wrong.
        detail: String,
    },
    /// The elevation model (`--dem`, a directory of SRTM tiles) cannot be used: not a
    /// directory, or a tile missing or malformed.
    #[error("{path}: {detail}")]
    Dem {
        /// The DEM directory or tile file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
}

/// The library's result type: [`Error`] unless another is named.
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
