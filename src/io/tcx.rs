//! TCX files. (Stub: filled by the XML reader work.)

use std::path::Path;

use crate::error::{Error, Result};
use crate::track::Track;

/// Read a TCX file into a raw (uncleaned) track.
pub fn read(_bytes: &[u8], path: &Path) -> Result<Track> {
    Err(Error::UnsupportedFormat {
        path: path.to_owned(),
        detail: "TCX reader not built yet".into(),
    })
}
