//! Money and durations as types that hold only valid values: an amount in
//! euro cents, zero or more and at most [`Cents::MAX`]; a duration in whole
//! minutes, zero or more and at most [`Minutes::MAX`]. They are built by
//! [`Cents::new`] / [`Cents::parse`] and [`Minutes::new`] only, also when
//! read from JSON.

use crate::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in euro cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(into = "i64", try_from = "i64")]
pub struct Cents(i64);

/// Why a number is not an amount of money or a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("below zero")]
    Negative,
    #[error("above {0}")]
    TooLarge(i64),
}

impl Cents {
    /// Nothing to pay.
    pub const ZERO: Cents = Cents(0);
    /// The most any price or payment holds: a million euros.
    pub const MAX: i64 = 100_000_000;

    pub fn new(cents: i64) -> Result<Cents, AmountError> {
        if cents < 0 {
            Err(AmountError::Negative)
        } else if cents > Self::MAX {
            Err(AmountError::TooLarge(Self::MAX))
        } else {
            Ok(Cents(cents))
        }
    }

    /// A typed amount in euros as people write it (`12,50`, `12.5`, `€ 12`),
    /// at most `max_cents`, as a field error on `field`.
    pub fn parse(field: &str, s: &str, max_cents: i64) -> Result<Cents, FieldError> {
        let cents = crate::validate::euros(field, s, max_cents.min(Self::MAX))?;
        Cents::new(cents).map_err(|_| FieldError::new(field, "money"))
    }

    /// A number of cents given as such (an API's `price_cents`), at most
    /// `max_cents`, as a field error on `field`.
    pub fn field(field: &str, cents: i64, max_cents: i64) -> Result<Cents, FieldError> {
        let max = max_cents.min(Self::MAX);
        if (0..=max).contains(&cents) {
            Ok(Cents(cents))
        } else {
            Err(FieldError::new(field, "range").with("min", 0).with("max", max))
        }
    }

    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl From<Cents> for i64 {
    fn from(c: Cents) -> i64 {
        c.0
    }
}

impl TryFrom<i64> for Cents {
    type Error = AmountError;
    fn try_from(cents: i64) -> Result<Cents, AmountError> {
        Cents::new(cents)
    }
}

/// Euros with a decimal comma and two decimals: `1250` → `12,50`.
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::validate::fmt_euros(self.0))
    }
}

/// A duration in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(into = "i64", try_from = "i64")]
pub struct Minutes(i64);

impl Minutes {
    /// The longest duration anything here holds: a year.
    pub const MAX: i64 = 366 * 24 * 60;

    pub fn new(minutes: i64) -> Result<Minutes, AmountError> {
        if minutes < 0 {
            Err(AmountError::Negative)
        } else if minutes > Self::MAX {
            Err(AmountError::TooLarge(Self::MAX))
        } else {
            Ok(Minutes(minutes))
        }
    }

    /// A number of minutes in `[min, max]`, as a field error on `field`.
    pub fn field(field: &str, minutes: i64, min: i64, max: i64) -> Result<Minutes, FieldError> {
        let (min, max) = (min.max(0), max.min(Self::MAX));
        if (min..=max).contains(&minutes) {
            Ok(Minutes(minutes))
        } else {
            Err(FieldError::new(field, "range").with("min", min).with("max", max))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<Minutes> for i64 {
    fn from(m: Minutes) -> i64 {
        m.0
    }
}

impl TryFrom<i64> for Minutes {
    type Error = AmountError;
    fn try_from(minutes: i64) -> Result<Minutes, AmountError> {
        Minutes::new(minutes)
    }
}

/// Hours and minutes: `90` → `1:30`.
impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{:02}", self.0 / 60, self.0 % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_parse_as_people_write_them() {
        assert_eq!(Cents::parse("p", "12,50", Cents::MAX).unwrap().cents(), 1250);
        assert_eq!(Cents::parse("p", "€ 12", Cents::MAX).unwrap().to_string(), "12,00");
        assert_eq!(Cents::parse("p", "-3", Cents::MAX).unwrap_err().code, "money");
        assert_eq!(Cents::parse("p", "10", 500).unwrap_err().code, "range");
        assert_eq!(Cents::field("p", -1, 500).unwrap_err().code, "range");
    }

    #[test]
    fn json_cannot_smuggle_an_invalid_value() {
        assert!(serde_json::from_str::<Cents>("-1").is_err());
        assert!(serde_json::from_str::<Cents>("100000001").is_err());
        assert_eq!(serde_json::from_str::<Cents>("250").unwrap().cents(), 250);
        assert!(serde_json::from_str::<Minutes>("-5").is_err());
        assert_eq!(serde_json::to_string(&Minutes::new(90).unwrap()).unwrap(), "90");
    }

    proptest! {
        #[test]
        fn every_amount_is_in_range(n in any::<i64>()) {
            match Cents::new(n) {
                Ok(c) => prop_assert!((0..=Cents::MAX).contains(&c.cents())),
                Err(_) => prop_assert!(!(0..=Cents::MAX).contains(&n)),
            }
            match Minutes::new(n) {
                Ok(m) => prop_assert!((0..=Minutes::MAX).contains(&m.get())),
                Err(_) => prop_assert!(!(0..=Minutes::MAX).contains(&n)),
            }
        }

        #[test]
        fn an_amount_reads_back_as_written(c in 0..=Cents::MAX) {
            let written = Cents::new(c).unwrap().to_string();
            prop_assert_eq!(Cents::parse("p", &written, Cents::MAX).unwrap().cents(), c);
        }
    }
}
