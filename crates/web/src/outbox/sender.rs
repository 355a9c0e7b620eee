//! The sender: sends the mail the store queued in the outbox.
//!
//! A background task claims a batch of due mails (a lease, so another
//! server leaves them alone while this one sends), renders each in its
//! recipient's language (`crate::outbox::texts::render`), sends it with the
//! [`Mailer`](crate::Mailer) under a Message-ID made from the outbox id, and
//! marks it sent. A failed attempt is logged and tried again later, each
//! time later (`SendOptions::retry_after`), and after the last one given up
//! (`failed_at`): managers see it on `/manage/mail` and may send it again.
//!
//! The task is woken right after a write on this server (`App::mail_wake`,
//! nudged by the request middleware) and otherwise looks every
//! `SendOptions::poll` for mail other servers queued and for retries due. A
//! server killed while it held mail lets it go when the lease runs out; the
//! next sender sends it again.
//!
//! What can send a mail twice: a server that sent it and died (or lost the
//! database) before marking it sent; the mail goes out again after the
//! lease, with the same Message-ID.

use crate::outbox::texts::{Render, Rendered};
use crate::state::AppState;
use portineria_app::outbox;
use portineria_store::OutboxMail;
use std::time::Duration;

/// How the sender works.
#[derive(Debug, Clone)]
pub struct SendOptions {
    /// How often to look for mail queued on other servers and retries due.
    pub poll: Duration,
    /// Seconds before the 2nd, 3rd, … attempt after a failure; after the
    /// last the mail is given up.
    pub retry_after: Vec<i64>,
    /// How long a claimed mail is held before another sender may take it.
    /// Longer than a batch can take: `batch` × [`SEND_TIMEOUT`].
    pub lease_seconds: i64,
    /// Mails claimed at once.
    pub batch: u32,
}

/// 1 min, 5 min, 30 min, 2 h, 12 h, then give up.
pub const RETRY_AFTER: [i64; 5] = [60, 300, 1_800, 7_200, 43_200];

/// The longest one send may take before it counts as failed.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(25);

impl Default for SendOptions {
    fn default() -> Self {
        SendOptions { poll: Duration::from_secs(5), retry_after: RETRY_AFTER.to_vec(), lease_seconds: 300, batch: 10 }
    }
}

fn unix_now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Starts the sender on the current runtime.
pub fn spawn(state: AppState, options: SendOptions) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(state, options))
}

/// Sends what is due, then waits for a write on this server or the next
/// poll; forever.
pub async fn run(state: AppState, options: SendOptions) {
    loop {
        send_due(&state, &options).await;
        tokio::select! {
            _ = state.app.mail_wake.notified() => {}
            _ = tokio::time::sleep(options.poll) => {}
        }
    }
}

/// Sends the mail due now, a batch at a time, until none is left. Returns
/// how many were sent.
pub async fn send_due(state: &AppState, options: &SendOptions) -> usize {
    let mut sent = 0;
    loop {
        let batch = match outbox::claim(&state.app, unix_now(), options.lease_seconds, options.batch).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "could not claim mail to send");
                return sent;
            }
        };
        for m in &batch {
            if deliver(state, options, m).await {
                sent += 1;
            }
        }
        if batch.len() < options.batch as usize {
            return sent;
        }
    }
}

/// The Message-ID of a queued mail: the same at every attempt and on every
/// server.
pub fn message_id(state: &AppState, m: &OutboxMail) -> String {
    state.mailer.message_id(&format!("outbox.{}.{}", m.id, m.created_at))
}

/// Renders, sends and marks one claimed mail; whether it went out.
async fn deliver(state: &AppState, options: &SendOptions, m: &OutboxMail) -> bool {
    let rendered = match crate::outbox::texts::render(state, m).await {
        Ok(Render::Mail(r)) => r,
        Ok(Render::Gone(why)) => {
            tracing::warn!(id = m.id, kind = m.kind.as_str(), reason = %why, "a queued mail has nothing to send");
            mark_failed(state, m, &why, None).await;
            return false;
        }
        Err(e) => {
            failed(state, options, m, &format!("rendering: {e}"), false).await;
            return false;
        }
    };
    let Rendered { to, subject, body } = rendered;
    let id = message_id(state, m);
    let attempt = state.mailer.send_with_id(&to, &subject, &body, Some(&id));
    match tokio::time::timeout(SEND_TIMEOUT, attempt).await {
        Ok(Ok(())) => {
            if let Err(e) = outbox::mark_sent(&state.app, m.id, unix_now()).await {
                // It went out; unmarked, it goes out again once the lease ends.
                tracing::error!(error = %e, id = m.id, "a mail was sent but could not be marked sent");
            }
            true
        }
        Ok(Err(e)) => {
            failed(state, options, m, &e.to_string(), e.is_permanent()).await;
            false
        }
        Err(_) => {
            failed(state, options, m, "timed out", false).await;
            false
        }
    }
}

/// An attempt failed: tried again after the next wait, or given up after
/// the last (or at once when trying again cannot help).
async fn failed(state: &AppState, options: &SendOptions, m: &OutboxMail, error: &str, permanent: bool) {
    let attempts = m.attempts + 1;
    let wait = if permanent { None } else { usize::try_from(m.attempts).ok().and_then(|i| options.retry_after.get(i)) };
    let retry_at = wait.map(|w| unix_now() + w);
    match retry_at {
        Some(at) => tracing::warn!(
            id = m.id,
            kind = m.kind.as_str(),
            attempts,
            retry_in = at - unix_now(),
            error,
            "could not send a mail; will try again"
        ),
        None => tracing::error!(id = m.id, kind = m.kind.as_str(), attempts, error, "could not send a mail; giving up"),
    }
    mark_failed(state, m, error, retry_at).await;
}

async fn mark_failed(state: &AppState, m: &OutboxMail, error: &str, retry_at: Option<i64>) {
    if let Err(e) = outbox::mark_failed(&state.app, m.id, unix_now(), error, retry_at).await {
        tracing::error!(error = %e, id = m.id, "could not record a failed mail");
    }
}
