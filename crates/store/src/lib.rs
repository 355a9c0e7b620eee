//! The storage seam of Portineria.
//!
//! One module per capability (`network`, `accounts`, `bookings`, `passes`,
//! `timebank`, `actors`, `listings`, `exchanges`, `programme`, `audit`,
//! `outbox`), each
//! with its trait (`<Capability>Store`) and what it takes and returns. A
//! caller depends on the capability traits it uses; [`Store`] joins them for
//! the binary that opens a database.
//!
//! Each engine crate (`portineria-store-sqlite`, `portineria-store-postgres`)
//! implements [`Engine`], the contract the shared SQL needs (how a write
//! transaction begins, the row lock, change notification, full-text search,
//! how bookings, transfers and enrolments are committed), and compiles the
//! shared SQL in `crates/store/shared/` (one module per capability) against
//! it. What differs between engines (DDL, full-text search, group commit,
//! one-trip writes) lives in the engine crates.
//!
//! Architecture invariant: every mutation runs in one transaction that also
//! writes its audit-log row; a failed mutation leaves nothing behind.

mod accounts;
mod actors;
mod audit;
mod bookings;
mod engine;
mod error;
mod exchanges;
mod listings;
mod migrate;
mod network;
mod outbox;
mod passes;
mod programme;
mod timebank;

pub use accounts::*;
pub use actors::*;
pub use async_trait::async_trait;
pub use audit::*;
pub use bookings::*;
pub use engine::{Engine, EngineKind, WriteTx};
pub use error::{Result, StoreError};
pub use exchanges::*;
pub use listings::*;
pub use migrate::EmbeddedMigrations;
pub use network::*;
pub use outbox::*;
pub use passes::*;
pub use programme::*;
pub use sqlx;
pub use timebank::*;
#[doc(hidden)]
pub use {portineria_domain as domain, serde, serde_json};

/// Who makes a change, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub account_id: Option<i64>,
    pub label: String,
}

impl Who {
    pub fn account(id: i64, email: &str) -> Self {
        Self { account_id: Some(id), label: email.to_owned() }
    }

    /// A change made by the system itself (command line, demo seeding).
    pub fn system(label: &str) -> Self {
        Self { account_id: None, label: label.to_owned() }
    }
}

/// Everything a Portineria server needs from storage.
#[async_trait]
pub trait Store:
    NetworkStore
    + AccountStore
    + BookingStore
    + PassStore
    + TimebankStore
    + ActorStore
    + ListingStore
    + ExchangeStore
    + ProgrammeStore
    + AuditStore
    + OutboxStore
    + Send
    + Sync
{
    fn engine(&self) -> EngineKind;
    /// Applies pending migrations (safe to call from several processes).
    async fn migrate(&self) -> Result<()>;
    /// Whether the database holds no hubs and no accounts.
    async fn is_empty(&self) -> Result<bool>;
    /// Calls `on_change` whenever another process changes the network (hubs,
    /// sites, places), as far as the engine can tell (PostgreSQL: LISTEN/NOTIFY;
    /// SQLite: never, callers revalidate on a timer).
    fn subscribe_changes(&self, on_change: std::sync::Arc<dyn Fn() + Send + Sync>);
    /// Writes a consistent copy of the whole database to `path` while it is in use.
    async fn backup(&self, path: &std::path::Path) -> Result<()>;
    async fn close(&self);
}
