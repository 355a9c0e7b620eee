//! `/api/v1` accounts, tokens, roles and the audit log.

use super::types::*;
use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::paging;
use crate::http::types::*;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_app::accounts::{self, RoleTarget, SignUp};
use portineria_domain::cursor::page_limit;
use portineria_domain::policy::Grant;
use portineria_domain::{FieldError, FieldErrors};
use serde::Deserialize;
use utoipa::IntoParams;

fn role_json(g: Grant) -> RoleJson {
    let (role, hub_id, site_id) = match g {
        Grant::Admin => ("admin", None, None),
        Grant::Manager { hub } => ("manager", Some(hub), None),
        Grant::Member { hub } => ("member", Some(hub), None),
        Grant::Host { hub, site } => ("host", Some(hub), Some(site)),
    };
    RoleJson { role: role.into(), hub_id, site_id }
}

fn time(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map(|t| t.to_string()).unwrap_or_default()
}

#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = SignupBody,
    responses((status = 201, body = AccountJson), (status = 422, body = ErrorBody)))]
/// Signs up (becomes a resident of the network).
pub async fn signup(State(state): State<AppState>, ctx: Ctx, Json(b): Json<SignupBody>) -> AppResult<Response> {
    let s = SignUp {
        display_name: b.display_name,
        email: b.email,
        password: b.password,
        locale: ctx.lang().code().to_owned(),
    };
    let a = accounts::sign_up(&state.app, &ctx.caller(), s).await?;
    let body = AccountJson { id: a.id, email: a.email, display_name: a.display_name, locale: a.locale, roles: vec![] };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[utoipa::path(post, path = "/api/v1/auth/tokens", tag = "accounts", request_body = TokenRequest,
    responses((status = 201, body = TokenCreated), (status = 409, body = ErrorBody, description = "wrong address or password"),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
/// Signs in with address and password and returns a new API token (rate-limited).
pub async fn sign_in(State(state): State<AppState>, ctx: Ctx, Json(b): Json<TokenRequest>) -> AppResult<Response> {
    let (t, secret) = accounts::sign_in_for_token(&state.app, &ctx.caller(), &b.email, &b.password, &b.name).await?;
    Ok((StatusCode::CREATED, Json(TokenCreated { id: t.id, name: t.name, token: secret })).into_response())
}

#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = AccountJson), (status = 401, body = ErrorBody)))]
/// The signed-in account and its roles.
pub async fn me(ctx: Ctx) -> AppResult<Json<AccountJson>> {
    let u = ctx.user()?;
    Ok(Json(AccountJson {
        id: u.account.id,
        email: u.account.email.clone(),
        display_name: u.account.display_name.clone(),
        locale: u.account.locale.clone(),
        roles: u.roles.grants.iter().copied().map(role_json).collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/me/export", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = serde_json::Value, description = "everything stored about the account"), (status = 401, body = ErrorBody)))]
/// All data held about the signed-in person (GDPR art. 15 and 20).
pub async fn export(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<serde_json::Value>> {
    Ok(Json(accounts::export(&state.app, &ctx.caller()).await?))
}

#[utoipa::path(delete, path = "/api/v1/me", tag = "accounts", request_body = PasswordBody, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Erases the signed-in account (GDPR art. 17); the password confirms it.
pub async fn erase(State(state): State<AppState>, ctx: Ctx, Json(b): Json<PasswordBody>) -> AppResult<StatusCode> {
    accounts::erase(&state.app, &ctx.caller(), &b.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "accounts", params(PageParams), security(("bearer" = [])),
    responses((status = 200, body = TokenPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn tokens(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<PageParams>,
) -> AppResult<Json<TokenPage>> {
    let list = accounts::tokens(&state.app, &ctx.caller()).await?;
    let (page, next) = paging::by_offset(list, p.cursor.as_deref(), paging::parse_limit(p.limit.as_deref())?)?;
    Ok(Json(TokenPage {
        items: page
            .into_iter()
            .map(|t| TokenJson {
                id: t.id,
                name: t.name,
                created_at: time(t.created_at),
                last_used_at: t.last_used_at.map(time),
            })
            .collect(),
        next_cursor: next,
    }))
}

#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "accounts", request_body = TokenNameBody, security(("bearer" = [])),
    responses((status = 201, body = TokenCreated), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<TokenNameBody>,
) -> AppResult<Response> {
    let (t, secret) = accounts::create_token(&state.app, &ctx.caller(), &b.name).await?;
    Ok((StatusCode::CREATED, Json(TokenCreated { id: t.id, name: t.name, token: secret })).into_response())
}

#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "accounts", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_token(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<StatusCode> {
    accounts::revoke_token(&state.app, &ctx.caller(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/password-resets", tag = "accounts", request_body = ResetRequestBody,
    responses((status = 202, body = Ok, description = "a link is mailed if the address has an account"),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn request_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<ResetRequestBody>,
) -> AppResult<Response> {
    portineria_app::accounts::request_password_reset(&state.app, &ctx.caller(), &b.email).await?;
    Ok((StatusCode::ACCEPTED, Json(Ok { ok: true })).into_response())
}

#[utoipa::path(post, path = "/api/v1/password-resets/confirm", tag = "accounts", request_body = ResetConfirmBody,
    responses((status = 200, body = Ok), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Sets a new password with the mailed one-time token; every session ends.
pub async fn confirm_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(b): Json<ResetConfirmBody>,
) -> AppResult<Json<Ok>> {
    accounts::reset_password(&state.app, &ctx.caller(), &b.token, &b.password).await?;
    Ok(Json(Ok { ok: true }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RolesParams {
    /// A hub (managers); omit for the whole network (admins).
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

#[utoipa::path(get, path = "/api/v1/roles", tag = "roles", params(RolesParams), security(("bearer" = [])),
    responses((status = 200, body = RolePage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
/// Who holds which role, in a hub or the network, by address.
pub async fn roles(State(state): State<AppState>, ctx: Ctx, Query(p): Query<RolesParams>) -> AppResult<Json<RolePage>> {
    ctx.user()?;
    let hub = opt_id("hub", p.hub.as_deref())?;
    let rows = accounts::roles_in(&state.app, &ctx.caller(), hub).await?;
    let (page, next) = paging::by_offset(rows, p.cursor.as_deref(), paging::parse_limit(p.limit.as_deref())?)?;
    Ok(Json(RolePage {
        items: page
            .into_iter()
            .map(|(a, g)| PersonRoleJson {
                account_id: a.id,
                email: a.email,
                display_name: a.display_name,
                role: role_json(g),
            })
            .collect(),
        next_cursor: next,
    }))
}

fn role_change(b: RoleChange) -> accounts::RoleChange {
    accounts::RoleChange { email: b.email, target: RoleTarget { role: b.role, hub: b.hub_id, site: b.site_id } }
}

#[utoipa::path(post, path = "/api/v1/roles", tag = "roles", request_body = RoleChange, security(("bearer" = [])),
    responses((status = 201, body = Ok), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Gives a role to a signed-up person.
pub async fn add_role(State(state): State<AppState>, ctx: Ctx, Json(b): Json<RoleChange>) -> AppResult<Response> {
    accounts::add_role(&state.app, &ctx.caller(), &role_change(b)).await?;
    Ok((StatusCode::CREATED, Json(Ok { ok: true })).into_response())
}

#[utoipa::path(delete, path = "/api/v1/roles", tag = "roles", request_body = RoleChange, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Takes a role away.
pub async fn remove_role(State(state): State<AppState>, ctx: Ctx, Json(b): Json<RoleChange>) -> AppResult<StatusCode> {
    accounts::remove_role(&state.app, &ctx.caller(), &role_change(b)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub hub: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "roles", params(AuditParams), security(("bearer" = [])),
    responses((status = 200, body = AuditPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
/// Who changed what, newest first (a hub's managers; the whole network for admins).
pub async fn audit(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<AuditParams>,
) -> AppResult<Json<AuditPage>> {
    ctx.user()?;
    let hub = opt_id("hub", p.hub.as_deref())?;
    let caller = ctx.caller();
    let log = accounts::audit_log(&state.app, &caller, hub)?;
    let before = paging::after_id(p.cursor.as_deref())?;
    let limit = page_limit(paging::parse_limit(p.limit.as_deref())?);
    let rows = log.entries(before, limit + 1).await?;
    let (rows, next) = paging::keyset(rows, limit, |e| e.id);
    Ok(Json(AuditPage { items: rows.into_iter().map(AuditJson::from).collect(), next_cursor: next }))
}
