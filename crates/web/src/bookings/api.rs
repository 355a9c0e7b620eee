//! `/api/v1` bookings: book a place, cancel, list one's own.

use crate::bookings::feeds;
use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::paging;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portineria_app::bookings::{self, PlaceSlots, Series, Window, instant};
use portineria_domain::bookings::Interval;
use portineria_domain::cursor::page_limit;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::Booking;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
pub struct BookingBody {
    pub place_id: i64,
    /// RFC 3339, e.g. `2026-11-23T09:00:00+01:00` (any offset; stored in UTC).
    pub start: String,
    pub end: String,
}

#[derive(Serialize, ToSchema)]
pub struct BookingJson {
    pub id: i64,
    pub place_id: i64,
    /// RFC 3339 in UTC.
    pub start: String,
    pub end: String,
    /// The same instants in Europe/Rome.
    pub start_local: String,
    pub end_local: String,
    /// `confirmed` or `cancelled`.
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct BookingPage {
    pub items: Vec<BookingJson>,
    pub next_cursor: Option<String>,
}

fn rfc3339(secs: i64) -> (String, String) {
    (crate::http::fmt::rfc3339_utc(secs), crate::http::fmt::rfc3339_local(secs))
}

impl From<&Booking> for BookingJson {
    fn from(b: &Booking) -> Self {
        let (start, start_local) = rfc3339(b.start);
        let (end, end_local) = rfc3339(b.end);
        BookingJson { id: b.id, place_id: b.place_id, start, end, start_local, end_local, status: b.status.clone() }
    }
}

#[utoipa::path(post, path = "/api/v1/bookings", tag = "bookings", request_body = BookingBody, security(("bearer" = [])),
    responses((status = 201, body = BookingJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "full, outside-hours or not-bookable"), (status = 422, body = ErrorBody)))]
/// Books a place for the signed-in person.
pub async fn create(State(state): State<AppState>, ctx: Ctx, Json(b): Json<BookingBody>) -> AppResult<Response> {
    ctx.user()?;
    let mut errs = FieldErrors::new();
    let start = errs.take(instant("start", &b.start));
    let end = errs.take(instant("end", &b.end));
    let (Some(start), Some(end)) = (start, end) else { return Err(errs.into()) };
    let want = Interval { start: start.as_second(), end: end.as_second() };
    let booking = bookings::book(&state.app, &ctx.caller(), b.place_id, want).await?;
    Ok((StatusCode::CREATED, Json(BookingJson::from(&booking))).into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct SeriesBody {
    pub place_id: i64,
    /// The first occurrence, RFC 3339; the others keep its wall-clock time in Europe/Rome.
    pub start: String,
    pub end: String,
    /// How many weeks in a row, 1 to 26.
    pub weeks: i64,
}

#[derive(Serialize, ToSchema)]
pub struct FailedOccurrence {
    pub start: String,
    pub end: String,
    /// Why this one was not booked (`full`, `outside_hours`, `booking_in_the_past`, …).
    pub code: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct SeriesJson {
    pub booked: Vec<BookingJson>,
    pub failed: Vec<FailedOccurrence>,
}

#[utoipa::path(post, path = "/api/v1/bookings/series", tag = "bookings", request_body = SeriesBody, security(("bearer" = [])),
    responses((status = 201, body = SeriesJson, description = "at least one occurrence was booked; `failed` lists the others"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = SeriesJson, description = "no occurrence could be booked"), (status = 422, body = ErrorBody)))]
/// Books the same time every week for a number of weeks. Each occurrence is
/// checked and booked on its own; the answer says which ones failed and why.
pub async fn series(State(state): State<AppState>, ctx: Ctx, Json(b): Json<SeriesBody>) -> AppResult<Response> {
    ctx.user()?;
    let mut errs = FieldErrors::new();
    let start = errs.take(instant("start", &b.start));
    let end = errs.take(instant("end", &b.end));
    errs.take(bookings::check_weeks(b.weeks));
    let (Some(start), Some(end), true) = (start, end, errs.is_empty()) else { return Err(errs.into()) };
    if end <= start {
        return Err(FieldError::new("end", "booking-end-before-start").into());
    }
    let series = Series::from_instants(start, end, b.weeks);
    let occurrences = bookings::book_weekly(&state.app, &ctx.caller(), b.place_id, series).await?;
    let mut out = SeriesJson { booked: Vec::new(), failed: Vec::new() };
    for o in occurrences {
        let e = match o.booked {
            Ok(booking) => {
                out.booked.push(BookingJson::from(&booking));
                continue;
            }
            Err(e) => AppError::from(e),
        };
        let (code, message) = match &e {
            AppError::Invalid(fields) => match fields.0.first() {
                Some(f) => (f.code.replace('-', "_"), ctx.tr.field_error(f)),
                None => (e.code(), ctx.tr.t(&e.message_id())),
            },
            AppError::Conflict(_) => (e.code(), ctx.tr.t(&e.message_id())),
            _ => return Err(e),
        };
        let (s, _) = rfc3339(o.want.start);
        let (en, _) = rfc3339(o.want.end);
        out.failed.push(FailedOccurrence { start: s, end: en, code, message });
    }
    let status = if out.booked.is_empty() { StatusCode::CONFLICT } else { StatusCode::CREATED };
    Ok((status, Json(out)).into_response())
}

#[utoipa::path(delete, path = "/api/v1/bookings/{id}", tag = "bookings", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = BookingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "the cancellation deadline has passed")))]
/// Cancels a booking: its holder until the place's deadline, the hub's managers at any time.
pub async fn cancel(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<BookingJson>> {
    let c = bookings::cancel(&state.app, &ctx.caller(), id).await?;
    Ok(Json(BookingJson::from(&c.booking)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MineParams {
    pub cursor: Option<String>,
    /// Page size, 1–100 (default 20).
    pub limit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/me/bookings", tag = "bookings", params(MineParams), security(("bearer" = [])),
    responses((status = 200, body = BookingPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
/// The signed-in person's current and future bookings.
pub async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<MineParams>,
) -> AppResult<Json<BookingPage>> {
    ctx.user()?;
    let after = paging::after_id(p.cursor.as_deref())?;
    let limit = page_limit(paging::parse_limit(p.limit.as_deref())?);
    let rows = bookings::upcoming(&state.app, &ctx.caller(), after, limit + 1).await?;
    let (rows, next) = paging::keyset(rows, limit, |b| b.id);
    Ok(Json(BookingPage { items: rows.iter().map(BookingJson::from).collect(), next_cursor: next }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityParams {
    /// RFC 3339; default: now.
    pub from: Option<String>,
    /// RFC 3339; default: a day after `from`; at most 14 days after it.
    pub to: Option<String>,
    /// 15 to 240 (default 30).
    pub slot_minutes: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SlotJson {
    pub start: String,
    pub end: String,
    pub start_local: String,
    /// The site is open for the whole slot.
    pub open: bool,
    /// Seats a booking of the whole slot could still take (1 or 0 for a room).
    pub free: usize,
}

#[derive(Serialize, ToSchema)]
pub struct AvailabilityJson {
    pub place_id: i64,
    /// Seats of a desk pool; 1 for any other place.
    pub capacity: usize,
    pub slots: Vec<SlotJson>,
}

impl AvailabilityParams {
    fn window(&self, ctx: &Ctx) -> AppResult<Window> {
        let (from, to, slot) = (self.from.as_deref(), self.to.as_deref(), self.slot_minutes.as_deref());
        Ok(bookings::window(&ctx.caller(), from, to, slot)?)
    }
}

#[utoipa::path(get, path = "/api/v1/places/{id}/availability", tag = "bookings", params(("id" = i64, Path), AvailabilityParams),
    responses((status = 200, body = AvailabilityJson), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Free seats of a place per slot (a day/week grid), in UTC with the local time.
pub async fn availability(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<AvailabilityParams>,
) -> AppResult<Response> {
    let w = p.window(&ctx)?;
    let a = bookings::place_availability(&state.app, id, &w).await?;
    let mut out = String::with_capacity(128 + a.slots.len() * 128);
    out.push_str(r#"{"place_id":"#);
    out.push_str(&id.to_string());
    out.push_str(r#","capacity":"#);
    out.push_str(&a.seats.to_string());
    out.push_str(r#","slots":"#);
    push_slots(&state, &mut out, &a, &w);
    out.push('}');
    Ok(json_bytes(out))
}

/// A JSON body written by hand (the schema's types say its shape).
fn json_bytes(body: String) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/json"));
    r
}

/// `slots` as the JSON array of [`SlotJson`], written straight into `out`
/// (a week of half-hour slots is 336 of them): each slot's instants come
/// written out from `state.app.slot_times`, shared by every place asked about
/// for the same period; `bookings::availability_grids_across_the_autumn_change_of_time`
/// holds the result to what jiff prints.
fn push_slots(state: &AppState, out: &mut String, a: &PlaceSlots, w: &Window) {
    let openings = state.app.slot_times.get(w.from, w.to, w.slot_seconds);
    out.push('[');
    for (i, s) in a.slots.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match openings.get(i) {
            Some(o) => out.push_str(o),
            // Never: the grid is cut the same way. Written out here if it were not.
            None => {
                out.push_str(r#"{"start":""#);
                portineria_domain::rfc3339::push_utc(out, s.interval.start);
                out.push_str(r#"","end":""#);
                portineria_domain::rfc3339::push_utc(out, s.interval.end);
                out.push_str(r#"","start_local":""#);
                portineria_domain::rfc3339::push_local(out, s.interval.start, &portineria_domain::rome());
                out.push_str(r#"","open":"#);
            }
        }
        out.push_str(if s.open { "true" } else { "false" });
        out.push_str(r#","free":"#);
        // Writing into a String cannot fail.
        let _ = std::fmt::Write::write_fmt(out, format_args!("{}}}", s.free));
    }
    out.push(']');
}

#[derive(Serialize, ToSchema)]
pub struct PlaceAvailabilityJson {
    pub place_id: i64,
    pub name: String,
    pub kind: String,
    pub capacity: usize,
    pub slots: Vec<SlotJson>,
}

#[derive(Serialize, ToSchema)]
pub struct SiteAvailabilityJson {
    pub site_id: i64,
    /// Every bookable place of the site, with the same slots.
    pub places: Vec<PlaceAvailabilityJson>,
}

#[utoipa::path(get, path = "/api/v1/sites/{id}/availability", tag = "bookings", params(("id" = i64, Path), AvailabilityParams),
    responses((status = 200, body = SiteAvailabilityJson), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Free seats of every bookable place of a site per slot (a day/week grid).
pub async fn site_availability(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<AvailabilityParams>,
) -> AppResult<Response> {
    let w = p.window(&ctx)?;
    let places = bookings::site_availability(&state.app, id, &w).await?;
    let mut out = String::with_capacity(256);
    out.push_str(r#"{"site_id":"#);
    out.push_str(&id.to_string());
    out.push_str(r#","places":["#);
    for (i, a) in places.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(r#"{"place_id":"#);
        out.push_str(&a.place.id.to_string());
        out.push_str(r#","name":"#);
        out.push_str(&serde_json::to_string(&a.place.name).map_err(|e| AppError::Internal(e.to_string()))?);
        out.push_str(r#","kind":""#);
        out.push_str(a.place.kind.as_str());
        out.push_str(r#"","capacity":"#);
        out.push_str(&a.seats.to_string());
        out.push_str(r#","slots":"#);
        push_slots(&state, &mut out, a, &w);
        out.push('}');
    }
    out.push_str("]}");
    Ok(json_bytes(out))
}

#[utoipa::path(get, path = "/api/v1/places/{id}/calendar.ics", tag = "bookings", params(("id" = i64, Path)),
    responses((status = 200, description = "RFC 5545 calendar of the place's busy times", content_type = "text/calendar", body = String),
        (status = 404, body = ErrorBody)))]
/// A subscribable calendar of when a place is taken.
pub async fn place_feed(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let busy = bookings::place_busy(&state.app, &ctx.caller(), id).await?;
    let name = match busy.places.first() {
        Some((place, _)) => format!("{} · {}", place.name, busy.site.name),
        None => busy.site.name.clone(),
    };
    Ok(feeds::busy_calendar(&state, &ctx, &name, &busy))
}

#[utoipa::path(get, path = "/api/v1/sites/{id}/calendar.ics", tag = "bookings", params(("id" = i64, Path)),
    responses((status = 200, description = "RFC 5545 calendar of the site's busy places", content_type = "text/calendar", body = String),
        (status = 404, body = ErrorBody)))]
/// A subscribable calendar of when a site's places are taken.
pub async fn site_feed(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let busy = bookings::site_busy(&state.app, &ctx.caller(), id).await?;
    Ok(feeds::busy_calendar(&state, &ctx, &busy.site.name, &busy))
}

#[derive(Serialize, ToSchema)]
pub struct FeedCreated {
    /// The personal calendar feed; shown once (make a new one to replace it).
    pub url: String,
}

#[utoipa::path(post, path = "/api/v1/me/calendar-feed", tag = "bookings", security(("bearer" = [])),
    responses((status = 201, body = FeedCreated), (status = 401, body = ErrorBody)))]
/// A new secret URL for the signed-in person's bookings as a calendar (the old one stops working).
pub async fn create_feed(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let secret = bookings::new_feed(&state.app, &ctx.caller()).await?;
    Ok((StatusCode::CREATED, Json(FeedCreated { url: feeds::personal_url(&state, &secret) })).into_response())
}

/// `GET /calendar/{secret}.ics`: a person's bookings, for their calendar app.
pub async fn personal_feed(State(state): State<AppState>, ctx: Ctx, Path(file): Path<String>) -> AppResult<Response> {
    let secret = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let items = bookings::personal_feed(&state.app, &ctx.caller(), secret).await?;
    Ok(feeds::personal_calendar(&state, &ctx, &items))
}
