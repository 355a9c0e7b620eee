//! Bookings of places.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/bookings.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use portineria_domain::bookings::Interval;
use serde::Serialize;

/// A booking of a place, `[start, end)` in Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Booking {
    pub id: i64,
    pub place_id: i64,
    pub account_id: i64,
    pub start: i64,
    pub end: i64,
    /// `confirmed` or `cancelled`.
    pub status: String,
    pub created_at: i64,
    pub cancelled_at: Option<i64>,
}

/// A booking with the names a list of bookings shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BookingRow {
    pub booking: Booking,
    pub place_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub hub_id: i64,
    pub email: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewBooking {
    pub place_id: i64,
    pub account_id: i64,
    pub start: i64,
    pub end: i64,
    pub now: i64,
    /// Booked by the place's managers or hosts: a holders-only place does
    /// not ask them for a pass.
    pub staff: bool,
}

/// Bookings of places.
#[async_trait]
pub trait BookingStore: Send + Sync {
    /// Books a place. Whether it has room is decided inside the transaction:
    /// a desk pool holds at most `capacity` overlapping confirmed bookings,
    /// any other place one (`Conflict("full")`); a place not open to
    /// booking gives `Conflict("not-bookable")`.
    async fn create_booking(&self, who: &Who, b: &NewBooking) -> Result<Booking>;
    /// Cancels a confirmed booking (idempotent on cancelled ones).
    async fn cancel_booking(&self, who: &Who, id: i64, now: i64) -> Result<Booking>;
    async fn booking(&self, id: i64) -> Result<Option<Booking>>;
    /// Confirmed bookings of a place overlapping `[from, to)`, by start.
    async fn place_bookings(&self, place_id: i64, from: i64, to: i64) -> Result<Vec<Booking>>;
    /// When a place is taken in `[from, to)`: the intervals of its confirmed
    /// bookings overlapping it, by start (availability grids read only this).
    async fn place_busy(&self, place_id: i64, from: i64, to: i64) -> Result<Vec<Interval>>;
    /// Confirmed bookings overlapping `[from, to)` in a hub's places (or
    /// everywhere), by start, with the names a list shows.
    async fn hub_bookings(&self, hub_id: Option<i64>, from: i64, to: i64, limit: u32) -> Result<Vec<BookingRow>>;
    /// A person's bookings ending after `from`, by start, after the booking `after`.
    async fn account_bookings(
        &self,
        account_id: i64,
        from: i64,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Booking>>;
    /// The census of double bookings: how many confirmed bookings, anywhere,
    /// find their place over capacity when they start (see
    /// `domain::bookings::over_capacity`). Zero on a healthy database.
    async fn overbooked(&self) -> Result<u64>;
}
