//! The network: hubs, sites and places, and finding them.
//!
//! Anyone reads the network. Network administrators create and delete hubs;
//! a hub's managers edit it and create, edit and delete its sites; a site's
//! hosts edit it; managers and hosts manage its places. Every rule is
//! `domain::policy` with the hub and site of the object as stored, and every
//! input is checked by `domain::network` before it is written.

mod directory;
mod hubs;
mod index;
mod places;
mod sites;

pub use directory::*;
pub use hubs::*;
pub use index::*;
pub use places::*;
pub use sites::*;

use crate::App;
use portineria_domain::FieldErrors;
use portineria_store::NetworkStore;

impl App {
    /// The network's storage.
    pub(crate) fn network_store(&self) -> &dyn NetworkStore {
        self.store.as_ref()
    }
}

/// What a form could not read (a number that is not one) reported with
/// what the domain's rule finds wrong in the rest: a field the form could
/// not read is reported once, by the form.
fn with_unreadable<T>(checked: Result<T, FieldErrors>, mut unreadable: FieldErrors) -> Result<T, FieldErrors> {
    match checked {
        Ok(d) if unreadable.is_empty() => Ok(d),
        Ok(_) => Err(unreadable),
        Err(mut e) => {
            e.0.retain(|f| unreadable.get(&f.field).is_none());
            unreadable.0.extend(e.0);
            Err(unreadable)
        }
    }
}
