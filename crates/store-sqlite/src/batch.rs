//! Group commit for bookings on SQLite.
//!
//! SQLite has one writer, so bookings are decided one after another whatever
//! we do; what costs is the commit (the WAL append, and every so often a
//! checkpoint). Bookings that arrive while the writer is busy wait in a
//! queue; the writer then takes all of them (up to [`MAX_BATCH`]) into one
//! `BEGIN IMMEDIATE` transaction and decides them in arrival order, each
//! inside its own savepoint (opened and released by the same trips to the
//! database that read the place and write the booking): a booking that does not fit, or fails, is rolled
//! back to its savepoint alone and the others go on. Each one sees the
//! bookings decided before it in the same transaction, so the capacity rule
//! is exactly what it is one transaction at a time. Nobody hears "booked"
//! before the transaction holding their booking has committed; if the commit
//! fails, every booking of the batch reports the failure and none was made.

use crate::SqliteStore;
use portineria_store::sqlx::{self, SqlitePool};
use portineria_store::{Booking, NewBooking, Result, StoreError, Who};
use tokio::sync::{mpsc, oneshot};

/// The most bookings one transaction decides.
pub const MAX_BATCH: usize = 64;
/// Bookings waiting for the writer, at most (then callers wait to queue).
const QUEUE: usize = 4_096;

struct Job {
    who: Who,
    booking: NewBooking,
    reply: oneshot::Sender<Result<Booking>>,
}

/// The sending end, kept by every clone of the store; the writer task ends
/// when the last one is dropped.
#[derive(Debug, Clone)]
pub(crate) struct BookingQueue(mpsc::Sender<Job>);

impl BookingQueue {
    /// Starts the writer task on the current runtime.
    pub(crate) fn start(writer: SqlitePool) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(writer, rx));
        BookingQueue(tx)
    }

    /// Queues a booking and waits for its transaction to commit.
    pub(crate) async fn book(&self, who: &Who, booking: &NewBooking) -> Result<Booking> {
        let (reply, answer) = oneshot::channel();
        let job = Job { who: who.clone(), booking: *booking, reply };
        self.0.send(job).await.map_err(|_| StoreError::Unavailable("the booking writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Unavailable("the booking writer has stopped".into()))?
    }
}

async fn run(writer: SqlitePool, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        decide(&writer, std::mem::take(&mut batch)).await;
        batch.reserve(MAX_BATCH);
    }
}

/// One transaction for the whole batch, a savepoint per booking.
async fn decide(writer: &SqlitePool, batch: Vec<Job>) {
    let mut tx = match writer.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(e) => return fail(batch, &e.to_string()),
    };
    let mut outcomes = Vec::with_capacity(batch.len());
    for job in &batch {
        // `book_in` opens the savepoint `booking` with its first statement
        // and releases it with its writes.
        let outcome = SqliteStore::book_in(&mut tx, &job.who, &job.booking).await;
        if outcome.is_err()
            && let Err(e) = sqlx::query("ROLLBACK TO booking; RELEASE booking").execute(&mut *tx).await
        {
            return fail(batch, &e.to_string());
        }
        outcomes.push(outcome);
    }
    if let Err(e) = tx.commit().await {
        return fail(batch, &e.to_string());
    }
    for (job, outcome) in batch.into_iter().zip(outcomes) {
        // A caller that stopped waiting still has its booking.
        let _ = job.reply.send(outcome);
    }
}

/// The transaction did not commit: nothing of the batch was written.
fn fail(batch: Vec<Job>, why: &str) {
    tracing::warn!(bookings = batch.len(), error = why, "a batch of bookings failed");
    for job in batch {
        let _ = job.reply.send(Err(StoreError::Unavailable(why.to_owned())));
    }
}
