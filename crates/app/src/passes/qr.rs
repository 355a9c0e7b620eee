//! Personal QR codes: a signed, expiring token that names an account.
//!
//! The token is `PRT1.<account>.<expires>.<mac>`, where `mac` is the first
//! 16 bytes of HMAC-SHA256 over the rest, in upper-case hex (so the whole
//! token fits QR's compact alphanumeric mode). The key is one secret the
//! servers share through the database (`server_keys`), made by the first
//! server that needs it. Nothing else is stored: a code cannot be forged
//! without the key, and it stops working when it expires.

use crate::{App, Error, Result};
use hmac::{Hmac, Mac};
use portineria_domain::FieldError;
use sha2::Sha256;

/// How long a personal code works after it is shown (printable cards too).
pub const VALID_DAYS: i64 = 30;
const PREFIX: &str = "PRT1";

fn mac(key: &[u8], body: &str) -> Result<Hmac<Sha256>> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).map_err(|e| Error::Internal(e.to_string()))?;
    m.update(body.as_bytes());
    Ok(m)
}

/// The code of `account`, valid until `expires` (Unix seconds).
pub fn sign(key: &[u8], account: i64, expires: i64) -> Result<String> {
    let body = format!("{PREFIX}.{account}.{expires}");
    let tag = mac(key, &body)?.finalize().into_bytes();
    Ok(format!("{body}.{}", crate::accounts::hex(&tag[..16]).to_uppercase()))
}

/// Why a code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrError {
    Forged,
    Expired,
}

/// The account a code names, if it is genuine and still valid at `now`.
pub fn verify(key: &[u8], code: &str, now: i64) -> Result<i64, QrError> {
    let code = code.trim();
    let mut parts = code.rsplitn(2, '.');
    let (Some(tag), Some(body)) = (parts.next(), parts.next()) else { return Err(QrError::Forged) };
    let mut fields = body.split('.');
    let (Some(PREFIX), Some(account), Some(expires), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(QrError::Forged);
    };
    let (Ok(account), Ok(expires)) = (account.parse::<i64>(), expires.parse::<i64>()) else {
        return Err(QrError::Forged);
    };
    let Some(tag) = unhex(tag) else { return Err(QrError::Forged) };
    let m = mac(key, body).map_err(|_| QrError::Forged)?;
    // Constant-time comparison of the truncated tag.
    m.verify_truncated_left(&tag).map_err(|_| QrError::Forged)?;
    if now >= expires {
        return Err(QrError::Expired);
    }
    Ok(account)
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 32 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// The signing key the servers share.
pub async fn key(app: &App) -> Result<Vec<u8>> {
    let key = app
        .qr_key
        .get_or_try_init(|| async {
            let secret = app.passes_store().server_key("qr-signing", &crate::accounts::random_token()).await?;
            Ok::<_, Error>(secret.into_bytes())
        })
        .await?;
    Ok(key.clone())
}

/// The person a typed or scanned code names, as a field error on `code`
/// when it is not genuine or has expired.
pub async fn person(app: &App, code: &str, now: i64) -> Result<i64> {
    let key = key(app).await?;
    verify(&key, code, now).map_err(|e| {
        Error::from(FieldError::new(
            "code",
            match e {
                QrError::Forged => "qr-forged",
                QrError::Expired => "qr-expired",
            },
        ))
    })
}
