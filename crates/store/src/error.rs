use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A rule of the data was broken; the code names it (`email-taken`, `hub-has-sites`, …).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Unsupported(String),
    /// A write shared with others could not be committed (the error is theirs too).
    #[error("database: {0}")]
    Unavailable(String),
}

impl StoreError {
    /// Whether the error is a unique-constraint violation.
    pub fn is_unique_violation(e: &sqlx::Error) -> bool {
        matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
    }

    pub fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
        matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
