//! The network: hubs, sites and places, the public map and directory, and the managers' forms.

pub mod api;
pub mod manage;
pub mod pages;
pub mod types;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "network",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[("network", "Hubs, sites and places")],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/", get(pages::home))
        .route("/map", get(pages::map))
        .route("/directory", get(pages::directory))
        .route("/hubs", get(pages::hubs))
        .route("/hubs/{id}", get(pages::hub))
        .route("/sites/{id}", get(pages::site))
        .route("/manage", get(manage::index))
        .route("/manage/hubs/new", get(manage::new_hub))
        .route("/manage/hubs", post(manage::create_hub))
        .route("/manage/hubs/{id}/edit", get(manage::edit_hub))
        .route("/manage/hubs/{id}", post(manage::update_hub))
        .route("/manage/hubs/{id}/delete", get(manage::confirm_delete_hub).post(manage::delete_hub))
        .route("/manage/hubs/{id}/sites/new", get(manage::new_site))
        .route("/manage/hubs/{id}/sites", post(manage::create_site))
        .route("/manage/sites/{id}/edit", get(manage::edit_site))
        .route("/manage/sites/{id}", post(manage::update_site))
        .route("/manage/sites/{id}/delete", get(manage::confirm_delete_site).post(manage::delete_site))
        .route("/manage/sites/{id}/places/new", get(manage::new_place))
        .route("/manage/sites/{id}/places", post(manage::create_place))
        .route("/manage/places/{id}/edit", get(manage::edit_place))
        .route("/manage/places/{id}", post(manage::update_place))
        .route("/manage/places/{id}/delete", get(manage::confirm_delete_place).post(manage::delete_place))
        .routes(routes!(api::network))
        .routes(routes!(api::list_hubs, api::create_hub))
        .routes(routes!(api::get_hub, api::update_hub, api::delete_hub))
        .routes(routes!(api::list_sites, api::create_site))
        .routes(routes!(api::geojson))
        .routes(routes!(api::get_site, api::update_site, api::delete_site))
        .routes(routes!(api::list_places, api::create_place))
        .routes(routes!(api::get_place, api::update_place, api::delete_place))
}
