//! The JSON API under `/api/v1`, and its OpenAPI 3.1 document.

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
        crate::network::api::network,
        crate::network::api::list_hubs, crate::network::api::get_hub, crate::network::api::create_hub, crate::network::api::update_hub, crate::network::api::delete_hub,
        crate::network::api::list_sites, crate::network::api::get_site, crate::network::api::create_site, crate::network::api::update_site, crate::network::api::delete_site,
        crate::network::api::geojson,
        crate::network::api::list_places, crate::network::api::get_place, crate::network::api::create_place, crate::network::api::update_place, crate::network::api::delete_place,
        crate::accounts::api::signup, crate::accounts::api::sign_in, crate::accounts::api::me, crate::accounts::api::export, crate::accounts::api::erase,
        crate::accounts::api::tokens, crate::accounts::api::create_token, crate::accounts::api::delete_token,
        crate::accounts::api::request_reset, crate::accounts::api::confirm_reset,
        crate::accounts::api::roles, crate::accounts::api::add_role, crate::accounts::api::remove_role, crate::accounts::api::audit,
        crate::bookings::api::create, crate::bookings::api::cancel, crate::bookings::api::mine, crate::bookings::api::availability, crate::bookings::api::place_feed,
        crate::bookings::api::site_feed, crate::bookings::api::create_feed, crate::bookings::api::series, crate::bookings::api::site_availability,
        crate::passes::api::list_plans, crate::passes::api::create_plan, crate::passes::api::update_plan, crate::passes::api::create_sale, crate::passes::api::list_sales,
        crate::passes::api::my_passes, crate::passes::api::my_vouchers, crate::passes::api::get_voucher, crate::passes::api::my_qr,
        crate::passes::api::create_checkin, crate::passes::api::create_checkout, crate::passes::api::presence, crate::passes::api::settlements, crate::passes::api::settlements_csv,
        crate::passes::api::set_terms, crate::passes::api::set_rounding,
        crate::timebank::api::my_timebank, crate::timebank::api::get_timebank_account, crate::timebank::api::account_statement, crate::timebank::api::create_transfer, crate::timebank::api::set_timebank_limits,
        crate::timebank::api::reverse_entry, crate::timebank::api::account_statement_csv,
        crate::actors::api::list_actors, crate::actors::api::create_actor, crate::actors::api::get_actor, crate::actors::api::update_actor, crate::actors::api::verify_actor,
        crate::actors::api::set_member, crate::actors::api::remove_member,
        crate::listings::api::list_categories, crate::listings::api::create_category, crate::listings::api::list_listings, crate::listings::api::create_listing,
        crate::listings::api::get_listing, crate::listings::api::update_listing, crate::listings::api::set_listing_status, crate::listings::api::close_listing,
        crate::listings::api::listing_matches,
        crate::exchanges::api::propose_exchange, crate::exchanges::api::list_exchanges, crate::exchanges::api::get_exchange, crate::exchanges::api::confirm_exchange, crate::exchanges::api::decline_exchange,
        crate::exchanges::api::complete_exchange, crate::exchanges::api::cancel_exchange, crate::exchanges::api::review_exchange, crate::exchanges::api::exchange_reviews, crate::exchanges::api::mark_listing,
        crate::exchanges::api::unmark_listing, crate::exchanges::api::list_suggestions,
        crate::programme::api::list_events, crate::programme::api::post_event, crate::programme::api::events_ics, crate::programme::api::get_event, crate::programme::api::put_event,
        crate::programme::api::post_cancel_event, crate::programme::api::post_duplicate, crate::programme::api::post_enrolment, crate::programme::api::delete_enrolment,
        crate::programme::api::my_enrolments, crate::programme::api::event_roster, crate::programme::api::event_roster_csv, crate::programme::api::promote,
        crate::programme::api::move_enrolment, crate::programme::api::mark_present, crate::programme::api::unmark_present, crate::programme::api::post_checkin,
        crate::programme::api::get_stats,
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
        .route("/api/v1/openapi.json", get(crate::http::docs::openapi_json))
        .route("/api/v1/docs", get(crate::http::docs::docs_page))
        .route("/api/v1/network", get(crate::network::api::network))
        .route("/api/v1/hubs", get(crate::network::api::list_hubs).post(crate::network::api::create_hub))
        .route(
            "/api/v1/hubs/{id}",
            get(crate::network::api::get_hub)
                .put(crate::network::api::update_hub)
                .delete(crate::network::api::delete_hub),
        )
        .route("/api/v1/sites", get(crate::network::api::list_sites).post(crate::network::api::create_site))
        .route("/api/v1/sites.geojson", get(crate::network::api::geojson))
        .route(
            "/api/v1/sites/{id}",
            get(crate::network::api::get_site)
                .put(crate::network::api::update_site)
                .delete(crate::network::api::delete_site),
        )
        .route("/api/v1/places", get(crate::network::api::list_places).post(crate::network::api::create_place))
        .route(
            "/api/v1/places/{id}",
            get(crate::network::api::get_place)
                .put(crate::network::api::update_place)
                .delete(crate::network::api::delete_place),
        )
        .route("/api/v1/accounts", post(crate::accounts::api::signup))
        .route("/api/v1/auth/tokens", post(crate::accounts::api::sign_in))
        .route("/api/v1/me", get(crate::accounts::api::me).delete(crate::accounts::api::erase))
        .route("/api/v1/me/export", get(crate::accounts::api::export))
        .route("/api/v1/me/tokens", get(crate::accounts::api::tokens).post(crate::accounts::api::create_token))
        .route("/api/v1/me/tokens/{id}", axum::routing::delete(crate::accounts::api::delete_token))
        .route("/api/v1/password-resets", post(crate::accounts::api::request_reset))
        .route("/api/v1/password-resets/confirm", post(crate::accounts::api::confirm_reset))
        .route(
            "/api/v1/roles",
            get(crate::accounts::api::roles)
                .post(crate::accounts::api::add_role)
                .delete(crate::accounts::api::remove_role),
        )
        .route("/api/v1/audit", get(crate::accounts::api::audit))
        .route("/api/v1/bookings", post(crate::bookings::api::create))
        .route("/api/v1/bookings/{id}", axum::routing::delete(crate::bookings::api::cancel))
        .route("/api/v1/bookings/series", post(crate::bookings::api::series))
        .route("/api/v1/me/bookings", get(crate::bookings::api::mine))
        .route("/api/v1/plans", get(crate::passes::api::list_plans).post(crate::passes::api::create_plan))
        .route("/api/v1/plans/{id}", axum::routing::put(crate::passes::api::update_plan))
        .route("/api/v1/sales", get(crate::passes::api::list_sales).post(crate::passes::api::create_sale))
        .route("/api/v1/me/passes", get(crate::passes::api::my_passes))
        .route("/api/v1/me/vouchers", get(crate::passes::api::my_vouchers))
        .route("/api/v1/vouchers/{id}", get(crate::passes::api::get_voucher))
        .route("/api/v1/me/qr", get(crate::passes::api::my_qr))
        .route("/api/v1/checkins", post(crate::passes::api::create_checkin))
        .route("/api/v1/checkouts", post(crate::passes::api::create_checkout))
        .route("/api/v1/sites/{id}/presence", get(crate::passes::api::presence))
        .route("/api/v1/sites/{id}/terms", axum::routing::put(crate::passes::api::set_terms))
        .route("/api/v1/hubs/{id}/rounding", axum::routing::put(crate::passes::api::set_rounding))
        .route("/api/v1/settlements", get(crate::passes::api::settlements))
        .route("/api/v1/settlements.csv", get(crate::passes::api::settlements_csv))
        .route("/api/v1/places/{id}/availability", get(crate::bookings::api::availability))
        .route("/api/v1/sites/{id}/availability", get(crate::bookings::api::site_availability))
        .route("/api/v1/places/{id}/calendar.ics", get(crate::bookings::api::place_feed))
        .route("/api/v1/sites/{id}/calendar.ics", get(crate::bookings::api::site_feed))
        .route("/api/v1/me/calendar-feed", post(crate::bookings::api::create_feed))
        .route("/calendar/{file}", get(crate::bookings::api::personal_feed))
        .route("/api/v1/me/timebank", get(crate::timebank::api::my_timebank))
        .route("/api/v1/actors", get(crate::actors::api::list_actors).post(crate::actors::api::create_actor))
        .route("/api/v1/actors/{id}", get(crate::actors::api::get_actor).put(crate::actors::api::update_actor))
        .route("/api/v1/actors/{id}/verification", post(crate::actors::api::verify_actor))
        .route(
            "/api/v1/categories",
            get(crate::listings::api::list_categories).post(crate::listings::api::create_category),
        )
        .route("/api/v1/listings", get(crate::listings::api::list_listings).post(crate::listings::api::create_listing))
        .route(
            "/api/v1/listings/{id}",
            get(crate::listings::api::get_listing)
                .put(crate::listings::api::update_listing)
                .delete(crate::listings::api::close_listing),
        )
        .route("/api/v1/listings/{id}/status", post(crate::listings::api::set_listing_status))
        .route("/api/v1/listings/{id}/matches", get(crate::listings::api::listing_matches))
        .route(
            "/api/v1/listings/{id}/mark",
            axum::routing::put(crate::exchanges::api::mark_listing).delete(crate::exchanges::api::unmark_listing),
        )
        .route(
            "/api/v1/exchanges",
            get(crate::exchanges::api::list_exchanges).post(crate::exchanges::api::propose_exchange),
        )
        .route("/api/v1/exchanges/suggestions", get(crate::exchanges::api::list_suggestions))
        .route("/api/v1/exchanges/{id}", get(crate::exchanges::api::get_exchange))
        .route("/api/v1/exchanges/{id}/confirm", post(crate::exchanges::api::confirm_exchange))
        .route("/api/v1/exchanges/{id}/decline", post(crate::exchanges::api::decline_exchange))
        .route("/api/v1/exchanges/{id}/complete", post(crate::exchanges::api::complete_exchange))
        .route("/api/v1/exchanges/{id}/cancel", post(crate::exchanges::api::cancel_exchange))
        .route(
            "/api/v1/exchanges/{id}/reviews",
            get(crate::exchanges::api::exchange_reviews).post(crate::exchanges::api::review_exchange),
        )
        .route(
            "/api/v1/actors/{id}/members/{account_id}",
            axum::routing::put(crate::actors::api::set_member).delete(crate::actors::api::remove_member),
        )
        .route("/api/v1/timebank/accounts/{id}", get(crate::timebank::api::get_timebank_account))
        .route("/api/v1/timebank/accounts/{id}/entries", get(crate::timebank::api::account_statement))
        .route("/api/v1/timebank/accounts/{id}/entries.csv", get(crate::timebank::api::account_statement_csv))
        .route("/api/v1/timebank/accounts/{id}/limits", axum::routing::put(crate::timebank::api::set_timebank_limits))
        .route("/api/v1/timebank/transfers", post(crate::timebank::api::create_transfer))
        .route("/api/v1/timebank/entries/{id}/reversal", post(crate::timebank::api::reverse_entry))
        .route("/api/v1/events", get(crate::programme::api::list_events).post(crate::programme::api::post_event))
        .route("/api/v1/events.ics", get(crate::programme::api::events_ics))
        .route("/api/v1/events/{id}", get(crate::programme::api::get_event).put(crate::programme::api::put_event))
        .route("/api/v1/events/{id}/cancel", post(crate::programme::api::post_cancel_event))
        .route("/api/v1/events/{id}/duplicate", post(crate::programme::api::post_duplicate))
        .route(
            "/api/v1/events/{id}/enrolments",
            get(crate::programme::api::event_roster).post(crate::programme::api::post_enrolment),
        )
        .route("/api/v1/events/{id}/enrolments.csv", get(crate::programme::api::event_roster_csv))
        .route(
            "/api/v1/events/{id}/sessions/{session_id}/attendance/{account_id}",
            axum::routing::put(crate::programme::api::mark_present).delete(crate::programme::api::unmark_present),
        )
        .route("/api/v1/events/{id}/sessions/{session_id}/checkins", post(crate::programme::api::post_checkin))
        .route("/api/v1/enrolments/{id}", axum::routing::delete(crate::programme::api::delete_enrolment))
        .route("/api/v1/enrolments/{id}/promote", post(crate::programme::api::promote))
        .route("/api/v1/enrolments/{id}/move", post(crate::programme::api::move_enrolment))
        .route("/api/v1/me/enrolments", get(crate::programme::api::my_enrolments))
        .route("/api/v1/programme/stats", get(crate::programme::api::get_stats))
}
