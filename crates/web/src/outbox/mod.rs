//! Mail: the sender that sends what changes queued in the outbox, and the
//! managers' view of what could not be sent, with "send again".

pub mod api;
pub mod pages;
pub mod sender;
pub mod texts;
pub mod words;

pub use sender::{RETRY_AFTER, SEND_TIMEOUT, SendOptions, spawn};

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "outbox",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[("mail", "Mail that could not be sent, for managers: the list and send again")],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/manage/mail", get(pages::list))
        .route("/manage/mail/{id}/retry", post(pages::retry))
        .routes(routes!(api::list_undelivered))
        .routes(routes!(api::retry_mail))
}
