//! Italian national public holidays (giorni festivi nazionali).

use jiff::civil::{Date, date};

/// Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm).
pub fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// The Fluent message id naming the national holiday on `d`, if it is one.
pub fn italian_holiday(d: Date) -> Option<&'static str> {
    let fixed = match (d.month(), d.day()) {
        (1, 1) => Some("holiday-new-year"),
        (1, 6) => Some("holiday-epiphany"),
        (4, 25) => Some("holiday-liberation"),
        (5, 1) => Some("holiday-labour"),
        (6, 2) => Some("holiday-republic"),
        (8, 15) => Some("holiday-assumption"),
        // Restored as a national holiday from 2026 (San Francesco d'Assisi).
        (10, 4) if d.year() >= 2026 => Some("holiday-st-francis"),
        (11, 1) => Some("holiday-all-saints"),
        (12, 8) => Some("holiday-immaculate"),
        (12, 25) => Some("holiday-christmas"),
        (12, 26) => Some("holiday-st-stephen"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(d.year())?;
    if d == easter {
        return Some("holiday-easter");
    }
    if easter.tomorrow().ok() == Some(d) {
        return Some("holiday-easter-monday");
    }
    None
}

/// Known Easter dates, for tests and documentation.
pub fn known_easters() -> [Date; 4] {
    [date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5), date(2027, 3, 28)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::Weekday;
    use proptest::prelude::*;

    #[test]
    fn known_easter_dates() {
        for e in known_easters() {
            assert_eq!(easter_sunday(e.year()), Some(e));
        }
        assert_eq!(italian_holiday(date(2026, 4, 6)), Some("holiday-easter-monday"));
        assert_eq!(italian_holiday(date(2026, 12, 25)), Some("holiday-christmas"));
        assert_eq!(italian_holiday(date(2026, 12, 24)), None);
        assert_eq!(italian_holiday(date(2025, 10, 4)), None);
        assert_eq!(italian_holiday(date(2026, 10, 4)), Some("holiday-st-francis"));
    }

    proptest! {
        #[test]
        fn easter_is_a_sunday_between_march_22_and_april_25(year in 1583i16..4000) {
            let e = easter_sunday(year).unwrap();
            prop_assert_eq!(e.weekday(), Weekday::Sunday);
            prop_assert!(e >= date(year, 3, 22) && e <= date(year, 4, 25));
        }
    }
}
