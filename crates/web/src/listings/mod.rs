//! Offers and demands: the board, posting, a listing's matches, and the taxonomy.

pub mod api;
pub mod categories;
pub mod pages;
pub mod words;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "listings",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[("platform", "Local actors, the taxonomy, offers and demands")],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/listings", get(pages::board).post(pages::create_listing))
        .route("/listings/new", get(pages::new_listing))
        .route("/listings/{id}", get(pages::listing))
        .route("/manage/categories", get(categories::categories).post(categories::add_category))
        .route("/manage/categories/{id}", post(categories::rename_category))
        .routes(routes!(api::list_categories, api::create_category))
        .routes(routes!(api::list_listings, api::create_listing))
        .routes(routes!(api::get_listing, api::update_listing, api::close_listing))
        .routes(routes!(api::set_listing_status))
        .routes(routes!(api::listing_matches))
}
