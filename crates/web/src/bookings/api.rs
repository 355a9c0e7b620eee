//! `/api/v1` bookings: book a place, cancel, list one's own.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::paging;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use portineria_domain::booking::{BookingError, Interval, check_request};
use portineria_domain::cursor::page_limit;
use portineria_domain::ical;
use portineria_domain::policy::{Action, allows};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Booking, NewBooking};
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

fn instant(field: &str, s: &str) -> Result<Timestamp, FieldError> {
    s.trim().parse::<Timestamp>().map_err(|_| FieldError::new(field, "instant"))
}

/// Booking errors that are about the request are field errors (422); the
/// rest are conflicts with the state of the place (409).
fn booking_error(e: BookingError) -> AppError {
    match e {
        BookingError::EndBeforeStart => FieldError::new("end", "booking-end-before-start").into(),
        BookingError::InThePast => FieldError::new("start", "booking-in-the-past").into(),
        BookingError::TooShort => FieldError::new("end", "booking-too-short").into(),
        BookingError::TooLong => FieldError::new("end", "booking-too-long").into(),
        BookingError::TooFarAhead => FieldError::new("start", "booking-too-far-ahead").into(),
        BookingError::OutsideHours => AppError::Conflict("outside-hours"),
        BookingError::Full => AppError::Conflict("full"),
        BookingError::NotBookable => AppError::Conflict("not-bookable"),
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
    let place = state.store.place(b.place_id).await?.ok_or(AppError::NotFound)?;
    let booking = book(&state, &ctx, &place, Interval { start: start.as_second(), end: end.as_second() }).await?;
    Ok((StatusCode::CREATED, Json(BookingJson::from(&booking))).into_response())
}

/// Books one interval of a place for the signed-in person: the rules of the
/// place and the site's hours first, then the store's transaction.
pub async fn book(state: &AppState, ctx: &Ctx, place: &portineria_store::Place, want: Interval) -> AppResult<Booking> {
    let user = ctx.user()?;
    if !place.bookable {
        return Err(AppError::Conflict("not-bookable"));
    }
    let site = state.store.site(place.site_id).await?.ok_or(AppError::NotFound)?;
    check_request(&place.rules, &site.schedule, &portineria_domain::rome(), ctx.now, want).map_err(booking_error)?;
    let booking = state
        .store
        .create_booking(
            &ctx.who(),
            &NewBooking {
                place_id: place.id,
                account_id: user.account.id,
                start: want.start,
                end: want.end,
                now: ctx.now.as_second(),
                staff: allows(&ctx.roles(), Action::HostDesk { hub: place.hub_id, site: place.site_id }),
            },
        )
        .await?;
    state.app.live.forget(place.site_id, Some(place.id));
    Ok(booking)
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
    if !(1..=26).contains(&b.weeks) {
        errs.push(FieldError::new("weeks", "range").with("min", 1).with("max", 26));
    }
    let (Some(start), Some(end), true) = (start, end, errs.is_empty()) else { return Err(errs.into()) };
    if end <= start {
        return Err(FieldError::new("end", "booking-end-before-start").into());
    }
    let place = state.store.place(b.place_id).await?.ok_or(AppError::NotFound)?;
    let (date, minute) = crate::http::fmt::local_date_minute(start);
    let minutes = (end.as_second() - start.as_second()) / 60;
    let occurrences = portineria_domain::booking::weekly(
        date,
        minute,
        minutes,
        usize::try_from(b.weeks).unwrap_or(1),
        &portineria_domain::rome(),
    );
    let mut out = SeriesJson { booked: Vec::new(), failed: Vec::new() };
    for want in occurrences {
        match book(&state, &ctx, &place, want).await {
            Ok(booking) => out.booked.push(BookingJson::from(&booking)),
            Err(e) => {
                let (code, message) = match &e {
                    AppError::Invalid(fields) => match fields.0.first() {
                        Some(f) => (f.code.replace('-', "_"), ctx.tr.field_error(f)),
                        None => (e.code(), ctx.tr.t(&e.message_id())),
                    },
                    AppError::Conflict(_) => (e.code(), ctx.tr.t(&e.message_id())),
                    _ => return Err(e),
                };
                let (s, _) = rfc3339(want.start);
                let (en, _) = rfc3339(want.end);
                out.failed.push(FailedOccurrence { start: s, end: en, code, message });
            }
        }
    }
    let status = if out.booked.is_empty() { StatusCode::CONFLICT } else { StatusCode::CREATED };
    Ok((status, Json(out)).into_response())
}

#[utoipa::path(delete, path = "/api/v1/bookings/{id}", tag = "bookings", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = BookingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "the cancellation deadline has passed")))]
/// Cancels a booking: its holder until the place's deadline, the hub's managers at any time.
pub async fn cancel(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<BookingJson>> {
    let user = ctx.user()?;
    let booking = state.store.booking(id).await?.ok_or(AppError::NotFound)?;
    let place = state.store.place(booking.place_id).await?.ok_or(AppError::NotFound)?;
    let manager = allows(&ctx.roles(), Action::ManagePlaces { hub: place.hub_id, site: place.site_id });
    if !manager {
        if booking.account_id != user.account.id {
            // Not theirs: as if it did not exist.
            return Err(AppError::NotFound);
        }
        if ctx.now.as_second() > booking.start - place.rules.cancel_minutes_before * 60 {
            return Err(AppError::Conflict("cancel-deadline-passed"));
        }
    }
    Ok(Json(BookingJson::from(&cancel_checked(&state, &ctx, &booking, &place).await?)))
}

/// Cancels a booking whose cancellation the caller has allowed: forgets
/// this server's view of the place's day and tells the holder by mail.
/// Cancelling a cancelled booking changes nothing and mails no one.
pub async fn cancel_checked(
    state: &AppState,
    ctx: &Ctx,
    booking: &Booking,
    place: &portineria_store::Place,
) -> AppResult<Booking> {
    if booking.status != "confirmed" {
        return Ok(booking.clone());
    }
    let cancelled = state.store.cancel_booking(&ctx.who(), booking.id, ctx.now.as_second()).await?;
    state.app.live.forget(place.site_id, Some(place.id));
    Ok(cancelled)
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
    let user = ctx.user()?;
    let after = paging::after_id(p.cursor.as_deref())?;
    let limit = page_limit(paging::parse_limit(p.limit.as_deref())?);
    let rows = state.store.account_bookings(user.account.id, ctx.now.as_second(), after, limit + 1).await?;
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

/// The period and slot length of an availability request (default: the
/// next 24 hours in slots of 30 minutes; at most 14 days).
fn availability_window(ctx: &Ctx, p: &AvailabilityParams) -> AppResult<(i64, i64, i64)> {
    let mut errs = FieldErrors::new();
    let present = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let from = match present(&p.from) {
        Some(f) => errs.take(instant("from", &f)).map(|t| t.as_second()),
        None => Some(ctx.now.as_second()),
    };
    let to = match present(&p.to) {
        Some(t) => errs.take(instant("to", &t)).map(|t| t.as_second()),
        None => from.map(|f| f + 86_400),
    };
    let slot = match present(&p.slot_minutes) {
        Some(s) => errs.take(portineria_domain::validate::integer("slot_minutes", &s, 15, 240)),
        None => Some(30),
    };
    let (Some(from), Some(to), Some(slot)) = (from, to, slot) else { return Err(errs.into()) };
    if to <= from {
        return Err(FieldError::new("to", "booking-end-before-start").into());
    }
    if to - from > 14 * 86_400 {
        return Err(FieldError::new("to", "range").with("min", 0).with("max", 14).into());
    }
    Ok((from, to, slot * 60))
}

/// Free seats of one place per slot of `[from, to)`.
pub async fn place_slots(
    state: &AppState,
    place: &portineria_store::Place,
    schedule: &portineria_domain::hours::Schedule,
    from: i64,
    to: i64,
    slot_seconds: i64,
) -> AppResult<Vec<portineria_domain::booking::Slot>> {
    let capacity = if !place.bookable {
        0
    } else if place.kind.is_pool() {
        usize::try_from(place.capacity).unwrap_or(0)
    } else {
        1
    };
    let existing = state.store.place_busy(place.id, from, to).await?;
    Ok(portineria_domain::booking::availability(
        &existing,
        capacity,
        schedule,
        &portineria_domain::rome(),
        from,
        to,
        slot_seconds,
    ))
}

fn seats_of(place: &portineria_store::Place) -> usize {
    match (place.bookable, place.kind.is_pool()) {
        (false, _) => 0,
        (true, true) => usize::try_from(place.capacity).unwrap_or(0),
        (true, false) => 1,
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
    let (from, to, slot) = availability_window(&ctx, &p)?;
    let index = state.sites().await?;
    let place = index.place(state.store.as_ref(), id).await?.ok_or(AppError::NotFound)?;
    let site = match index.get(place.site_id) {
        Some(site) => site.clone(),
        None => std::sync::Arc::new(state.store.site(place.site_id).await?.ok_or(AppError::NotFound)?),
    };
    let slots = place_slots(&state, &place, &site.schedule, from, to, slot).await?;
    let mut out = String::with_capacity(128 + slots.len() * 128);
    out.push_str(r#"{"place_id":"#);
    out.push_str(&id.to_string());
    out.push_str(r#","capacity":"#);
    out.push_str(&seats_of(&place).to_string());
    out.push_str(r#","slots":"#);
    push_slots(&state, &mut out, &slots, (from, to, slot));
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
fn push_slots(
    state: &AppState,
    out: &mut String,
    slots: &[portineria_domain::booking::Slot],
    (from, to, slot): (i64, i64, i64),
) {
    let openings = state.app.slot_times.get(from, to, slot);
    out.push('[');
    for (i, s) in slots.iter().enumerate() {
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
    let (from, to, slot) = availability_window(&ctx, &p)?;
    let index = state.sites().await?;
    let site = match index.get(id) {
        Some(site) => site.clone(),
        None => std::sync::Arc::new(state.store.site(id).await?.ok_or(AppError::NotFound)?),
    };
    let places = index.places(state.store.as_ref(), id).await?;
    let mut out = String::with_capacity(256);
    out.push_str(r#"{"site_id":"#);
    out.push_str(&id.to_string());
    out.push_str(r#","places":["#);
    for (i, place) in places.iter().filter(|p| p.bookable).enumerate() {
        let slots = place_slots(&state, place, &site.schedule, from, to, slot).await?;
        if i > 0 {
            out.push(',');
        }
        out.push_str(r#"{"place_id":"#);
        out.push_str(&place.id.to_string());
        out.push_str(r#","name":"#);
        out.push_str(&serde_json::to_string(&place.name).map_err(|e| AppError::Internal(e.to_string()))?);
        out.push_str(r#","kind":""#);
        out.push_str(place.kind.as_str());
        out.push_str(r#"","capacity":"#);
        out.push_str(&seats_of(place).to_string());
        out.push_str(r#","slots":"#);
        push_slots(&state, &mut out, &slots, (from, to, slot));
        out.push('}');
    }
    out.push_str("]}");
    Ok(json_bytes(out))
}

/// How far back and ahead the public feeds reach.
const FEED_BACK: i64 = 7 * 86_400;
const FEED_AHEAD: i64 = 90 * 86_400;

fn ics(body: String) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("text/calendar; charset=utf-8"));
    r
}

/// Busy blocks of places: when they are taken, never by whom.
async fn busy_events(
    state: &AppState,
    ctx: &Ctx,
    places: &[portineria_store::Place],
    location: &str,
) -> AppResult<Vec<ical::Event>> {
    let now = ctx.now.as_second();
    let mut events = Vec::new();
    for p in places {
        for b in state.store.place_bookings(p.id, now - FEED_BACK, now + FEED_AHEAD).await? {
            events.push(ical::Event {
                uid: format!("booking-{}@portineria", b.id),
                start: b.start,
                end: b.end,
                summary: format!("{} · {}", p.name, ctx.tr.t("feed-busy")),
                description: String::new(),
                location: location.to_owned(),
                url: Some(format!("{}/places/{}", state.config.base_url.trim_end_matches('/'), p.id)),
                cancelled: false,
            });
        }
    }
    events.sort_by_key(|e| (e.start, e.uid.clone()));
    Ok(events)
}

#[utoipa::path(get, path = "/api/v1/places/{id}/calendar.ics", tag = "bookings", params(("id" = i64, Path)),
    responses((status = 200, description = "RFC 5545 calendar of the place's busy times", content_type = "text/calendar", body = String),
        (status = 404, body = ErrorBody)))]
/// A subscribable calendar of when a place is taken.
pub async fn place_feed(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let place = state.store.place(id).await?.ok_or(AppError::NotFound)?;
    let site = state.store.site(place.site_id).await?.ok_or(AppError::NotFound)?;
    let location = format!("{}, {}, {}", site.name, site.address, site.city);
    let events = busy_events(&state, &ctx, std::slice::from_ref(&place), &location).await?;
    let name = format!("{} · {}", place.name, site.name);
    Ok(ics(ical::calendar(&name, &events, ctx.now.as_second())))
}

#[utoipa::path(get, path = "/api/v1/sites/{id}/calendar.ics", tag = "bookings", params(("id" = i64, Path)),
    responses((status = 200, description = "RFC 5545 calendar of the site's busy places", content_type = "text/calendar", body = String),
        (status = 404, body = ErrorBody)))]
/// A subscribable calendar of when a site's places are taken.
pub async fn site_feed(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let site = state.store.site(id).await?.ok_or(AppError::NotFound)?;
    let places =
        state.store.list_places(&portineria_store::PlaceQuery { site_id: Some(id), ..Default::default() }).await?;
    let location = format!("{}, {}, {}", site.name, site.address, site.city);
    let events = busy_events(&state, &ctx, &places, &location).await?;
    Ok(ics(ical::calendar(&site.name, &events, ctx.now.as_second())))
}

#[derive(Serialize, ToSchema)]
pub struct FeedCreated {
    /// The personal calendar feed; shown once (make a new one to replace it).
    pub url: String,
}

/// Makes a new secret feed URL for an account, replacing the old one.
pub async fn new_personal_feed(state: &AppState, account_id: i64, now: i64) -> AppResult<String> {
    let secret = format!("pc_{}", crate::accounts::auth::random_token());
    state.store.set_calendar_feed(account_id, &crate::accounts::auth::hash_token(&secret), now).await?;
    Ok(format!("{}/calendar/{secret}.ics", state.config.base_url.trim_end_matches('/')))
}

#[utoipa::path(post, path = "/api/v1/me/calendar-feed", tag = "bookings", security(("bearer" = [])),
    responses((status = 201, body = FeedCreated), (status = 401, body = ErrorBody)))]
/// A new secret URL for the signed-in person's bookings as a calendar (the old one stops working).
pub async fn create_feed(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user()?;
    let url = new_personal_feed(&state, user.account.id, ctx.now.as_second()).await?;
    Ok((StatusCode::CREATED, Json(FeedCreated { url })).into_response())
}

/// `GET /calendar/{secret}.ics`: a person's bookings, for their calendar app.
pub async fn personal_feed(State(state): State<AppState>, ctx: Ctx, Path(file): Path<String>) -> AppResult<Response> {
    let secret = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let account_id = state
        .store
        .calendar_feed_account(&crate::accounts::auth::hash_token(secret))
        .await?
        .ok_or(AppError::NotFound)?;
    let now = ctx.now.as_second();
    let bookings = state.store.account_bookings(account_id, now - 30 * 86_400, None, 1000).await?;
    let mut events = Vec::new();
    for b in &bookings {
        let Some(place) = state.store.place(b.place_id).await? else { continue };
        let Some(site) = state.store.site(place.site_id).await? else { continue };
        events.push(ical::Event {
            uid: format!("booking-{}@portineria", b.id),
            start: b.start,
            end: b.end,
            summary: format!("{} · {}", place.name, site.name),
            description: ctx.tr.t("feed-my-booking"),
            location: format!("{}, {}", site.address, site.city),
            url: Some(format!("{}/places/{}", state.config.base_url.trim_end_matches('/'), place.id)),
            cancelled: b.status == "cancelled",
        });
    }
    Ok(ics(ical::calendar(&ctx.tr.t("feed-my-calendar"), &events, now)))
}
