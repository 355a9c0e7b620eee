//! Accounts: passwords, tokens, sessions and sign-in.

mod auth;

pub use auth::*;

use crate::App;
use portineria_store::AccountStore;

impl App {
    /// Accounts' storage.
    pub(crate) fn accounts_store(&self) -> &dyn AccountStore {
        self.store.as_ref()
    }
}
