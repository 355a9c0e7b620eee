//! The `portineria` binary's library: configuration, the server, the demo
//! city, the command-line administration, the benchmark and a development
//! mail catcher.

pub mod admin;
pub mod bench;
pub mod config;
pub mod demo;
pub mod demo_coworking;
pub mod demo_platform;
pub mod demo_programme;
pub mod mailsink;
pub mod matching;
pub mod server;

use portineria_store::Store;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("database: {0}")]
    Store(#[from] portineria_store::StoreError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

/// Opens the database a URL names: `sqlite:PATH` (or a bare path) or `postgres://…`.
pub async fn open_store(url: &str) -> Result<Arc<dyn Store>, CliError> {
    let store: Arc<dyn Store> = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Arc::new(portineria_store_postgres::PgStore::open(url).await?)
    } else if url.starts_with("sqlite:") {
        Arc::new(portineria_store_sqlite::SqliteStore::open(url).await?)
    } else if url.contains("://") {
        return Err(CliError::Usage(format!("unsupported database URL {url}: use sqlite:PATH or postgres://…")));
    } else {
        Arc::new(portineria_store_sqlite::SqliteStore::open(&format!("sqlite:{url}")).await?)
    };
    store.migrate().await?;
    Ok(store)
}
