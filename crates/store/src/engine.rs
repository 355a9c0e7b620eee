//! The engine contract: what the shared SQL (`crates/store/shared/`) needs
//! from a database engine. Each engine crate implements [`Engine`] for its
//! store type and compiles the shared modules against it, so a missing or
//! mistyped piece of the contract is a compile error in that crate.

use crate::{Booking, EnrolRequest, Enrolment, NewBooking, NewTransfer, Result, Who};
use portineria_domain::timebank::Entry;
use std::future::Future;

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    Sqlite,
    Postgres,
}

impl EngineKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EngineKind::Sqlite => "sqlite",
            EngineKind::Postgres => "postgres",
        }
    }
}

/// A write transaction of an engine.
pub type WriteTx<E> = sqlx::Transaction<'static, <E as Engine>::Db>;

/// What an engine gives the shared SQL. Both engines accept `$1`
/// placeholders, `RETURNING`, `ON CONFLICT`, `CAST(… AS BIGINT)` and
/// `TRUE`/`FALSE`, so the shared text runs unchanged on each; everything
/// else that differs is here.
pub trait Engine: Send + Sync + Sized + 'static {
    /// The sqlx database.
    type Db: sqlx::Database;

    const KIND: EngineKind;

    /// Appended to a `SELECT` inside a write transaction to lock the rows it
    /// reads until the transaction ends (PostgreSQL: ` FOR UPDATE`; SQLite:
    /// nothing, its single writer already holds the whole database).
    const ROW_LOCK: &'static str;

    /// A statement run inside every transaction that changes the network
    /// (hubs, sites, places), telling the other servers when it commits
    /// (PostgreSQL: `pg_notify`; SQLite: none, servers revalidate).
    const NOTIFY_CHANGE: Option<&'static str>;

    /// An aggregate of the selected bookings' `[starts_at, ends_at]` pairs
    /// as one JSON array text (one row to send, however many bookings).
    const INTERVALS_JSON: &'static str;

    /// A pool for reads.
    fn reader(&self) -> &sqlx::Pool<Self::Db>;

    /// A transaction that holds the right to write (SQLite: `BEGIN
    /// IMMEDIATE` on the single writer connection; PostgreSQL: an ordinary
    /// transaction whose reads lock with [`Engine::ROW_LOCK`]).
    fn begin_write(&self) -> impl Future<Output = Result<WriteTx<Self>>> + Send;

    /// The engine's full-text condition on the site `s.id`: every term must
    /// prefix a word of the site's search document.
    fn push_text_filter(qb: &mut sqlx::QueryBuilder<'_, Self::Db>, terms: &[String]);

    /// The engine's "overlapping booking" constraint fired (PostgreSQL
    /// SQLSTATE 23P01; SQLite has none: its single writer decides).
    fn is_exclusion_violation(e: &sqlx::Error) -> bool;

    /// Decides one booking and writes it inside `tx` (the caller commits):
    /// the place's row is read (and where the engine needs it, locked), its
    /// bookings in force are read, `domain::bookings::fits` decides, and the
    /// booking and its audit entry are written. A refusal is
    /// `Conflict("full")`, `Conflict("not-bookable")` or a pass-holder
    /// refusal; on an error the engine leaves `tx` as it was before the call
    /// (SQLite rolls back to a savepoint the call opened).
    fn book_in(tx: &mut WriteTx<Self>, who: &Who, b: &NewBooking) -> impl Future<Output = Result<Booking>> + Send;

    /// Runs [`Engine::book_in`] in a write transaction, with the mail
    /// "booking confirmed" to its holder queued in the outbox inside the
    /// same transaction (on SQLite inside the booking's savepoint), and
    /// returns once it has committed (PostgreSQL: a transaction per
    /// booking; SQLite: bookings that arrive together share one, each in a
    /// savepoint).
    fn commit_booking(&self, who: &Who, b: &NewBooking) -> impl Future<Output = Result<Booking>> + Send;

    /// The same for a time-bank transfer (the shared `timebank::transfer_in`).
    fn commit_transfer(&self, who: &Who, t: &NewTransfer) -> impl Future<Output = Result<Entry>> + Send;

    /// The same for a request for a place in an event (the shared
    /// `programme::enrol_locked_in`, which queues its mail).
    fn commit_enrolment(&self, who: &Who, r: EnrolRequest) -> impl Future<Output = Result<Enrolment>> + Send;
}
