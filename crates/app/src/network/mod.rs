//! The network: hubs, sites and places, and finding them.

mod directory;
mod index;

pub use directory::*;
pub use index::*;
