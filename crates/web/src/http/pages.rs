//! Public pages: home, map, directory, hubs, sites, places.

use crate::http::ctx::{Ctx, LANG_COOKIE, set_cookie};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::render::redirect;
use crate::http::render::{Layout, render_status};
use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    l: Layout,
    heading: String,
    message: String,
}

pub fn error_page(state: &AppState, ctx: &Ctx, e: &AppError, status: StatusCode) -> Response {
    let heading = ctx.tr.t(&format!("error-title-{}", status.as_u16()));
    let heading = if heading.starts_with("error-title-") { ctx.tr.t("error-title") } else { heading };
    let network = state.index_name();
    let page = ErrorPage {
        l: Layout::with_network(ctx, network, heading.clone(), ""),
        heading,
        message: ctx.tr.t(&e.message_id()),
    };
    render_status(&page, status)
}

#[derive(serde::Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// Switches language: a cookie for everyone, and the account's preference.
pub async fn switch_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(p): Query<NextParam>,
) -> AppResult<Response> {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    portineria_app::accounts::set_language(&state.app, &ctx.caller(), lang.code()).await?;
    let mut r = redirect(&fmt::safe_next(p.next.as_deref()));
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(LANG_COOKIE, lang.code(), Some(365 * 86_400), false, ctx.secure));
    Ok(r)
}

pub async fn not_found() -> Response {
    AppError::NotFound.into_response()
}
