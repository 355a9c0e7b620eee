//! Bookings of places, and what is happening now.

mod live;

pub use live::*;
