//! Opaque pagination cursors.
//!
//! Lists are paginated by keyset where the order allows it (`after` an id)
//! and by position where the order is computed (distance from a point).
//! Clients treat the cursor as an opaque string.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// Continue after the row with this id (lists ordered by id).
    After(i64),
    /// Continue at this position (lists ordered by a computed value).
    Offset(u64),
}

const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

impl Cursor {
    pub fn encode(&self) -> String {
        let (tag, value) = match self {
            Cursor::After(id) => (b'a', u64::from_ne_bytes(id.to_ne_bytes())),
            Cursor::Offset(n) => (b'o', *n),
        };
        let mut out = String::with_capacity(14);
        out.push(char::from(tag));
        // Base-32, most significant digit first, no padding.
        let mut digits = Vec::with_capacity(13);
        let mut v = value;
        loop {
            digits.push(ALPHABET[usize::try_from(v % 32).unwrap_or(0)]);
            v /= 32;
            if v == 0 {
                break;
            }
        }
        out.extend(digits.iter().rev().map(|&b| char::from(b)));
        out
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let bytes = s.as_bytes();
        let (&tag, rest) = bytes.split_first()?;
        if rest.is_empty() || rest.len() > 13 {
            return None;
        }
        let mut v: u64 = 0;
        for &b in rest {
            let d = ALPHABET.iter().position(|&a| a == b)?;
            v = v.checked_mul(32)?.checked_add(u64::try_from(d).ok()?)?;
        }
        match tag {
            b'a' => Some(Cursor::After(i64::from_ne_bytes(v.to_ne_bytes()))),
            b'o' => Some(Cursor::Offset(v)),
            _ => None,
        }
    }
}

/// Page size: the requested limit, clamped to 1..=100, 20 by default.
pub fn page_limit(requested: Option<u32>) -> u32 {
    requested.unwrap_or(20).clamp(1, 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn round_trip_after(id in any::<i64>()) {
            let c = Cursor::After(id);
            prop_assert_eq!(Cursor::decode(&c.encode()), Some(c));
        }

        #[test]
        fn round_trip_offset(n in any::<u64>()) {
            let c = Cursor::Offset(n);
            prop_assert_eq!(Cursor::decode(&c.encode()), Some(c));
        }

        #[test]
        fn garbage_never_panics(s in ".{0,30}") {
            let _ = Cursor::decode(&s);
        }
    }
}
