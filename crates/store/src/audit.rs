//! The audit log: who changed what.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/audit.rs`. Instants are Unix seconds in UTC.

use crate::Result;
use async_trait::async_trait;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub hub_id: Option<i64>,
    pub detail: serde_json::Value,
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Newest first; `before` is an entry id; `hub` limits to one hub.
    async fn audit_log(&self, hub: Option<i64>, before: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>>;
}
