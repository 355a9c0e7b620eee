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
        for (_, sql) in &indexes {
            sqlx::query(sql).execute(&self.writer).await?;
        }
        sqlx::query("ANALYZE bookings").execute(&self.writer).await?;
        Ok(written)
    }

    /// The reference for booking commits: for `duration`, one plain INSERT
    /// after another, each its own transaction (SQLite's autocommit), into
    /// the same `bookings` table, with its indexes and size, on the same
    /// writer connection: no check before it, no audit entry after it. The
    /// rows it wrote (a place's hours in the year 2200) are deleted before
    /// it returns.
    pub async fn plain_insert_loop(&self, place_id: i64, account_id: i64, duration: Duration) -> Result<PlainInserts> {
        // 2200-01-01T00:00:00Z: far from any real booking.
        const FAR: i64 = 7_258_118_400;
        let start = Instant::now();
        let mut rows = 0u64;
        while start.elapsed() < duration {
            let at = FAR + i64::try_from(rows).unwrap_or(i64::MAX / 4) * 3_600;
            sqlx::query(
                "INSERT INTO bookings (place_id, account_id, starts_at, ends_at, exclusive, created_at) \
                 VALUES ($1, $2, $3, $4, TRUE, $5)",
            )
            .bind(place_id)
            .bind(account_id)
            .bind(at)
            .bind(at + 3_600)
            .bind(at)
            .execute(&self.writer)
            .await?;
            rows += 1;
        }
        let elapsed = start.elapsed();
        sqlx::query("DELETE FROM bookings WHERE place_id = $1 AND starts_at >= $2")
            .bind(place_id)
            .bind(FAR)
            .execute(&self.writer)
            .await?;
        Ok(PlainInserts { rows, elapsed })
    }
}
