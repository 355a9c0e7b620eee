//! Passwords, tokens and sign-in: the account use cases' helpers, reached
//! from a request's context.

use crate::http::ctx::Ctx;
use crate::http::error::AppError;
use crate::state::AppState;
pub use portineria_app::accounts::{hash_password, hash_token, hex, new_api_token, random_token, verify_password};
use portineria_store::Account;

/// Checks the password, with rate limits per address and per client.
pub async fn sign_in(state: &AppState, ctx: &Ctx, email: &str, password: &str) -> Result<Account, AppError> {
    Ok(portineria_app::accounts::sign_in(&state.app, &ctx.caller(), email, password).await?)
}

/// Starts a session; returns the cookie token.
pub async fn start_session(state: &AppState, ctx: &Ctx, account_id: i64) -> Result<String, AppError> {
    Ok(portineria_app::accounts::start_session(&state.app, &ctx.caller(), account_id).await?)
}
