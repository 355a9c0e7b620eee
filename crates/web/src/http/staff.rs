//! What the managers' pages share: the hubs a person manages and the hub a
//! page is about.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::state::AppState;
use portineria_domain::policy::{Action, allows};
use portineria_store::Hub;

#[derive(serde::Deserialize, Default)]
pub struct HubParams {
    pub hub: Option<String>,
    pub done: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub day: Option<String>,
}

/// The hubs this person manages (every hub for an administrator).
pub async fn managed(state: &AppState, ctx: &Ctx) -> AppResult<Vec<Hub>> {
    let user = ctx.user()?;
    let index = state.sites().await?;
    let hubs: Vec<Hub> = index.hubs.iter().filter(|h| user.roles.manages(h.id)).cloned().collect();
    if hubs.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(hubs)
}

/// The hub a page is about: the one asked for (if managed) or the first.
pub fn pick(hubs: &[Hub], asked: Option<&str>) -> AppResult<Hub> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        None => hubs.first().cloned().ok_or(AppError::Forbidden),
        Some(s) => {
            let id: i64 = s.parse().map_err(|_| AppError::BadRequest("malformed"))?;
            hubs.iter().find(|h| h.id == id).cloned().ok_or(AppError::Forbidden)
        }
    }
}

pub fn require(ctx: &Ctx, action: Action) -> AppResult<()> {
    ctx.user()?;
    if allows(&ctx.roles(), action) { Ok(()) } else { Err(AppError::Forbidden) }
}
