//! The SQL of the audit log.

use super::*;
use portineria_store::AuditEntry;

pub(crate) fn audit_row(r: &Row) -> Result<AuditEntry> {
    let detail: String = r.try_get("detail")?;
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        actor_id: r.try_get("actor_id")?,
        actor_label: r.try_get("actor_label")?,
        action: r.try_get("action")?,
        entity: r.try_get("entity")?,
        entity_id: r.try_get("entity_id")?,
        hub_id: r.try_get("hub_id")?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
    })
}

#[portineria_store::async_trait]
impl portineria_store::AuditStore for E {
    async fn audit_log(&self, hub: Option<i64>, before: Option<i64>, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, actor_label, action, entity, entity_id, hub_id, detail FROM audit_log \
             WHERE ($1 = 0 OR hub_id = $1) AND id < $2 ORDER BY id DESC LIMIT $3",
        )
        .bind(hub.unwrap_or(0))
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(audit_row).collect()
    }
}
