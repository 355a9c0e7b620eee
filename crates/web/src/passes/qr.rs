//! Personal QR codes: a signed, expiring token that names an account.
//!
//! The token is `PRT1.<account>.<expires>.<mac>`, where `mac` is the first
//! 16 bytes of HMAC-SHA256 over the rest, in upper-case hex (so the whole
//! token fits QR's compact alphanumeric mode). The key is one secret the
//! servers share through the database (`server_keys`), made by the first
//! server that needs it. Nothing else is stored: a code cannot be forged
//! without the key, and it stops working when it expires.

use crate::http::error::{AppError, AppResult};
use crate::state::AppState;
pub use portineria_app::passes::qr::{QrError, VALID_DAYS, sign, verify};

/// The signing key the servers share.
pub async fn key(state: &AppState) -> AppResult<Vec<u8>> {
    Ok(portineria_app::passes::qr::key(&state.app).await?)
}

/// The person a typed or scanned code names, as a field error on `code`
/// when it is not genuine or has expired.
pub async fn person(state: &AppState, code: &str, now: i64) -> AppResult<i64> {
    Ok(portineria_app::passes::qr::person(&state.app, code, now).await?)
}

/// A QR code of `text` as an SVG document (black on white, with its quiet zone).
pub fn svg(text: &str) -> AppResult<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}
