//! The time bank: a person's account, transfers, statements, limits and reversals.

pub mod api;
pub mod pages;
