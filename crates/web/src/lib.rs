//! Portineria's web layer: server-rendered pages (askama + htmx) and the JSON
//! API (`/api/v1`, OpenAPI 3.1), adapters over the use cases of
//! `portineria-app`.
//!
//! One folder per capability (its routes, API handlers, pages, templates and
//! messages), the shared plumbing in [`http`], and the router's list,
//! [`CAPABILITIES`].
//!
//! Architecture invariant: handlers are thin. They parse input, call a use
//! case and render its answer; pages and API handlers never import each
//! other, and every rule lives in the domain, the use case or the store's
//! transaction.

pub mod accounts;
pub mod actors;
pub mod bookings;
pub mod exchanges;
pub mod http;
pub mod listings;
pub mod network;
pub mod outbox;
pub mod passes;
pub mod programme;
pub mod state;
pub mod timebank;

pub use http::mail::Mailer;
pub use http::{ctx, error, fmt, i18n};
pub use state::{AppState, Clock, WebConfig};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use http::Capability;
use utoipa_axum::router::OpenApiRouter;

/// Largest request body accepted (forms and JSON); uploads get their own limit.
pub const BODY_LIMIT: usize = 256 * 1024;

/// Every capability this server serves: its routes, its API document's
/// paths and tags, its messages. A new capability adds its line here.
pub const CAPABILITIES: &[Capability] = &[
    network::CAPABILITY,
    accounts::CAPABILITY,
    bookings::CAPABILITY,
    passes::CAPABILITY,
    timebank::CAPABILITY,
    actors::CAPABILITY,
    listings::CAPABILITY,
    exchanges::CAPABILITY,
    programme::CAPABILITY,
    outbox::CAPABILITY,
];

/// Every capability's routes, with the OpenAPI document they make.
fn routes() -> OpenApiRouter<AppState> {
    use utoipa::OpenApi;
    CAPABILITIES
        .iter()
        .fold(OpenApiRouter::with_openapi(http::openapi::ApiDoc::openapi()), |r, c| r.merge((c.routes)()))
}

/// The OpenAPI document of `/api/v1`: every capability's paths and tags.
pub fn api_document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = routes().split_for_parts();
    let mut tags: Vec<utoipa::openapi::tag::Tag> = Vec::new();
    for (name, description) in CAPABILITIES.iter().flat_map(|c| c.tags) {
        if !tags.iter().any(|t| t.name == *name) {
            tags.push(utoipa::openapi::tag::TagBuilder::new().name(*name).description(Some(*description)).build());
        }
    }
    doc.tags = Some(tags);
    doc
}

pub fn router(state: AppState) -> Router {
    let (capabilities, _) = routes().split_for_parts();
    capabilities
        .route("/lang/{code}", get(http::pages::switch_language))
        .route("/static/{*path}", get(http::assets::serve))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/v1/openapi.json", get(http::docs::openapi_json))
        .route("/api/v1/docs", get(http::docs::docs_page))
        .fallback(http::pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::ctx::context))
        .with_state(state)
}
