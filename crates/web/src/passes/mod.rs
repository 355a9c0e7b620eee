//! Plans, sales, passes, hour vouchers, personal codes, the check-in desk and settlement.

pub mod api;
pub mod manage;
pub mod pages;
pub mod qr;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "passes",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[
        ("passes", "Plans, sales, passes, hour vouchers, personal QR codes"),
        ("desk", "Check-in and check-out at a site, presence, settlement"),
    ],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/me/passes", get(pages::my_passes))
        .route("/me/qr", get(pages::my_qr))
        .route("/me/qr.svg", get(pages::my_qr_svg))
        .route("/desk/{id}", get(pages::desk).post(pages::desk_action))
        .route("/manage/plans", get(manage::plans).post(manage::create_plan))
        .route("/manage/plans/{id}/edit", get(manage::edit_plan))
        .route("/manage/plans/{id}", post(manage::update_plan))
        .route("/manage/sales", get(manage::sales).post(manage::sell))
        .route("/manage/settlement", get(manage::settlement))
        .route("/manage/hubs/{id}/terms", post(manage::save_terms))
        .routes(routes!(api::list_plans, api::create_plan))
        .routes(routes!(api::update_plan))
        .routes(routes!(api::list_sales, api::create_sale))
        .routes(routes!(api::my_passes))
        .routes(routes!(api::my_vouchers))
        .routes(routes!(api::get_voucher))
        .routes(routes!(api::my_qr))
        .routes(routes!(api::create_checkin))
        .routes(routes!(api::create_checkout))
        .routes(routes!(api::presence))
        .routes(routes!(api::set_terms))
        .routes(routes!(api::set_rounding))
        .routes(routes!(api::settlements))
        .routes(routes!(api::settlements_csv))
}
