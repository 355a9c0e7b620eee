//! The network: hubs, sites and places, the public map and directory, and the managers' forms.

pub mod api;
pub mod directory;
pub mod manage;
pub mod pages;
pub mod types;
