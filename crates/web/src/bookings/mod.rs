//! Bookings of desks and rooms: a place's page and grid, a site's availability, my bookings, the managers' list, calendar feeds.

pub mod api;
pub mod feeds;
pub mod manage;
pub mod pages;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "bookings",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[("bookings", "Bookings of places")],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/places/{id}", get(pages::place))
        .route("/places/{id}/book", post(pages::book_place))
        .route("/sites/{id}/availability", get(pages::site_grid))
        .route("/me/bookings", get(pages::my_bookings))
        .route("/me/bookings/{id}/cancel", post(pages::cancel_mine))
        .route("/manage/bookings", get(manage::bookings))
        .route("/manage/bookings/{id}/cancel", post(manage::cancel_booking))
        .routes(routes!(api::create))
        .routes(routes!(api::cancel))
        .routes(routes!(api::series))
        .routes(routes!(api::mine))
        .routes(routes!(api::availability))
        .routes(routes!(api::site_availability))
        .routes(routes!(api::place_feed))
        .routes(routes!(api::site_feed))
        .routes(routes!(api::create_feed))
        .route("/calendar/{file}", get(api::personal_feed))
}
