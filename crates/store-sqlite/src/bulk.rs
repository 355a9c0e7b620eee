//! Bulk work for load tests (`portineria bench`): loading millions of
//! bookings at once, and the plain insert loop that booking commits are
//! measured against.
//!
//! Nothing here decides anything: [`SqliteStore::load_bookings`] writes what
//! it is given, so its caller must generate bookings that fit (the bench
//! counts double bookings afterwards with `BookingStore::overbooked`).

use crate::SqliteStore;
use portineria_store::sqlx::{self, QueryBuilder, Sqlite};
use portineria_store::{Engine as _, Result};
use std::time::{Duration, Instant};

/// One booking to load as it is.
#[derive(Debug, Clone, Copy)]
pub struct BulkBooking {
    pub place_id: i64,
    pub account_id: i64,
    pub start: i64,
    pub end: i64,
    /// Whether it takes the whole place (anything but a desk pool).
    pub exclusive: bool,
    pub created_at: i64,
}

/// Rows per INSERT statement: 6 parameters each, under SQLite's 32,766.
const ROWS_PER_STATEMENT: usize = 5_000;

/// What a plain insert loop did.
#[derive(Debug, Clone, Copy)]
pub struct PlainInserts {
    pub rows: u64,
    pub elapsed: Duration,
}

impl SqliteStore {
    /// Loads the bookings that `next` hands out, one transaction per
    /// batch, many rows per statement. The indexes of `bookings` are dropped
    /// first and built again at the end (one sort each instead of millions of
    /// scattered inserts), from their own definitions in `sqlite_master`.
    /// `progress` hears the running total after each batch. Returns how many
    /// rows were written.
    pub async fn load_bookings(
        &self,
        mut next: impl FnMut() -> Option<Vec<BulkBooking>>,
        mut progress: impl FnMut(u64),
    ) -> Result<u64> {
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'bookings' AND sql IS NOT NULL",
        )
        .fetch_all(&self.writer)
        .await?;
        for (name, _) in &indexes {
            sqlx::query(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\""))).execute(&self.writer).await?;
        }
        let mut written = 0u64;
        while let Some(rows) = next() {
            let mut tx = self.begin_write().await?;
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                let mut qb: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
                    "INSERT INTO bookings (place_id, account_id, starts_at, ends_at, exclusive, created_at) ",
                );
                qb.push_values(chunk, |mut row, b| {
                    row.push_bind(b.place_id)
                        .push_bind(b.account_id)
                        .push_bind(b.start)
                        .push_bind(b.end)
                        .push_bind(b.exclusive)
                        .push_bind(b.created_at);
                });
                written += qb.build().execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
            progress(written);
        }
        // The sorts behind the indexes spill to temporary files, not memory.
        sqlx::query("PRAGMA temp_store = FILE").execute(&self.writer).await?;
        for (_, sql) in &indexes {
            sqlx::query(sql).execute(&self.writer).await?;
        }
        sqlx::query("PRAGMA temp_store = MEMORY").execute(&self.writer).await?;
        Ok(written)
    }

    /// The reference for booking commits: for at most `duration`, `rows`
    /// inserted one plain INSERT after another, each its own transaction
    /// (SQLite's autocommit), into the same `bookings` table with its
    /// indexes and size, on the same writer connection: no check before it,
    /// no audit entry after it. Given the rows a booking load will ask for,
    /// it touches the same pages of the same indexes. What it wrote is
    /// deleted before it returns.
    pub async fn plain_insert_loop(&self, rows: &[BulkBooking], duration: Duration) -> Result<PlainInserts> {
        let first: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM bookings").fetch_one(&self.writer).await?;
        let start = Instant::now();
        let mut written = 0u64;
        for b in rows {
            if start.elapsed() >= duration {
                break;
            }
            sqlx::query(
                "INSERT INTO bookings (place_id, account_id, starts_at, ends_at, exclusive, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(b.place_id)
            .bind(b.account_id)
            .bind(b.start)
            .bind(b.end)
            .bind(b.exclusive)
            .bind(b.created_at)
            .execute(&self.writer)
            .await?;
            written += 1;
        }
        let elapsed = start.elapsed();
        sqlx::query("DELETE FROM bookings WHERE id >= $1").bind(first).execute(&self.writer).await?;
        Ok(PlainInserts { rows: written, elapsed })
    }
}

impl SqliteStore {
    /// The time bank's reference for `portineria bench`: the entries of
    /// `transfers` (`(from, to, minutes)`) inserted one autocommit `INSERT`
    /// each, chained in memory, with no reads, no locks and no audit row. The
    /// database's own triggers still check the chain and move the balances,
    /// as they do for every entry. The rows stay: entries are never deleted.
    pub async fn plain_ledger_loop(&self, transfers: &[(i64, i64, i64)], duration: Duration) -> Result<PlainInserts> {
        use portineria_domain::timebank::{Entry, entry_hash};
        let head = sqlx::query("SELECT hash, entries FROM timebank_head WHERE id = 1").fetch_one(&self.writer).await?;
        let mut prev: String = sqlx::Row::try_get(&head, "hash")?;
        let last: i64 = sqlx::Row::try_get(&head, "entries")?;
        let start = Instant::now();
        let mut written = 0u64;
        for (id, &(from, to, minutes)) in (last + 1..).zip(transfers) {
            if start.elapsed() >= duration {
                break;
            }
            let mut e = Entry {
                id,
                from_account: from,
                to_account: to,
                minutes,
                description: "bench: plain insert".into(),
                exchange_id: None,
                reverses: None,
                created_at: 0,
                prev_hash: prev,
                hash: String::new(),
            };
            e.hash = entry_hash(&e.prev_hash, &e);
            sqlx::query(
                "INSERT INTO timebank_entries (id, from_account, to_account, minutes, description, created_at, prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(e.id)
            .bind(e.from_account)
            .bind(e.to_account)
            .bind(e.minutes)
            .bind(&e.description)
            .bind(e.created_at)
            .bind(&e.prev_hash)
            .bind(&e.hash)
            .execute(&self.writer)
            .await?;
            prev = e.hash;
            written += 1;
        }
        Ok(PlainInserts { rows: written, elapsed: start.elapsed() })
    }

    /// The programme's reference for `portineria bench`: each request for a
    /// place (`(event, account)`) one autocommit `INSERT` on the writer,
    /// enrolled while the event has room by a count kept in memory, else
    /// waiting: no lock, no read, no pass looked up, no audit row. The
    /// database's triggers still count the enrolled, as for every row. What
    /// it wrote is deleted before it returns.
    pub async fn plain_enrolment_loop(
        &self,
        requests: &[(i64, i64)],
        now: i64,
        duration: Duration,
    ) -> Result<PlainInserts> {
        let first: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM enrolments").fetch_one(&self.writer).await?;
        let mut room: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
        for row in sqlx::query("SELECT id, capacity - enrolled AS free FROM events").fetch_all(&self.writer).await? {
            room.insert(sqlx::Row::try_get(&row, "id")?, sqlx::Row::try_get(&row, "free")?);
        }
        let start = Instant::now();
        let mut written = 0u64;
        for &(event, account) in requests {
            if start.elapsed() >= duration {
                break;
            }
            let free = room.entry(event).or_insert(0);
            let status = if *free > 0 { "enrolled" } else { "waiting" };
            sqlx::query(
                "INSERT INTO enrolments (event_id, account_id, status, requested_at, enrolled_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(event)
            .bind(account)
            .bind(status)
            .bind(now)
            .bind((status == "enrolled").then_some(now))
            .execute(&self.writer)
            .await?;
            if *free > 0 {
                *free -= 1;
            }
            written += 1;
        }
        let elapsed = start.elapsed();
        sqlx::query("DELETE FROM enrolments WHERE id >= $1").bind(first).execute(&self.writer).await?;
        Ok(PlainInserts { rows: written, elapsed })
    }

    /// Events whose count of the enrolled is not the number of enrolled
    /// rows, or is above their capacity (0 on a sound database).
    pub async fn enrolment_census(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM events e WHERE e.enrolled > e.capacity OR e.enrolled <> \
             (SELECT COUNT(*) FROM enrolments n WHERE n.event_id = e.id AND n.status = 'enrolled')",
        )
        .fetch_one(&self.writer)
        .await?)
    }
}

/// One listing to load as it is (the bench's offers and demands).
#[derive(Debug, Clone)]
pub struct BulkListing {
    pub direction: &'static str,
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub tags: String,
    pub account_id: i64,
    pub lat: f64,
    pub lon: f64,
    /// JSON, as the store writes it.
    pub windows: String,
    pub expires_at: i64,
    pub created_at: i64,
    /// `domain::text::stems`, space-separated, as the store writes it.
    pub search_doc: String,
}

/// Listing rows per INSERT statement: 14 parameters each.
const LISTINGS_PER_STATEMENT: usize = 2_000;

impl SqliteStore {
    /// Loads listings as they are, many rows per statement, one transaction
    /// per call. Nothing is decided: the caller builds valid rows.
    pub async fn load_listings(&self, rows: &[BulkListing]) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let mut written = 0;
        for chunk in rows.chunks(LISTINGS_PER_STATEMENT) {
            let mut qb: QueryBuilder<'_, Sqlite> = QueryBuilder::new(
                "INSERT INTO listings (direction, kind, title, description, category_id, tags, account_id, lat, lon, \
                 windows, expires_at, created_at, updated_at, search_doc) ",
            );
            qb.push_values(chunk, |mut row, l| {
                row.push_bind(l.direction)
                    .push_bind(l.kind)
                    .push_bind(&l.title)
                    .push_bind(&l.description)
                    .push_bind(l.category_id)
                    .push_bind(&l.tags)
                    .push_bind(l.account_id)
                    .push_bind(l.lat)
                    .push_bind(l.lon)
                    .push_bind(&l.windows)
                    .push_bind(l.expires_at)
                    .push_bind(l.created_at)
                    .push_bind(l.created_at)
                    .push_bind(&l.search_doc);
            });
            written += qb.build().execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(written)
    }
}
