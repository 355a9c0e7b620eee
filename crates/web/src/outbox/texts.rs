//! The texts of the mails.
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
use portineria_app::outbox::{self, About, Gathered};
use portineria_store::{Account, Booking, MailKind, OutboxMail};

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

fn data_i64(m: &OutboxMail, key: &str) -> Option<i64> {
    m.data.get(key).and_then(|v| v.as_i64())
}

/// Renders a queued mail for its recipient, in their language.
pub async fn render(state: &AppState, m: &OutboxMail) -> Result<Render, AppError> {
    let (account, about) = match outbox::gather(&state.app, m).await? {
        Gathered::Mail { account, about } => (account, about),
        Gathered::Gone(why) => return Ok(Render::Gone(why)),
    };
    let tr = tr_for(state, &account);
    let base = base(state);
    let name = account.display_name.clone();
    let (subject, body) = match *about {
        About::Booking { booking, place, site } => {
            let key = if m.kind == MailKind::BookingConfirmed { "booking-confirmed" } else { "booking-cancelled" };
            let body = tr.tn(
                &format!("mail-{key}-body"),
                &[
                    ("name", name),
                    ("place", place.name.clone()),
                    ("site", site),
                    ("when", when(&booking)),
                    ("link", format!("{base}/me/bookings")),
                ],
            );
            (tr.t1(&format!("mail-{key}-subject"), "place", place.name.clone()), body)
        }
        About::Voucher(v) => {
            let body = tr.tn(
                "mail-voucher-low-body",
                &[
                    ("name", name),
                    ("plan", v.plan_name.clone()),
                    ("left", hours(data_i64(m, "left").unwrap_or(v.balance_minutes))),
                    ("total", hours(v.minutes_total)),
                    ("link", format!("{base}/me/passes")),
                ],
            );
            (tr.t1("mail-voucher-low-subject", "plan", v.plan_name.clone()), body)
        }
        About::Pass(p) => {
            let until = Timestamp::from_second(p.valid_until).map(crate::fmt::date_time).unwrap_or_default();
            let body = tr.tn(
                "mail-pass-expiring-body",
                &[
                    ("name", name),
                    ("plan", p.plan_name.clone()),
                    ("until", until),
                    ("link", format!("{base}/me/passes")),
                ],
            );
            (tr.t1("mail-pass-expiring-subject", "plan", p.plan_name.clone()), body)
        }
        About::Listing(l) => {
            let expires = data_i64(m, "expires_at").unwrap_or(l.expires_at);
            let until = Timestamp::from_second(expires).map(crate::fmt::date_time).unwrap_or_default();
            let body = tr.tn(
                "mail-listing-expiring-body",
                &[
                    ("name", name),
                    ("title", l.title.clone()),
                    ("until", until),
                    ("link", format!("{base}/listings/{}", l.id)),
                ],
            );
            (tr.t1("mail-listing-expiring-subject", "title", l.title.clone()), body)
        }
        About::Exchange(x) => {
            let key = if m.kind == MailKind::ExchangeProposed { "exchange-proposed" } else { "exchange-accepted" };
            let proposer =
                x.parties.iter().find(|p| Some(p.account_id) == x.proposed_by).map(|p| p.display_name.clone());
            let deadline = Timestamp::from_second(x.deadline).map(crate::fmt::date_time).unwrap_or_default();
            let body = tr.tn(
                &format!("mail-{key}-body"),
                &[
                    ("name", name),
                    ("proposer", proposer.unwrap_or_default()),
                    ("what", exchange_summary(&tr, &x)),
                    ("deadline", deadline),
                    ("link", format!("{base}/exchanges/{}", x.id)),
                ],
            );
            (tr.t1(&format!("mail-{key}-subject"), "id", x.id.to_string()), body)
        }
        About::Digest(lines) => {
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
                            ("link", format!("{base}/listings/{}", l.mine_id)),
                        ],
                    )
                })
                .collect();
            let body = tr.tn(
                "mail-digest-body",
                &[("name", name), ("lines", lines.join("\n")), ("link", format!("{base}/profile"))],
            );
            (tr.t("mail-digest-subject"), body)
        }
        About::Event { event, site } => {
            let key = match m.kind {
                MailKind::Enrolled => "enrolled",
                MailKind::Waitlisted => "waitlisted",
                MailKind::Promoted => "promoted",
                MailKind::EventCancelled => "event-cancelled",
                _ => "event-reminder",
            };
            enrolment_mail(&tr, &base, &name, &event, &site, key, data_i64(m, "position"))
        }
        About::Reset { token } => {
            let link = format!("{base}/password/reset?token={token}");
            (tr.t("mail-reset-subject"), tr.t2("mail-reset-body", "name", name, "link", link))
        }
    };
    Ok(Render::Mail(Rendered { to: account.email.clone(), subject, body }))
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
fn enrolment_mail(
    tr: &Tr,
    base: &str,
    name: &str,
    e: &portineria_store::Event,
    site: &str,
    key: &str,
    position: Option<i64>,
) -> (String, String) {
    let when = Timestamp::from_second(e.starts_at).map(crate::fmt::date_time).unwrap_or_default();
    let body = tr.tn(
        &format!("mail-{key}-body"),
        &[
            ("name", name.to_owned()),
            ("event", e.title.clone()),
            ("when", when),
            ("site", site.to_owned()),
            ("position", position.unwrap_or(0).to_string()),
            ("link", format!("{base}/events/{}", e.id)),
            ("mine", format!("{base}/me/enrolments")),
        ],
    );
    (tr.t1(&format!("mail-{key}-subject"), "event", e.title.clone()), body)
}
