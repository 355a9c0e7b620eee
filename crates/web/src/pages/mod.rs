//! Server-rendered pages. Every page works without JavaScript; htmx and the
//! small `app.js` only enhance them.

pub mod account;
pub mod actors;
pub mod desk;
pub mod manage;
pub mod platform;
pub mod programme;
pub mod programme_manage;
pub mod public;
pub mod sales;
pub mod timebank;
pub mod undelivered;

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// What the shared layout shows on every page.
pub struct Layout {
    pub tr: Tr,
    pub csrf: String,
    pub user: Option<String>,
    pub staff: bool,
    pub path_encoded: String,
    pub network: String,
    pub other_lang: &'static str,
    pub title: String,
    pub section: &'static str,
}

impl Layout {
    pub async fn new(state: &AppState, ctx: &Ctx, title: String, section: &'static str) -> AppResult<Layout> {
        let network = state.sites().await?.network_name.clone();
        Ok(Self::with_network(ctx, network, title, section))
    }

    pub fn with_network(ctx: &Ctx, network: String, title: String, section: &'static str) -> Layout {
        Layout {
            tr: ctx.tr.clone(),
            csrf: ctx.csrf.clone(),
            user: ctx.user.as_ref().map(|u| u.account.display_name.clone()),
            staff: ctx.is_staff(),
            path_encoded: crate::fmt::urlencode(&ctx.path),
            network,
            other_lang: match ctx.lang() {
                Lang::It => "en",
                Lang::En => "it",
            },
            title,
            section,
        }
    }
}

pub fn render<T: Template>(t: &T) -> Response {
    render_status(t, StatusCode::OK)
}

pub fn render_status<T: Template>(t: &T, status: StatusCode) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            AppError::Internal(e.to_string()).into_response()
        }
    }
}

/// 303 See Other: after a form, the browser follows with a GET.
pub fn redirect(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Field errors keyed by field, translated, for a form template.
#[derive(Default)]
pub struct Errors(pub Vec<(String, String)>);

impl Errors {
    pub fn from_fields(tr: &Tr, e: &portineria_domain::FieldErrors) -> Self {
        Errors(e.0.iter().map(|f| (f.field.clone(), tr.field_error(f))).collect())
    }

    pub fn one(field: &str, message: String) -> Self {
        Errors(vec![(field.to_owned(), message)])
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    /// Errors whose field starts with `prefix` (e.g. `hours[`).
    pub fn starting(&self, prefix: &str) -> Vec<&str> {
        self.0.iter().filter(|(f, _)| f.starts_with(prefix)).map(|(_, m)| m.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
}
