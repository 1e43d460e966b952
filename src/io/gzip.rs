//! Gzip members (`.fit.gz`, `.gpx.gz`, `.tcx.gz` as in Strava exports), decompressed with
//! flate2 under a size cap so that a decompression bomb is an error, not an out-of-memory.

use std::path::Path;

use crate::error::{Error, Result};

/// Gzip magic bytes.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Decompress all members, refusing to produce more than `max_bytes`.
pub fn decompress(bytes: &[u8], path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    let hint = (bytes.len() as u64).saturating_mul(4);
    super::file::read_to_cap(decoder, max_bytes, hint)
        .map_err(|e| Error::Corrupt {
            path: path.to_owned(),
            format: "gzip",
            detail: e.to_string(),
        })?
        .ok_or_else(|| Error::TooLarge {
            path: path.to_owned(),
            limit_bytes: max_bytes,
            detail: "gzip content expands beyond the limit (a decompression bomb?)".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn round_trip_recovers_the_bytes() {
        let data = b"<gpx></gpx>".repeat(100);
        let out = decompress(&gz(&data), Path::new("a.gpx.gz"), 1 << 20).unwrap();
        assert_eq!(out, data);
    }

    #[test]
    fn a_bomb_is_refused_with_the_file_name() {
        let data = vec![0u8; 10 << 20];
        let err = decompress(&gz(&data), Path::new("bomb.gz"), 1 << 20).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("bomb.gz") && msg.contains("limit"), "{msg}");
    }

    #[test]
    fn a_truncated_member_is_corrupt() {
        let z = gz(&b"hello world ".repeat(1000));
        let err = decompress(&z[..z.len() / 2], Path::new("t.gz"), 1 << 20).unwrap_err();
        assert!(err.to_string().contains("t.gz"));
    }
}
