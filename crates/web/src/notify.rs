//! The texts of the mails, and the hourly sweeps that queue reminders.
//!
//! Every mail is queued in the outbox by the store, in the transaction of
//! the change it tells of (`portineria_store::OutboxStore`); the sender
//! (`crate::outbox`) renders it here when it sends it, from the rows as they
//! are then and the mail's own data, in the recipient's language as it is
//! then.

use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use jiff::Timestamp;
use portineria_store::{Account, Booking, DigestLine, MailKind, OutboxMail};

/// A mail ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// What rendering a queued mail gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Render {
    Mail(Rendered),
    /// Nothing to send: the recipient, or what the mail is about, is gone
    /// (the reason, for the managers' list).
    Gone(String),
}

fn tr_for(state: &AppState, account: &Account) -> Tr {
    Tr::new(state.i18n.clone(), Lang::parse(&account.locale).unwrap_or_default())
}

fn base(state: &AppState) -> String {
    state.config.base_url.trim_end_matches('/').to_owned()
}

fn gone(what: &str, id: i64) -> Render {
    Render::Gone(format!("nothing to send: {what} {id} no longer exists"))
}

fn data_i64(m: &OutboxMail, key: &str) -> Option<i64> {
    m.data.get(key).and_then(|v| v.as_i64())
}

/// Renders a queued mail for its recipient, in their language.
pub async fn render(state: &AppState, m: &OutboxMail) -> Result<Render, AppError> {
    let Some(account) = state.store.account(m.account_id).await? else { return Ok(gone("account", m.account_id)) };
    let tr = tr_for(state, &account);
    let mail = |subject: String, body: String| Ok(Render::Mail(Rendered { to: account.email.clone(), subject, body }));
    match m.kind {
        MailKind::BookingConfirmed | MailKind::BookingCancelled => {
            let Some(b) = state.store.booking(m.subject_id).await? else { return Ok(gone("booking", m.subject_id)) };
            let Some(place) = state.store.place(b.place_id).await? else { return Ok(gone("place", b.place_id)) };
            let site = state.store.site(place.site_id).await?.map(|s| s.name).unwrap_or_default();
            let key = if m.kind == MailKind::BookingConfirmed { "booking-confirmed" } else { "booking-cancelled" };
            let body = tr.tn(
                &format!("mail-{key}-body"),
                &[
                    ("name", account.display_name.clone()),
                    ("place", place.name.clone()),
                    ("site", site),
                    ("when", when(&b)),
                    ("link", format!("{}/me/bookings", base(state))),
                ],
            );
            mail(tr.t1(&format!("mail-{key}-subject"), "place", place.name.clone()), body)
        }
        MailKind::VoucherLow => {
            let Some(v) = state.store.voucher(m.subject_id).await? else { return Ok(gone("voucher", m.subject_id)) };
            let body = tr.tn(
                "mail-voucher-low-body",
                &[
                    ("name", account.display_name.clone()),
                    ("plan", v.plan_name.clone()),
                    ("left", hours(data_i64(m, "left").unwrap_or(v.balance_minutes))),
                    ("total", hours(v.minutes_total)),
                    ("link", format!("{}/me/passes", base(state))),
                ],
            );
            mail(tr.t1("mail-voucher-low-subject", "plan", v.plan_name.clone()), body)
        }
        MailKind::PassExpiring => {
            let passes = state.store.account_passes(m.account_id).await?;
            let Some(p) = passes.iter().find(|p| p.id == m.subject_id) else { return Ok(gone("pass", m.subject_id)) };
            let until = Timestamp::from_second(p.valid_until).map(crate::fmt::date_time).unwrap_or_default();
            let body = tr.tn(
                "mail-pass-expiring-body",
                &[
                    ("name", account.display_name.clone()),
                    ("plan", p.plan_name.clone()),
                    ("until", until),
                    ("link", format!("{}/me/passes", base(state))),
                ],
            );
            mail(tr.t1("mail-pass-expiring-subject", "plan", p.plan_name.clone()), body)
        }
        MailKind::ListingExpiring => {
            let Some(l) = state.store.listing(m.subject_id).await? else { return Ok(gone("listing", m.subject_id)) };
            let expires = data_i64(m, "expires_at").unwrap_or(l.expires_at);
            let until = Timestamp::from_second(expires).map(crate::fmt::date_time).unwrap_or_default();
            let body = tr.tn(
                "mail-listing-expiring-body",
                &[
                    ("name", account.display_name.clone()),
                    ("title", l.title.clone()),
                    ("until", until),
                    ("link", format!("{}/listings/{}", base(state), l.id)),
                ],
            );
            mail(tr.t1("mail-listing-expiring-subject", "title", l.title.clone()), body)
        }
        MailKind::ExchangeProposed | MailKind::ExchangeAccepted => {
            let Some(x) = state.store.exchange(m.subject_id).await? else {
                return Ok(gone("exchange", m.subject_id));
            };
            let key = if m.kind == MailKind::ExchangeProposed { "exchange-proposed" } else { "exchange-accepted" };
            let proposer =
                x.parties.iter().find(|p| Some(p.account_id) == x.proposed_by).map(|p| p.display_name.clone());
            let deadline = Timestamp::from_second(x.deadline).map(crate::fmt::date_time).unwrap_or_default();
            let body = tr.tn(
                &format!("mail-{key}-body"),
                &[
                    ("name", account.display_name.clone()),
                    ("proposer", proposer.unwrap_or_default()),
                    ("what", exchange_summary(&tr, &x)),
                    ("deadline", deadline),
                    ("link", format!("{}/exchanges/{}", base(state), x.id)),
                ],
            );
            mail(tr.t1(&format!("mail-{key}-subject"), "id", x.id.to_string()), body)
        }
        MailKind::MatchDigest => {
            let lines: Vec<DigestLine> =
                m.data.get("lines").and_then(|l| serde_json::from_value(l.clone()).ok()).unwrap_or_default();
            if lines.is_empty() {
                return Ok(Render::Gone("nothing to send: the digest has no lines".into()));
            }
            let lines: Vec<String> = lines
                .iter()
                .map(|l| {
                    let why: Vec<String> =
                        l.reasons.iter().map(|r| crate::listings::words::reason_in(&tr, r)).collect();
                    tr.tn(
                        "mail-digest-line",
                        &[
                            ("mine", l.mine.clone()),
                            ("theirs", l.theirs.clone()),
                            ("why", why.join(", ")),
                            ("link", format!("{}/listings/{}", base(state), l.mine_id)),
                        ],
                    )
                })
                .collect();
            let body = tr.tn(
                "mail-digest-body",
                &[
                    ("name", account.display_name.clone()),
                    ("lines", lines.join("\n")),
                    ("link", format!("{}/profile", base(state))),
                ],
            );
            mail(tr.t("mail-digest-subject"), body)
        }
        MailKind::Enrolled | MailKind::Waitlisted | MailKind::Promoted => {
            let Some(n) = state.store.enrolment(m.subject_id).await? else {
                return Ok(gone("enrolment", m.subject_id));
            };
            let Some(e) = state.store.event(n.event_id).await? else { return Ok(gone("event", n.event_id)) };
            let key = match m.kind {
                MailKind::Enrolled => "enrolled",
                MailKind::Waitlisted => "waitlisted",
                _ => "promoted",
            };
            let (subject, body) = enrolment_mail(state, &tr, &account, &e, key, data_i64(m, "position")).await?;
            mail(subject, body)
        }
        MailKind::EventCancelled => {
            let Some(e) = state.store.event(m.subject_id).await? else { return Ok(gone("event", m.subject_id)) };
            let (subject, body) = enrolment_mail(state, &tr, &account, &e, "event-cancelled", None).await?;
            mail(subject, body)
        }
        MailKind::SessionReminder => {
            let event_id = data_i64(m, "event_id").unwrap_or_default();
            let Some(mut e) = state.store.event(event_id).await? else { return Ok(gone("event", event_id)) };
            let Some(s) = e.sessions.iter().find(|s| s.id == m.subject_id).cloned() else {
                return Ok(gone("session", m.subject_id));
            };
            // The mail speaks of this session.
            e.starts_at = s.start;
            e.sessions = vec![s];
            let (subject, body) = enrolment_mail(state, &tr, &account, &e, "event-reminder", None).await?;
            mail(subject, body)
        }
        MailKind::PasswordReset => {
            let Some(token) = m.data.get("token").and_then(|t| t.as_str()).filter(|t| !t.is_empty()) else {
                return Ok(Render::Gone("nothing to send: the reset link is no longer kept".into()));
            };
            let link = format!("{}/password/reset?token={token}", base(state));
            let body = tr.t2("mail-reset-body", "name", account.display_name.clone(), "link", link);
            mail(tr.t("mail-reset-subject"), body)
        }
    }
}

fn when(b: &Booking) -> String {
    let (start, end) = (Timestamp::from_second(b.start), Timestamp::from_second(b.end));
    match (start, end) {
        (Ok(s), Ok(e)) => format!("{} – {}", crate::fmt::date_time(s), crate::fmt::time(e)),
        _ => String::new(),
    }
}

fn hours(minutes: i64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// What an exchange moves, in a line: the titles of its listings and its minutes.
fn exchange_summary(tr: &Tr, x: &portineria_store::Exchange) -> String {
    let mut parts: Vec<String> = x.legs.iter().filter(|l| !l.title.is_empty()).map(|l| l.title.clone()).collect();
    if x.minutes > 0 {
        parts.push(tr.t1("exchange-minutes", "hours", hours(x.minutes)));
    }
    parts.join(" · ")
}

/// One mail about an event to a person on its roster: subject and body.
async fn enrolment_mail(
    state: &AppState,
    tr: &Tr,
    account: &Account,
    e: &portineria_store::Event,
    key: &str,
    position: Option<i64>,
) -> Result<(String, String), AppError> {
    let when = Timestamp::from_second(e.starts_at).map(crate::fmt::date_time).unwrap_or_default();
    let site = match e.sessions.first() {
        Some(s) => state.store.site(s.site_id).await?.map(|s| s.name).unwrap_or_default(),
        None => String::new(),
    };
    let body = tr.tn(
        &format!("mail-{key}-body"),
        &[
            ("name", account.display_name.clone()),
            ("event", e.title.clone()),
            ("when", when),
            ("site", site),
            ("position", position.unwrap_or(0).to_string()),
            ("link", format!("{}/events/{}", base(state), e.id)),
            ("mine", format!("{}/me/enrolments", base(state))),
        ],
    );
    Ok((tr.t1(&format!("mail-{key}-subject"), "event", e.title.clone()), body))
}

// ---- the hourly sweeps -----------------------------------------------------

/// How long before the end of a pass its holder is told.
pub const EXPIRY_NOTICE_DAYS: i64 = 3;

/// Queues the mail to the holders of passes ending within
/// [`EXPIRY_NOTICE_DAYS`] who have not been told; each pass once, whichever
/// server gets there first (the mark and the mail commit together).
/// Returns how many were queued.
pub async fn remind_expiring_passes(state: &AppState, now: i64) -> usize {
    let due = match state.store.expiring_passes(now, now + EXPIRY_NOTICE_DAYS * 86_400).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "could not list expiring passes");
            return 0;
        }
    };
    let mut told = 0;
    for p in due {
        if matches!(state.store.mark_pass_notified(p.pass.id).await, Ok(true)) {
            told += 1;
        }
    }
    wake_if(state, told)
}

/// Days before a listing expires when its poster is reminded.
pub const LISTING_NOTICE_DAYS: i64 = 3;

/// Queues the mail to the posters of open listings that expire within
/// [`LISTING_NOTICE_DAYS`], each listing once (the mark and the mail commit
/// together). Returns how many were queued.
pub async fn remind_expiring_listings(state: &AppState, now: i64) -> usize {
    let due = match state.store.expiring_listings(now, now + LISTING_NOTICE_DAYS * 86_400).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "could not list expiring listings");
            return 0;
        }
    };
    let mut told = 0;
    for (listing, ..) in due {
        if matches!(state.store.mark_listing_reminded(listing.id).await, Ok(true)) {
            told += 1;
        }
    }
    wake_if(state, told)
}

/// A week between two mails of new matches.
pub const DIGEST_DAYS: i64 = 7;

/// The weekly mail of new matches, to each person who asked for it and whose
/// week has passed: for each of their open listings, the counterparts posted
/// since the last mail that rank among its five best, with the reasons. The
/// lines are found in the matching index first, then the week is claimed
/// and the mail queued in one transaction (one server wins the week).
/// Nothing is queued when nothing is new. Returns how many mails were queued.
pub async fn send_match_digests(state: &AppState, now: i64) -> usize {
    let cutoff = now - DIGEST_DAYS * 86_400;
    let due = match state.store.digests_due(cutoff).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "could not list the match digests due");
            return 0;
        }
    };
    let mut queued = 0;
    for (account_id, since) in due {
        let claimed = match digest_lines(state, account_id, since, now).await {
            Ok(lines) => {
                state.store.claim_digest(account_id, cutoff, now, &lines).await.map(|c| c && !lines.is_empty())
            }
            Err(e) => Err(e),
        };
        match claimed {
            Ok(true) => queued += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, account_id, "could not prepare a match digest"),
        }
    }
    wake_if(state, queued)
}

/// The digest's lines for one person: what is new since `since` among the
/// five best counterparts of each of their open listings.
async fn digest_lines(
    state: &AppState,
    account_id: i64,
    since: i64,
    now: i64,
) -> Result<Vec<DigestLine>, portineria_store::StoreError> {
    let mine = state
        .store
        .list_listings(&portineria_store::ListingQuery {
            status: Some(portineria_domain::listings::Status::Open),
            account_id: Some(account_id),
            not_expired_at: now,
            limit: 20,
            ..Default::default()
        })
        .await?;
    let mut lines = Vec::new();
    for l in &mine {
        let best = state.app.matches.best(state.store.as_ref(), l, now, 5).await?;
        for (c, m) in best.iter().filter(|(c, _)| c.created_at > since) {
            lines.push(DigestLine {
                mine_id: l.id,
                mine: l.title.clone(),
                theirs: c.title.clone(),
                reasons: m.reasons.clone(),
            });
        }
    }
    Ok(lines)
}

/// Queues the reminders of the sessions starting within the next day, to
/// the people enrolled; each session once, whichever server gets there
/// first (the claim and the mails commit together). Returns how many
/// mails were queued.
pub async fn remind_sessions(state: &AppState, now: i64) -> usize {
    let due = match state.store.sessions_to_remind(now, now + 86_400).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "could not list the sessions to remind");
            return 0;
        }
    };
    let mut queued = 0;
    for s in due {
        match state.store.claim_session_reminder(s.id, now).await {
            Ok(Some(n)) => queued += usize::try_from(n).unwrap_or(0),
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, session = s.id, "could not claim a session's reminders"),
        }
    }
    wake_if(state, queued)
}

/// Wakes this server's sender when something was queued.
fn wake_if(state: &AppState, queued: usize) -> usize {
    if queued > 0 {
        state.app.mail_wake.notify_one();
    }
    queued
}
