//! Accounts, roles, sessions, tokens, password resets, personal data.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/accounts.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use portineria_domain::policy::Grant;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub locale: String,
    pub now: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountQuery {
    /// Part of the address or name.
    pub text: Option<String>,
    pub after: Option<i64>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token_hash: String,
    pub account_id: i64,
    pub now: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// Accounts, roles, sessions, tokens.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// `Conflict("email-taken")` when the address is already registered.
    async fn create_account(&self, new: &NewAccount) -> Result<Account>;
    async fn account(&self, id: i64) -> Result<Option<Account>>;
    async fn account_by_email(&self, email: &str) -> Result<Option<Account>>;
    async fn password_hash(&self, account_id: i64) -> Result<Option<String>>;
    async fn set_locale(&self, account_id: i64, locale: &str) -> Result<()>;
    async fn update_profile(&self, account_id: i64, display_name: &str) -> Result<()>;
    async fn list_accounts(&self, q: &AccountQuery) -> Result<Vec<Account>>;

    async fn grants(&self, account_id: i64) -> Result<Vec<Grant>>;
    async fn add_grant(&self, who: &Who, account_id: i64, grant: Grant) -> Result<()>;
    async fn remove_grant(&self, who: &Who, account_id: i64, grant: Grant) -> Result<()>;
    /// Everyone holding a role in a hub (or, with `None`, anywhere).
    async fn grants_in(&self, hub: Option<i64>) -> Result<Vec<(Account, Grant)>>;

    async fn create_session(&self, s: &NewSession) -> Result<()>;
    /// The account of a live session, refreshing its last use.
    async fn session_account(&self, token_hash: &str, now: i64) -> Result<Option<i64>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;

    /// Records a reset token (by its hash) and queues the mail that carries
    /// the raw `token` to the account's address, in one transaction.
    async fn create_password_reset(
        &self,
        token_hash: &str,
        token: &str,
        account_id: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<()>;
    /// Uses a reset token once: sets the new password and ends every session
    /// of the account, in one transaction. `None` if unknown, used or expired.
    async fn consume_password_reset(&self, token_hash: &str, now: i64, new_hash: &str) -> Result<Option<i64>>;

    async fn create_api_token(&self, account_id: i64, name: &str, token_hash: &str, now: i64) -> Result<ApiToken>;
    async fn api_tokens(&self, account_id: i64) -> Result<Vec<ApiToken>>;
    async fn delete_api_token(&self, account_id: i64, id: i64) -> Result<()>;
    async fn api_token_account(&self, token_hash: &str, now: i64) -> Result<Option<i64>>;

    /// Records a failed login under each key (address, client) and returns
    /// the failures of each key since `since`.
    async fn record_login_failure(&self, keys: &[&str], now: i64) -> Result<()>;
    async fn login_failures(&self, key: &str, since: i64) -> Result<i64>;
    async fn clear_login_failures(&self, key: &str) -> Result<()>;

    /// Replaces the account's personal calendar feed secret (by its hash).
    async fn set_calendar_feed(&self, account_id: i64, token_hash: &str, now: i64) -> Result<()>;
    /// The account whose calendar feed has this secret.
    async fn calendar_feed_account(&self, token_hash: &str) -> Result<Option<i64>>;

    /// All data the store holds about a person.
    async fn export_account(&self, account_id: i64) -> Result<serde_json::Value>;
    /// Deletes the account and everything personal; its audit entries stay,
    /// anonymised.
    async fn erase_account(&self, account_id: i64) -> Result<()>;
}
