//! The character encoding of a GPX or TCX document: found, decoded to UTF-8 for the XML
//! reader, and positions in the decoded text mapped back to bytes of the file.
//!
//! Method (XML 1.0, appendix F): a byte order mark decides (UTF-8, UTF-16LE, UTF-16BE);
//! without one, `<` followed or preceded by a zero byte is UTF-16 without a mark; otherwise
//! the `encoding="..."` of the XML declaration, looked up by its label with `encoding_rs`
//! (`ISO-8859-1` is read as windows-1252, its superset, as browsers do); no declaration is
//! UTF-8. Nothing is refused for its encoding: bytes that do not decode become U+FFFD with
//! a warning naming how many and where the first one is, so one Latin-1 byte in a name
//! costs that character, not the file.
//!
//! A valid UTF-8 document (the usual case) is borrowed, not copied. Mapping a position back
//! to the file's bytes is only needed for a message, so it is computed then, by walking the
//! text up to it: exact for UTF-8, UTF-16 and the single-byte encodings; for the multi-byte
//! legacy ones (Shift_JIS, GBK, ...) by re-decoding byte by byte.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// A document decoded to UTF-8.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, without its byte order mark.
    pub text: Cow<'a, str>,
    /// The encoding it was read in.
    pub encoding: &'static Encoding,
    /// What was wrong with the encoding (undecodable bytes, an unknown label), one sentence
    /// each, for the track's warnings.
    pub warnings: Vec<String>,
    /// The file's bytes after the byte order mark (kept to map positions back).
    body: &'a [u8],
    /// Length of the byte order mark.
    bom_len: u64,
}

impl<'a> Decoded<'a> {
    /// Decode `bytes` as their byte order mark, zero bytes or XML declaration say.
    pub fn new(bytes: &'a [u8]) -> Self {
        let mut warnings = Vec::new();
        let (encoding, bom_len) = match Encoding::for_bom(bytes) {
            Some(found) => found,
            None => (sniff(bytes, &mut warnings), 0),
        };
        let body = &bytes[bom_len..];
        let mut doc = Decoded {
            text: Cow::Borrowed(""),
            encoding,
            warnings,
            body,
            bom_len: bom_len as u64,
        };
        let replaced = if encoding == UTF_8 {
            match std::str::from_utf8(body) {
                Ok(s) => {
                    doc.text = Cow::Borrowed(s);
                    None
                }
                Err(_) => {
                    let mut bad = 0usize;
                    let mut first = None;
                    let mut at = 0usize;
                    for chunk in body.utf8_chunks() {
                        at += chunk.valid().len();
                        if !chunk.invalid().is_empty() {
                            first.get_or_insert(at);
                            bad += chunk.invalid().len();
                            at += chunk.invalid().len();
                        }
                    }
                    doc.text = String::from_utf8_lossy(body);
                    first.map(|f| (bad, f as u64 + doc.bom_len))
                }
            }
        } else {
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            doc.text = text;
            had_errors.then(|| {
                let n = doc.text.matches('\u{FFFD}').count();
                let first = doc.text.find('\u{FFFD}').unwrap_or(0) as u64;
                (n, doc.file_offset(first))
            })
        };
        if let Some((n, first)) = replaced {
            doc.warnings.push(format!(
                "{n} {} not valid {} replaced with U+FFFD (the first at byte {first})",
                if n == 1 { "byte" } else { "bytes" },
                encoding.name()
            ));
        }
        doc
    }

    /// The length of the file, in bytes.
    pub fn file_len(&self) -> u64 {
        self.bom_len + self.body.len() as u64
    }

    /// The byte offset in the file of byte `pos` of [`Self::text`].
    pub fn file_offset(&self, pos: u64) -> u64 {
        let text: &str = &self.text;
        let mut pos = (pos as usize).min(text.len());
        while !text.is_char_boundary(pos) {
            pos -= 1;
        }
        let before = &text[..pos];
        let in_body = if self.encoding == UTF_8 {
            match &self.text {
                Cow::Borrowed(_) => pos,
                Cow::Owned(_) => utf8_lossy_offset(self.body, pos),
            }
        } else if self.encoding == UTF_16LE || self.encoding == UTF_16BE {
            before.encode_utf16().count() * 2
        } else if self.encoding.is_single_byte() {
            before.chars().count()
        } else {
            redecoded_offset(self.encoding, self.body, pos)
        };
        self.bom_len + in_body as u64
    }
}

/// The encoding of a document without a byte order mark.
fn sniff(bytes: &[u8], warnings: &mut Vec<String>) -> &'static Encoding {
    match bytes {
        [b'<', 0, ..] => return UTF_16LE,
        [0, b'<', ..] => return UTF_16BE,
        _ => {}
    }
    let Some(label) = declared_encoding(bytes) else {
        return UTF_8;
    };
    let shown = String::from_utf8_lossy(label);
    match Encoding::for_label_no_replacement(label) {
        // Declared UTF-16 but read here as ASCII: the declaration is stale (a converted file).
        Some(e) if e == UTF_16LE || e == UTF_16BE => {
            warnings.push(format!(
                "declares encoding {shown:?} but is not UTF-16: read as UTF-8"
            ));
            UTF_8
        }
        Some(e) => e,
        None => {
            warnings.push(format!("unknown encoding {shown:?}: read as UTF-8"));
            UTF_8
        }
    }
}

/// The label of `encoding="..."` in an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<&[u8]> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = bytes[start..].strip_prefix(b"<?xml")?;
    let decl = &rest[..rest.windows(2).position(|w| w == b"?>")?];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let mut value = decl[at + 8..].trim_ascii_start().strip_prefix(b"=")?;
    value = value.trim_ascii_start();
    let quote = *value.first().filter(|q| matches!(q, b'"' | b'\''))?;
    let value = &value[1..];
    Some(&value[..value.iter().position(|b| *b == quote)?])
}

/// Offset in `body` of byte `pos` of `String::from_utf8_lossy(body)`, where each maximal
/// invalid sequence became one U+FFFD (3 bytes).
fn utf8_lossy_offset(body: &[u8], pos: usize) -> usize {
    let (mut text_at, mut body_at) = (0usize, 0usize);
    for chunk in body.utf8_chunks() {
        let valid = chunk.valid().len();
        if pos < text_at + valid {
            return body_at + (pos - text_at);
        }
        text_at += valid;
        body_at += valid;
        if !chunk.invalid().is_empty() {
            if pos < text_at + 3 {
                return body_at;
            }
            text_at += 3;
            body_at += chunk.invalid().len();
        }
    }
    body_at
}

/// Offset in `body` of byte `pos` of its decoding, found by decoding byte by byte (only for
/// messages about the multi-byte legacy encodings, so its cost does not matter).
fn redecoded_offset(encoding: &'static Encoding, body: &[u8], pos: usize) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = [0u8; 32];
    let (mut written, mut char_start) = (0usize, 0usize);
    for (i, b) in body.iter().enumerate() {
        let (_, _, w, _) = decoder.decode_to_utf8(std::slice::from_ref(b), &mut out, false);
        if w > 0 {
            if written + w > pos {
                return char_start;
            }
            written += w;
            char_start = i + 1;
        }
    }
    body.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` as UTF-16 after its byte order mark.
    fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
        let bom: [u8; 2] = if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        };
        let units = s.encode_utf16().flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        });
        bom.into_iter().chain(units).collect()
    }

    fn find(hay: &[u8], needle: &[u8]) -> u64 {
        hay.windows(needle.len()).position(|w| w == needle).unwrap() as u64
    }

    #[test]
    fn valid_utf8_is_borrowed_and_offsets_are_its_own() {
        let d = Decoded::new("<a>é</a>".as_bytes());
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert!(d.warnings.is_empty());
        assert_eq!(d.file_offset(6), 6);
        let d = Decoded::new(b"\xEF\xBB\xBF<a/>");
        assert_eq!(&*d.text, "<a/>");
        assert_eq!(d.file_offset(1), 4);
    }

    #[test]
    fn a_latin1_byte_in_utf8_is_replaced_with_a_warning_and_offsets_map_back() {
        let d = Decoded::new(b"<a>caf\xE9 x</a>");
        assert_eq!(&*d.text, "<a>caf\u{FFFD} x</a>");
        assert_eq!(
            d.warnings,
            ["1 byte not valid UTF-8 replaced with U+FFFD (the first at byte 6)"]
        );
        // "</a>" starts at byte 11 of the text, byte 9 of the file.
        assert_eq!(d.file_offset(11), 9);
        assert_eq!(d.file_offset(6), 6);
    }

    #[test]
    fn the_declaration_names_the_encoding() {
        let bytes = b"<?xml version='1.0' encoding = \"ISO-8859-1\"?><a>\xE9</a>";
        let d = Decoded::new(bytes);
        assert_eq!(d.encoding, encoding_rs::WINDOWS_1252);
        assert!(d.text.ends_with("<a>é</a>"), "{}", d.text);
        assert!(d.warnings.is_empty());
        let end = d.text.rfind("</a>").unwrap() as u64;
        assert_eq!(d.file_offset(end), find(bytes, b"</a>"));
        let d = Decoded::new(b"<?xml version=\"1.0\" encoding=\"klingon\"?><a/>");
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.warnings, ["unknown encoding \"klingon\": read as UTF-8"]);
    }

    #[test]
    fn utf16_with_and_without_a_mark() {
        for be in [false, true] {
            let bytes = utf16("<a>é€</a>", be);
            let d = Decoded::new(&bytes);
            assert_eq!(&*d.text, "<a>é€</a>");
            assert!(d.warnings.is_empty());
            let end = d.text.find("</a>").unwrap() as u64;
            assert_eq!(d.file_offset(end), 2 + 5 * 2);
            let d = Decoded::new(&bytes[2..]);
            assert_eq!(&*d.text, "<a>é€</a>");
        }
    }

    #[test]
    fn multibyte_legacy_offsets_by_redecoding() {
        // Shift_JIS: two characters of two bytes each.
        let bytes = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\x82\xA0\x82\xA2</a>";
        let d = Decoded::new(bytes);
        assert_eq!(d.encoding, encoding_rs::SHIFT_JIS);
        assert!(d.text.ends_with("<a>\u{3042}\u{3044}</a>"), "{}", d.text);
        let end = d.text.rfind("</a>").unwrap() as u64;
        assert_eq!(d.file_offset(end), find(bytes, b"</a>"));
    }
}
