//! Mail: what the sender needs (claiming due mail, reading what each one
//! tells of, marking it sent or failed), and what could not be sent, for
//! the managers who must see it, with their "send again". Every mail is
//! queued by the store in the transaction of the change it tells of.

use crate::{App, Caller, Error, Result};
use portineria_domain::policy::Action;
use portineria_store::{
    Account, Booking, DigestLine, Event, Exchange, Listing, MailKind, OutboxMail, OutboxStore, Pass, Place,
    UndeliveredMail, Voucher,
};

impl App {
    /// The outbox's storage.
    pub(crate) fn outbox_store(&self) -> &dyn OutboxStore {
        self.store.as_ref()
    }
}

/// Whose mail the caller may see: `None` all of it (admins, no hub asked),
/// else these hubs' (the one asked for, or every hub they manage).
pub fn scope(caller: &Caller, hub: Option<i64>) -> Result<Option<Vec<i64>>> {
    let person = caller.person()?;
    if let Some(h) = hub {
        return if caller.may(Action::ManageMail { hub: Some(h) }) { Ok(Some(vec![h])) } else { Err(Error::Forbidden) };
    }
    if person.roles.is_admin() {
        return Ok(None);
    }
    let hubs = person.roles.managed_hubs();
    if hubs.is_empty() { Err(Error::Forbidden) } else { Ok(Some(hubs)) }
}

/// Mail not sent (waiting after a failed attempt, or given up), newest
/// first, before the mail `before`, at most `limit`: one hub's (its
/// managers), or every hub the caller manages (admins: all of it).
pub async fn undelivered(
    app: &App,
    caller: &Caller,
    hub: Option<i64>,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<UndeliveredMail>> {
    let hubs = scope(caller, hub)?;
    Ok(app.outbox_store().undelivered_mail(hubs.as_deref(), before, limit).await?)
}

/// A manager's "send again": the mail is due now, and this server's sender
/// is woken.
pub async fn retry(app: &App, caller: &Caller, id: i64) -> Result<OutboxMail> {
    // Someone who may see no mail at all learns nothing of ids.
    scope(caller, None)?;
    let m = app.outbox_store().mail(id).await?.ok_or(Error::NotFound)?;
    if !caller.may(Action::ManageMail { hub: m.hub_id }) {
        return Err(Error::Forbidden);
    }
    // The outbox keeps the system's time, as the sender reads it.
    let m = app.outbox_store().retry_mail(&caller.who(), id, jiff::Timestamp::now().as_second()).await?;
    app.mail_wake.notify_one();
    Ok(m)
}

/// The sender's claim: up to `limit` due mails no other sender holds, held
/// for `lease_seconds` (see `OutboxStore::claim_mail`).
pub async fn claim(app: &App, now: i64, lease_seconds: i64, limit: u32) -> Result<Vec<OutboxMail>> {
    Ok(app.outbox_store().claim_mail(now, lease_seconds, limit).await?)
}

/// A mail went out.
pub async fn mark_sent(app: &App, id: i64, now: i64) -> Result<()> {
    Ok(app.outbox_store().mark_mail_sent(id, now).await?)
}

/// A mail could not go out: tried again at `retry_at`, or given up (`None`).
pub async fn mark_failed(app: &App, id: i64, now: i64, error: &str, retry_at: Option<i64>) -> Result<()> {
    Ok(app.outbox_store().mark_mail_failed(id, now, error, retry_at).await?)
}

/// What a queued mail is about, as it is when the mail is sent.
#[derive(Debug, Clone)]
pub enum About {
    /// A booking, its place and the place's site's name.
    Booking {
        booking: Booking,
        place: Place,
        site: String,
    },
    Voucher(Voucher),
    Pass(Pass),
    Listing(Listing),
    Exchange(Exchange),
    /// The week's new matches.
    Digest(Vec<DigestLine>),
    /// An event (for a session's reminder: narrowed to that session) and
    /// its first session's site's name.
    Event {
        event: Event,
        site: String,
    },
    /// The one-time token of a password reset.
    Reset {
        token: String,
    },
}

/// A queued mail with what it needs to be worded, or why there is nothing
/// to send.
#[derive(Debug, Clone)]
pub enum Gathered {
    Mail {
        account: Account,
        about: Box<About>,
    },
    /// The recipient, or what the mail is about, is gone (the reason, for
    /// the managers' list).
    Gone(String),
}

fn gone(what: &str, id: i64) -> Gathered {
    Gathered::Gone(format!("nothing to send: {what} {id} no longer exists"))
}

/// Reads what a queued mail tells of, as it is now.
pub async fn gather(app: &App, m: &OutboxMail) -> Result<Gathered> {
    let (accounts, bookings, network) = (app.accounts_store(), app.bookings_store(), app.network_store());
    let Some(account) = accounts.account(m.account_id).await? else { return Ok(gone("account", m.account_id)) };
    let about = match m.kind {
        MailKind::BookingConfirmed | MailKind::BookingCancelled => {
            let Some(booking) = bookings.booking(m.subject_id).await? else { return Ok(gone("booking", m.subject_id)) };
            let Some(place) = network.place(booking.place_id).await? else {
                return Ok(gone("place", booking.place_id));
            };
            let site = network.site(place.site_id).await?.map(|s| s.name).unwrap_or_default();
            About::Booking { booking, place, site }
        }
        MailKind::VoucherLow => match app.passes_store().voucher(m.subject_id).await? {
            Some(v) => About::Voucher(v),
            None => return Ok(gone("voucher", m.subject_id)),
        },
        MailKind::PassExpiring => {
            match app.passes_store().account_passes(m.account_id).await?.into_iter().find(|p| p.id == m.subject_id) {
                Some(p) => About::Pass(p),
                None => return Ok(gone("pass", m.subject_id)),
            }
        }
        MailKind::ListingExpiring => match app.listings_store().listing(m.subject_id).await? {
            Some(l) => About::Listing(l),
            None => return Ok(gone("listing", m.subject_id)),
        },
        MailKind::ExchangeProposed | MailKind::ExchangeAccepted => {
            match app.exchanges_store().exchange(m.subject_id).await? {
                Some(x) => About::Exchange(x),
                None => return Ok(gone("exchange", m.subject_id)),
            }
        }
        MailKind::MatchDigest => {
            let lines: Vec<DigestLine> =
                m.data.get("lines").and_then(|l| serde_json::from_value(l.clone()).ok()).unwrap_or_default();
            if lines.is_empty() {
                return Ok(Gathered::Gone("nothing to send: the digest has no lines".into()));
            }
            About::Digest(lines)
        }
        MailKind::Enrolled | MailKind::Waitlisted | MailKind::Promoted => {
            let Some(n) = app.programme_store().enrolment(m.subject_id).await? else {
                return Ok(gone("enrolment", m.subject_id));
            };
            let Some(event) = app.programme_store().event(n.event_id).await? else {
                return Ok(gone("event", n.event_id));
            };
            event_about(app, event).await?
        }
        MailKind::EventCancelled => match app.programme_store().event(m.subject_id).await? {
            Some(event) => event_about(app, event).await?,
            None => return Ok(gone("event", m.subject_id)),
        },
        MailKind::SessionReminder => {
            let event_id = m.data.get("event_id").and_then(|v| v.as_i64()).unwrap_or_default();
            let Some(mut event) = app.programme_store().event(event_id).await? else {
                return Ok(gone("event", event_id));
            };
            let Some(s) = event.sessions.iter().find(|s| s.id == m.subject_id).cloned() else {
                return Ok(gone("session", m.subject_id));
            };
            // The mail speaks of this session.
            event.starts_at = s.start;
            event.sessions = vec![s];
            event_about(app, event).await?
        }
        MailKind::PasswordReset => {
            let Some(token) = m.data.get("token").and_then(|t| t.as_str()).filter(|t| !t.is_empty()) else {
                return Ok(Gathered::Gone("nothing to send: the reset link is no longer kept".into()));
            };
            About::Reset { token: token.to_owned() }
        }
    };
    Ok(Gathered::Mail { account, about: Box::new(about) })
}

async fn event_about(app: &App, event: Event) -> Result<About> {
    let site = match event.sessions.first() {
        Some(s) => app.network_store().site(s.site_id).await?.map(|s| s.name).unwrap_or_default(),
        None => String::new(),
    };
    Ok(About::Event { event, site })
}
