//! Passwords, tokens, sign-in and who a request comes from.

use crate::{App, Caller, Error, Person, Result};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use portineria_domain::policy::Roles;
use portineria_store::{Account, NewSession};
use sha2::{Digest, Sha256};

/// 32 random bytes as 64 hex characters.
pub fn random_token() -> String {
    let mut buf = [0u8; 32];
    if getrandom::fill(&mut buf).is_err() {
        // The OS random source failing is not recoverable; make it loud.
        tracing::error!("the operating system's random source failed");
        std::process::abort();
    }
    hex(&buf)
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// What the database stores instead of a token: its SHA-256.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// API tokens are shown once, prefixed so they are recognisable in logs and configs.
pub fn new_api_token() -> String {
    format!("pt_{}", random_token())
}

pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("random salt: {e}")))?;
        let salt = SaltString::encode_b64(&bytes).map_err(|e| Error::Internal(format!("salt: {e}")))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(format!("password hashing: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
}

pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A hash that verifies nothing, checked against when the address is unknown
/// so that sign-in takes as long either way.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$J5gy0DRWPFxoAbVUzG4wVe+mDkgqvbnSlP2hNCt+z4I";

const WINDOW: i64 = 15 * 60;

/// Checks the password, with rate limits per address and per client. Returns
/// the account on success.
pub async fn sign_in(app: &App, caller: &Caller, email: &str, password: &str) -> Result<Account> {
    let email = email.trim().to_lowercase();
    let now = caller.now_s();
    let account_key = format!("account:{email}");
    let client_key = format!("client:{}", caller.client);
    let since = now - WINDOW;
    if app.accounts_store().login_failures(&account_key, since).await? >= app.config.login_attempts_per_account
        || app.accounts_store().login_failures(&client_key, since).await? >= app.config.login_attempts_per_client
    {
        return Err(Error::TooManyRequests);
    }
    let account = app.accounts_store().account_by_email(&email).await?;
    let hash = match &account {
        Some(a) => app.accounts_store().password_hash(a.id).await?.unwrap_or_else(|| DUMMY_HASH.to_owned()),
        None => DUMMY_HASH.to_owned(),
    };
    let ok = verify_password(password.to_owned(), hash).await;
    match (ok, account) {
        (true, Some(a)) => {
            app.accounts_store().clear_login_failures(&account_key).await?;
            Ok(a)
        }
        _ => {
            app.accounts_store().record_login_failure(&[&account_key, &client_key], now).await?;
            Err(Error::Conflict("bad-credentials"))
        }
    }
}

/// Starts a session; returns the cookie token.
pub async fn start_session(app: &App, caller: &Caller, account_id: i64) -> Result<String> {
    let token = random_token();
    let now = caller.now_s();
    app.accounts_store()
        .create_session(&NewSession {
            token_hash: hash_token(&token),
            account_id,
            now,
            expires_at: now + app.config.session_seconds,
        })
        .await?;
    Ok(token)
}

/// Ends the session whose cookie holds `token`.
pub async fn sign_out(app: &App, token: &str) -> Result<()> {
    Ok(app.accounts_store().delete_session(&hash_token(token)).await?)
}

/// What a request says it comes from.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    /// An API token (`Authorization: Bearer …`).
    Bearer(&'a str),
    /// A session cookie's token.
    Session(&'a str),
}

/// The person a credential belongs to at `now` (Unix seconds): an unknown
/// or expired API token is `Unauthorized`, an unknown or expired session is
/// nobody.
pub async fn authenticate(app: &App, credential: Credential<'_>, now: i64) -> Result<Option<Person>> {
    let store = app.accounts_store();
    let (account_id, via_token) = match credential {
        Credential::Bearer(token) => {
            (store.api_token_account(&hash_token(token), now).await?.ok_or(Error::Unauthorized)?, true)
        }
        Credential::Session(token) => match store.session_account(&hash_token(token), now).await? {
            Some(id) => (id, false),
            None => return Ok(None),
        },
    };
    let account = store.account(account_id).await?.ok_or(Error::Unauthorized)?;
    let grants = store.grants(account_id).await?;
    Ok(Some(Person { roles: Roles { account_id, grants }, account, via_token }))
}
