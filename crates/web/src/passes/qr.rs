//! Personal QR codes as images. The codes themselves (signed, expiring
//! tokens that name an account) are `portineria_app::passes::qr`'s.

use crate::http::error::{AppError, AppResult};
pub use portineria_app::passes::qr::{QrError, VALID_DAYS, sign, verify};

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
