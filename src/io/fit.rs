//! FIT activity files, decoded with fitparser. (Stub: filled by the FIT reader work.)

use std::path::Path;

use crate::error::{Error, Result};
use crate::track::Track;

/// A FIT file header: size 12 or 14, ".FIT" at bytes 8..12.
pub fn looks_like_fit(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && (bytes[0] == 12 || bytes[0] == 14) && &bytes[8..12] == b".FIT"
}

/// Read a FIT activity into a raw (uncleaned) track.
pub fn read(_bytes: &[u8], path: &Path) -> Result<Track> {
    Err(Error::UnsupportedFormat {
        path: path.to_owned(),
        detail: "FIT reader not built yet".into(),
    })
}
