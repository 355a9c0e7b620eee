//! Accounts: sign-up, sign-in, sign-out, password reset, profile, API
//! tokens, data export and erasure.

use crate::accounts::auth;
use crate::http::ctx::{Ctx, FormData, SESSION_COOKIE, set_cookie};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::i18n::Tr;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portineria_domain::policy::Grant;
use portineria_domain::validate as v;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::NewAccount;

const RESET_SECONDS: i64 = 3600;

fn session_cookie(ctx: &Ctx, token: &str, max_age: i64) -> HeaderValue {
    set_cookie(SESSION_COOKIE, token, Some(max_age), true, ctx.secure)
}

/// A validated sign-up.
pub struct SignUp {
    pub display_name: String,
    pub email: String,
    pub password: String,
}

pub fn validate_signup(display_name: &str, email: &str, password: &str) -> Result<SignUp, FieldErrors> {
    let mut errs = FieldErrors::new();
    let display_name = errs.take(v::required("display_name", display_name, 80));
    let email = errs.take(v::email("email", email));
    let password = errs.take(v::password("password", password));
    match (display_name, email, password) {
        (Some(display_name), Some(email), Some(password)) => Ok(SignUp { display_name, email, password }),
        _ => Err(errs),
    }
}

/// Creates the account (shared by the page and the API).
pub async fn create_account(state: &AppState, ctx: &Ctx, s: SignUp) -> AppResult<portineria_store::Account> {
    let password_hash = auth::hash_password(s.password).await?;
    let account = state
        .store
        .create_account(&NewAccount {
            email: s.email,
            display_name: s.display_name,
            password_hash,
            locale: ctx.lang().code().to_owned(),
            now: ctx.now.as_second(),
        })
        .await;
    match account {
        Err(portineria_store::StoreError::Conflict("email-taken")) => {
            Err(FieldErrors::from(FieldError::new("email", "email-taken")).into())
        }
        other => Ok(other?),
    }
}

#[derive(Template)]
#[template(path = "accounts/templates/signup.html")]
struct SignupPage {
    l: Layout,
    display_name: String,
    email: String,
    errors: Errors,
}

pub async fn signup_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let l = Layout::new(&state, &ctx, ctx.tr.t("signup-title"), "profile").await?;
    Ok(render(&SignupPage { l, display_name: String::new(), email: String::new(), errors: Errors::default() }))
}

pub async fn signup(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let (name, email) = (form.text("display_name"), form.text("email"));
    let result = match validate_signup(&name, &email, &form.text("password")) {
        Ok(s) => create_account(&state, &ctx, s).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(account) => {
            let token = auth::start_session(&state, &ctx, account.id).await?;
            let mut r = redirect("/profile?done=welcome");
            r.headers_mut().append(header::SET_COOKIE, session_cookie(&ctx, &token, state.config.session_seconds));
            Ok(r)
        }
        Err(AppError::Invalid(errs)) => {
            let l = Layout::new(&state, &ctx, ctx.tr.t("signup-title"), "profile").await?;
            let page = SignupPage { l, display_name: name, email, errors: Errors::from_fields(&ctx.tr, &errs) };
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "accounts/templates/login.html")]
struct LoginPage {
    l: Layout,
    email: String,
    next: String,
    error: Option<String>,
    message: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct LoginParams {
    next: Option<String>,
    done: Option<String>,
}

pub async fn login_form(State(state): State<AppState>, ctx: Ctx, Query(p): Query<LoginParams>) -> AppResult<Response> {
    let message = match p.done.as_deref() {
        Some("password-changed") => Some(ctx.tr.t("notice-password-changed")),
        Some("erased") => Some(ctx.tr.t("notice-erased")),
        _ => None,
    };
    let page = LoginPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("login-title"), "profile").await?,
        email: String::new(),
        next: fmt::safe_next(p.next.as_deref()),
        error: None,
        message,
    };
    Ok(render(&page))
}

pub async fn login(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let email = form.text("email");
    let next = fmt::safe_next(form.get("next"));
    match auth::sign_in(&state, &ctx, &email, &form.text("password")).await {
        Ok(account) => {
            let token = auth::start_session(&state, &ctx, account.id).await?;
            let mut r = redirect(&next);
            r.headers_mut().append(header::SET_COOKIE, session_cookie(&ctx, &token, state.config.session_seconds));
            // The account's language follows the person.
            if let Some(lang) = crate::http::i18n::Lang::parse(&account.locale) {
                r.headers_mut().append(
                    header::SET_COOKIE,
                    set_cookie(crate::http::ctx::LANG_COOKIE, lang.code(), Some(365 * 86_400), false, ctx.secure),
                );
            }
            Ok(r)
        }
        Err(e @ (AppError::Conflict(_) | AppError::TooManyRequests)) => {
            let status = if matches!(e, AppError::TooManyRequests) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNAUTHORIZED
            };
            let page = LoginPage {
                l: Layout::new(&state, &ctx, ctx.tr.t("login-title"), "profile").await?,
                email,
                next,
                error: Some(ctx.tr.t(&e.message_id())),
                message: None,
            };
            Ok(render_status(&page, status))
        }
        Err(e) => Err(e),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    _form: FormData,
) -> AppResult<Response> {
    if let Some(token) = crate::http::ctx::cookie(&headers, SESSION_COOKIE) {
        state.store.delete_session(&auth::hash_token(token)).await?;
    }
    let mut r = redirect("/");
    r.headers_mut().append(header::SET_COOKIE, session_cookie(&ctx, "", 0));
    Ok(r)
}

#[derive(Template)]
#[template(path = "accounts/templates/forgot.html")]
struct ForgotPage {
    l: Layout,
    email: String,
    sent: bool,
    error: Option<String>,
}

pub async fn forgot_form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let l = Layout::new(&state, &ctx, ctx.tr.t("forgot-title"), "profile").await?;
    Ok(render(&ForgotPage { l, email: String::new(), sent: false, error: None }))
}

/// Mails a one-time link if the address has an account; says the same either way.
pub async fn request_password_reset(state: &AppState, ctx: &Ctx, email: &str) -> AppResult<()> {
    let email = v::email("email", email)?;
    let now = ctx.now.as_second();
    let client_key = format!("reset-client:{}", ctx.client);
    let account_key = format!("reset-account:{email}");
    if state.store.login_failures(&client_key, now - 900).await? >= 10
        || state.store.login_failures(&account_key, now - 900).await? >= 3
    {
        return Err(AppError::TooManyRequests);
    }
    state.store.record_login_failure(&[&client_key, &account_key], now).await?;
    if let Some(account) = state.store.account_by_email(&email).await? {
        // The mail with the link is queued with the token.
        let token = auth::random_token();
        let hash = auth::hash_token(&token);
        state.store.create_password_reset(&hash, &token, account.id, now, now + RESET_SECONDS).await?;
    }
    Ok(())
}

pub async fn forgot(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let email = form.text("email");
    let l = Layout::new(&state, &ctx, ctx.tr.t("forgot-title"), "profile").await?;
    match request_password_reset(&state, &ctx, &email).await {
        Ok(()) => Ok(render(&ForgotPage { l, email, sent: true, error: None })),
        Err(AppError::Invalid(errs)) => {
            let error = errs.0.first().map(|e| ctx.tr.field_error(e));
            Ok(render_status(&ForgotPage { l, email, sent: false, error }, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(AppError::TooManyRequests) => {
            let error = Some(ctx.tr.t("error-rate-limited"));
            Ok(render_status(&ForgotPage { l, email, sent: false, error }, StatusCode::TOO_MANY_REQUESTS))
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "accounts/templates/reset.html")]
struct ResetPage {
    l: Layout,
    token: String,
    error: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct TokenParam {
    token: Option<String>,
}

pub async fn reset_form(State(state): State<AppState>, ctx: Ctx, Query(p): Query<TokenParam>) -> AppResult<Response> {
    let l = Layout::new(&state, &ctx, ctx.tr.t("reset-title"), "profile").await?;
    Ok(render(&ResetPage { l, token: p.token.unwrap_or_default(), error: None }))
}

/// Sets a new password with a reset token (shared by the page and the API).
pub async fn complete_password_reset(state: &AppState, ctx: &Ctx, token: &str, password: &str) -> AppResult<()> {
    let password = v::password("password", password)?;
    let hash = auth::hash_password(password).await?;
    match state.store.consume_password_reset(&auth::hash_token(token.trim()), ctx.now.as_second(), &hash).await? {
        Some(_) => Ok(()),
        None => Err(AppError::Conflict("reset-token-invalid")),
    }
}

pub async fn reset(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let token = form.text("token");
    match complete_password_reset(&state, &ctx, &token, &form.text("password")).await {
        Ok(()) => Ok(redirect("/login?done=password-changed")),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let error = match &e {
                AppError::Invalid(errs) => errs.0.first().map(|f| ctx.tr.field_error(f)),
                other => Some(ctx.tr.t(&other.message_id())),
            };
            let l = Layout::new(&state, &ctx, ctx.tr.t("reset-title"), "profile").await?;
            Ok(render_status(&ResetPage { l, token, error }, e.status()))
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "accounts/templates/profile.html")]
struct ProfilePage {
    l: Layout,
    display_name: String,
    email: String,
    roles: Vec<String>,
    /// (name, id, created, last used)
    tokens: Vec<(String, i64, String, String)>,
    new_token: Option<String>,
    /// A calendar link just made (shown once).
    feed_url: Option<String>,
    /// Opted in to the weekly mail of new matches.
    digest: bool,
    notice: Option<String>,
    errors: Errors,
}

pub async fn role_label(state: &AppState, tr: &Tr, g: &Grant) -> String {
    let hub_name =
        |id: i64| async move { state.store.hub(id).await.ok().flatten().map(|h| h.name).unwrap_or_default() };
    match g {
        Grant::Admin => tr.t("role-admin"),
        Grant::Manager { hub } => tr.t1("role-manager-of", "hub", hub_name(*hub).await),
        Grant::Member { hub } => tr.t1("role-member-of", "hub", hub_name(*hub).await),
        Grant::Host { site, .. } => {
            let site = state.store.site(*site).await.ok().flatten().map(|s| s.name).unwrap_or_default();
            tr.t1("role-host-of", "site", site)
        }
    }
}

async fn profile_page(
    state: &AppState,
    ctx: &Ctx,
    new_token: Option<String>,
    notice: Option<String>,
    errors: Errors,
    display_name: Option<String>,
) -> AppResult<ProfilePage> {
    let user = ctx.user()?;
    let mut roles = Vec::new();
    for g in &user.roles.grants {
        roles.push(role_label(state, &ctx.tr, g).await);
    }
    let tokens = state
        .store
        .api_tokens(user.account.id)
        .await?
        .into_iter()
        .map(|t| {
            let last = t.last_used_at.map(fmt::date_time_secs).unwrap_or_else(|| ctx.tr.t("never"));
            (t.name, t.id, fmt::date_time_secs(t.created_at), last)
        })
        .collect();
    Ok(ProfilePage {
        l: Layout::new(state, ctx, ctx.tr.t("profile-title"), "profile").await?,
        display_name: display_name.unwrap_or_else(|| user.account.display_name.clone()),
        email: user.account.email.clone(),
        roles,
        tokens,
        new_token,
        feed_url: None,
        digest: state.store.match_digest(user.account.id).await?,
        notice,
        errors,
    })
}

#[derive(serde::Deserialize)]
pub struct DoneParam {
    done: Option<String>,
}

pub async fn profile(State(state): State<AppState>, ctx: Ctx, Query(p): Query<DoneParam>) -> AppResult<Response> {
    let notice = match p.done.as_deref() {
        Some("welcome") => Some(ctx.tr.t("notice-welcome")),
        Some("saved") => Some(ctx.tr.t("notice-saved")),
        Some("token-revoked") => Some(ctx.tr.t("notice-token-revoked")),
        Some("digest-on") => Some(ctx.tr.t("notice-digest-on")),
        Some("digest-off") => Some(ctx.tr.t("notice-digest-off")),
        _ => None,
    };
    Ok(render(&profile_page(&state, &ctx, None, notice, Errors::default(), None).await?))
}

pub async fn update_profile(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let user = ctx.user()?;
    let name = form.text("display_name");
    match v::required("display_name", &name, 80) {
        Ok(n) => {
            state.store.update_profile(user.account.id, &n).await?;
            Ok(redirect("/profile?done=saved"))
        }
        Err(e) => {
            let errors = Errors::one("display_name", ctx.tr.field_error(&e));
            let page = profile_page(&state, &ctx, None, None, errors, Some(name)).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

/// Creates an API token for the signed-in person; the secret is shown once.
pub async fn issue_token(
    state: &AppState,
    account_id: i64,
    name: &str,
    now: i64,
) -> AppResult<(portineria_store::ApiToken, String)> {
    let name = v::required("name", name, 80)?;
    let secret = auth::new_api_token();
    let token = state.store.create_api_token(account_id, &name, &auth::hash_token(&secret), now).await?;
    Ok((token, secret))
}

pub async fn create_token(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let user = ctx.user()?;
    match issue_token(&state, user.account.id, &form.text("name"), ctx.now.as_second()).await {
        Ok((_, secret)) => Ok(render(&profile_page(&state, &ctx, Some(secret), None, Errors::default(), None).await?)),
        Err(AppError::Invalid(errs)) => {
            let errors = Errors(errs.0.iter().map(|f| ("name".to_owned(), ctx.tr.field_error(f))).collect());
            let page = profile_page(&state, &ctx, None, None, errors, None).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

/// Makes the personal calendar link and shows it once.
pub async fn create_calendar_feed(State(state): State<AppState>, ctx: Ctx, _form: FormData) -> AppResult<Response> {
    let secret = portineria_app::bookings::new_feed(&state.app, &ctx.caller()).await?;
    let url = crate::bookings::feeds::personal_url(&state, &secret);
    let mut page = profile_page(&state, &ctx, None, None, Errors::default(), None).await?;
    page.feed_url = Some(url);
    Ok(render(&page))
}

/// Opts in or out of the weekly mail of new matches.
pub async fn set_digest(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let user = ctx.user()?;
    let on = form.checked("digest");
    state.store.set_match_digest(user.account.id, on, ctx.now.as_second()).await?;
    Ok(redirect(if on { "/profile?done=digest-on" } else { "/profile?done=digest-off" }))
}

pub async fn delete_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _form: FormData,
) -> AppResult<Response> {
    let user = ctx.user()?;
    state.store.delete_api_token(user.account.id, id).await?;
    Ok(redirect("/profile?done=token-revoked"))
}

pub async fn export(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user()?;
    let data = state.store.export_account(user.account.id).await?;
    let body = serde_json::to_string_pretty(&data).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"portineria-my-data.json\""));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// Erases the signed-in account after checking its password.
pub async fn erase_account(state: &AppState, account_id: i64, password: &str) -> AppResult<()> {
    let hash = state.store.password_hash(account_id).await?.ok_or(AppError::NotFound)?;
    if !auth::verify_password(password.to_owned(), hash).await {
        return Err(FieldErrors::from(FieldError::new("password", "password-wrong")).into());
    }
    state.store.erase_account(account_id).await?;
    Ok(())
}

pub async fn erase(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let user = ctx.user()?;
    match erase_account(&state, user.account.id, &form.text("password")).await {
        Ok(()) => {
            let mut r = redirect("/login?done=erased");
            r.headers_mut().append(header::SET_COOKIE, session_cookie(&ctx, "", 0));
            Ok(r)
        }
        Err(AppError::Invalid(errs)) => {
            let errors = Errors::from_fields(&ctx.tr, &errs);
            let page = profile_page(&state, &ctx, None, None, errors, None).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}
