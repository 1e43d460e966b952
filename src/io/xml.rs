//! Shared pieces of the GPX and TCX readers: a streaming event source over quick-xml that
//! reports elements by their local name (so `gpxtpx:hr`, `ns3:hr` and `hr` are the same and
//! undeclared prefixes do not matter), allocation-free time and number parsing, and the
//! damage report used when a file breaks off or turns invalid part way.
//!
//! Method: quick-xml's borrowing slice reader (`Reader::from_reader(&[u8])` +
//! `read_event`) yields events that point into the input, so reading a point allocates
//! nothing; text is only copied into one reused buffer when an entity splits it. The
//! reader keeps no element stack of its own (only a depth counter), so deep nesting costs
//! no stack.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::charset::Decoded;

/// One event reduced to what the readers need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ev<'a> {
    /// `<name ...>`; `empty` when written `<name .../>` (no end event follows).
    Start {
        /// The element's local name (namespace prefix dropped); "" for a name no reader uses.
        local: &'static str,
        /// Written `<name .../>`.
        empty: bool,
    },
    /// `</name>` (an empty element has none).
    End {
        /// The element's local name, as in [`Ev::Start`].
        local: &'static str,
    },
    /// Character data (already unescaped when it contained an entity).
    Text(&'a str),
    /// The end of the document.
    Eof,
}

/// How a document ended when it did not end cleanly.
#[derive(Debug, Clone, PartialEq)]
pub enum Damage {
    /// The bytes ran out inside an element (a file cut off by a crash or a partial copy).
    EndsEarly {
        /// Byte offset in the file where the bytes ran out.
        offset: u64,
    },
    /// The XML turned invalid at `offset`.
    Invalid {
        /// Byte offset in the file of the invalid XML.
        offset: u64,
        /// The XML parser's message.
        detail: String,
    },
}

impl Damage {
    /// The warning pushed on a recovered track.
    pub fn warning(&self, points_kept: usize) -> String {
        match self {
            Damage::EndsEarly { offset } => {
                format!("XML ends early at byte {offset}: {points_kept} points kept")
            }
            Damage::Invalid { offset, detail } => {
                format!("invalid XML at byte {offset} ({detail}): {points_kept} points kept")
            }
        }
    }
    /// The detail of the error when nothing could be kept.
    pub fn detail(&self) -> String {
        match self {
            Damage::EndsEarly { offset } => format!("XML ends early at byte {offset}"),
            Damage::Invalid { offset, detail } => {
                format!("invalid XML at byte {offset} ({detail})")
            }
        }
    }
}

/// The end of every XML reader: a track with points is returned (with a warning when damage
/// was read past); damage with nothing before it is `Corrupt`; no points at all is `NoPoints`.
pub fn conclude(
    mut track: crate::track::Track,
    damage: Option<Damage>,
    path: &std::path::Path,
    format: &'static str,
) -> crate::error::Result<crate::track::Track> {
    use crate::error::Error;
    if let Some(d) = damage {
        if track.points.is_empty() {
            return Err(Error::Corrupt {
                path: path.to_owned(),
                format,
                detail: d.detail(),
            });
        }
        track.warnings.push(d.warning(track.points.len()));
    }
    if track.points.is_empty() {
        return Err(Error::NoPoints {
            path: path.to_owned(),
            format,
        });
    }
    Ok(track)
}

/// A streaming reader over a whole document in memory, decoded to UTF-8 by
/// [`super::charset`] (positions are reported in bytes of the file, not of the decoded text).
pub struct XmlStream<'a> {
    reader: Reader<&'a [u8]>,
    doc: &'a Decoded<'a>,
    /// Length of the file, in bytes.
    len: u64,
    depth: usize,
    scratch: String,
    /// Elements attributes of the last start tag (kept so that callers can ask for them).
    last_start: Option<quick_xml::events::BytesStart<'a>>,
}

impl<'a> XmlStream<'a> {
    /// A stream over `doc` from its start (end names checked, empty elements kept as one
    /// event).
    pub fn new(doc: &'a Decoded<'a>) -> Self {
        let mut reader = Reader::from_str(&doc.text);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        XmlStream {
            reader,
            len: doc.file_len(),
            doc,
            depth: 0,
            scratch: String::new(),
            last_start: None,
        }
    }

    /// Byte offset (in the file) of the reader.
    pub fn position(&self) -> u64 {
        self.doc.file_offset(self.reader.buffer_position())
    }

    /// The value of attribute `local` (matched by local name) on the last start tag.
    pub fn attr(&self, local: &str) -> Option<String> {
        let start = self.last_start.as_ref()?;
        for a in start.attributes().with_checks(false).flatten() {
            if a.key.local_name().as_ref() == local {
                return Some(
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default(),
                );
            }
        }
        None
    }

    /// Attribute `local` of the last start tag parsed as a number, without allocating.
    pub fn attr_f64(&self, local: &str) -> Option<f64> {
        let start = self.last_start.as_ref()?;
        for a in start.attributes().with_checks(false).flatten() {
            if a.key.local_name().as_ref() == local {
                return parse_f64(&a.value);
            }
        }
        None
    }

    /// The next event, or the damage that stopped the document.
    pub fn next_event(&mut self) -> Result<Ev<'_>, Damage> {
        loop {
            let ev = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let offset = self.doc.file_offset(self.reader.error_position());
                    return Err(classify(e, offset, self.len));
                }
            };
            match ev {
                Event::Start(s) => {
                    self.depth += 1;
                    self.last_start = Some(s);
                    let local = local_of(self.last_start.as_ref());
                    return Ok(Ev::Start {
                        local,
                        empty: false,
                    });
                }
                Event::Empty(s) => {
                    self.last_start = Some(s);
                    let local = local_of(self.last_start.as_ref());
                    return Ok(Ev::Start { local, empty: true });
                }
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    let local = intern(e.local_name().as_ref());
                    return Ok(Ev::End { local });
                }
                Event::Text(t) => {
                    return Ok(match t.into_inner() {
                        std::borrow::Cow::Borrowed(s) => Ev::Text(s),
                        std::borrow::Cow::Owned(s) => {
                            self.scratch = s;
                            Ev::Text(&self.scratch)
                        }
                    });
                }
                Event::CData(t) => {
                    return Ok(match t.into_inner() {
                        std::borrow::Cow::Borrowed(s) => Ev::Text(s),
                        std::borrow::Cow::Owned(s) => {
                            self.scratch = s;
                            Ev::Text(&self.scratch)
                        }
                    });
                }
                Event::GeneralRef(r) => {
                    self.scratch.clear();
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match &*r {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(c) = resolved {
                        self.scratch.push(c);
                        return Ok(Ev::Text(&self.scratch));
                    }
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(Damage::EndsEarly { offset: self.len });
                    }
                    return Ok(Ev::Eof);
                }
                _ => {}
            }
        }
    }
}

fn local_of(start: Option<&quick_xml::events::BytesStart<'_>>) -> &'static str {
    match start {
        Some(s) => intern(s.local_name().as_ref()),
        None => "",
    }
}

/// Element names the readers look at, as `'static` strings (any other name maps to "").
fn intern(local: &str) -> &'static str {
    const NAMES: &[&str] = &[
        // GPX
        "gpx",
        "metadata",
        "trk",
        "trkseg",
        "trkpt",
        "rte",
        "rtept",
        "wpt",
        "ele",
        "time",
        "name",
        "type",
        "extensions",
        "hr",
        "heartrate",
        "heartRate",
        "cad",
        "cadence",
        "atemp",
        // TCX
        "TrainingCenterDatabase",
        "Activities",
        "Activity",
        "Courses",
        "Course",
        "Lap",
        "TotalTimeSeconds",
        "DistanceMeters",
        "Intensity",
        "Track",
        "Trackpoint",
        "Time",
        "Position",
        "LatitudeDegrees",
        "LongitudeDegrees",
        "AltitudeMeters",
        "HeartRateBpm",
        "Value",
        "Cadence",
        "RunCadence",
        "Speed",
        "Creator",
        "Name",
        "Version",
        "VersionMajor",
        "VersionMinor",
        "Author",
        "Extensions",
    ];
    NAMES.iter().find(|n| **n == local).copied().unwrap_or("")
}

fn classify(e: quick_xml::Error, offset: u64, len: u64) -> Damage {
    use quick_xml::errors::SyntaxError;
    match &e {
        quick_xml::Error::Syntax(
            SyntaxError::UnclosedTag
            | SyntaxError::UnclosedComment
            | SyntaxError::UnclosedCData
            | SyntaxError::UnclosedPI
            | SyntaxError::UnclosedXmlDecl
            | SyntaxError::UnclosedDoctype
            | SyntaxError::UnclosedSingleQuotedAttributeValue
            | SyntaxError::UnclosedDoubleQuotedAttributeValue,
        ) => Damage::EndsEarly { offset: len },
        _ => Damage::Invalid {
            offset,
            detail: crate::error::one_line(&e.to_string()),
        },
    }
}

/// Parse a decimal number from text with surrounding whitespace; `None` when it is not a
/// finite number.
pub fn parse_f64(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parse an RFC 3339 time and its real-world variants into seconds since the Unix epoch:
/// `2024-05-27T01:33:48Z`, fractional seconds of any length, `+02:00` / `+0200` / `+02`
/// offsets, a space instead of `T`, and no zone at all (taken as UTC).
pub fn parse_time(text: &str) -> Option<f64> {
    let b = text.trim().as_bytes();
    let num = |s: &[u8]| -> Option<i64> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(s.iter().fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0')))
    };
    if b.len() < 19 {
        return None;
    }
    let (y, mo, d) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (h, mi, s) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 24 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    let mut frac = 0.0;
    if i < b.len() && (b[i] == b'.' || b[i] == b',') {
        i += 1;
        let start = i;
        let mut scale = 0.1;
        while i < b.len() && b[i].is_ascii_digit() {
            frac += f64::from(b[i] - b'0') * scale;
            scale *= 0.1;
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset_s: i64 = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) => {
            let rest = &b[i + 1..];
            let (oh, om) = match rest.len() {
                2 => (num(rest)?, 0),
                4 => (num(&rest[0..2])?, num(&rest[2..4])?),
                5 if rest[2] == b':' => (num(&rest[0..2])?, num(&rest[3..5])?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if *sign == b'+' { o } else { -o }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3600 + mi * 60 + s - offset_s;
    Some(secs as f64 + frac)
}

/// The offset a time was written with (`+02:00` gives 7200), when it names one other than
/// UTC; `None` for `Z`, `+00:00` or no zone: those say nothing of the runner's clock.
pub fn time_offset_s(text: &str) -> Option<i32> {
    let t = text.trim();
    let utc = parse_time(t)?;
    // The same wall-clock time read as UTC, minus the instant: the offset.
    let wall = parse_time(t.get(..19)?)?;
    let o = (wall - utc.floor()).round() as i32;
    (o != 0).then_some(o)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Double a running cadence written as strides per minute (one foot): when the median of
/// the non-zero values is below 120 the file cannot hold steps per minute for running.
pub fn double_if_strides(values: &mut [Option<f64>]) -> bool {
    let mut v: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|c| *c > 0.0)
        .collect();
    if v.is_empty() {
        return false;
    }
    let mid = v.len() / 2;
    let (_, median, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    if *median >= 120.0 {
        return false;
    }
    for c in values.iter_mut().flatten() {
        *c *= 2.0;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_their_real_world_variants() {
        let z = parse_time("2024-05-27T01:33:48Z").unwrap();
        assert_eq!(z, 1_716_773_628.0);
        assert_eq!(parse_time("2024-05-27T01:33:48.403Z").unwrap(), z + 0.403);
        assert_eq!(parse_time("2024-05-27T03:33:48+02:00").unwrap(), z);
        assert_eq!(parse_time("2024-05-27T03:33:48+0200").unwrap(), z);
        assert_eq!(parse_time("2024-05-26T22:33:48-03:00").unwrap(), z);
        assert_eq!(parse_time(" 2024-05-27 01:33:48 ").unwrap(), z);
        assert_eq!(parse_time("2024-05-27T01:33:48").unwrap(), z);
        assert_eq!(parse_time("1970-01-01T00:00:00Z").unwrap(), 0.0);
        assert_eq!(
            parse_time("1901-12-13T20:45:52Z").unwrap(),
            -2_147_483_648.0
        );
        for bad in [
            "",
            "2024-05-27",
            "2024-13-01T00:00:00Z",
            "garbage-at-all-here",
            "2024-05-27T01:33:48Q",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_f64(" 12.5\n"), Some(12.5));
        assert_eq!(parse_f64("-3"), Some(-3.0));
        assert_eq!(parse_f64("NaN"), None);
        assert_eq!(parse_f64(""), None);
    }

    #[test]
    fn stride_cadence_is_doubled_step_cadence_is_not() {
        let mut strides = vec![Some(85.0), Some(88.0), None, Some(0.0)];
        assert!(double_if_strides(&mut strides));
        assert_eq!(strides[0], Some(170.0));
        let mut steps = vec![Some(170.0), Some(176.0)];
        assert!(!double_if_strides(&mut steps));
        assert_eq!(steps[0], Some(170.0));
    }

    #[test]
    fn truncated_and_invalid_documents_are_damage() {
        let doc = Decoded::new(b"<a><b>1</b><c>");
        let mut s = XmlStream::new(&doc);
        let mut last = Ok(());
        for _ in 0..20 {
            match s.next_event() {
                Ok(Ev::Eof) => break,
                Ok(_) => {}
                Err(d) => {
                    last = Err(d);
                    break;
                }
            }
        }
        assert!(matches!(last, Err(Damage::EndsEarly { .. })), "{last:?}");
        let doc = Decoded::new(b"<a><b>1</c></a>");
        let mut s = XmlStream::new(&doc);
        let mut got = None;
        for _ in 0..20 {
            match s.next_event() {
                Ok(Ev::Eof) => break,
                Ok(_) => {}
                Err(d) => {
                    got = Some(d);
                    break;
                }
            }
        }
        assert!(matches!(got, Some(Damage::Invalid { .. })), "{got:?}");
    }
}
