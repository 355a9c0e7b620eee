//! The JSON API under `/api/v1`, and its OpenAPI 3.1 document.

pub mod account;
pub mod actors;
pub mod bookings;
pub mod docs;
pub mod exchanges;
pub mod listings;
pub mod mail;
pub mod network;
pub mod passes;
pub mod programme;
pub mod timebank;
pub mod types;

use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from the profile page, `portineria token create`, or POST /api/v1/auth/tokens. \
                         Browser sessions work too; they must send the page's CSRF token in `X-CSRF-Token` on writes.",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Portineria API",
        version = "1",
        description = "The network of a neighbourhood's coworkings and community hubs: hubs, sites, places, accounts and roles.\n\n\
            Errors are `{\"error\":{\"code\",\"message\"}}` with the message in the language of `Accept-Language` (Italian by default). \
            Lists return `{\"items\":[…],\"next_cursor\"}`; pass `cursor` to continue. Instants are UTC; opening hours are \
            wall-clock times in Europe/Rome."
    ),
    paths(
        network::network,
        network::list_hubs, network::get_hub, network::create_hub, network::update_hub, network::delete_hub,
        network::list_sites, network::get_site, network::create_site, network::update_site, network::delete_site,
        network::geojson,
        network::list_places, network::get_place, network::create_place, network::update_place, network::delete_place,
        account::signup, account::sign_in, account::me, account::export, account::erase,
        account::tokens, account::create_token, account::delete_token,
        account::request_reset, account::confirm_reset,
        account::roles, account::add_role, account::remove_role, account::audit,
        bookings::create, bookings::cancel, bookings::mine, bookings::availability, bookings::place_feed,
        bookings::site_feed, bookings::create_feed, bookings::series, bookings::site_availability,
        passes::list_plans, passes::create_plan, passes::update_plan, passes::create_sale, passes::list_sales,
        passes::my_passes, passes::my_vouchers, passes::get_voucher, passes::my_qr,
        passes::create_checkin, passes::create_checkout, passes::presence, passes::settlements, passes::settlements_csv,
        passes::set_terms, passes::set_rounding,
        timebank::my_timebank, timebank::get_timebank_account, timebank::account_statement, timebank::create_transfer, timebank::set_timebank_limits,
        timebank::reverse_entry, timebank::account_statement_csv,
        actors::list_actors, actors::create_actor, actors::get_actor, actors::update_actor, actors::verify_actor,
        actors::set_member, actors::remove_member,
        listings::list_categories, listings::create_category, listings::list_listings, listings::create_listing,
        listings::get_listing, listings::update_listing, listings::set_listing_status, listings::close_listing,
        listings::listing_matches,
        exchanges::propose_exchange, exchanges::list_exchanges, exchanges::get_exchange, exchanges::confirm_exchange, exchanges::decline_exchange,
        exchanges::complete_exchange, exchanges::cancel_exchange, exchanges::review_exchange, exchanges::exchange_reviews, exchanges::mark_listing,
        exchanges::unmark_listing, exchanges::list_suggestions,
        programme::list_events, programme::post_event, programme::events_ics, programme::get_event, programme::put_event,
        programme::post_cancel_event, programme::post_duplicate, programme::post_enrolment, programme::delete_enrolment,
        programme::my_enrolments, programme::event_roster, programme::event_roster_csv, programme::promote,
        programme::move_enrolment, programme::mark_present, programme::unmark_present, programme::post_checkin,
        programme::get_stats,
        mail::list_undelivered, mail::retry_mail,
    ),
    modifiers(&Security),
    tags(
        (name = "network", description = "Hubs, sites and places"),
        (name = "accounts", description = "Sign-up, tokens, personal data"),
        (name = "roles", description = "Roles and the audit log"),
        (name = "bookings", description = "Bookings of places"),
        (name = "passes", description = "Plans, sales, passes, hour vouchers, personal QR codes"),
        (name = "desk", description = "Check-in and check-out at a site, presence, settlement"),
        (name = "timebank", description = "The time bank: accounts in minutes, transfers, statements, limits"),
        (name = "platform", description = "Local actors, the taxonomy, offers and demands"),
        (name = "exchanges", description = "Exchanges between people: proposals, confirmations, completion, reviews, marks"),
        (name = "programme", description = "Courses and events: the public programme, iCalendar feeds, enrolment with a waiting list, attendance, figures"),
        (name = "mail", description = "Mail that could not be sent, for managers: the list and send again"),
    )
)]
pub struct ApiDoc;

/// A CSV body (RFC 4180, UTF-8) offered as a download named `filename`.
pub fn csv_response(body: String, filename: &str) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(docs::openapi_json))
        .route("/api/v1/docs", get(docs::docs_page))
        .route("/api/v1/network", get(network::network))
        .route("/api/v1/hubs", get(network::list_hubs).post(network::create_hub))
        .route("/api/v1/hubs/{id}", get(network::get_hub).put(network::update_hub).delete(network::delete_hub))
        .route("/api/v1/sites", get(network::list_sites).post(network::create_site))
        .route("/api/v1/sites.geojson", get(network::geojson))
        .route("/api/v1/sites/{id}", get(network::get_site).put(network::update_site).delete(network::delete_site))
        .route("/api/v1/places", get(network::list_places).post(network::create_place))
        .route("/api/v1/places/{id}", get(network::get_place).put(network::update_place).delete(network::delete_place))
        .route("/api/v1/accounts", post(account::signup))
        .route("/api/v1/auth/tokens", post(account::sign_in))
        .route("/api/v1/me", get(account::me).delete(account::erase))
        .route("/api/v1/me/export", get(account::export))
        .route("/api/v1/me/tokens", get(account::tokens).post(account::create_token))
        .route("/api/v1/me/tokens/{id}", axum::routing::delete(account::delete_token))
        .route("/api/v1/password-resets", post(account::request_reset))
        .route("/api/v1/password-resets/confirm", post(account::confirm_reset))
        .route("/api/v1/roles", get(account::roles).post(account::add_role).delete(account::remove_role))
        .route("/api/v1/audit", get(account::audit))
        .route("/api/v1/bookings", post(bookings::create))
        .route("/api/v1/bookings/{id}", axum::routing::delete(bookings::cancel))
        .route("/api/v1/bookings/series", post(bookings::series))
        .route("/api/v1/me/bookings", get(bookings::mine))
        .route("/api/v1/plans", get(passes::list_plans).post(passes::create_plan))
        .route("/api/v1/plans/{id}", axum::routing::put(passes::update_plan))
        .route("/api/v1/sales", get(passes::list_sales).post(passes::create_sale))
        .route("/api/v1/me/passes", get(passes::my_passes))
        .route("/api/v1/me/vouchers", get(passes::my_vouchers))
        .route("/api/v1/vouchers/{id}", get(passes::get_voucher))
        .route("/api/v1/me/qr", get(passes::my_qr))
        .route("/api/v1/checkins", post(passes::create_checkin))
        .route("/api/v1/checkouts", post(passes::create_checkout))
        .route("/api/v1/sites/{id}/presence", get(passes::presence))
        .route("/api/v1/sites/{id}/terms", axum::routing::put(passes::set_terms))
        .route("/api/v1/hubs/{id}/rounding", axum::routing::put(passes::set_rounding))
        .route("/api/v1/settlements", get(passes::settlements))
        .route("/api/v1/settlements.csv", get(passes::settlements_csv))
        .route("/api/v1/places/{id}/availability", get(bookings::availability))
        .route("/api/v1/sites/{id}/availability", get(bookings::site_availability))
        .route("/api/v1/places/{id}/calendar.ics", get(bookings::place_feed))
        .route("/api/v1/sites/{id}/calendar.ics", get(bookings::site_feed))
        .route("/api/v1/me/calendar-feed", post(bookings::create_feed))
        .route("/calendar/{file}", get(bookings::personal_feed))
        .route("/api/v1/me/timebank", get(timebank::my_timebank))
        .route("/api/v1/actors", get(actors::list_actors).post(actors::create_actor))
        .route("/api/v1/actors/{id}", get(actors::get_actor).put(actors::update_actor))
        .route("/api/v1/actors/{id}/verification", post(actors::verify_actor))
        .route("/api/v1/categories", get(listings::list_categories).post(listings::create_category))
        .route("/api/v1/listings", get(listings::list_listings).post(listings::create_listing))
        .route(
            "/api/v1/listings/{id}",
            get(listings::get_listing).put(listings::update_listing).delete(listings::close_listing),
        )
        .route("/api/v1/listings/{id}/status", post(listings::set_listing_status))
        .route("/api/v1/listings/{id}/matches", get(listings::listing_matches))
        .route(
            "/api/v1/listings/{id}/mark",
            axum::routing::put(exchanges::mark_listing).delete(exchanges::unmark_listing),
        )
        .route("/api/v1/exchanges", get(exchanges::list_exchanges).post(exchanges::propose_exchange))
        .route("/api/v1/exchanges/suggestions", get(exchanges::list_suggestions))
        .route("/api/v1/exchanges/{id}", get(exchanges::get_exchange))
        .route("/api/v1/exchanges/{id}/confirm", post(exchanges::confirm_exchange))
        .route("/api/v1/exchanges/{id}/decline", post(exchanges::decline_exchange))
        .route("/api/v1/exchanges/{id}/complete", post(exchanges::complete_exchange))
        .route("/api/v1/exchanges/{id}/cancel", post(exchanges::cancel_exchange))
        .route("/api/v1/exchanges/{id}/reviews", get(exchanges::exchange_reviews).post(exchanges::review_exchange))
        .route(
            "/api/v1/actors/{id}/members/{account_id}",
            axum::routing::put(actors::set_member).delete(actors::remove_member),
        )
        .route("/api/v1/timebank/accounts/{id}", get(timebank::get_timebank_account))
        .route("/api/v1/timebank/accounts/{id}/entries", get(timebank::account_statement))
        .route("/api/v1/timebank/accounts/{id}/entries.csv", get(timebank::account_statement_csv))
        .route("/api/v1/timebank/accounts/{id}/limits", axum::routing::put(timebank::set_timebank_limits))
        .route("/api/v1/timebank/transfers", post(timebank::create_transfer))
        .route("/api/v1/timebank/entries/{id}/reversal", post(timebank::reverse_entry))
        .route("/api/v1/events", get(programme::list_events).post(programme::post_event))
        .route("/api/v1/events.ics", get(programme::events_ics))
        .route("/api/v1/events/{id}", get(programme::get_event).put(programme::put_event))
        .route("/api/v1/events/{id}/cancel", post(programme::post_cancel_event))
        .route("/api/v1/events/{id}/duplicate", post(programme::post_duplicate))
        .route("/api/v1/events/{id}/enrolments", get(programme::event_roster).post(programme::post_enrolment))
        .route("/api/v1/events/{id}/enrolments.csv", get(programme::event_roster_csv))
        .route(
            "/api/v1/events/{id}/sessions/{session_id}/attendance/{account_id}",
            axum::routing::put(programme::mark_present).delete(programme::unmark_present),
        )
        .route("/api/v1/events/{id}/sessions/{session_id}/checkins", post(programme::post_checkin))
        .route("/api/v1/enrolments/{id}", axum::routing::delete(programme::delete_enrolment))
        .route("/api/v1/enrolments/{id}/promote", post(programme::promote))
        .route("/api/v1/enrolments/{id}/move", post(programme::move_enrolment))
        .route("/api/v1/me/enrolments", get(programme::my_enrolments))
        .route("/api/v1/programme/stats", get(programme::get_stats))
        .route("/api/v1/mail/undelivered", get(mail::list_undelivered))
        .route("/api/v1/mail/{id}/retry", post(mail::retry_mail))
}
