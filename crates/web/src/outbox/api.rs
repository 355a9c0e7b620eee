//! `/api/v1/mail`: mail that could not be sent, for managers: the list and
//! "send again", over `portineria_app::outbox`.

use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::paging;
use crate::http::types::ErrorBody;
use crate::outbox::words::kind_label;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use portineria_app::outbox;
use portineria_domain::cursor::page_limit;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::UndeliveredMail;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

fn rfc3339(t: Option<i64>) -> Option<String> {
    t.and_then(|s| jiff::Timestamp::from_second(s).ok()).map(|t| t.to_string())
}

#[derive(Serialize, ToSchema)]
pub struct MailJson {
    pub id: i64,
    /// `booking.confirmed`, `booking.cancelled`, `voucher.low`, `pass.expiring`, `listing.expiring`,
    /// `exchange.proposed`, `exchange.accepted`, `match.digest`, `enrolment.enrolled`,
    /// `enrolment.waitlisted`, `enrolment.promoted`, `event.cancelled`, `event.reminder`, `password.reset`.
    pub kind: String,
    /// What the kind says in the caller's language.
    pub kind_label: String,
    pub account_id: i64,
    pub recipient: String,
    pub recipient_name: String,
    /// The booking, voucher, pass, listing, exchange, enrolment, event, session or account it is about.
    pub subject_id: i64,
    pub hub_id: Option<i64>,
    /// `waiting` (tried again by itself) or `failed` (given up: only a retry sends it).
    pub status: String,
    /// Failed attempts so far.
    pub attempts: i64,
    pub last_error: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// When it is tried next (absent once given up).
    pub next_attempt_at: Option<String>,
    pub failed_at: Option<String>,
}

impl MailJson {
    pub fn new(ctx: &Ctx, u: &UndeliveredMail) -> MailJson {
        let m = &u.mail;
        MailJson {
            id: m.id,
            kind: m.kind.as_str().to_owned(),
            kind_label: kind_label(&ctx.tr, m),
            account_id: m.account_id,
            recipient: u.email.clone(),
            recipient_name: u.display_name.clone(),
            subject_id: m.subject_id,
            hub_id: m.hub_id,
            status: if m.failed_at.is_some() { "failed" } else { "waiting" }.to_owned(),
            attempts: m.attempts,
            last_error: m.last_error.clone(),
            created_at: rfc3339(Some(m.created_at)).unwrap_or_default(),
            next_attempt_at: if m.failed_at.is_some() { None } else { rfc3339(Some(m.next_attempt_at)) },
            failed_at: rfc3339(m.failed_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MailPage {
    pub items: Vec<MailJson>,
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UndeliveredParams {
    /// One hub's mail (its managers); without it, every hub the caller
    /// manages (admins: all mail, that of no hub included).
    pub hub: Option<String>,
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<String>,
}

fn opt_id(name: &str, v: Option<&str>) -> AppResult<Option<i64>> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| FieldErrors::from(FieldError::new(name, "number")).into()),
    }
}

#[utoipa::path(get, path = "/api/v1/mail/undelivered", tag = "mail", params(UndeliveredParams), security(("bearer" = [])),
    responses((status = 200, body = MailPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Mail not sent, newest first: waiting after a failed attempt, or given
/// up. Managers see their hubs'; admins all.
pub async fn list_undelivered(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<UndeliveredParams>,
) -> AppResult<Json<MailPage>> {
    ctx.user()?;
    let hub = opt_id("hub", p.hub.as_deref())?;
    let limit = page_limit(paging::parse_limit(p.limit.as_deref())?);
    let before = paging::after_id(p.cursor.as_deref())?;
    let rows = outbox::undelivered(&state.app, &ctx.caller(), hub, before, limit + 1).await?;
    let (rows, next_cursor) = paging::keyset(rows, limit, |m| m.mail.id);
    Ok(Json(MailPage { items: rows.iter().map(|u| MailJson::new(&ctx, u)).collect(), next_cursor }))
}

#[derive(Serialize, ToSchema)]
pub struct RetriedJson {
    pub id: i64,
    pub kind: String,
    /// RFC 3339, UTC: due now.
    pub next_attempt_at: String,
    pub attempts: i64,
}

#[utoipa::path(post, path = "/api/v1/mail/{id}/retry", tag = "mail", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = RetriedJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "mail-already-sent")))]
/// Sends a mail again (its hub's managers; admins): it is due at once,
/// whether it was waiting or given up.
pub async fn retry_mail(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<RetriedJson>> {
    let m = outbox::retry(&state.app, &ctx.caller(), id).await?;
    Ok(Json(RetriedJson {
        id: m.id,
        kind: m.kind.as_str().to_owned(),
        next_attempt_at: rfc3339(Some(m.next_attempt_at)).unwrap_or_default(),
        attempts: m.attempts,
    }))
}
