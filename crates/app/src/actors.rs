//! Local actors and the people who belong to them.

use crate::App;
use portineria_store::ActorStore;

impl App {
    /// Local actors' storage.
    pub(crate) fn actors_store(&self) -> &dyn ActorStore {
        self.store.as_ref()
    }
}
