//! The FIT checksum: CRC-16/ARC (reflected polynomial 0xA001, initial value 0, no final xor),
//! as in the FIT SDK `fit_crc.c`, computed here "slicing-by-16" (sixteen 256-entry tables,
//! one step per 16 bytes; the slicing-by-N method of Kounavis & Berry 2005) so that checking it
//! costs little next to decoding.

/// `TABLES[k][b]`: the CRC register contribution of byte `b` followed by `k` zero bytes.
static TABLES: [[u16; 256]; 16] = make_tables();

const fn make_tables() -> [[u16; 256]; 16] {
    let mut t = [[0u16; 256]; 16];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u16;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xA001
            } else {
                c >> 1
            };
            k += 1;
        }
        t[0][i] = c;
        i += 1;
    }
    let mut i = 0;
    while i < 256 {
        let mut k = 1;
        while k < 16 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xFF) as usize];
            k += 1;
        }
        i += 1;
    }
    t
}

/// Below this many bytes one stream is as fast as two plus the combination.
const SPLIT_MIN_BYTES: usize = 4096;

/// Continue the CRC `crc` over `data`: long inputs as two interleaved streams (two
/// independent dependency chains keep both load ports busy), joined by shifting the first
/// CRC over the length of the second half (zlib's `crc32_combine` method: the GF(2) matrix of
/// one zero byte raised to that power by squaring).
pub fn update(crc: u16, data: &[u8]) -> u16 {
    if data.len() < SPLIT_MIN_BYTES {
        return update_one(crc, data);
    }
    let half = (data.len() / 2) & !15;
    let (a, b) = data.split_at(half);
    let (mut ca, mut cb) = (crc, 0u16);
    let mut ia = a.chunks_exact(16);
    let mut ib = b.chunks_exact(16);
    for (x, y) in (&mut ia).zip(&mut ib) {
        ca = step16(ca, x);
        cb = step16(cb, y);
    }
    // `a` has a whole number of chunks; `b` may have more chunks and a remainder.
    let rest_b = &b[b.len() - ib.len() * 16 - ib.remainder().len()..];
    cb = update_one(cb, rest_b);
    shift(ca, b.len()) ^ cb
}

/// The CRC register `crc` after `n` zero bytes.
fn shift(crc: u16, mut n: usize) -> u16 {
    // Columns of the operator for one zero byte.
    let mut op = [0u16; 16];
    for (i, col) in op.iter_mut().enumerate() {
        *col = update_one(1 << i, &[0]);
    }
    let apply = |m: &[u16; 16], v: u16| {
        (0..16)
            .filter(|i| v >> i & 1 != 0)
            .fold(0u16, |acc, i| acc ^ m[i])
    };
    let mut out = crc;
    while n > 0 {
        if n & 1 != 0 {
            out = apply(&op, out);
        }
        n >>= 1;
        if n > 0 {
            let sq = op.map(|c| apply(&op, c));
            op = sq;
        }
    }
    out
}

/// Sixteen bytes: two word loads instead of sixteen byte loads, the CRC entering the first
/// two bytes, and two independent halves joined at the end to keep the dependency chain short.
#[inline(always)]
fn step16(crc: u16, c: &[u8]) -> u16 {
    let t = &TABLES;
    let (w0, w1) = match (c.get(..8), c.get(8..16)) {
        (Some(a), Some(b)) => (
            u64::from_le_bytes(a.try_into().unwrap_or_default()) ^ crc as u64,
            u64::from_le_bytes(b.try_into().unwrap_or_default()),
        ),
        _ => return bytewise(crc, c),
    };
    let byte = |w: u64, i: u32| ((w >> (8 * i)) & 0xFF) as usize;
    let a = t[15][byte(w0, 0)]
        ^ t[14][byte(w0, 1)]
        ^ t[13][byte(w0, 2)]
        ^ t[12][byte(w0, 3)]
        ^ t[11][byte(w0, 4)]
        ^ t[10][byte(w0, 5)]
        ^ t[9][byte(w0, 6)]
        ^ t[8][byte(w0, 7)];
    let b = t[7][byte(w1, 0)]
        ^ t[6][byte(w1, 1)]
        ^ t[5][byte(w1, 2)]
        ^ t[4][byte(w1, 3)]
        ^ t[3][byte(w1, 4)]
        ^ t[2][byte(w1, 5)]
        ^ t[1][byte(w1, 6)]
        ^ t[0][byte(w1, 7)];
    a ^ b
}

/// One stream, sixteen bytes a step.
fn update_one(mut crc: u16, data: &[u8]) -> u16 {
    let mut chunks = data.chunks_exact(16);
    for c in &mut chunks {
        crc = step16(crc, c);
    }
    bytewise(crc, chunks.remainder())
}

/// One byte a step (the classic table method).
fn bytewise(mut crc: u16, data: &[u8]) -> u16 {
    for &b in data {
        crc = (crc >> 8) ^ TABLES[0][((crc ^ b as u16) & 0xFF) as usize];
    }
    crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The FIT SDK's nibble-wise reference implementation.
    fn reference(mut crc: u16, data: &[u8]) -> u16 {
        const T: [u16; 16] = [
            0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
            0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
        ];
        for &b in data {
            let mut tmp = T[(crc & 0xF) as usize];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ T[(b & 0xF) as usize];
            tmp = T[(crc & 0xF) as usize];
            crc = (crc >> 4) & 0x0FFF;
            crc = crc ^ tmp ^ T[((b >> 4) & 0xF) as usize];
        }
        crc
    }

    #[test]
    fn two_streams_match_one() {
        let data: Vec<u8> = (0..100_000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
            .collect();
        for len in [4095, 4096, 4097, 5000, 65_537, 100_000] {
            assert_eq!(
                update(7, &data[..len]),
                update_one(7, &data[..len]),
                "{len}"
            );
            assert_eq!(update(0, &data[..len]), reference(0, &data[..len]), "{len}");
        }
    }

    #[test]
    fn sliced_crc_matches_the_sdk_reference() {
        // CRC-16/ARC check value.
        assert_eq!(update(0, b"123456789"), 0xBB3D);
        let data: Vec<u8> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 100, 1000] {
            assert_eq!(update(0, &data[..len]), reference(0, &data[..len]), "{len}");
        }
        // Split updates chain.
        let a = update(0, &data[..333]);
        assert_eq!(update(a, &data[333..]), reference(0, &data));
    }
}
