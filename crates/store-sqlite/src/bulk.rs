//! Bulk work for load tests (`portineria bench`): loading millions of
//! bookings at once, and the plain insert loop that booking commits are
//! measured against.
//!
//! Nothing here decides anything: [`SqliteStore::load_bookings`] writes what
//! it is given, so its caller must generate bookings that fit (the bench
//! counts double bookings afterwards with `BookingStore::overbooked`).

use crate::SqliteStore;
use portineria_store::Result;
use portineria_store::sqlx::{self, QueryBuilder, Sqlite};
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
