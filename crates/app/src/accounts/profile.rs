//! Signing up, resetting a password, and what a person keeps of their own:
//! their name, API tokens, calendar link, weekly digest, a copy of their
//! data, and the erasure of it all.

use super::auth::{hash_password, hash_token, new_api_token, random_token, sign_in, verify_password};
use crate::{App, Caller, Error, Result};
use portineria_domain::validate as v;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Account, ApiToken, NewAccount};

/// How long a mailed reset link works, in seconds.
const RESET_SECONDS: i64 = 3600;
/// Reset requests allowed in 15 minutes per client and per address.
const RESETS_PER_CLIENT: i64 = 10;
const RESETS_PER_ACCOUNT: i64 = 3;
const RESET_WINDOW: i64 = 900;

/// A sign-up as a person submits it.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub display_name: String,
    pub email: String,
    pub password: String,
    /// The language the person signed up in (`it`, `en`).
    pub locale: String,
}

/// Creates an account: a name of 1 to 80 characters, an address not yet
/// registered and a password long enough.
pub async fn sign_up(app: &App, caller: &Caller, s: SignUp) -> Result<Account> {
    let mut errs = FieldErrors::new();
    let display_name = errs.take(v::required("display_name", &s.display_name, 80));
    let email = errs.take(v::email("email", &s.email));
    let password = errs.take(v::password("password", &s.password));
    let (Some(display_name), Some(email), Some(password)) = (display_name, email, password) else {
        return Err(errs.into());
    };
    let password_hash = hash_password(password).await?;
    let new = NewAccount { email, display_name, password_hash, locale: s.locale, now: caller.now_s() };
    match app.accounts_store().create_account(&new).await {
        Err(portineria_store::StoreError::Conflict("email-taken")) => {
            Err(FieldError::new("email", "email-taken").into())
        }
        other => Ok(other?),
    }
}

/// Starts a password reset (rate-limited per client and per address): if
/// the address has an account, a one-time token whose link is mailed (the
/// mail is queued with the token, in the same transaction). The person is
/// told the same either way.
pub async fn request_password_reset(app: &App, caller: &Caller, email: &str) -> Result<()> {
    let email = v::email("email", email)?;
    let now = caller.now_s();
    let client_key = format!("reset-client:{}", caller.client);
    let account_key = format!("reset-account:{email}");
    let store = app.accounts_store();
    if store.login_failures(&client_key, now - RESET_WINDOW).await? >= RESETS_PER_CLIENT
        || store.login_failures(&account_key, now - RESET_WINDOW).await? >= RESETS_PER_ACCOUNT
    {
        return Err(Error::TooManyRequests);
    }
    store.record_login_failure(&[&client_key, &account_key], now).await?;
    let Some(account) = store.account_by_email(&email).await? else { return Ok(()) };
    let token = random_token();
    store.create_password_reset(&hash_token(&token), &token, account.id, now, now + RESET_SECONDS).await?;
    Ok(())
}

/// Sets a new password with a mailed one-time token; every session of the
/// account ends.
pub async fn reset_password(app: &App, caller: &Caller, token: &str, password: &str) -> Result<()> {
    let password = v::password("password", password)?;
    let hash = hash_password(password).await?;
    match app.accounts_store().consume_password_reset(&hash_token(token.trim()), caller.now_s(), &hash).await? {
        Some(_) => Ok(()),
        None => Err(Error::Conflict("reset-token-invalid")),
    }
}

/// Renames the signed-in person (1 to 80 characters).
/// The signed-in person's language for pages and mail (`it`, `en`); nobody
/// signed in keeps only the page's cookie.
pub async fn set_language(app: &App, caller: &Caller, code: &str) -> Result<()> {
    match &caller.person {
        Some(p) => Ok(app.accounts_store().set_locale(p.account.id, code).await?),
        None => Ok(()),
    }
}

pub async fn update_profile(app: &App, caller: &Caller, display_name: &str) -> Result<()> {
    let id = caller.account_id()?;
    let name = v::required("display_name", display_name, 80)?;
    Ok(app.accounts_store().update_profile(id, &name).await?)
}

/// The signed-in person's API tokens.
pub async fn tokens(app: &App, caller: &Caller) -> Result<Vec<ApiToken>> {
    Ok(app.accounts_store().api_tokens(caller.account_id()?).await?)
}

/// A new API token named 1 to 80 characters, and its secret (shown once).
async fn issue_token(app: &App, caller: &Caller, account_id: i64, name: &str) -> Result<(ApiToken, String)> {
    let name = v::required("name", name, 80)?;
    let secret = new_api_token();
    let token = app.accounts_store().create_api_token(account_id, &name, &hash_token(&secret), caller.now_s()).await?;
    Ok((token, secret))
}

/// A new API token for the signed-in person, and its secret (shown once).
pub async fn create_token(app: &App, caller: &Caller, name: &str) -> Result<(ApiToken, String)> {
    let id = caller.account_id()?;
    issue_token(app, caller, id, name).await
}

/// Signs in with an address and a password (rate-limited) and returns a
/// new API token for the account, and its secret (shown once).
pub async fn sign_in_for_token(
    app: &App,
    caller: &Caller,
    email: &str,
    password: &str,
    name: &str,
) -> Result<(ApiToken, String)> {
    let account = sign_in(app, caller, email, password).await?;
    issue_token(app, caller, account.id, name).await
}

/// Revokes one of the signed-in person's API tokens.
pub async fn revoke_token(app: &App, caller: &Caller, id: i64) -> Result<()> {
    Ok(app.accounts_store().delete_api_token(caller.account_id()?, id).await?)
}

/// Everything stored about the signed-in person (GDPR art. 15 and 20).
pub async fn export(app: &App, caller: &Caller) -> Result<serde_json::Value> {
    Ok(app.accounts_store().export_account(caller.account_id()?).await?)
}

/// Erases the signed-in person's account (GDPR art. 17) once their password
/// confirms it.
pub async fn erase(app: &App, caller: &Caller, password: &str) -> Result<()> {
    let id = caller.account_id()?;
    let hash = app.accounts_store().password_hash(id).await?.ok_or(Error::NotFound)?;
    if !verify_password(password.to_owned(), hash).await {
        return Err(FieldError::new("password", "password-wrong").into());
    }
    Ok(app.accounts_store().erase_account(id).await?)
}
