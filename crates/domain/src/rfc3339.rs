//! RFC 3339 instants written straight into a buffer, without a formatter:
//! the JSON of an availability grid holds three of them per slot, and a
//! week of half-hour slots is 336 slots.

/// The civil date of a day counted from 1970-01-01 (proleptic Gregorian;
/// Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// An instant written out, kept on the stack.
#[derive(Debug, Clone, Copy)]
pub struct Formatted {
    bytes: [u8; 25],
    len: usize,
}

impl Formatted {
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, signs and separators are ever written.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// `secs` (Unix seconds) at a UTC offset of `offset` seconds, as
/// `YYYY-MM-DDTHH:MM:SS` followed by `Z` when `utc`, else `+HH:MM`.
/// Years 0 to 9999.
pub fn format(secs: i64, offset: i32, utc: bool) -> Formatted {
    fn two(b: &mut [u8], at: usize, n: u32) {
        b[at] = b'0' + (n / 10 % 10) as u8;
        b[at + 1] = b'0' + (n % 10) as u8;
    }
    let local = secs + i64::from(offset);
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let sod = local.rem_euclid(86_400) as u32;
    let y = year.clamp(0, 9_999) as u32;
    let mut b = *b"0000-00-00T00:00:00+00:00";
    two(&mut b, 0, y / 100);
    two(&mut b, 2, y % 100);
    two(&mut b, 5, month);
    two(&mut b, 8, day);
    two(&mut b, 11, sod / 3_600);
    two(&mut b, 14, sod / 60 % 60);
    two(&mut b, 17, sod % 60);
    let len = if utc {
        b[19] = b'Z';
        20
    } else {
        b[19] = if offset < 0 { b'-' } else { b'+' };
        let o = offset.unsigned_abs();
        two(&mut b, 20, o / 3_600);
        two(&mut b, 23, o / 60 % 60);
        25
    };
    Formatted { bytes: b, len }
}

/// [`format`], appended to `out`.
pub fn push(out: &mut String, secs: i64, offset: i32, utc: bool) {
    out.push_str(format(secs, offset, utc).as_str());
}

/// `secs` in UTC: `2026-12-01T08:00:00Z`.
pub fn push_utc(out: &mut String, secs: i64) {
    push(out, secs, 0, true);
}

/// `secs` in `tz`: `2026-12-01T09:00:00+01:00`.
pub fn push_local(out: &mut String, secs: i64, tz: &jiff::tz::TimeZone) {
    push(out, secs, offset_at(tz, secs), false);
}

fn offset_at(tz: &jiff::tz::TimeZone, secs: i64) -> i32 {
    jiff::Timestamp::from_second(secs).map(|t| tz.to_offset(t).seconds()).unwrap_or(0)
}

/// A time zone's offset, remembered until its next transition: a run of
/// instants in order costs one look-up per change of time.
pub struct Offsets<'a> {
    tz: &'a jiff::tz::TimeZone,
    offset: i32,
    /// The offset holds for `[from, until)`.
    from: i64,
    until: i64,
}

impl<'a> Offsets<'a> {
    pub fn new(tz: &'a jiff::tz::TimeZone) -> Self {
        Offsets { tz, offset: 0, from: 0, until: 0 }
    }

    /// The offset at `secs`, in seconds east of UTC.
    pub fn at(&mut self, secs: i64) -> i32 {
        if !(self.from <= secs && secs < self.until) {
            self.offset = offset_at(self.tz, secs);
            self.from = secs;
            self.until = jiff::Timestamp::from_second(secs)
                .ok()
                .and_then(|t| self.tz.following(t).next())
                .map(|t| t.timestamp().as_second())
                .unwrap_or(i64::MAX);
        }
        self.offset
    }

    /// `secs` in this time zone, as [`push_local`] writes it.
    pub fn push(&mut self, out: &mut String, secs: i64) {
        let offset = self.at(secs);
        push(out, secs, offset, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn writes_what_jiff_prints(secs in -2_000_000_000i64..8_000_000_000) {
            let t = jiff::Timestamp::from_second(secs).unwrap();
            let mut utc = String::new();
            push_utc(&mut utc, secs);
            prop_assert_eq!(utc, t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
            let mut local = String::new();
            push_local(&mut local, secs, &crate::rome());
            prop_assert_eq!(local, t.to_zoned(crate::rome()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
        }

        #[test]
        fn remembered_offsets_are_the_time_zone_s(start in 1_700_000_000i64..1_900_000_000, steps in prop::collection::vec(0i64..40 * 86_400, 1..40)) {
            let tz = crate::rome();
            let mut offsets = Offsets::new(&tz);
            let mut t = start;
            for step in steps {
                t += step;
                prop_assert_eq!(offsets.at(t), offset_at(&tz, t));
                prop_assert_eq!(offsets.at(t - 1), offset_at(&tz, t - 1));
            }
        }
    }

    #[test]
    fn the_changes_of_time_in_rome() {
        // 2026-03-29 01:59:59Z is 03:59:59+02:00; 2026-10-25 00:59:59Z is 02:59:59+02:00, one second later 02:00:00+01:00.
        let mut s = String::new();
        push_local(&mut s, 1_774_749_599, &crate::rome());
        assert_eq!(s, "2026-03-29T03:59:59+02:00");
        let mut s = String::new();
        push_local(&mut s, 1_792_889_999, &crate::rome());
        assert_eq!(s, "2026-10-25T02:59:59+02:00");
        let mut s = String::new();
        push_local(&mut s, 1_792_890_000, &crate::rome());
        assert_eq!(s, "2026-10-25T02:00:00+01:00");
    }
}
