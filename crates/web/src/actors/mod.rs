//! Local actors: the directory, an actor's page, its members, verification and its time-bank account.

pub mod api;
pub mod pages;
