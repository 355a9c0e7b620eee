//! Pure domain rules of Portineria.
//!
//! Architecture invariant: nothing in this crate performs I/O. Every function
//! is deterministic given its arguments (the current instant is always passed
//! in), which is what lets the rules be property-tested in isolation and
//! shared by both storage engines and the web layer.

pub mod actors;
pub mod bookings;
pub mod cursor;
pub mod cycles;
pub mod exchanges;
pub mod geo;
pub mod holidays;
pub mod hours;
pub mod ical;
pub mod kinds;
pub mod listings;
pub mod matching;
pub mod money;
pub mod network;
pub mod passes;
pub mod policy;
pub mod programme;
pub mod rfc3339;
pub mod text;
pub mod timebank;
pub mod validate;
pub mod wantlist;

pub use validate::{FieldError, FieldErrors};

/// The time zone every instant is shown in. Instants are stored in UTC.
pub const TIME_ZONE: &str = "Europe/Rome";

/// Returns the Europe/Rome time zone from the bundled tz database.
pub fn rome() -> jiff::tz::TimeZone {
    // The tz database is compiled into the binary (jiff's `tzdb-bundle-always`),
    // so the lookup cannot fail at run time; fall back to UTC defensively.
    // Looked up once: a clone is a reference count.
    static ROME: std::sync::OnceLock<jiff::tz::TimeZone> = std::sync::OnceLock::new();
    ROME.get_or_init(|| jiff::tz::TimeZone::get(TIME_ZONE).unwrap_or(jiff::tz::TimeZone::UTC)).clone()
}
