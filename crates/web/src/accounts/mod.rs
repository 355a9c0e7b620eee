//! Accounts: sign-up, sign-in, password resets, the profile, API tokens, personal data, roles and the audit log.

pub mod api;
pub mod auth;
pub mod mail;
pub mod manage;
pub mod pages;
pub mod types;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "accounts",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[("accounts", "Sign-up, tokens, personal data"), ("roles", "Roles and the audit log")],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/signup", get(pages::signup_form).post(pages::signup))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/password/forgot", get(pages::forgot_form).post(pages::forgot))
        .route("/password/reset", get(pages::reset_form).post(pages::reset))
        .route("/profile", get(pages::profile).post(pages::update_profile))
        .route("/profile/tokens", post(pages::create_token))
        .route("/profile/calendar", post(pages::create_calendar_feed))
        .route("/profile/digest", post(pages::set_digest))
        .route("/profile/tokens/{id}/delete", post(pages::delete_token))
        .route("/profile/export", get(pages::export))
        .route("/profile/erase", post(pages::erase))
        .route("/manage/people", get(manage::people).post(manage::add_person))
        .route("/manage/people/remove", post(manage::remove_person))
        .route("/manage/audit", get(manage::audit))
        .routes(routes!(api::signup))
        .routes(routes!(api::sign_in))
        .routes(routes!(api::me, api::erase))
        .routes(routes!(api::export))
        .routes(routes!(api::tokens, api::create_token))
        .routes(routes!(api::delete_token))
        .routes(routes!(api::request_reset))
        .routes(routes!(api::confirm_reset))
        .routes(routes!(api::roles, api::add_role, api::remove_role))
        .routes(routes!(api::audit))
}
