//! Errors as the person sees them: a status, a stable snake_case code, and a
//! message in their language. Handlers return [`AppError`]; the
//! `render_errors` middleware turns it into JSON under `/api/` and into a page
//! elsewhere, in the language of the request.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_domain::FieldErrors;
use portineria_store::StoreError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A rule of the data was broken; the code names it (`email-taken`, …).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// Malformed request; the code names what (`bad-cursor`, `bad-near`, …).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("too many attempts")]
    TooManyRequests,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients branch on.
    pub fn code(&self) -> String {
        match self {
            AppError::NotFound => "not_found".into(),
            AppError::Unauthorized => "unauthorized".into(),
            AppError::Forbidden => "forbidden".into(),
            AppError::Invalid(_) => "validation".into(),
            AppError::Conflict(c) | AppError::BadRequest(c) => c.replace('-', "_"),
            AppError::Csrf => "csrf".into(),
            AppError::TooManyRequests => "rate_limited".into(),
            AppError::Internal(_) => "internal".into(),
        }
    }

    /// The Fluent id of the message.
    pub fn message_id(&self) -> String {
        match self {
            AppError::Conflict(c) | AppError::BadRequest(c) => format!("error-{c}"),
            other => format!("error-{}", other.code().replace('_', "-")),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(c) => AppError::Conflict(c),
            other => {
                tracing::error!(error = %other, "storage error");
                AppError::Internal(other.to_string())
            }
        }
    }
}

impl From<portineria_app::Error> for AppError {
    fn from(e: portineria_app::Error) -> Self {
        use portineria_app::Error as E;
        match e {
            E::NotFound => AppError::NotFound,
            E::Unauthorized => AppError::Unauthorized,
            E::Forbidden => AppError::Forbidden,
            E::Invalid(f) => AppError::Invalid(f),
            E::Conflict(c) => AppError::Conflict(c),
            E::BadRequest(c) => AppError::BadRequest(c),
            E::TooManyRequests => AppError::TooManyRequests,
            E::Internal(m) => AppError::Internal(m),
        }
    }
}

impl From<portineria_domain::FieldError> for AppError {
    fn from(e: portineria_domain::FieldError) -> Self {
        AppError::Invalid(e.into())
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}

/// Carried in the response extensions to the renderer.
#[derive(Debug, Clone)]
pub struct ErrorInfo(pub AppError);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut r = self.status().into_response();
        r.extensions_mut().insert(ErrorInfo(self));
        r
    }
}

pub type AppResult<T> = Result<T, AppError>;
