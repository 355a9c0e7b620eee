//! `/manage/mail`: the mail that could not be sent (waiting for another
//! attempt, or given up), with "send again". Admins see all of it; a hub's
//! managers see their hubs'.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::paging;
use crate::http::render::{Layout, redirect, render};
use crate::outbox::words::kind_label;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use portineria_app::outbox;

/// One row as the page shows it.
pub struct MailRow {
    pub id: i64,
    pub kind: String,
    /// The hub whose managers see it; empty for mail of no hub.
    pub hub: String,
    pub recipient: String,
    pub email: String,
    pub attempts: i64,
    pub last_error: String,
    pub queued: String,
    /// When it is tried next; empty once given up.
    pub next_attempt: String,
    pub failed: bool,
}

#[derive(Template)]
#[template(path = "outbox/templates/mail.html")]
struct MailPage {
    l: Layout,
    rows: Vec<MailRow>,
    /// The hub shown, when one is (kept by "send again").
    hub: String,
    notice: Option<String>,
    next_url: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct MailParams {
    hub: Option<String>,
    cursor: Option<String>,
    done: Option<String>,
}

fn hub_param(s: Option<&str>) -> AppResult<Option<i64>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| AppError::BadRequest("malformed")),
    }
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(p): Query<MailParams>) -> AppResult<Response> {
    let hub = hub_param(p.hub.as_deref())?;
    let before = paging::after_id(p.cursor.as_deref())?;
    let found = outbox::undelivered(&state.app, &ctx.caller(), hub, before, 51).await?;
    let (found, next) = paging::keyset(found, 50, |m| m.mail.id);
    let index = state.sites().await?;
    let hub_names: std::collections::HashMap<i64, String> = index.hubs.iter().map(|h| (h.id, h.name.clone())).collect();
    let rows = found
        .iter()
        .map(|u| {
            let m = &u.mail;
            MailRow {
                id: m.id,
                kind: kind_label(&ctx.tr, m),
                hub: m.hub_id.and_then(|h| hub_names.get(&h).cloned()).unwrap_or_default(),
                recipient: u.display_name.clone(),
                email: u.email.clone(),
                attempts: m.attempts,
                last_error: m.last_error.clone().unwrap_or_default(),
                queued: fmt::date_time_secs(m.created_at),
                next_attempt: if m.failed_at.is_some() {
                    String::new()
                } else {
                    fmt::date_time_secs(m.next_attempt_at)
                },
                failed: m.failed_at.is_some(),
            }
        })
        .collect();
    let hub_q = hub.map(|h| format!("hub={h}&")).unwrap_or_default();
    let notice = p.done.as_deref().filter(|d| *d == "retried").map(|_| ctx.tr.t("notice-mail-retried"));
    let page = MailPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("manage-mail"), "manage").await?,
        rows,
        next_url: next.map(|c| format!("/manage/mail?{hub_q}cursor={c}")),
        hub: hub.map(|h| h.to_string()).unwrap_or_default(),
        notice,
    };
    Ok(render(&page))
}

/// "Send again", from the page; back to the list.
pub async fn retry(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    outbox::retry(&state.app, &ctx.caller(), id).await?;
    let hub = hub_param(Some(&form.text("hub")))?;
    let hub_q = hub.map(|h| format!("hub={h}&")).unwrap_or_default();
    Ok(redirect(&format!("/manage/mail?{hub_q}done=retried")))
}
