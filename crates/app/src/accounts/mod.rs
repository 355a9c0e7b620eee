//! Accounts: signing up and in, sessions and API tokens, password resets,
//! the profile and personal data, roles, and the audit log.

mod auth;
mod profile;
mod roles;

pub use auth::*;
pub use profile::*;
pub use roles::*;

use crate::App;
use portineria_store::{AccountStore, AuditStore};

impl App {
    /// Accounts' storage.
    pub(crate) fn accounts_store(&self) -> &dyn AccountStore {
        self.store.as_ref()
    }

    /// The audit log's storage.
    pub(crate) fn audit_store(&self) -> &dyn AuditStore {
        self.store.as_ref()
    }
}
