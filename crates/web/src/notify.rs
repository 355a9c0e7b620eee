//! Mails about bookings, vouchers and passes, in the recipient's language.
//!
//! Each is sent after the change it reports has committed; a mail that
//! cannot be sent is logged and the change stands (the person sees it in
//! their pages either way).

use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use jiff::Timestamp;
use portineria_store::{Account, Booking, ExpiringPass};

fn tr_for(state: &AppState, account: &Account) -> Tr {
    Tr::new(state.i18n.clone(), Lang::parse(&account.locale).unwrap_or_default())
}

fn base(state: &AppState) -> String {
    state.config.base_url.trim_end_matches('/').to_owned()
}

async fn send(state: &AppState, to: &str, subject: &str, body: &str) {
    if let Err(e) = state.mailer.send(to, subject, body).await {
        tracing::error!(error = %e, subject, "could not send a mail");
    }
}

fn when(b: &Booking) -> String {
    let (start, end) = (Timestamp::from_second(b.start), Timestamp::from_second(b.end));
    match (start, end) {
        (Ok(s), Ok(e)) => format!("{} – {}", crate::http::fmt::date_time(s), crate::http::fmt::time(e)),
        _ => String::new(),
    }
}

async fn booking_mail(state: &AppState, b: &Booking, subject_id: &str, body_id: &str) {
    let Ok(Some(account)) = state.store.account(b.account_id).await else { return };
    let Ok(Some(place)) = state.store.place(b.place_id).await else { return };
    let site = state.store.site(place.site_id).await.ok().flatten().map(|s| s.name).unwrap_or_default();
    let tr = tr_for(state, &account);
    let subject = tr.t1(subject_id, "place", place.name.clone());
    let body = tr.tn(
        body_id,
        &[
            ("name", account.display_name.clone()),
            ("place", place.name.clone()),
            ("site", site),
            ("when", when(b)),
            ("link", format!("{}/me/bookings", base(state))),
        ],
    );
    send(state, &account.email, &subject, &body).await;
}

/// "Your booking is confirmed", to the person who holds it.
pub async fn booking_confirmed(state: &AppState, b: &Booking) {
    booking_mail(state, b, "mail-booking-confirmed-subject", "mail-booking-confirmed-body").await;
}

/// "Your booking was cancelled", to the person who held it.
pub async fn booking_cancelled(state: &AppState, b: &Booking) {
    booking_mail(state, b, "mail-booking-cancelled-subject", "mail-booking-cancelled-body").await;
}

fn hours(minutes: i64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// "Your hour voucher is running low", to its holder (once per voucher).
pub async fn voucher_low(state: &AppState, voucher_id: i64) {
    let Ok(Some(v)) = state.store.voucher(voucher_id).await else { return };
    let Ok(Some(account)) = state.store.account(v.account_id).await else { return };
    let tr = tr_for(state, &account);
    let body = tr.tn(
        "mail-voucher-low-body",
        &[
            ("name", account.display_name.clone()),
            ("plan", v.plan_name.clone()),
            ("left", hours(v.balance_minutes)),
            ("total", hours(v.minutes_total)),
            ("link", format!("{}/me/passes", base(state))),
        ],
    );
    send(state, &account.email, &tr.t1("mail-voucher-low-subject", "plan", v.plan_name.clone()), &body).await;
}

/// How long before the end of a pass its holder is told.
pub const EXPIRY_NOTICE_DAYS: i64 = 3;

/// Tells the holders of passes ending within [`EXPIRY_NOTICE_DAYS`] who have
/// not been told; each pass once, whichever server gets there first.
/// Returns how many were told.
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
        // Marked first: of two servers sweeping at once, only one mails.
        if matches!(state.store.mark_pass_notified(p.pass.id).await, Ok(true)) {
            pass_expiring(state, &p).await;
            told += 1;
        }
    }
    told
}

async fn pass_expiring(state: &AppState, p: &ExpiringPass) {
    let tr = Tr::new(state.i18n.clone(), Lang::parse(&p.locale).unwrap_or_default());
    let until = Timestamp::from_second(p.pass.valid_until).map(crate::http::fmt::date_time).unwrap_or_default();
    let body = tr.tn(
        "mail-pass-expiring-body",
        &[
            ("name", p.display_name.clone()),
            ("plan", p.pass.plan_name.clone()),
            ("until", until),
            ("link", format!("{}/me/passes", base(state))),
        ],
    );
    send(state, &p.email, &tr.t1("mail-pass-expiring-subject", "plan", p.pass.plan_name.clone()), &body).await;
}

/// Days before a listing expires when its poster is reminded.
pub const LISTING_NOTICE_DAYS: i64 = 3;

/// Mails the posters of open listings that expire within
/// [`LISTING_NOTICE_DAYS`], each listing once (marked before it is mailed).
pub async fn remind_expiring_listings(state: &AppState, now: i64) -> usize {
    let due = match state.store.expiring_listings(now, now + LISTING_NOTICE_DAYS * 86_400).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "could not list expiring listings");
            return 0;
        }
    };
    let mut told = 0;
    for (listing, email, name, locale) in due {
        if !matches!(state.store.mark_listing_reminded(listing.id).await, Ok(true)) {
            continue;
        }
        let tr = Tr::new(state.i18n.clone(), Lang::parse(&locale).unwrap_or_default());
        let until = Timestamp::from_second(listing.expires_at).map(crate::http::fmt::date_time).unwrap_or_default();
        let body = tr.tn(
            "mail-listing-expiring-body",
            &[
                ("name", name),
                ("title", listing.title.clone()),
                ("until", until),
                ("link", format!("{}/listings/{}", base(state), listing.id)),
            ],
        );
        send(state, &email, &tr.t1("mail-listing-expiring-subject", "title", listing.title.clone()), &body).await;
        told += 1;
    }
    told
}

/// What an exchange moves, in a line: the titles of its listings and its minutes.
fn exchange_summary(tr: &Tr, x: &portineria_store::Exchange) -> String {
    let mut parts: Vec<String> = x.legs.iter().filter(|l| !l.title.is_empty()).map(|l| l.title.clone()).collect();
    if x.minutes > 0 {
        parts.push(tr.t1("exchange-minutes", "hours", hours(x.minutes)));
    }
    parts.join(" · ")
}

async fn exchange_mail(
    state: &AppState,
    x: &portineria_store::Exchange,
    only_waiting: bool,
    subject_id: &str,
    body_id: &str,
) {
    let proposer = x.parties.iter().find(|p| Some(p.account_id) == x.proposed_by).map(|p| p.display_name.clone());
    for p in &x.parties {
        if only_waiting && p.confirmed_at.is_some() {
            continue;
        }
        let Ok(Some(account)) = state.store.account(p.account_id).await else { continue };
        let tr = tr_for(state, &account);
        let deadline = Timestamp::from_second(x.deadline).map(crate::http::fmt::date_time).unwrap_or_default();
        let subject = tr.t1(subject_id, "id", x.id.to_string());
        let body = tr.tn(
            body_id,
            &[
                ("name", account.display_name.clone()),
                ("proposer", proposer.clone().unwrap_or_default()),
                ("what", exchange_summary(&tr, x)),
                ("deadline", deadline),
                ("link", format!("{}/exchanges/{}", base(state), x.id)),
            ],
        );
        send(state, &account.email, &subject, &body).await;
    }
}

/// "You are asked to confirm an exchange", to each party who has not yet.
pub async fn exchange_proposed(state: &AppState, x: &portineria_store::Exchange) {
    exchange_mail(state, x, true, "mail-exchange-proposed-subject", "mail-exchange-proposed-body").await;
}

/// "Everyone confirmed", to every party.
pub async fn exchange_accepted(state: &AppState, x: &portineria_store::Exchange) {
    exchange_mail(state, x, false, "mail-exchange-accepted-subject", "mail-exchange-accepted-body").await;
}

/// A week between two mails of new matches.
pub const DIGEST_DAYS: i64 = 7;

/// The weekly mail of new matches, to each person who asked for it and whose
/// week has passed: for each of their open listings, the counterparts posted
/// since the last mail that rank among its five best, with the reasons.
/// Nothing is sent when nothing is new. Returns how many mails went out.
pub async fn send_match_digests(state: &AppState, now: i64) -> usize {
    let cutoff = now - DIGEST_DAYS * 86_400;
    let due = match state.store.digests_due(cutoff).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "could not list the match digests due");
            return 0;
        }
    };
    let mut sent = 0;
    for (account_id, since) in due {
        match digest_for(state, account_id, since, cutoff, now).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, account_id, "could not prepare a match digest"),
        }
    }
    sent
}

async fn digest_for(
    state: &AppState,
    account_id: i64,
    since: i64,
    cutoff: i64,
    now: i64,
) -> Result<bool, crate::http::error::AppError> {
    if !state.store.claim_digest(account_id, cutoff, now).await? {
        return Ok(false);
    }
    let Some(account) = state.store.account(account_id).await? else { return Ok(false) };
    let tr = tr_for(state, &account);
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
            let reasons: Vec<String> = m.reasons.iter().map(|r| crate::listings::words::reason_in(&tr, r)).collect();
            lines.push(tr.tn(
                "mail-digest-line",
                &[
                    ("mine", l.title.clone()),
                    ("theirs", c.title.clone()),
                    ("why", reasons.join(", ")),
                    ("link", format!("{}/listings/{}", base(state), l.id)),
                ],
            ));
        }
    }
    if lines.is_empty() {
        return Ok(false);
    }
    let body = tr.tn(
        "mail-digest-body",
        &[
            ("name", account.display_name.clone()),
            ("lines", lines.join("\n")),
            ("link", format!("{}/profile", base(state))),
        ],
    );
    send(state, &account.email, &tr.t("mail-digest-subject"), &body).await;
    Ok(true)
}

/// The first session's date and time, and where, as a mail shows them.
async fn event_when_where(state: &AppState, e: &portineria_store::Event) -> (String, String) {
    let when = Timestamp::from_second(e.starts_at).map(crate::http::fmt::date_time).unwrap_or_default();
    let place = match e.sessions.first() {
        Some(s) => state.store.site(s.site_id).await.ok().flatten().map(|s| s.name).unwrap_or_default(),
        None => String::new(),
    };
    (when, place)
}

/// One mail about an event to the person of an enrolment.
async fn enrolment_mail(
    state: &AppState,
    e: &portineria_store::Event,
    account_id: i64,
    key: &str,
    position: Option<i64>,
) {
    let Ok(Some(account)) = state.store.account(account_id).await else { return };
    let tr = tr_for(state, &account);
    let (when, site) = event_when_where(state, e).await;
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
    send(state, &account.email, &tr.t1(&format!("mail-{key}-subject"), "event", e.title.clone()), &body).await;
}

/// "You are enrolled" or "you are on the waiting list", after a request.
pub async fn enrolment_made(state: &AppState, e: &portineria_store::Event, n: &portineria_store::Enrolment) {
    let key = match n.status {
        portineria_domain::programme::EnrolmentStatus::Enrolled => "enrolled",
        _ => "waitlisted",
    };
    enrolment_mail(state, e, n.account_id, key, n.position).await;
}

/// "A place freed up: you are in", to each person moved up.
pub async fn enrolments_promoted(
    state: &AppState,
    e: &portineria_store::Event,
    promoted: &[portineria_store::Enrolment],
) {
    for n in promoted {
        enrolment_mail(state, e, n.account_id, "promoted", None).await;
    }
}

/// "The event is cancelled", to everyone who was enrolled or waiting.
pub async fn event_cancelled(state: &AppState, e: &portineria_store::Event, told: &[portineria_store::Enrolment]) {
    for n in told {
        enrolment_mail(state, e, n.account_id, "event-cancelled", None).await;
    }
}

/// Reminds the people enrolled in sessions starting within the next day;
/// each session once, whichever server gets there first. Returns how many
/// mails went out.
pub async fn remind_sessions(state: &AppState, now: i64) -> usize {
    let due = match state.store.sessions_to_remind(now, now + 86_400).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "could not list the sessions to remind");
            return 0;
        }
    };
    let mut sent = 0;
    for s in due {
        if !matches!(state.store.claim_session_reminder(s.id, now).await, Ok(true)) {
            continue;
        }
        let (Ok(Some(e)), Ok(roster)) =
            (state.store.event(s.event_id).await, state.store.event_roster(s.event_id).await)
        else {
            continue;
        };
        let mut e = e;
        // The mail speaks of this session.
        e.starts_at = s.start;
        e.sessions.retain(|x| x.id == s.id);
        for a in roster.iter().filter(|a| a.enrolment.status == portineria_domain::programme::EnrolmentStatus::Enrolled)
        {
            enrolment_mail(state, &e, a.enrolment.account_id, "event-reminder", None).await;
            sent += 1;
        }
    }
    sent
}
