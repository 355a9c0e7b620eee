//! The time bank: a person's account, transfers, statements, limits and reversals.

pub mod api;
pub mod csv;
pub mod pages;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "timebank",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[("timebank", "The time bank: accounts in minutes, transfers, statements, limits")],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/me/timebank", get(pages::my_timebank))
        .route("/me/timebank.csv", get(pages::my_timebank_csv))
        .route("/me/timebank/transfers", post(pages::send))
        .routes(routes!(api::my_timebank))
        .routes(routes!(api::get_timebank_account))
        .routes(routes!(api::account_statement))
        .routes(routes!(api::account_statement_csv))
        .routes(routes!(api::set_timebank_limits))
        .routes(routes!(api::create_transfer))
        .routes(routes!(api::reverse_entry))
}
