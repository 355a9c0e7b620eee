//! Portineria storage on embedded SQLite: one file, WAL, foreign keys, a busy
//! timeout, one writer connection and a pool of readers.
//!
//! Architecture invariant: every write goes through [`SqliteStore::begin_write`],
//! which takes SQLite's write lock up front (`BEGIN IMMEDIATE`) on the single
//! writer connection, so a check-then-write inside the transaction cannot race
//! another writer, in this process or another.

use portineria_domain::timebank::Entry;
use portineria_store::Engine;
use portineria_store::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use portineria_store::sqlx::{self, ConnectOptions, Connection, QueryBuilder, Sqlite, Transaction};
use portineria_store::{
    Booking, EmbeddedMigrations, EngineKind, EnrolRequest, Enrolment, NewBooking, NewTransfer, Result, StoreError, Who,
    async_trait,
};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

mod batch;
mod book;
pub mod bulk;

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

#[derive(Debug, Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    path: PathBuf,
    bookings: batch::BookingQueue,
}

impl SqliteStore {
    /// Opens (creating if missing) the database named by a `sqlite:PATH` URL.
    pub async fn open(url: &str) -> Result<Self> {
        let base = SqliteConnectOptions::from_str(url)?
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("temp_store", "memory")
            .log_statements(tracing::log::LevelFilter::Trace);
        let path = base.get_filename().to_path_buf();
        if path.as_os_str().is_empty() || path.to_string_lossy().contains(":memory:") {
            return Err(StoreError::Unsupported("the SQLite database must be a file (sqlite:PATH)".into()));
        }
        // No ping before each acquire: an embedded connection cannot have
        // gone away, and the ping is one more trip to its worker thread.
        let writer = SqlitePoolOptions::new()
            .test_before_acquire(false)
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(base.clone().create_if_missing(true).pragma("cache_size", "-16000"))
            .await?;
        let reader = SqlitePoolOptions::new()
            .test_before_acquire(false)
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(base.read_only(true).pragma("cache_size", "-16000"))
            .await?;
        let bookings = batch::BookingQueue::start(writer.clone());
        Ok(Self { writer, reader, path, bookings })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The SQL both engines share, compiled for SQLite.
#[path = "../../store/shared/mod.rs"]
mod shared;

/// The engine `shared` is compiled for.
type ThisEngine = SqliteStore;

impl Engine for SqliteStore {
    type Db = Sqlite;

    const KIND: EngineKind = EngineKind::Sqlite;
    /// Nothing to add: `BEGIN IMMEDIATE` already gives this transaction the database.
    const ROW_LOCK: &'static str = "";
    /// Other processes' changes are found by revalidating the revision.
    const NOTIFY_CHANGE: Option<&'static str> = None;
    /// The rows' `[starts_at, ends_at]` pairs as one JSON array (one row to
    /// send, however many bookings).
    const INTERVALS_JSON: &'static str = "json_group_array(json_array(starts_at, ends_at))";

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Every term must prefix a word of the site's search document.
    fn push_text_filter(qb: &mut QueryBuilder<'_, Sqlite>, terms: &[String]) {
        let query = terms.iter().map(|t| format!("{t}*")).collect::<Vec<_>>().join(" ");
        qb.push("s.id IN (SELECT rowid FROM site_fts WHERE site_fts MATCH ").push_bind(query).push(")");
    }

    /// SQLite has no overlap constraint: its single writer decides.
    fn is_exclusion_violation(_e: &sqlx::Error) -> bool {
        false
    }

    /// In two trips: the first opens the savepoint `booking` and reads the
    /// place with its bookings in force (one writer: nothing changes in
    /// between); the second writes the booking and its audit entry and
    /// releases the savepoint. On an error the caller rolls back to
    /// `booking`, which undoes exactly this booking (see [`batch`]). No
    /// mail: an event's session books its room this way.
    async fn book_in(tx: &mut Transaction<'static, Sqlite>, who: &Who, b: &NewBooking) -> Result<Booking> {
        book::book_in(tx, who, b, false).await
    }

    /// Bookings that arrive together share one transaction (group commit,
    /// see [`batch`]).
    async fn commit_booking(&self, who: &Who, b: &NewBooking) -> Result<Booking> {
        self.bookings.book(who, b).await
    }

    /// Transfers share the bookings' group commit (see [`batch`]).
    async fn commit_transfer(&self, who: &Who, t: &NewTransfer) -> Result<Entry> {
        self.bookings.transfer(who, t).await
    }

    /// Requests for places share the bookings' group commit (see [`batch`]).
    async fn commit_enrolment(&self, who: &Who, r: EnrolRequest) -> Result<Enrolment> {
        self.bookings.enrol(who, r).await
    }
}

#[async_trait]
impl portineria_store::Store for SqliteStore {
    fn engine(&self) -> EngineKind {
        EngineKind::Sqlite
    }

    async fn migrate(&self) -> Result<()> {
        let migrator = sqlx::migrate::Migrator::new(MIGRATIONS).await?;
        migrator.run(&self.writer).await?;
        Ok(())
    }

    async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM hubs) + (SELECT COUNT(*) FROM accounts)")
            .fetch_one(&self.reader)
            .await?;
        Ok(n == 0)
    }

    fn subscribe_changes(&self, _on_change: std::sync::Arc<dyn Fn() + Send + Sync>) {}

    async fn backup(&self, path: &Path) -> Result<()> {
        if path.exists() {
            return Err(StoreError::Unsupported(format!("{} already exists", path.display())));
        }
        // VACUUM INTO reads one consistent snapshot without blocking writers.
        let mut conn =
            SqliteConnectOptions::new().filename(&self.path).busy_timeout(Duration::from_secs(30)).connect().await?;
        sqlx::query("VACUUM INTO $1").bind(path.to_string_lossy().into_owned()).execute(&mut conn).await?;
        conn.close().await?;
        Ok(())
    }

    async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}
