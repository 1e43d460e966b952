//! The byte stream: chained file headers and their CRCs, then definition and data messages
//! (normal and compressed-timestamp headers), each data message handed to the decoder.

use super::plan::{Def, Kind, Spec, base_size, slot_of};
use super::{Decoder, crc};

/// Why decoding of the byte stream stopped early.
enum Stop {
    /// The bytes ran out inside a message.
    Truncated,
    /// Something that cannot be read past; the text says what and where.
    Damage(String),
}

impl Decoder<'_> {
    /// Decode every chained file in the buffer.
    pub(super) fn run(&mut self) {
        let buf = self.buf;
        let mut pos = 0usize;
        let mut file_no = 0usize;
        if buf.is_empty() {
            self.damage("no FIT file header: no bytes at all".into());
        }
        while pos < buf.len() {
            let rest = &buf[pos..];
            // A later file of a chain whose signature is damaged is still read when its
            // sizes are plausible: the data it frames decodes or stops like any other.
            let signed = rest.get(8..12) == Some(b".FIT");
            let plausible = file_no > 0
                && rest.len() >= 12
                && matches!(rest[0], 12 | 14)
                && (rest[0] as usize)
                    .saturating_add(
                        u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize
                    )
                    .saturating_add(2)
                    <= rest.len();
            if !signed && plausible {
                self.warnings.push(format!(
                    "FIT header at byte {pos} lacks its \".FIT\" signature: read anyway"
                ));
            }
            if rest.len() < 12 || !(signed || plausible) || rest[0] < 12 {
                if file_no > 0 && is_header_prefix(rest) {
                    self.truncated();
                } else if file_no == 0 {
                    self.damage("no FIT file header at byte 0".into());
                } else {
                    self.warnings.push(format!(
                        "{} bytes after the last FIT file (at byte {pos}) ignored",
                        rest.len()
                    ));
                }
                return;
            }
            let header_size = rest[0] as usize;
            let Some(header) = rest.get(..header_size) else {
                self.truncated();
                return;
            };
            let data_size = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
            let mut crc = 0u16;
            if self.opts.check_crc {
                if header_size >= 14 {
                    let stored = u16::from_le_bytes([header[12], header[13]]);
                    let computed = crc::update(0, &header[..12]);
                    if stored != 0 && stored != computed {
                        self.crc_mismatch(format!(
                            "FIT header CRC mismatch at byte {pos} (stored {stored:#06x}, computed {computed:#06x})"
                        ));
                    }
                }
                crc = crc::update(0, header);
            }
            self.file_starts.push(self.points.len());
            self.defs = Default::default();
            self.last_ts = 0;
            let data_start = pos + header_size;
            let claimed_end = data_start.saturating_add(data_size);
            let data_end = claimed_end.min(buf.len());
            let end = match self.messages(data_start, data_end) {
                Ok(end) => end,
                Err(Stop::Truncated) => {
                    self.truncated();
                    return;
                }
                Err(Stop::Damage(what)) => {
                    self.damage(what);
                    return;
                }
            };
            if claimed_end > buf.len() {
                self.truncated();
                return;
            }
            let Some(stored) = buf.get(end..end + 2) else {
                // All messages are there, only the checksum is missing.
                self.warnings.push(format!(
                    "truncated at byte {}: file CRC missing, {} records kept",
                    buf.len(),
                    self.points.len()
                ));
                return;
            };
            if self.opts.check_crc {
                let stored = u16::from_le_bytes([stored[0], stored[1]]);
                let computed = crc::update(crc, &buf[data_start..end]);
                if stored != computed {
                    self.crc_mismatch(format!(
                        "FIT file CRC mismatch at byte {end} (stored {stored:#06x}, computed {computed:#06x}): data kept"
                    ));
                }
            }
            pos = end + 2;
            file_no += 1;
        }
    }

    /// Decode the messages in `buf[pos..end]`; returns where they ended.
    fn messages(&mut self, mut pos: usize, end: usize) -> std::result::Result<usize, Stop> {
        let buf = self.buf;
        // Messages must not run past the data the header declares (or the file's end).
        let data = buf.get(..end).ok_or(Stop::Truncated)?;
        let at_eof = end == buf.len();
        let cut = |what: String| {
            if at_eof {
                Stop::Truncated
            } else {
                Stop::Damage(what)
            }
        };
        while pos < end {
            let h = data[pos];
            if h & 0x80 != 0 {
                // Compressed timestamp header: local type in bits 5-6, time offset in 0-4.
                let local = ((h >> 5) & 0x3) as usize;
                let offset = (h & 0x1F) as u32;
                let size = match &self.defs[local] {
                    Some(d) => d.size,
                    None => {
                        return Err(Stop::Damage(format!(
                            "data message of undefined local type {local} at byte {pos}"
                        )));
                    }
                };
                let msg = data.get(pos + 1..pos + 1 + size).ok_or_else(|| {
                    cut(format!(
                        "message at byte {pos} runs past the declared data size"
                    ))
                })?;
                self.data_message(local, msg, Some(offset));
                pos += 1 + size;
            } else if h & 0x40 != 0 {
                // The architecture byte is 0 (little-endian) or 1 (big-endian); any other
                // value means the stream is damaged here (fitparser stops too, and what
                // follows decodes to records from the year 2124 at latitude -93).
                if let Some(&arch) = data.get(pos + 2)
                    && arch > 1
                {
                    return Err(Stop::Damage(format!(
                        "invalid architecture byte {arch} in the definition at byte {pos}"
                    )));
                }
                pos = self.definition(data, pos, h).map_err(|()| {
                    cut(format!(
                        "definition message at byte {pos} runs past the declared data size"
                    ))
                })?;
            } else {
                let local = (h & 0x0F) as usize;
                let size = match &self.defs[local] {
                    Some(d) => d.size,
                    None => {
                        return Err(Stop::Damage(format!(
                            "data message of undefined local type {local} at byte {pos}"
                        )));
                    }
                };
                let msg = data.get(pos + 1..pos + 1 + size).ok_or_else(|| {
                    cut(format!(
                        "message at byte {pos} runs past the declared data size"
                    ))
                })?;
                self.data_message(local, msg, None);
                pos += 1 + size;
            }
        }
        Ok(pos)
    }

    /// Compile the definition message at `pos`; returns the position after it.
    fn definition(&mut self, data: &[u8], pos: usize, h: u8) -> std::result::Result<usize, ()> {
        let local = (h & 0x0F) as usize;
        let has_dev = h & 0x20 != 0;
        let fixed = data.get(pos + 1..pos + 6).ok_or(())?;
        let big_endian = fixed[1] == 1;
        let global = if big_endian {
            u16::from_be_bytes([fixed[2], fixed[3]])
        } else {
            u16::from_le_bytes([fixed[2], fixed[3]])
        };
        let n = fixed[4] as usize;
        let fields_at = pos + 6;
        let field_bytes = data.get(fields_at..fields_at + 3 * n).ok_or(())?;
        let mut next = fields_at + 3 * n;
        let mut dev_size = 0usize;
        if has_dev {
            let ndev = *data.get(next).ok_or(())? as usize;
            let dev = data.get(next + 1..next + 1 + 3 * ndev).ok_or(())?;
            dev_size = dev.chunks_exact(3).map(|f| f[1] as usize).sum();
            next += 1 + 3 * ndev;
        }
        let kind = Kind::of(global);
        // Reuse the slot's field vector: definitions are redefined often in some files.
        let mut fields = self.defs[local]
            .take()
            .map(|d| d.fields)
            .unwrap_or_default();
        fields.clear();
        let mut timestamp = None;
        let mut offset = 0usize;
        for f in field_bytes.chunks_exact(3) {
            let (num, size, base) = (f[0], f[1] as usize, f[2] & 0x9F);
            let usable = base_size(base) == Some(size)
                || (base == 0x07 && kind == Kind::FileId && num == 8 && size > 0);
            if usable && offset <= u16::MAX as usize {
                let spec = |slot| Spec {
                    offset: offset as u16,
                    base,
                    size: size as u8,
                    slot,
                };
                if num == 253 {
                    timestamp = (size == 4).then(|| spec(0));
                } else if let Some(slot) = slot_of(kind, num) {
                    // A field defined twice: the later one wins.
                    fields.retain(|s: &Spec| s.slot != slot);
                    fields.push(spec(slot));
                }
            } else if num == 253 {
                timestamp = None;
            } else if let Some(slot) = slot_of(kind, num) {
                fields.retain(|s: &Spec| s.slot != slot);
            }
            offset += size;
        }
        self.defs[local] = Some(Def {
            kind,
            big_endian,
            size: offset + dev_size,
            timestamp,
            fields,
        });
        Ok(next)
    }
}

/// Whether `rest` is the start of a FIT header cut short.
fn is_header_prefix(rest: &[u8]) -> bool {
    rest.len() < 12 && matches!(rest.first(), Some(12 | 14))
}
