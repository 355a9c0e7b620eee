//! Static files compiled into the binary (vendored libraries included), so a
//! deployment is one file and nothing is fetched from elsewhere.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

macro_rules! files {
    ($($path:literal => $mime:literal),+ $(,)?) => {
        const FILES: &[(&str, &str, &[u8])] = &[
            $(($path, $mime, include_bytes!(concat!("../../static/", $path)))),+
        ];
    };
}

files! {
    "app.css" => "text/css; charset=utf-8",
    "app.js" => "text/javascript; charset=utf-8",
    "scan.js" => "text/javascript; charset=utf-8",
    "favicon.svg" => "image/svg+xml",
    "vendor/htmx/htmx.min.js" => "text/javascript; charset=utf-8",
    "vendor/leaflet/leaflet.js" => "text/javascript; charset=utf-8",
    "vendor/leaflet/leaflet.css" => "text/css; charset=utf-8",
    "vendor/leaflet/images/marker-icon.png" => "image/png",
    "vendor/leaflet/images/marker-icon-2x.png" => "image/png",
    "vendor/leaflet/images/marker-shadow.png" => "image/png",
    "vendor/leaflet/images/layers.png" => "image/png",
    "vendor/leaflet/images/layers-2x.png" => "image/png",
    "vendor/pico/pico.jade.min.css" => "text/css; charset=utf-8",
    "vendor/jsqr/jsQR.js" => "text/javascript; charset=utf-8",
}

/// A weak validator that changes with every build of the binary.
const ETAG: &str = concat!("\"", env!("CARGO_PKG_VERSION"), "-", env!("CARGO_PKG_NAME"), "\"");

pub fn find(path: &str) -> Option<(&'static str, &'static [u8])> {
    FILES.iter().find(|(p, _, _)| *p == path).map(|(_, m, b)| (*m, *b))
}

pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Response {
    let Some((mime, bytes)) = find(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(ETAG) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    h.insert(header::ETAG, HeaderValue::from_static(ETAG));
    r
}
