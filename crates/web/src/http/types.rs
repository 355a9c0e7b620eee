//! The API's wire types (documented in the OpenAPI schema).

use serde::Serialize;
use utoipa::ToSchema;

/// Every error: a stable code, a message in the caller's language, and for
/// validation errors the fields concerned.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `validation`, `not_found`, `forbidden`, `email_taken`.
    pub code: String,
    /// Human-readable, in the language of the request (`Accept-Language`).
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldErrorBody>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldErrorBody {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct Ok {
    pub ok: bool,
}
