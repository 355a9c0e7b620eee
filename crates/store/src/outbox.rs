//! The outbox: every mail is queued in the transaction of the change it
//! tells of, and sent afterwards by a worker (`portineria-web`'s `outbox`).
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/outbox.rs`, and each capability that mails queues
//! its notices there with `outbox::enqueue`, inside its own transaction: a
//! change that commits has its mail queued, one that rolls back has none.
//! Instants are Unix seconds in UTC, read from the system clock (the worker
//! compares them with the system clock too).
//!
//! - **Dedup**: a notice's `dedup` key (kind, subject, recipient and what
//!   tells two changes of one kind on one subject apart) is UNIQUE; a second
//!   notice with the same key is dropped (`ON CONFLICT (dedup) DO NOTHING`),
//!   so one change mails a person once.
//! - **Claim**: [`OutboxStore::claim_mail`] takes due rows that nobody holds,
//!   or whose holder's lease has run out, and gives them a lease; the
//!   condition is checked again by the UPDATE itself, so two servers on one
//!   PostgreSQL never take the same row at once.
//! - **Backoff**: the worker says when to try again
//!   ([`OutboxStore::mark_mail_failed`] with `retry_at`), or gives up
//!   (`None`: `failed_at`). A manager may try once more
//!   ([`OutboxStore::retry_mail`]).

use crate::{Result, Who};
use async_trait::async_trait;
use serde::Serialize;

/// What a mail is about; the worker renders each kind its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "&'static str")]
pub enum MailKind {
    /// Subject: the booking.
    BookingConfirmed,
    /// Subject: the booking.
    BookingCancelled,
    /// Subject: the voucher; data `{"left": minutes}`.
    VoucherLow,
    /// Subject: the pass.
    PassExpiring,
    /// Subject: the listing; data `{"expires_at": instant}`.
    ListingExpiring,
    /// Subject: the exchange.
    ExchangeProposed,
    /// Subject: the exchange.
    ExchangeAccepted,
    /// Subject: the recipient's account; data `{"lines": [DigestLine…]}`.
    MatchDigest,
    /// Subject: the enrolment; data `{"position": null}`.
    Enrolled,
    /// Subject: the enrolment; data `{"position": n}`.
    Waitlisted,
    /// Subject: the enrolment moved up.
    Promoted,
    /// Subject: the event.
    EventCancelled,
    /// Subject: the session; data `{"event_id": id}`.
    SessionReminder,
    /// Subject: the account; data `{"token": raw}` until sent or given up.
    PasswordReset,
}

impl MailKind {
    pub const ALL: [MailKind; 14] = [
        MailKind::BookingConfirmed,
        MailKind::BookingCancelled,
        MailKind::VoucherLow,
        MailKind::PassExpiring,
        MailKind::ListingExpiring,
        MailKind::ExchangeProposed,
        MailKind::ExchangeAccepted,
        MailKind::MatchDigest,
        MailKind::Enrolled,
        MailKind::Waitlisted,
        MailKind::Promoted,
        MailKind::EventCancelled,
        MailKind::SessionReminder,
        MailKind::PasswordReset,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            MailKind::BookingConfirmed => "booking.confirmed",
            MailKind::BookingCancelled => "booking.cancelled",
            MailKind::VoucherLow => "voucher.low",
            MailKind::PassExpiring => "pass.expiring",
            MailKind::ListingExpiring => "listing.expiring",
            MailKind::ExchangeProposed => "exchange.proposed",
            MailKind::ExchangeAccepted => "exchange.accepted",
            MailKind::MatchDigest => "match.digest",
            MailKind::Enrolled => "enrolment.enrolled",
            MailKind::Waitlisted => "enrolment.waitlisted",
            MailKind::Promoted => "enrolment.promoted",
            MailKind::EventCancelled => "event.cancelled",
            MailKind::SessionReminder => "event.reminder",
            MailKind::PasswordReset => "password.reset",
        }
    }

    pub fn parse(s: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether its data holds a secret, blanked once the mail is sent or
    /// given up (a password reset's raw token).
    pub fn holds_secret(&self) -> bool {
        matches!(self, MailKind::PasswordReset)
    }
}

impl From<MailKind> for &'static str {
    fn from(k: MailKind) -> &'static str {
        k.as_str()
    }
}

/// A mail to queue: to whom, about what, and what rendering needs that the
/// rows will not say.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: MailKind,
    /// The recipient.
    pub account_id: i64,
    /// The booking, voucher, pass, listing, exchange, enrolment, event,
    /// session or account it is about (see [`MailKind`]).
    pub subject_id: i64,
    /// The hub whose managers see it if it cannot be sent.
    pub hub_id: Option<i64>,
    pub data: serde_json::Value,
    /// `kind:subject:recipient`, and what tells two changes of the same kind
    /// on the same subject apart: one row per key, ever.
    pub dedup: String,
}

impl Notice {
    /// A notice whose key is `kind:subject:recipient`.
    pub fn new(kind: MailKind, account_id: i64, subject_id: i64) -> Notice {
        Notice {
            kind,
            account_id,
            subject_id,
            hub_id: None,
            data: serde_json::json!({}),
            dedup: format!("{}:{subject_id}:{account_id}", kind.as_str()),
        }
    }

    pub fn hub(mut self, hub_id: Option<i64>) -> Notice {
        self.hub_id = hub_id;
        self
    }

    pub fn data(mut self, data: serde_json::Value) -> Notice {
        self.data = data;
        self
    }

    /// Tells this change from another of the same kind on the same subject
    /// (a listing reminded again after its expiry moved, another week's digest).
    pub fn distinct(mut self, what: impl std::fmt::Display) -> Notice {
        self.dedup = format!("{}:{what}", self.dedup);
        self
    }
}

/// One line of the weekly digest: a listing of the recipient's and a new
/// counterpart, with why they go together (rendered in the recipient's
/// language when the mail is sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DigestLine {
    pub mine_id: i64,
    pub mine: String,
    pub theirs: String,
    pub reasons: Vec<portineria_domain::matching::Reason>,
}

/// A queued mail as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxMail {
    pub id: i64,
    pub kind: MailKind,
    pub account_id: i64,
    pub subject_id: i64,
    pub hub_id: Option<i64>,
    #[serde(skip)]
    pub data: serde_json::Value,
    pub created_at: i64,
    pub next_attempt_at: i64,
    /// Failed attempts so far.
    pub attempts: i64,
    pub claimed_until: Option<i64>,
    pub sent_at: Option<i64>,
    /// Given up at (no more attempts unless a manager asks).
    pub failed_at: Option<i64>,
    pub last_error: Option<String>,
}

/// A mail not sent, as managers see it: with its recipient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UndeliveredMail {
    pub mail: OutboxMail,
    pub email: String,
    pub display_name: String,
}

/// The outbox of mail.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues notices outside any other change, in one transaction (each
    /// at most once: a key already queued is skipped). Returns how many
    /// were new. The changes that mail queue their own notices.
    async fn queue_mail(&self, notices: &[Notice]) -> Result<u64>;
    /// Claims up to `limit` mails due at `now` (not sent, not given up,
    /// `next_attempt_at <= now`) that nobody holds or whose lease has run
    /// out, holding each until `now + lease_seconds`; oldest due first. A
    /// row claimed by another server in the meantime is skipped.
    async fn claim_mail(&self, now: i64, lease_seconds: i64, limit: u32) -> Result<Vec<OutboxMail>>;
    /// Sent: never claimed again (a secret in its data is blanked).
    async fn mark_mail_sent(&self, id: i64, now: i64) -> Result<()>;
    /// An attempt failed: one more attempt counted, `error` kept, the lease
    /// let go; tried again from `retry_at`, or, with `None`, given up
    /// (`failed_at = now`, a secret in its data blanked). Nothing happens to
    /// a mail already sent.
    async fn mark_mail_failed(&self, id: i64, now: i64, error: &str, retry_at: Option<i64>) -> Result<()>;
    /// Mail not sent that managers should see: waiting after a failed
    /// attempt, or given up; newest first, before the id `before`. `hubs`:
    /// only those hubs' (`None`: all, mail of no hub included).
    async fn undelivered_mail(
        &self,
        hubs: Option<&[i64]>,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<UndeliveredMail>>;
    async fn mail(&self, id: i64) -> Result<Option<OutboxMail>>;
    /// A manager's "send again": a mail not sent is due at `now` again,
    /// given up or not (`Conflict("mail-already-sent")` once sent). Audited.
    async fn retry_mail(&self, who: &Who, id: i64, now: i64) -> Result<OutboxMail>;
    /// Forgets every mail queued at or before `now` and not sent (the demo's
    /// seeding tells of an invented past). Returns how many.
    async fn discard_pending_mail(&self, now: i64) -> Result<u64>;
}
