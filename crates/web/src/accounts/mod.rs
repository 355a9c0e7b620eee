//! Accounts: sign-up, sign-in, password resets, the profile, API tokens, personal data, roles and the audit log.

pub mod api;
pub mod auth;
pub mod manage;
pub mod pages;
pub mod types;
