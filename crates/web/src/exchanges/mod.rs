//! Exchanges between people: proposals, confirmations, completion, reviews, the 'I would take that' marks, suggested cycles, monitoring.

pub mod api;
pub mod pages;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "exchanges",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[("exchanges", "Exchanges between people: proposals, confirmations, completion, reviews, marks")],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/listings/{id}/mark", post(pages::mark))
        .route("/listings/{id}/propose", post(pages::propose))
        .route("/me/exchanges", get(pages::my_exchanges))
        .route("/me/exchanges/suggested", post(pages::propose_suggested))
        .route("/exchanges/{id}", get(pages::exchange))
        .route("/exchanges/{id}/reviews", post(pages::review))
        .route("/exchanges/{id}/{action}", post(pages::exchange_action))
        .route("/manage/exchanges", get(pages::monitor))
        .routes(routes!(api::mark_listing, api::unmark_listing))
        .routes(routes!(api::list_exchanges, api::propose_exchange))
        .routes(routes!(api::list_suggestions))
        .routes(routes!(api::get_exchange))
        .routes(routes!(api::confirm_exchange))
        .routes(routes!(api::decline_exchange))
        .routes(routes!(api::complete_exchange))
        .routes(routes!(api::cancel_exchange))
        .routes(routes!(api::exchange_reviews, api::review_exchange))
}
