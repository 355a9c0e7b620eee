//! The SQL both engines share, one module per capability.
//!
//! These files are not part of the `portineria-store` crate: each engine
//! crate compiles them (`#[path = "../../store/shared/mod.rs"] mod shared;`)
//! against its own store type, which it names `crate::ThisEngine` and which
//! implements [`portineria_store::Engine`]. The shared code reaches the
//! engine only through that trait (`E::ROW_LOCK`, `E::book_in`,
//! `self.begin_write()`, …), so the compiler checks the contract on each
//! engine.
//!
//! Both engines accept `$1` placeholders, `RETURNING`, `ON CONFLICT`,
//! `CAST(… AS BIGINT)` and `TRUE`/`FALSE`, so the text here runs unchanged on
//! each.

pub(crate) mod accounts;
pub(crate) mod actors;
pub(crate) mod audit;
pub(crate) mod bookings;
pub(crate) mod exchanges;
pub(crate) mod listings;
pub(crate) mod network;
pub(crate) mod outbox;
pub(crate) mod passes;
pub(crate) mod programme;
pub(crate) mod timebank;

pub(crate) use portineria_store::Engine as _;
pub(crate) use portineria_store::sqlx::{self, Row as _};
pub(crate) use portineria_store::{Result, StoreError, Who, serde, serde_json};

/// The engine this copy of the shared SQL is compiled for.
pub(crate) type E = crate::ThisEngine;
pub(crate) type Db = <E as portineria_store::Engine>::Db;
pub(crate) type Row = <Db as sqlx::Database>::Row;
pub(crate) type Tx = portineria_store::WriteTx<E>;
pub(crate) type Conn = <Db as sqlx::Database>::Connection;

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub(crate) fn limit_of(limit: Option<u32>) -> i64 {
    limit.map(i64::from).unwrap_or(i64::MAX)
}

// ---- helpers inside a write transaction --------------------------

pub(crate) async fn audit(
    tx: &mut Tx,
    who: &Who,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    hub_id: Option<i64>,
    detail: serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_label, action, entity, entity_id, hub_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now())
    .bind(who.account_id)
    .bind(&who.label)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(hub_id)
    .bind(detail.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn bump_revision(tx: &mut Tx) -> Result<()> {
    sqlx::query("UPDATE network SET revision = revision + 1 WHERE id = 1").execute(&mut **tx).await?;
    if let Some(notify) = E::NOTIFY_CHANGE {
        sqlx::query(notify).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Recomputes a site's search document and its place totals. The
pub(crate) fn conflict_on_unique(code: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |e| if StoreError::is_unique_violation(&e) { StoreError::Conflict(code) } else { e.into() }
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}
