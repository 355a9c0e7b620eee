//! Accounts: passwords, tokens, sessions and sign-in.

mod auth;

pub use auth::*;
