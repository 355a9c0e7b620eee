//! The request context: language, signed-in person, CSRF token.
//!
//! The `context` middleware runs on every request. It decides the language
//! (cookie, then `Accept-Language`, then Italian), authenticates (API bearer
//! token, or session cookie), guards unsafe methods against cross-site
//! requests, and afterwards renders any error in the request's language.

use crate::http::error::{AppError, ErrorInfo};
use crate::i18n::{Lang, Tr};
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use portineria_app::accounts::{self, Credential};
use portineria_domain::policy::Roles;
use portineria_store::Who;
use std::net::SocketAddr;
use std::sync::Arc;

pub const SESSION_COOKIE: &str = "portineria_session";
pub const CSRF_COOKIE: &str = "portineria_csrf";
pub const LANG_COOKIE: &str = "portineria_lang";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in person.
pub use portineria_app::Person as User;

#[derive(Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub user: Option<Arc<User>>,
    pub csrf: String,
    /// Path and query of this request (for "come back here" links).
    pub path: String,
    pub now: Timestamp,
    pub client: String,
    pub secure: bool,
    pub is_api: bool,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.tr.lang
    }

    pub fn user(&self) -> Result<&User, AppError> {
        self.user.as_deref().ok_or(AppError::Unauthorized)
    }

    pub fn roles(&self) -> Roles {
        self.user.as_ref().map(|u| u.roles.clone()).unwrap_or_default()
    }

    pub fn who(&self) -> Who {
        match &self.user {
            Some(u) => Who::account(u.account.id, &u.account.email),
            None => Who::system("anonymous"),
        }
    }

    /// Who asks, as the use cases receive them.
    pub fn caller(&self) -> portineria_app::Caller {
        portineria_app::Caller { person: self.user.clone(), now: self.now, client: self.client.clone() }
    }

    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.roles.has_staff_role())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| AppError::Internal("request context missing".into()))
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value. Session and CSRF cookies are HttpOnly; all are SameSite=Lax.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, http_only: bool, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn client_address(req: &Request, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    {
        return first.to_owned();
    }
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "local".into())
}

fn is_form(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| {
        let ct = ct.to_ascii_lowercase();
        ct.starts_with("application/x-www-form-urlencoded") || ct.starts_with("multipart/form-data")
    })
}

pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn context(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let is_api = req.uri().path().starts_with("/api/");
    let lang = cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or_default();
    let existing_csrf = cookie(headers, CSRF_COOKIE).filter(|c| is_token(c)).map(str::to_owned);
    let new_csrf = existing_csrf.is_none();
    let csrf = existing_csrf.unwrap_or_else(accounts::random_token);
    let secure = state.config.secure_cookies
        || (state.config.trust_proxy
            && headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https"));
    let path = req.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into());
    let client = client_address(&req, state.config.trust_proxy);
    let mut ctx = Ctx {
        tr: Tr::new(state.i18n.clone(), lang),
        user: None,
        csrf,
        path,
        now: state.clock.now(),
        client,
        secure,
        is_api,
    };

    let outcome = authenticate(&state, req.headers(), &ctx).await;
    let method = req.method().clone();
    let guard = match outcome {
        Ok(user) => {
            let via_token = user.as_ref().is_some_and(|u| u.via_token);
            ctx.user = user.map(Arc::new);
            check_unsafe_method(&method, req.headers(), &ctx, via_token)
        }
        Err(e) => Err(e),
    };
    req.extensions_mut().insert(ctx.clone());

    let mut response = match guard {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    };
    // A write may have changed the network: this server sees it on its next
    // request. It may have queued mail: the sender looks now.
    if !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS) {
        state.app.sites.mark_dirty();
        state.app.mail_wake.notify_one();
    }
    response = render_errors(&state, &ctx, response).await;
    if new_csrf && !is_api {
        response.headers_mut().append(header::SET_COOKIE, set_cookie(CSRF_COOKIE, &ctx.csrf, None, true, ctx.secure));
    }
    let h = response.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    // Only a page that said so (the embeddable programme) may be framed.
    let framable = h
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("frame-ancestors *"));
    if !framable {
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
    }
    if !h.contains_key(header::VARY) {
        h.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language, Authorization"));
    }
    response
}

/// The person an API token (`Authorization: Bearer …`) or else a session
/// cookie belongs to.
async fn authenticate(state: &AppState, headers: &HeaderMap, ctx: &Ctx) -> Result<Option<User>, AppError> {
    let credential = match headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
        Some(value) => Credential::Bearer(value.strip_prefix("Bearer ").map(str::trim).ok_or(AppError::Unauthorized)?),
        None => match cookie(headers, SESSION_COOKIE).filter(|c| is_token(c)) {
            Some(session) => Credential::Session(session),
            None => return Ok(None),
        },
    };
    Ok(accounts::authenticate(&state.app, credential, ctx.now.as_second()).await?)
}

/// Unsafe methods must come from our own pages (or carry an API token):
/// forms carry the CSRF field (checked by [`FormData`]); other bodies carry the
/// `X-CSRF-Token` header; a browser's cross-site request is refused outright.
fn check_unsafe_method(method: &Method, headers: &HeaderMap, ctx: &Ctx, via_token: bool) -> Result<(), AppError> {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) || via_token {
        return Ok(());
    }
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return Err(AppError::Csrf);
    }
    if is_form(headers) {
        return Ok(());
    }
    // Anonymous JSON calls (sign-up, sign-in for a token, password reset) need
    // no session protection: they carry no ambient credentials.
    if ctx.user.is_none() {
        return Ok(());
    }
    match headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        Some(t) if constant_time_eq(t, &ctx.csrf) => Ok(()),
        _ => Err(AppError::Csrf),
    }
}

/// Turns errors (ours, and axum's own rejections) into a JSON body under
/// `/api/` and a page elsewhere, in the request's language.
async fn render_errors(state: &AppState, ctx: &Ctx, response: Response) -> Response {
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return response;
    }
    let (error, detail) = match response.extensions().get::<ErrorInfo>() {
        Some(ErrorInfo(e)) => (e.clone(), None),
        None => {
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
            let ct = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !bytes.is_empty() && !ct.starts_with("text/plain") {
                // Already a rendered response (a page that chose its own status).
                return Response::from_parts(parts, Body::from(bytes));
            }
            let detail = String::from_utf8_lossy(&bytes).trim().to_owned();
            let e = match parts.status {
                StatusCode::NOT_FOUND => AppError::NotFound,
                StatusCode::METHOD_NOT_ALLOWED => AppError::BadRequest("method-not-allowed"),
                StatusCode::PAYLOAD_TOO_LARGE => AppError::BadRequest("payload-too-large"),
                StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::BadRequest("unsupported-media-type"),
                s if s.is_server_error() => AppError::Internal(detail.clone()),
                _ => AppError::BadRequest("malformed"),
            };
            // Keep the rejection's own status (400, 405, 413, 415, 422…).
            let mut r = finish_error(state, ctx, e, (!detail.is_empty()).then_some(detail), parts.status);
            if let Some(allow) = parts.headers.get(header::ALLOW) {
                r.headers_mut().insert(header::ALLOW, allow.clone());
            }
            return r;
        }
    };
    finish_error(state, ctx, error, detail, status)
}

fn finish_error(state: &AppState, ctx: &Ctx, error: AppError, detail: Option<String>, status: StatusCode) -> Response {
    if let AppError::Internal(msg) = &error {
        tracing::error!(path = %ctx.path, error = %msg, "internal error");
    }
    if ctx.is_api {
        let fields: Vec<serde_json::Value> = match &error {
            AppError::Invalid(errs) => errs
                .0
                .iter()
                .map(|f| serde_json::json!({ "field": f.field, "code": f.code, "message": ctx.tr.field_error(f) }))
                .collect(),
            _ => Vec::new(),
        };
        let mut body = serde_json::json!({
            "error": { "code": error.code(), "message": ctx.tr.t(&error.message_id()) }
        });
        if !fields.is_empty() {
            body["error"]["fields"] = serde_json::Value::Array(fields);
        }
        if let (Some(d), false) = (detail, matches!(error, AppError::Internal(_))) {
            body["error"]["detail"] = serde_json::Value::String(d);
        }
        let mut r = (status, axum::Json(body)).into_response();
        if matches!(error, AppError::Unauthorized) {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return r;
    }
    if matches!(error, AppError::Unauthorized) {
        let next = crate::http::fmt::urlencode(&ctx.path);
        return crate::http::render::redirect(&format!("/login?next={next}"));
    }
    crate::http::pages::error_page(state, ctx, &error, status)
}

/// A submitted form, after its CSRF field was checked.
#[derive(Debug, Clone, Default)]
pub struct FormData {
    pairs: Vec<(String, String)>,
}

impl FormData {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self { pairs }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The value, or empty.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").to_owned()
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
    }
}

impl FromRequest<AppState> for FormData {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = req.extensions().get::<Ctx>().cloned().ok_or_else(|| AppError::Internal("no context".into()))?;
        if !is_form(req.headers()) {
            return Err(AppError::BadRequest("unsupported-media-type"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| AppError::BadRequest("payload-too-large"))?;
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::BadRequest("malformed"))?;
        let form = FormData { pairs };
        let via_token = ctx.user.as_ref().is_some_and(|u| u.via_token);
        if !via_token && !form.get("csrf").is_some_and(|t| constant_time_eq(t, &ctx.csrf)) {
            return Err(AppError::Csrf);
        }
        Ok(form)
    }
}
