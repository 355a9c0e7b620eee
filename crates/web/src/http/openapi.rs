//! The OpenAPI 3.1 document's frame (title, description, security); each
//! capability adds its paths and tags (see [`crate::api_document`]).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from the profile page, `portineria token create`, or POST /api/v1/auth/tokens. \
                         Browser sessions work too; they must send the page's CSRF token in `X-CSRF-Token` on writes.",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portineria API",
        version = "1",
        description = "The network of a neighbourhood's coworkings and community hubs: hubs, sites, places, accounts and roles.\n\n\
            Errors are `{\"error\":{\"code\",\"message\"}}` with the message in the language of `Accept-Language` (Italian by default). \
            Lists return `{\"items\":[…],\"next_cursor\"}`; pass `cursor` to continue. Instants are UTC; opening hours are \
            wall-clock times in Europe/Rome."
    ),
    modifiers(&Security),
)]
pub struct ApiDoc;

/// A CSV body (RFC 4180, UTF-8) offered as a download named `filename`.
pub fn csv_response(body: String, filename: &str) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}
