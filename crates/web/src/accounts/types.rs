//! The API's wire types (documented in the OpenAPI schema).

use portineria_store::AuditEntry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct SignupBody {
    pub display_name: String,
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccountJson {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub roles: Vec<RoleJson>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct RoleJson {
    /// admin, manager, host, member
    pub role: String,
    pub hub_id: Option<i64>,
    pub site_id: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
    /// A name to recognise the token by.
    pub name: String,
}

#[derive(Deserialize, ToSchema)]
pub struct TokenNameBody {
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenCreated {
    pub id: i64,
    pub name: String,
    /// Shown once: send it as `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenJson {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ResetRequestBody {
    pub email: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ResetConfirmBody {
    pub token: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordBody {
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RoleChange {
    pub email: String,
    pub role: String,
    pub hub_id: Option<i64>,
    pub site_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PersonRoleJson {
    pub account_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: RoleJson,
}

#[derive(Serialize, ToSchema)]
pub struct RolePage {
    pub items: Vec<PersonRoleJson>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenPage {
    pub items: Vec<TokenJson>,
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditJson {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub hub_id: Option<i64>,
    pub detail: serde_json::Value,
}

impl From<AuditEntry> for AuditJson {
    fn from(e: AuditEntry) -> Self {
        AuditJson {
            id: e.id,
            at: jiff::Timestamp::from_second(e.at).map(|t| t.to_string()).unwrap_or_default(),
            actor: e.actor_label,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            hub_id: e.hub_id,
            detail: e.detail,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditJson>,
    pub next_cursor: Option<String>,
}
