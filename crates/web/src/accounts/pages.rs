//! Accounts: sign-up, sign-in, sign-out, password reset, profile, API
//! tokens, data export and erasure, over `portineria_app::accounts`.

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
use portineria_app::accounts::{self, SignUp};
use portineria_domain::policy::Grant;

fn session_cookie(ctx: &Ctx, token: &str, max_age: i64) -> HeaderValue {
    set_cookie(SESSION_COOKIE, token, Some(max_age), true, ctx.secure)
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
    let s = SignUp {
        display_name: name.clone(),
        email: email.clone(),
        password: form.text("password"),
        locale: ctx.lang().code().to_owned(),
    };
    let caller = ctx.caller();
    match accounts::sign_up(&state.app, &caller, s).await.map_err(AppError::from) {
        Ok(account) => {
            let token = accounts::start_session(&state.app, &caller, account.id).await?;
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
    let caller = ctx.caller();
    match accounts::sign_in(&state.app, &caller, &email, &form.text("password")).await.map_err(AppError::from) {
        Ok(account) => {
            let token = accounts::start_session(&state.app, &caller, account.id).await?;
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
        accounts::sign_out(&state.app, token).await?;
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

pub async fn forgot(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let email = form.text("email");
    let l = Layout::new(&state, &ctx, ctx.tr.t("forgot-title"), "profile").await?;
    match portineria_app::accounts::request_password_reset(&state.app, &ctx.caller(), &email)
        .await
        .map_err(AppError::from)
    {
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

pub async fn reset(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let token = form.text("token");
    match accounts::reset_password(&state.app, &ctx.caller(), &token, &form.text("password"))
        .await
        .map_err(AppError::from)
    {
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

/// A role as a person reads it: "Manager of Bologna".
pub async fn role_label(state: &AppState, tr: &Tr, g: &Grant) -> String {
    let place = || accounts::grant_place_name(&state.app, g);
    match g {
        Grant::Admin => tr.t("role-admin"),
        Grant::Manager { .. } => tr.t1("role-manager-of", "hub", place().await),
        Grant::Member { .. } => tr.t1("role-member-of", "hub", place().await),
        Grant::Host { .. } => tr.t1("role-host-of", "site", place().await),
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
    let caller = ctx.caller();
    let mut roles = Vec::new();
    for g in &user.roles.grants {
        roles.push(role_label(state, &ctx.tr, g).await);
    }
    let tokens = accounts::tokens(&state.app, &caller)
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
        digest: portineria_app::exchanges::digest(&state.app, &caller).await?,
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
    let name = form.text("display_name");
    match accounts::update_profile(&state.app, &ctx.caller(), &name).await.map_err(AppError::from) {
        Ok(()) => Ok(redirect("/profile?done=saved")),
        Err(AppError::Invalid(errs)) => {
            let message = errs.0.first().map(|e| ctx.tr.field_error(e)).unwrap_or_default();
            let errors = Errors::one("display_name", message);
            let page = profile_page(&state, &ctx, None, None, errors, Some(name)).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e),
    }
}

pub async fn create_token(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    match accounts::create_token(&state.app, &ctx.caller(), &form.text("name")).await.map_err(AppError::from) {
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
    let on = form.checked("digest");
    portineria_app::exchanges::set_digest(&state.app, &ctx.caller(), on).await?;
    Ok(redirect(if on { "/profile?done=digest-on" } else { "/profile?done=digest-off" }))
}

pub async fn delete_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _form: FormData,
) -> AppResult<Response> {
    accounts::revoke_token(&state.app, &ctx.caller(), id).await?;
    Ok(redirect("/profile?done=token-revoked"))
}

pub async fn export(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let data = accounts::export(&state.app, &ctx.caller()).await?;
    let body = serde_json::to_string_pretty(&data).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"portineria-my-data.json\""));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

pub async fn erase(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    match accounts::erase(&state.app, &ctx.caller(), &form.text("password")).await.map_err(AppError::from) {
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
