//! Portineria storage on PostgreSQL, for several `portineria serve`
//! processes sharing one database.
//!
//! Architecture invariant: every write runs in one transaction from
//! [`PgStore::begin_write`]; rules that must hold across processes are
//! enforced by constraints and row locks inside it.

use portineria_domain::timebank::Entry;
use portineria_store::sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use portineria_store::sqlx::{self, ConnectOptions, Postgres, QueryBuilder, Transaction};
use portineria_store::{
    Booking, EmbeddedMigrations, Engine, EngineKind, EnrolRequest, Enrolment, NewBooking, NewTransfer, Result,
    StoreError, Who, async_trait,
};
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    url: String,
    listeners: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl PgStore {
    /// Connects to the database named by a `postgres://` URL.
    pub async fn open(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url)?.log_statements(tracing::log::LevelFilter::Trace);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        Ok(Self { pool, url: url.to_owned(), listeners: Arc::default() })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

mod book;

/// The SQL both engines share, compiled for PostgreSQL.
#[path = "../../store/shared/mod.rs"]
mod shared;

/// The engine `shared` is compiled for.
type ThisEngine = PgStore;

impl Engine for PgStore {
    type Db = Postgres;

    const KIND: EngineKind = EngineKind::Postgres;
    /// Rows read to decide a write are locked until the transaction ends.
    const ROW_LOCK: &'static str = " FOR UPDATE";
    /// Delivered to every listening server when the transaction commits.
    const NOTIFY_CHANGE: Option<&'static str> = Some("SELECT pg_notify('portineria_changes', '')");
    /// The rows' `[starts_at, ends_at]` pairs as one JSON array (one row to
    /// send, however many bookings).
    const INTERVALS_JSON: &'static str = "COALESCE(json_agg(json_build_array(starts_at, ends_at)), '[]')::text";

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }

    /// Every term must prefix a word of the site's search document.
    fn push_text_filter(qb: &mut QueryBuilder<'_, Postgres>, terms: &[String]) {
        let query = terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ");
        qb.push("to_tsvector('simple', s.search) @@ to_tsquery('simple', ").push_bind(query).push(")");
    }

    /// The overlapping-booking constraint fired (SQLSTATE 23P01, exclusion_violation).
    fn is_exclusion_violation(e: &sqlx::Error) -> bool {
        matches!(e, sqlx::Error::Database(d) if d.code().as_deref() == Some("23P01"))
    }

    /// Under the place's row lock (see [`book`]). No mail: an event's
    /// session books its room this way.
    async fn book_in(tx: &mut Transaction<'static, Postgres>, who: &Who, b: &NewBooking) -> Result<Booking> {
        book::book_in(tx, who, b, false).await
    }

    /// One booking, one transaction: the place's row lock orders the
    /// bookings of a place, across every server on this database.
    async fn commit_booking(&self, who: &Who, b: &NewBooking) -> Result<Booking> {
        let mut tx = self.begin_write().await?;
        let booking = book::book_in(&mut tx, who, b, true).await?;
        tx.commit().await?;
        Ok(booking)
    }

    /// One transfer, one transaction: the head of the chain's row lock
    /// orders them across every server.
    async fn commit_transfer(&self, who: &Who, t: &NewTransfer) -> Result<Entry> {
        let mut tx = self.begin_write().await?;
        let entry = shared::timebank::transfer_in(&mut tx, who, t).await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// One request for a place, one transaction: the event's row lock
    /// orders them across every server.
    async fn commit_enrolment(&self, who: &Who, r: EnrolRequest) -> Result<Enrolment> {
        let mut tx = self.begin_write().await?;
        let n =
            shared::programme::enrol_locked_in(&mut tx, who, r.event_id, r.account_id, r.use_training, r.now).await?;
        tx.commit().await?;
        Ok(n)
    }
}

#[async_trait]
impl portineria_store::Store for PgStore {
    fn engine(&self) -> EngineKind {
        EngineKind::Postgres
    }

    async fn migrate(&self) -> Result<()> {
        // The migrator takes an advisory lock, so several processes may start at once.
        let migrator = sqlx::migrate::Migrator::new(MIGRATIONS).await?;
        migrator.run(&self.pool).await?;
        Ok(())
    }

    async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM hubs) + (SELECT COUNT(*) FROM accounts)")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    fn subscribe_changes(&self, on_change: Arc<dyn Fn() + Send + Sync>) {
        let pool = self.pool.clone();
        let task = tokio::spawn(async move {
            loop {
                match sqlx::postgres::PgListener::connect_with(&pool).await {
                    Ok(mut listener) => {
                        if listener.listen("portineria_changes").await.is_ok() {
                            // Anything may have changed while we were not listening.
                            on_change();
                            while listener.recv().await.is_ok() {
                                on_change();
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot listen for changes; retrying"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        match self.listeners.lock() {
            Ok(mut l) => l.push(task),
            Err(poisoned) => poisoned.into_inner().push(task),
        }
    }

    async fn backup(&self, path: &Path) -> Result<()> {
        if path.exists() {
            return Err(StoreError::Unsupported(format!("{} already exists", path.display())));
        }
        // pg_dump takes one consistent snapshot of a live database.
        let status = std::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--file")
            .arg(path)
            .arg(&self.url)
            .status()
            .map_err(|e| StoreError::Unsupported(format!("could not run pg_dump: {e}")))?;
        if !status.success() {
            return Err(StoreError::Unsupported(format!("pg_dump failed ({status})")));
        }
        Ok(())
    }

    async fn close(&self) {
        let tasks = match self.listeners.lock() {
            Ok(mut l) => std::mem::take(&mut *l),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        };
        for t in tasks {
            t.abort();
        }
        self.pool.close().await;
    }
}
