//! Plans: what a definition message says about the fields we use (their offsets, sizes and
//! base types), compiled once, and the checked reads of one field from a data message.

/// What a definition's global message number is to us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    FileId,
    Session,
    Lap,
    Record,
    Event,
    Sport,
    Activity,
    Other,
}

impl Kind {
    pub(super) fn of(global: u16) -> Kind {
        match global {
            0 => Kind::FileId,
            18 => Kind::Session,
            19 => Kind::Lap,
            20 => Kind::Record,
            21 => Kind::Event,
            12 => Kind::Sport,
            34 => Kind::Activity,
            _ => Kind::Other,
        }
    }
}

/// Where one wanted field sits in a data message.
#[derive(Debug, Clone, Copy)]
pub(super) struct Spec {
    /// Byte offset in the message content (after the header byte).
    pub(super) offset: u16,
    /// Base type with the endian bit kept (`0x84` = uint16); size equals the base type's
    /// except for strings.
    pub(super) base: u8,
    /// Size in bytes.
    pub(super) size: u8,
    /// Which quantity this is (one of the `slot` constants of the message kind).
    pub(super) slot: u8,
}

/// Slots of a `record`.
pub(super) mod rec {
    pub const LAT: u8 = 0;
    pub const LON: u8 = 1;
    pub const ALT: u8 = 2;
    pub const EALT: u8 = 3;
    pub const DIST: u8 = 4;
    pub const SPEED: u8 = 5;
    pub const ESPEED: u8 = 6;
    pub const HR: u8 = 7;
    pub const CAD: u8 = 8;
    pub const FCAD: u8 = 9;
    pub const STANCE: u8 = 10;
    pub const VOSC: u8 = 11;
    pub const TEMP: u8 = 12;
}

/// The slot of field `num` of a message of kind `kind`, if we use it.
pub(super) fn slot_of(kind: Kind, num: u8) -> Option<u8> {
    match kind {
        Kind::Record => Some(match num {
            0 => rec::LAT,
            1 => rec::LON,
            2 => rec::ALT,
            78 => rec::EALT,
            5 => rec::DIST,
            6 => rec::SPEED,
            73 => rec::ESPEED,
            3 => rec::HR,
            4 => rec::CAD,
            53 => rec::FCAD,
            41 => rec::STANCE,
            39 => rec::VOSC,
            13 => rec::TEMP,
            _ => return None,
        }),
        // event: 0 event, 1 event_type.
        Kind::Event => (num <= 1).then_some(num),
        // lap: 2 start_time, 7 total_elapsed_time, 9 total_distance, 23 intensity.
        Kind::Lap => matches!(num, 2 | 7 | 9 | 23).then_some(num),
        // session: 2 start_time, 5 sport, 6 sub_sport, 7 elapsed, 8 timer time.
        Kind::Session => matches!(num, 2 | 5..=8).then_some(num),
        // file_id: 1 manufacturer, 2 product, 8 product_name.
        Kind::FileId => matches!(num, 1 | 2 | 8).then_some(num),
        // sport: 0 sport, 1 sub_sport.
        Kind::Sport => (num <= 1).then_some(num),
        // activity: 5 local_timestamp (the watch's local time at the message's timestamp).
        Kind::Activity => (num == 5).then_some(num),
        Kind::Other => None,
    }
}

/// Size in bytes of a numeric base type (`base & 0x9F`), `None` for strings and unknown types.
pub(super) fn base_size(base: u8) -> Option<usize> {
    match base {
        0x00 | 0x01 | 0x02 | 0x0A | 0x0D => Some(1),
        0x83 | 0x84 | 0x8B => Some(2),
        0x85 | 0x86 | 0x88 | 0x8C => Some(4),
        0x89 | 0x8E | 0x8F | 0x90 => Some(8),
        _ => None,
    }
}

/// A compiled definition message.
#[derive(Debug, Clone)]
pub(super) struct Def {
    pub(super) kind: Kind,
    pub(super) big_endian: bool,
    /// Bytes of content after the header byte, developer fields included.
    pub(super) size: usize,
    /// Field 253 (timestamp), when it is a 4-byte integer.
    pub(super) timestamp: Option<Spec>,
    pub(super) fields: Vec<Spec>,
}

/// Read a numeric field, `None` at the base type's invalid value. `spec.offset + size` lies
/// within `msg` by construction of the plan, but every read is checked all the same.
#[inline(always)]
pub(super) fn value(msg: &[u8], spec: Spec, big_endian: bool) -> Option<f64> {
    let at = spec.offset as usize;
    macro_rules! load {
        ($t:ty, $n:literal) => {{
            let b: [u8; $n] = msg.get(at..at + $n)?.try_into().ok()?;
            if big_endian {
                <$t>::from_be_bytes(b)
            } else {
                <$t>::from_le_bytes(b)
            }
        }};
    }
    match spec.base {
        0x00 | 0x02 | 0x0D => {
            let v = *msg.get(at)?;
            (v != 0xFF).then_some(v as f64)
        }
        0x01 => {
            let v = *msg.get(at)? as i8;
            (v != 0x7F).then_some(v as f64)
        }
        0x0A => {
            let v = *msg.get(at)?;
            (v != 0).then_some(v as f64)
        }
        0x83 => {
            let v = load!(i16, 2);
            (v != 0x7FFF).then_some(v as f64)
        }
        0x84 => {
            let v = load!(u16, 2);
            (v != 0xFFFF).then_some(v as f64)
        }
        0x8B => {
            let v = load!(u16, 2);
            (v != 0).then_some(v as f64)
        }
        0x85 => {
            let v = load!(i32, 4);
            (v != 0x7FFF_FFFF).then_some(v as f64)
        }
        0x86 => {
            let v = load!(u32, 4);
            (v != 0xFFFF_FFFF).then_some(v as f64)
        }
        0x8C => {
            let v = load!(u32, 4);
            (v != 0).then_some(v as f64)
        }
        0x88 => {
            let v = load!(f32, 4);
            v.is_finite().then_some(v as f64)
        }
        0x89 => {
            let v = load!(f64, 8);
            v.is_finite().then_some(v)
        }
        0x8E => {
            let v = load!(i64, 8);
            (v != 0x7FFF_FFFF_FFFF_FFFF).then_some(v as f64)
        }
        0x8F => {
            let v = load!(u64, 8);
            (v != u64::MAX).then_some(v as f64)
        }
        0x90 => {
            let v = load!(u64, 8);
            (v != 0).then_some(v as f64)
        }
        _ => None,
    }
}

/// A string field: the bytes up to the first NUL, if they are UTF-8 and not blank.
pub(super) fn string(msg: &[u8], spec: Spec) -> Option<String> {
    let at = spec.offset as usize;
    let b = msg.get(at..at + spec.size as usize)?;
    let b = b.split(|&c| c == 0).next()?;
    let s = std::str::from_utf8(b).ok()?.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// A 4-byte timestamp field as FIT seconds.
#[inline(always)]
pub(super) fn timestamp(msg: &[u8], spec: Spec, big_endian: bool) -> Option<u32> {
    let at = spec.offset as usize;
    let b: [u8; 4] = msg.get(at..at + 4)?.try_into().ok()?;
    let v = if big_endian {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    };
    match spec.base {
        0x86 => (v != 0xFFFF_FFFF).then_some(v),
        0x8C => (v != 0).then_some(v),
        0x85 => (v != 0x7FFF_FFFF).then_some(v),
        _ => None,
    }
}
