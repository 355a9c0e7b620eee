//! Courses and events: the public programme, enrolment with a waiting list, the managers' desk, attendance, certificates and figures.

pub mod api;
pub mod labels;
pub mod manage;
pub mod pages;

use crate::http::Capability;
use crate::state::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub const CAPABILITY: Capability = Capability {
    name: "programme",
    routes,
    it: include_str!("it.ftl"),
    en: include_str!("en.ftl"),
    tags: &[(
        "programme",
        "Courses and events: the public programme, iCalendar feeds, enrolment with a waiting list, attendance, figures",
    )],
};

/// The pages, then the API (each path with its OpenAPI operations).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/programme", get(pages::programme))
        .route("/embed/programme", get(pages::embed))
        .route("/events/{id}", get(pages::event))
        .route("/events/{id}/enrol", post(pages::enrol_form))
        .route("/enrolments/{id}/cancel", post(pages::cancel_form))
        .route("/me/enrolments", get(pages::mine))
        .route("/programme/calendar", get(pages::calendar))
        .route("/enrolments/{id}/certificate", get(manage::certificate))
        .route("/manage/programme", get(manage::list))
        .route("/manage/programme/new", get(manage::new_event).post(manage::create))
        .route("/manage/programme/stats", get(manage::stats))
        .route("/manage/events/{id}", get(manage::event).post(manage::update))
        .route("/manage/events/{id}/duplicate", post(manage::duplicate))
        .route("/manage/events/{id}/cancel", post(manage::cancel))
        .route("/manage/events/{id}/sessions/{sid}", get(manage::session).post(manage::save_session))
        .route("/manage/events/{id}/sessions/{sid}/checkin", post(manage::checkin))
        .route("/manage/enrolments/{id}/{action}", post(manage::roster_action))
        .routes(routes!(api::list_events, api::post_event))
        .routes(routes!(api::events_ics))
        .routes(routes!(api::get_event, api::put_event))
        .routes(routes!(api::post_cancel_event))
        .routes(routes!(api::post_duplicate))
        .routes(routes!(api::event_roster, api::post_enrolment))
        .routes(routes!(api::event_roster_csv))
        .routes(routes!(api::mark_present, api::unmark_present))
        .routes(routes!(api::post_checkin))
        .routes(routes!(api::delete_enrolment))
        .routes(routes!(api::promote))
        .routes(routes!(api::move_enrolment))
        .routes(routes!(api::my_enrolments))
        .routes(routes!(api::get_stats))
}
