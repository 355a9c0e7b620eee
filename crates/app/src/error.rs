//! What a use case answers when it refuses or fails. Every adapter turns it
//! into its own form (a status and a JSON body, a page, a log line); the
//! codes and the Fluent message ids are the same everywhere.

use portineria_domain::FieldErrors;
use portineria_store::StoreError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// Input that breaks a rule of its own, field by field.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// A rule of the data was broken; the code names it (`email-taken`, …).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A malformed request; the code names what (`bad-cursor`, `bad-near`, …).
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("too many attempts")]
    TooManyRequests,
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Error::NotFound,
            StoreError::Conflict(c) => Error::Conflict(c),
            other => {
                tracing::error!(error = %other, "storage error");
                Error::Internal(other.to_string())
            }
        }
    }
}

impl From<portineria_domain::FieldError> for Error {
    fn from(e: portineria_domain::FieldError) -> Self {
        Error::Invalid(e.into())
    }
}

impl From<FieldErrors> for Error {
    fn from(e: FieldErrors) -> Self {
        Error::Invalid(e)
    }
}
