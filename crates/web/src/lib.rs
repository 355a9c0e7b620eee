//! Portineria's web layer: server-rendered pages (askama + htmx) and the JSON
//! API (`/api/v1`, OpenAPI 3.1), over any [`portineria_store::Store`].
//!
//! Architecture invariant: handlers are thin. They parse input, ask the
//! authorisation rule (`portineria_domain::policy::allows`) with the object's
//! stored hub and site, validate with the domain's rules, and call the store;
//! every rule lives in the domain or in the store's transaction.

pub mod accounts;
pub mod actors;
pub mod bookings;
pub mod exchanges;
pub mod http;
pub mod listings;
pub mod network;
pub mod notify;
pub mod passes;
pub mod programme;
pub mod state;
pub mod timebank;

pub use http::mail::Mailer;
pub use http::{ctx, error, fmt, i18n};
pub use state::{AppState, Clock, WebConfig};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// Largest request body accepted (forms and JSON); uploads get their own limit.
pub const BODY_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(network::pages::home))
        .route("/map", get(network::pages::map))
        .route("/directory", get(network::pages::directory))
        .route("/hubs", get(network::pages::hubs))
        .route("/hubs/{id}", get(network::pages::hub))
        .route("/sites/{id}", get(network::pages::site))
        .route("/places/{id}", get(bookings::pages::place))
        .route("/places/{id}/book", post(bookings::pages::book_place))
        .route("/sites/{id}/availability", get(bookings::pages::site_grid))
        .route("/me/bookings", get(bookings::pages::my_bookings))
        .route("/me/bookings/{id}/cancel", post(bookings::pages::cancel_mine))
        .route("/me/passes", get(passes::pages::my_passes))
        .route("/me/timebank", get(timebank::pages::my_timebank))
        .route("/me/timebank.csv", get(timebank::pages::my_timebank_csv))
        .route("/me/timebank/transfers", post(timebank::pages::send))
        .route("/actors", get(actors::pages::directory))
        .route("/actors/{id}", get(actors::pages::actor))
        .route("/actors/{id}/timebank/transfers", post(actors::pages::send))
        .route("/actors/{id}/verification", post(actors::pages::verify))
        .route("/listings", get(listings::pages::board).post(listings::pages::create_listing))
        .route("/listings/new", get(listings::pages::new_listing))
        .route("/listings/{id}", get(listings::pages::listing))
        .route("/listings/{id}/mark", post(exchanges::pages::mark))
        .route("/listings/{id}/propose", post(exchanges::pages::propose))
        .route("/me/exchanges", get(exchanges::pages::my_exchanges))
        .route("/me/exchanges/suggested", post(exchanges::pages::propose_suggested))
        .route("/exchanges/{id}", get(exchanges::pages::exchange))
        .route("/exchanges/{id}/reviews", post(exchanges::pages::review))
        .route("/exchanges/{id}/{action}", post(exchanges::pages::exchange_action))
        .route("/programme", get(programme::pages::programme))
        .route("/embed/programme", get(programme::pages::embed))
        .route("/events/{id}", get(programme::pages::event))
        .route("/events/{id}/enrol", post(programme::pages::enrol_form))
        .route("/enrolments/{id}/cancel", post(programme::pages::cancel_form))
        .route("/me/enrolments", get(programme::pages::mine))
        .route("/programme/calendar", get(programme::pages::calendar))
        .route("/enrolments/{id}/certificate", get(programme::manage::certificate))
        .route("/manage/programme", get(programme::manage::list))
        .route("/manage/programme/new", get(programme::manage::new_event).post(programme::manage::create))
        .route("/manage/programme/stats", get(programme::manage::stats))
        .route("/manage/events/{id}", get(programme::manage::event).post(programme::manage::update))
        .route("/manage/events/{id}/duplicate", post(programme::manage::duplicate))
        .route("/manage/events/{id}/cancel", post(programme::manage::cancel))
        .route(
            "/manage/events/{id}/sessions/{sid}",
            get(programme::manage::session).post(programme::manage::save_session),
        )
        .route("/manage/events/{id}/sessions/{sid}/checkin", post(programme::manage::checkin))
        .route("/manage/enrolments/{id}/{action}", post(programme::manage::roster_action))
        .route("/me/qr", get(passes::pages::my_qr))
        .route("/me/qr.svg", get(passes::pages::my_qr_svg))
        .route("/desk/{id}", get(passes::pages::desk).post(passes::pages::desk_action))
        .route("/lang/{code}", get(http::pages::switch_language))
        .route("/signup", get(accounts::pages::signup_form).post(accounts::pages::signup))
        .route("/login", get(accounts::pages::login_form).post(accounts::pages::login))
        .route("/logout", post(accounts::pages::logout))
        .route("/password/forgot", get(accounts::pages::forgot_form).post(accounts::pages::forgot))
        .route("/password/reset", get(accounts::pages::reset_form).post(accounts::pages::reset))
        .route("/profile", get(accounts::pages::profile).post(accounts::pages::update_profile))
        .route("/profile/tokens", post(accounts::pages::create_token))
        .route("/profile/calendar", post(accounts::pages::create_calendar_feed))
        .route("/profile/digest", post(accounts::pages::set_digest))
        .route("/profile/tokens/{id}/delete", post(accounts::pages::delete_token))
        .route("/profile/export", get(accounts::pages::export))
        .route("/profile/erase", post(accounts::pages::erase))
        .route("/manage", get(network::manage::index))
        .route("/manage/hubs/new", get(network::manage::new_hub))
        .route("/manage/hubs", post(network::manage::create_hub))
        .route("/manage/hubs/{id}/edit", get(network::manage::edit_hub))
        .route("/manage/hubs/{id}", post(network::manage::update_hub))
        .route("/manage/hubs/{id}/delete", get(network::manage::confirm_delete_hub).post(network::manage::delete_hub))
        .route("/manage/hubs/{id}/sites/new", get(network::manage::new_site))
        .route("/manage/hubs/{id}/sites", post(network::manage::create_site))
        .route("/manage/sites/{id}/edit", get(network::manage::edit_site))
        .route("/manage/sites/{id}", post(network::manage::update_site))
        .route(
            "/manage/sites/{id}/delete",
            get(network::manage::confirm_delete_site).post(network::manage::delete_site),
        )
        .route("/manage/sites/{id}/places/new", get(network::manage::new_place))
        .route("/manage/sites/{id}/places", post(network::manage::create_place))
        .route("/manage/places/{id}/edit", get(network::manage::edit_place))
        .route("/manage/places/{id}", post(network::manage::update_place))
        .route(
            "/manage/places/{id}/delete",
            get(network::manage::confirm_delete_place).post(network::manage::delete_place),
        )
        .route("/manage/people", get(accounts::manage::people).post(accounts::manage::add_person))
        .route("/manage/people/remove", post(accounts::manage::remove_person))
        .route("/manage/audit", get(accounts::manage::audit))
        .route("/manage/exchanges", get(exchanges::pages::monitor))
        .route("/manage/categories", get(listings::categories::categories).post(listings::categories::add_category))
        .route("/manage/categories/{id}", post(listings::categories::rename_category))
        .route("/manage/plans", get(passes::manage::plans).post(passes::manage::create_plan))
        .route("/manage/plans/{id}/edit", get(passes::manage::edit_plan))
        .route("/manage/plans/{id}", post(passes::manage::update_plan))
        .route("/manage/sales", get(passes::manage::sales).post(passes::manage::sell))
        .route("/manage/bookings", get(bookings::manage::bookings))
        .route("/manage/bookings/{id}/cancel", post(bookings::manage::cancel_booking))
        .route("/manage/settlement", get(passes::manage::settlement))
        .route("/manage/hubs/{id}/terms", post(passes::manage::save_terms))
        .route("/static/{*path}", get(http::assets::serve))
        .route("/healthz", get(|| async { "ok" }))
        .merge(http::openapi::router())
        .fallback(http::pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::ctx::context))
        .with_state(state)
}
