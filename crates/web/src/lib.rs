//! Portineria's web layer: server-rendered pages (askama + htmx) and the JSON
//! API (`/api/v1`, OpenAPI 3.1), over any [`portineria_store::Store`].
//!
//! Architecture invariant: handlers are thin. They parse input, ask the
//! authorisation rule (`portineria_domain::policy::allows`) with the object's
//! stored hub and site, validate with the domain's rules, and call the store;
//! every rule lives in the domain or in the store's transaction.

pub mod api;
pub mod assets;
pub mod auth;
pub mod ctx;
pub mod directory;
pub mod error;
pub mod fmt;
pub mod i18n;
pub mod mail;
pub mod matchindex;
pub mod notify;
pub mod outbox;
pub mod pages;
pub mod paging;
pub mod qr;
pub mod state;

pub use mail::Mailer;
pub use state::{AppState, Clock, WebConfig};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use pages::{
    account, actors, desk, manage, platform, programme, programme_manage, public, sales, timebank, undelivered,
};

/// Largest request body accepted (forms and JSON); uploads get their own limit.
pub const BODY_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(public::home))
        .route("/map", get(public::map))
        .route("/directory", get(public::directory))
        .route("/hubs", get(public::hubs))
        .route("/hubs/{id}", get(public::hub))
        .route("/sites/{id}", get(public::site))
        .route("/places/{id}", get(public::place))
        .route("/places/{id}/book", post(desk::book_place))
        .route("/sites/{id}/availability", get(desk::site_grid))
        .route("/me/bookings", get(desk::my_bookings))
        .route("/me/bookings/{id}/cancel", post(desk::cancel_mine))
        .route("/me/passes", get(desk::my_passes))
        .route("/me/timebank", get(timebank::my_timebank))
        .route("/me/timebank.csv", get(timebank::my_timebank_csv))
        .route("/me/timebank/transfers", post(timebank::send))
        .route("/actors", get(actors::directory))
        .route("/actors/{id}", get(actors::actor))
        .route("/actors/{id}/timebank/transfers", post(actors::send))
        .route("/actors/{id}/verification", post(actors::verify))
        .route("/listings", get(platform::board).post(platform::create_listing))
        .route("/listings/new", get(platform::new_listing))
        .route("/listings/{id}", get(platform::listing))
        .route("/listings/{id}/mark", post(platform::mark))
        .route("/listings/{id}/propose", post(platform::propose))
        .route("/me/exchanges", get(platform::my_exchanges))
        .route("/me/exchanges/suggested", post(platform::propose_suggested))
        .route("/exchanges/{id}", get(platform::exchange))
        .route("/exchanges/{id}/reviews", post(platform::review))
        .route("/exchanges/{id}/{action}", post(platform::exchange_action))
        .route("/programme", get(programme::programme))
        .route("/embed/programme", get(programme::embed))
        .route("/events/{id}", get(programme::event))
        .route("/events/{id}/enrol", post(programme::enrol_form))
        .route("/enrolments/{id}/cancel", post(programme::cancel_form))
        .route("/me/enrolments", get(programme::mine))
        .route("/programme/calendar", get(programme::calendar))
        .route("/enrolments/{id}/certificate", get(programme_manage::certificate))
        .route("/manage/programme", get(programme_manage::list))
        .route("/manage/programme/new", get(programme_manage::new_event).post(programme_manage::create))
        .route("/manage/programme/stats", get(programme_manage::stats))
        .route("/manage/events/{id}", get(programme_manage::event).post(programme_manage::update))
        .route("/manage/events/{id}/duplicate", post(programme_manage::duplicate))
        .route("/manage/events/{id}/cancel", post(programme_manage::cancel))
        .route(
            "/manage/events/{id}/sessions/{sid}",
            get(programme_manage::session).post(programme_manage::save_session),
        )
        .route("/manage/events/{id}/sessions/{sid}/checkin", post(programme_manage::checkin))
        .route("/manage/enrolments/{id}/{action}", post(programme_manage::roster_action))
        .route("/me/qr", get(desk::my_qr))
        .route("/me/qr.svg", get(desk::my_qr_svg))
        .route("/desk/{id}", get(desk::desk).post(desk::desk_action))
        .route("/lang/{code}", get(public::switch_language))
        .route("/signup", get(account::signup_form).post(account::signup))
        .route("/login", get(account::login_form).post(account::login))
        .route("/logout", post(account::logout))
        .route("/password/forgot", get(account::forgot_form).post(account::forgot))
        .route("/password/reset", get(account::reset_form).post(account::reset))
        .route("/profile", get(account::profile).post(account::update_profile))
        .route("/profile/tokens", post(account::create_token))
        .route("/profile/calendar", post(account::create_calendar_feed))
        .route("/profile/digest", post(account::set_digest))
        .route("/profile/tokens/{id}/delete", post(account::delete_token))
        .route("/profile/export", get(account::export))
        .route("/profile/erase", post(account::erase))
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
        .route("/manage/people", get(manage::people).post(manage::add_person))
        .route("/manage/people/remove", post(manage::remove_person))
        .route("/manage/audit", get(manage::audit))
        .route("/manage/mail", get(undelivered::list))
        .route("/manage/mail/{id}/retry", post(undelivered::retry))
        .route("/manage/exchanges", get(platform::monitor))
        .route("/manage/categories", get(actors::categories).post(actors::add_category))
        .route("/manage/categories/{id}", post(actors::rename_category))
        .route("/manage/plans", get(sales::plans).post(sales::create_plan))
        .route("/manage/plans/{id}/edit", get(sales::edit_plan))
        .route("/manage/plans/{id}", post(sales::update_plan))
        .route("/manage/sales", get(sales::sales).post(sales::sell))
        .route("/manage/bookings", get(sales::bookings))
        .route("/manage/bookings/{id}/cancel", post(sales::cancel_booking))
        .route("/manage/settlement", get(sales::settlement))
        .route("/manage/hubs/{id}/terms", post(sales::save_terms))
        .route("/static/{*path}", get(assets::serve))
        .route("/healthz", get(|| async { "ok" }))
        .merge(api::router())
        .fallback(public::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), ctx::context))
        .with_state(state)
}
