//! Walks the FIT message structure without decoding values, to find how much of a file is
//! sound before fitparser sees it.
//!
//! A FIT file is a 12- or 14-byte header, a data section of messages and a 2-byte CRC; files
//! may be chained back to back. Each message starts with a record header byte: a definition
//! message gives the layout (field sizes) of a local message type, a data message is then
//! `1 + sum(field sizes)` bytes (FIT SDK, "FIT File Types / Protocol"). Walking that structure
//! finds the last message boundary before any damage (end of file, a local message type that
//! was never defined, a header that is not a FIT header), so the sound prefix can be decoded
//! and the damage reported with its byte offset.
//!
//! The walk also builds the copy of the bytes that fitparser decodes: each header's data size
//! is set to the sound length (a truncated file then ends cleanly), and definitions fitparser
//! would choke on are neutralized: a field whose size is not a multiple of its base type, or a
//! 64-bit integer field (a garbage 64-bit timestamp overflows chrono), is declared as raw bytes.
//! Byte offsets in the copy are those of the original file.

use std::collections::HashMap;

/// The FIT base type `byte`: raw bytes, decoded as an array, never interpreted.
const BASE_BYTE: u8 = 0x0D;

/// Size in bytes of a FIT base type (after masking with 0x9F as fitparser does), `None` for
/// an unknown base type.
fn base_size(base: u8) -> Option<usize> {
    match base & 0x9F {
        0x00 | 0x01 | 0x02 | 0x07 | 0x0A | 0x0D => Some(1),
        0x83 | 0x84 | 0x8B => Some(2),
        0x85 | 0x86 | 0x88 | 0x8C => Some(4),
        0x89 | 0x8E | 0x8F | 0x90 => Some(8),
        _ => None,
    }
}

/// Where one FIT file of a (possibly chained) byte stream lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpan {
    /// Offset of the header.
    pub start: usize,
    /// Length of the header, bytes (12 or 14).
    pub header_size: usize,
    /// One past the last sound message.
    pub sound_end: usize,
    /// The whole declared data section was sound and its CRC is present.
    pub complete: bool,
    /// The stored CRC did not match the bytes (only checked for complete files).
    pub crc_mismatch: bool,
}

/// Why the walk stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The bytes end inside the data section or before the CRC.
    Truncated {
        /// Length of the whole byte stream, bytes.
        file_len: usize,
        /// One past the last sound message of the cut-off file.
        sound_end: usize,
    },
    /// Something unreadable at `offset`.
    Corrupt {
        /// Byte offset of the unreadable message.
        offset: usize,
        /// What is wrong there.
        reason: String,
    },
}

impl Damage {
    /// The byte where the damage begins: the end of the bytes, or the unreadable message.
    pub fn offset(&self) -> usize {
        match self {
            Damage::Truncated { file_len, .. } => *file_len,
            Damage::Corrupt { offset, .. } => *offset,
        }
    }
}

/// The result of a walk.
#[derive(Debug, Clone)]
pub struct Scan {
    /// Each FIT file of the stream, in order, up to the damaged one (included).
    pub files: Vec<FileSpan>,
    /// Why the walk stopped early; `None` when every file was complete.
    pub damage: Option<Damage>,
    /// The bytes fitparser decodes (see the module docs).
    pub sanitized: Vec<u8>,
}

/// A FIT header at `pos`: `(header_size, data_size)`, or why it is not one.
pub fn header_at(bytes: &[u8], pos: usize) -> Result<(usize, usize), String> {
    let rest = bytes.get(pos..).unwrap_or(&[]);
    if rest.len() < 12 {
        return Err(format!(
            "{} bytes where a 12-byte header is needed",
            rest.len()
        ));
    }
    let size = rest[0] as usize;
    if size != 12 && size != 14 {
        return Err(format!("header size {size} (must be 12 or 14)"));
    }
    if &rest[8..12] != b".FIT" {
        return Err("no \".FIT\" signature".into());
    }
    if rest.len() < size {
        return Err(format!(
            "{} bytes where a {size}-byte header is needed",
            rest.len()
        ));
    }
    let data_size = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
    Ok((size, data_size))
}

/// FIT CRC-16 (FIT SDK, "CRC" section).
pub fn crc16(mut crc: u16, bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    for &b in bytes {
        let tmp = TABLE[(crc & 0xF) as usize];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[(b & 0xF) as usize];
        let tmp = TABLE[(crc & 0xF) as usize];
        crc = (crc >> 4) & 0x0FFF;
        crc = crc ^ tmp ^ TABLE[((b >> 4) & 0xF) as usize];
    }
    crc
}

/// Layout of one local message type.
#[derive(Debug, Clone)]
struct Layout {
    global: u16,
    /// (field number, offset within the message after the header byte, size)
    fields: Vec<(u8, usize, usize)>,
    /// Whole data message size including the record header byte.
    size: usize,
}

/// Walk `bytes`. `Err` when the very first header is not a FIT header.
pub fn scan(bytes: &[u8]) -> Result<Scan, String> {
    let mut files = Vec::new();
    let mut damage = None;
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    while pos < bytes.len() {
        let (header_size, data_size) = match header_at(bytes, pos) {
            Ok(h) => h,
            Err(reason) if files.is_empty() => return Err(reason),
            Err(reason) => {
                damage = Some(Damage::Corrupt {
                    offset: pos,
                    reason: format!("not a FIT header after the previous file: {reason}"),
                });
                break;
            }
        };
        let data_start = pos + header_size;
        let declared_end = data_start.saturating_add(data_size);
        let avail_end = declared_end.min(bytes.len());
        let copy_from = out.len();
        out.extend_from_slice(&bytes[pos..data_start]);
        let (sound_end, problem) = walk_messages(bytes, data_start, avail_end, &mut out);
        // Patch the header: data size = sound length; no header CRC (then fitparser counts
        // the header into the data CRC, which it is told not to check).
        let sound_len = (sound_end - data_start) as u32;
        out[copy_from + 4..copy_from + 8].copy_from_slice(&sound_len.to_le_bytes());
        if header_size == 14 {
            out[copy_from + 12] = 0;
            out[copy_from + 13] = 0;
        }
        let crc_present = declared_end
            .checked_add(2)
            .is_some_and(|e| e <= bytes.len());
        let complete = problem.is_none() && sound_end == declared_end && crc_present;
        let mut crc_mismatch = false;
        if complete {
            let stored = u16::from_le_bytes([bytes[declared_end], bytes[declared_end + 1]]);
            // CRC 0 means "not computed".
            crc_mismatch = stored != 0 && crc16(0, &bytes[pos..declared_end]) != stored;
            out.extend_from_slice(&bytes[declared_end..declared_end + 2]);
        } else {
            out.extend_from_slice(&[0, 0]);
        }
        files.push(FileSpan {
            start: pos,
            header_size,
            sound_end,
            complete,
            crc_mismatch,
        });
        if !complete {
            damage = Some(match problem {
                Some((offset, reason)) => Damage::Corrupt { offset, reason },
                None => Damage::Truncated {
                    file_len: bytes.len(),
                    sound_end,
                },
            });
            break;
        }
        pos = declared_end + 2;
    }
    if files.is_empty() {
        return Err("no FIT header".into());
    }
    Ok(Scan {
        files,
        damage,
        sanitized: out,
    })
}

/// Walk the messages in `bytes[start..end]`, appending the (patched) sound ones to `out`.
/// Returns the end of the last sound message and, when the walk stopped on damage (not on
/// the end of the bytes), its offset and reason.
fn walk_messages(
    bytes: &[u8],
    start: usize,
    end: usize,
    out: &mut Vec<u8>,
) -> (usize, Option<(usize, String)>) {
    let mut layouts: [Option<Layout>; 16] = Default::default();
    // (developer data index, field number) -> base type, from field_description messages.
    let mut dev_types: HashMap<(u8, u8), u8> = HashMap::new();
    let mut p = start;
    while p < end {
        let h = bytes[p];
        if h & 0x80 != 0 || h & 0x40 == 0 {
            // Data message (normal or compressed-timestamp header).
            let local = if h & 0x80 != 0 {
                (h >> 5) & 0x3
            } else {
                h & 0xF
            } as usize;
            let Some(layout) = &layouts[local] else {
                return (p, Some((p, format!("local message {local} not defined"))));
            };
            if p + layout.size > end {
                return (p, None);
            }
            let msg = &bytes[p + 1..p + layout.size];
            if layout.global == 206 {
                // field_description: register the developer field's base type.
                let get = |num: u8| {
                    layout
                        .fields
                        .iter()
                        .find(|f| f.0 == num && f.2 == 1)
                        .map(|f| msg[f.1])
                };
                if let (Some(idx), Some(field), Some(base)) = (get(0), get(1), get(2)) {
                    dev_types.insert((idx, field), base);
                }
            }
            out.extend_from_slice(&bytes[p..p + layout.size]);
            p += layout.size;
        } else {
            // Definition message.
            let has_dev = h & 0x20 != 0;
            let local = (h & 0xF) as usize;
            if p + 6 > end {
                return (p, None);
            }
            let arch = bytes[p + 2];
            if arch > 1 {
                return (p, Some((p, format!("invalid architecture byte {arch}"))));
            }
            let big_endian = arch == 1;
            let global = if big_endian {
                u16::from_be_bytes([bytes[p + 3], bytes[p + 4]])
            } else {
                u16::from_le_bytes([bytes[p + 3], bytes[p + 4]])
            };
            let n = bytes[p + 5] as usize;
            let mut q = p + 6;
            if q + 3 * n > end {
                return (p, None);
            }
            let copy_at = out.len();
            out.extend_from_slice(&bytes[p..q + 3 * n]);
            let mut fields = Vec::with_capacity(n);
            let mut offset = 0;
            for k in 0..n {
                let (num, size, base) = (bytes[q], bytes[q + 1] as usize, bytes[q + 2]);
                let Some(bsize) = base_size(base) else {
                    out.truncate(copy_at);
                    return (
                        p,
                        Some((p, format!("field {num} has unknown base type {base:#04x}"))),
                    );
                };
                let wide_int = matches!(base & 0x9F, 0x8E..=0x90);
                if size % bsize != 0 || wide_int {
                    out[copy_at + 6 + 3 * k + 2] = BASE_BYTE;
                }
                fields.push((num, offset, size));
                offset += size;
                q += 3;
            }
            if has_dev {
                if q >= end {
                    out.truncate(copy_at);
                    return (p, None);
                }
                let m = bytes[q] as usize;
                if q + 1 + 3 * m > end {
                    out.truncate(copy_at);
                    return (p, None);
                }
                out.extend_from_slice(&bytes[q..q + 1 + 3 * m]);
                q += 1;
                for _ in 0..m {
                    let (num, size, idx) = (bytes[q], bytes[q + 1] as usize, bytes[q + 2]);
                    let Some(bsize) = dev_types.get(&(idx, num)).and_then(|b| base_size(*b)) else {
                        out.truncate(copy_at);
                        return (
                            p,
                            Some((
                                p,
                                format!("developer field {idx}/{num} used before its description"),
                            )),
                        );
                    };
                    if size % bsize != 0 {
                        out.truncate(copy_at);
                        return (
                            p,
                            Some((
                                p,
                                format!("developer field {idx}/{num} has a size of {size} bytes"),
                            )),
                        );
                    }
                    offset += size;
                    q += 3;
                }
            }
            layouts[local] = Some(Layout {
                global,
                fields,
                size: 1 + offset,
            });
            p = q;
        }
    }
    (p, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_bytes() {
        // The 12-byte header of the FIT SDK Activity.fit example followed by its CRC is
        // checked in the integration tests; here: CRC over nothing is 0 and the CRC over
        // bytes plus their little-endian CRC is 0.
        assert_eq!(crc16(0, &[]), 0);
        let data = b"downhill";
        let c = crc16(0, data);
        let mut with = data.to_vec();
        with.extend_from_slice(&c.to_le_bytes());
        assert_eq!(crc16(0, &with), 0);
    }

    #[test]
    fn header_checks() {
        assert!(header_at(b"\x0c\x10\x00\x00\x05\x00\x00\x00.FIT", 0).is_ok());
        assert!(header_at(b"\x0d\x10\x00\x00\x05\x00\x00\x00.FIT\x00", 0).is_err());
        assert!(header_at(b"\x0c\x10\x00\x00\x05\x00\x00\x00.FTT", 0).is_err());
        assert!(header_at(b"\x0c\x10", 0).is_err());
    }

    #[test]
    fn undefined_local_message_is_damage() {
        let mut f = b"\x0c\x10\x00\x00\x03\x00\x00\x00.FIT".to_vec();
        f.extend_from_slice(&[0x03, 0xAA, 0xBB, 0, 0]);
        let s = scan(&f).unwrap();
        assert_eq!(
            s.damage,
            Some(Damage::Corrupt {
                offset: 12,
                reason: "local message 3 not defined".into()
            })
        );
    }

    #[test]
    fn huge_declared_size_is_truncation_not_allocation() {
        let mut f = b"\x0c\x10\x00\x00\xff\xff\xff\xff.FIT".to_vec();
        // definition: local 0, little endian, global 20 (record), 1 field: heart_rate u8
        f.extend_from_slice(&[0x40, 0, 0, 20, 0, 1, 3, 1, 0x02]);
        f.extend_from_slice(&[0x00, 120, 0x00]);
        let s = scan(&f).unwrap();
        assert_eq!(
            s.damage,
            Some(Damage::Truncated {
                file_len: f.len(),
                sound_end: f.len() - 1
            })
        );
        assert!(s.sanitized.len() <= f.len() + 2);
    }
}
