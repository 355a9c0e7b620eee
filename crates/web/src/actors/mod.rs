//! Local actors: the directory, an actor's page, its members, verification and its time-bank account.

pub mod api;
pub mod pages;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "actors",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[("platform", "Local actors, the taxonomy, offers and demands")],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/actors", get(pages::directory))
        .route("/actors/{id}", get(pages::actor))
        .route("/actors/{id}/timebank/transfers", post(pages::send))
        .route("/actors/{id}/verification", post(pages::verify))
        .routes(routes!(api::list_actors, api::create_actor))
        .routes(routes!(api::get_actor, api::update_actor))
        .routes(routes!(api::verify_actor))
        .routes(routes!(api::set_member, api::remove_member))
}
