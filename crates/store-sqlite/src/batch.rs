//! Group commit for bookings and time-bank transfers on SQLite.
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
//!
//! Time-bank transfers join the same queue and the same transactions, each
//! in a savepoint `transfer` of its own: a refused transfer is rolled back
//! alone, and each sees the balances and the head of the chain that the
//! transfers before it left. Requests for a place in a course or event do
//! the same in a savepoint `enrolment`: each sees the places and the
//! waiting list the requests before it left, so the roster's rule holds as
//! it does one transaction at a time.

use portineria_domain::timebank::Entry;
use portineria_store::sqlx::{self, SqlitePool};
use portineria_store::{Booking, EnrolRequest, Enrolment, NewBooking, NewTransfer, Result, StoreError, Who};
use tokio::sync::{mpsc, oneshot};

/// The most bookings one transaction decides.
pub const MAX_BATCH: usize = 64;
/// Bookings waiting for the writer, at most (then callers wait to queue).
const QUEUE: usize = 4_096;

struct Job {
    who: Who,
    work: Work,
}

enum Work {
    Booking(NewBooking, oneshot::Sender<Result<Booking>>),
    Transfer(Box<NewTransfer>, oneshot::Sender<Result<Entry>>),
    Enrolment(EnrolRequest, oneshot::Sender<Result<Enrolment>>),
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
        let job = Job { who: who.clone(), work: Work::Booking(*booking, reply) };
        self.0.send(job).await.map_err(|_| StoreError::Unavailable("the booking writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Unavailable("the booking writer has stopped".into()))?
    }

    /// Queues a time-bank transfer and waits for its transaction to commit.
    pub(crate) async fn transfer(&self, who: &Who, t: &NewTransfer) -> Result<Entry> {
        let (reply, answer) = oneshot::channel();
        let job = Job { who: who.clone(), work: Work::Transfer(Box::new(t.clone()), reply) };
        self.0.send(job).await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?
    }

    /// Queues a request for a place and waits for its transaction to commit.
    pub(crate) async fn enrol(&self, who: &Who, r: EnrolRequest) -> Result<Enrolment> {
        let (reply, answer) = oneshot::channel();
        let job = Job { who: who.clone(), work: Work::Enrolment(r, reply) };
        self.0.send(job).await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?;
        answer.await.map_err(|_| StoreError::Unavailable("the writer has stopped".into()))?
    }
}

async fn run(writer: SqlitePool, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        decide(&writer, std::mem::take(&mut batch)).await;
        batch.reserve(MAX_BATCH);
    }
}

/// A decided job waiting for the commit: its answer and where to send it.
enum Decided {
    Booking(Result<Booking>, oneshot::Sender<Result<Booking>>),
    Transfer(Result<Entry>, oneshot::Sender<Result<Entry>>),
    Enrolment(Result<Enrolment>, oneshot::Sender<Result<Enrolment>>),
}

/// One transaction for the whole batch, a savepoint per job.
async fn decide(writer: &SqlitePool, batch: Vec<Job>) {
    let mut tx = match writer.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(e) => return fail(batch.into_iter().map(|j| j.work), Vec::new(), &e.to_string()),
    };
    let mut decided = Vec::with_capacity(batch.len());
    let mut jobs = batch.into_iter();
    while let Some(job) = jobs.next() {
        let (undo, d) = match job.work {
            Work::Booking(b, reply) => {
                // `book_in` opens the savepoint `booking` with its first
                // statement and releases it with its writes (the
                // confirmation's mail queued among them).
                let r = crate::book::book_in(&mut tx, &job.who, &b, true).await;
                (r.is_err().then_some("ROLLBACK TO booking; RELEASE booking"), Decided::Booking(r, reply))
            }
            Work::Transfer(t, reply) => {
                let r = match sqlx::query("SAVEPOINT transfer").execute(&mut *tx).await {
                    Ok(_) => crate::shared::timebank::transfer_in(&mut tx, &job.who, &t).await,
                    Err(e) => Err(e.into()),
                };
                let end = if r.is_ok() { "RELEASE transfer" } else { "ROLLBACK TO transfer; RELEASE transfer" };
                (Some(end), Decided::Transfer(r, reply))
            }
            Work::Enrolment(n, reply) => {
                let r = match sqlx::query("SAVEPOINT enrolment").execute(&mut *tx).await {
                    Ok(_) => {
                        crate::shared::programme::enrol_locked_in(
                            &mut tx,
                            &job.who,
                            n.event_id,
                            n.account_id,
                            n.use_training,
                            n.now,
                        )
                        .await
                    }
                    Err(e) => Err(e.into()),
                };
                let end = if r.is_ok() { "RELEASE enrolment" } else { "ROLLBACK TO enrolment; RELEASE enrolment" };
                (Some(end), Decided::Enrolment(r, reply))
            }
        };
        decided.push(d);
        if let Some(sql) = undo
            && let Err(e) = sqlx::query(sql).execute(&mut *tx).await
        {
            return fail(jobs.map(|j| j.work), decided, &e.to_string());
        }
    }
    if let Err(e) = tx.commit().await {
        return fail(std::iter::empty(), decided, &e.to_string());
    }
    for d in decided {
        // A caller that stopped waiting still has what it asked for.
        match d {
            Decided::Booking(r, reply) => {
                let _ = reply.send(r);
            }
            Decided::Transfer(r, reply) => {
                let _ = reply.send(r);
            }
            Decided::Enrolment(r, reply) => {
                let _ = reply.send(r);
            }
        }
    }
}

/// The transaction did not commit: nothing of the batch was written.
fn fail(waiting: impl Iterator<Item = Work>, decided: Vec<Decided>, why: &str) {
    tracing::warn!(error = why, "a batch of bookings, transfers and enrolments failed");
    let error = || StoreError::Unavailable(why.to_owned());
    for w in waiting {
        match w {
            Work::Booking(_, reply) => {
                let _ = reply.send(Err(error()));
            }
            Work::Transfer(_, reply) => {
                let _ = reply.send(Err(error()));
            }
            Work::Enrolment(_, reply) => {
                let _ = reply.send(Err(error()));
            }
        }
    }
    for d in decided {
        match d {
            Decided::Booking(_, reply) => {
                let _ = reply.send(Err(error()));
            }
            Decided::Transfer(_, reply) => {
                let _ = reply.send(Err(error()));
            }
            Decided::Enrolment(_, reply) => {
                let _ = reply.send(Err(error()));
            }
        }
    }
}
