//! The network: hubs, sites and places, and finding them.

mod directory;
mod index;

pub use directory::*;
pub use index::*;

use crate::App;
use portineria_store::NetworkStore;

impl App {
    /// The network's storage.
    pub(crate) fn network_store(&self) -> &dyn NetworkStore {
        self.store.as_ref()
    }
}
