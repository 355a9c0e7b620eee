//! The diffuse coworking's pages for members and hosts: booking a place
//! (one day's free seats and a form, weekly too), my bookings, my passes and
//! vouchers, my QR code, and the check-in desk of a site with who is in.
//! The rules are the API's (`api::bookings`, `api::passes`).

use crate::bookings::api::book;
use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::labels::place_kind_label;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use portineria_domain::hours::{fmt_hhmm, local_instant, parse_hhmm};
use portineria_domain::policy::{Action, allows};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Booking, Place};
use std::sync::Arc;

// ---- booking a place ----------------------------------------------------------
/// A grid of free seats: one column per day or per place, one row per
/// local hour; `None` where the site is closed.
pub struct Grid {
    pub columns: Vec<(String, String)>,
    pub rows: Vec<(String, Vec<Option<usize>>)>,
}

impl Grid {
    /// Builds the grid from hourly slots, one list per column; rows are
    /// matched by local wall-clock hour (a repeated hour in autumn shows its
    /// fuller half).
    fn from_columns(columns: Vec<(String, String)>, slots: Vec<Vec<portineria_domain::booking::Slot>>) -> Grid {
        let mut rows: std::collections::BTreeMap<String, Vec<Option<usize>>> = std::collections::BTreeMap::new();
        let n = slots.len();
        for (c, col) in slots.iter().enumerate() {
            for s in col.iter().filter(|s| s.open) {
                let label = jiff::Timestamp::from_second(s.interval.start).map(fmt::time).unwrap_or_default();
                let row = rows.entry(label).or_insert_with(|| vec![None; n]);
                if let Some(cell) = row.get_mut(c) {
                    *cell = Some(cell.map_or(s.free, |f| f.min(s.free)));
                }
            }
        }
        Grid { columns, rows: rows.into_iter().collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// What the place page shows about booking: the chosen day's (or week's)
/// grid, and the form.
pub struct BookingPanel {
    pub day: String,
    pub day_label: String,
    pub prev: String,
    pub next: String,
    pub week: bool,
    pub grid: Grid,
    pub signed_in: bool,
    pub errors: Errors,
    pub form_from: String,
    pub form_to: String,
    pub form_weeks: String,
    pub rules: String,
}

fn parse_day(raw: Option<&str>, today: Date) -> Date {
    raw.and_then(|d| d.trim().parse::<Date>().ok()).unwrap_or(today)
}

/// Hourly free seats of a place over one local day, from the day's bookings
/// as shared for a moment (`LiveCache`).
async fn day_slots(
    state: &AppState,
    p: &Place,
    schedule: &portineria_domain::hours::Schedule,
    from: i64,
    to: i64,
) -> AppResult<Vec<portineria_domain::booking::Slot>> {
    let booked = state.app.live.day_bookings(state.store.as_ref(), p.id, from, to).await?;
    let existing: Vec<portineria_domain::booking::Interval> =
        booked.iter().map(|(start, end)| portineria_domain::booking::Interval { start: *start, end: *end }).collect();
    let seats = match (p.bookable, p.kind.is_pool()) {
        (false, _) => 0,
        (true, true) => usize::try_from(p.capacity).unwrap_or(0),
        (true, false) => 1,
    };
    Ok(portineria_domain::booking::availability(&existing, seats, schedule, &portineria_domain::rome(), from, to, 3600))
}

/// `[start, end)` of a local day, as Unix seconds.
fn day_bounds(day: Date) -> AppResult<(i64, i64)> {
    let tz = portineria_domain::rome();
    match (local_instant(day, 0, &tz), local_instant(day, 1440, &tz)) {
        (Some(a), Some(b)) => Ok((a.as_second(), b.as_second())),
        _ => Err(AppError::BadRequest("bad-date")),
    }
}

fn day_label(ctx: &Ctx, d: Date) -> String {
    format!(
        "{} {}",
        fmt::weekday_name(&ctx.tr, portineria_domain::hours::weekday_index(d.weekday())),
        d.strftime("%d/%m")
    )
}

/// The booking panel of a place for `day` (or the week from it).
pub async fn panel(state: &AppState, ctx: &Ctx, p: &Place, day: Option<&str>, week: bool) -> AppResult<BookingPanel> {
    let today = fmt::local_date(ctx.now);
    let day = parse_day(day, today);
    let index = state.sites().await?;
    let site = match index.get(p.site_id) {
        Some(s) => s.clone(),
        None => std::sync::Arc::new(state.store.site(p.site_id).await?.ok_or(AppError::NotFound)?),
    };
    let days: Vec<Date> =
        (0..if week { 7 } else { 1 }).filter_map(|i| day.checked_add(jiff::ToSpan::days(i)).ok()).collect();
    let mut columns = Vec::new();
    let mut slots = Vec::new();
    for d in &days {
        let (from, to) = day_bounds(*d)?;
        slots.push(day_slots(state, p, &site.schedule, from, to).await?);
        columns.push((format!("/places/{}?day={d}#book", p.id), day_label(ctx, *d)));
    }
    let step = if week { 7 } else { 1 };
    let r = &p.rules;
    Ok(BookingPanel {
        day: day.to_string(),
        day_label: day.strftime("%d/%m/%Y").to_string(),
        prev: day.checked_sub(jiff::ToSpan::days(step)).map(|d| d.to_string()).unwrap_or_default(),
        next: day.checked_add(jiff::ToSpan::days(step)).map(|d| d.to_string()).unwrap_or_default(),
        week,
        grid: Grid::from_columns(columns, slots),
        signed_in: ctx.user.is_some(),
        errors: Errors::default(),
        form_from: "09:00".into(),
        form_to: "13:00".into(),
        form_weeks: "1".into(),
        rules: ctx.tr.tn(
            "booking-rules-summary",
            &[
                ("min", r.min_minutes.to_string()),
                ("max", fmt_hhmm(u16::try_from(r.max_minutes).unwrap_or(0))),
                ("days", r.max_days_ahead.to_string()),
                ("cancel", r.cancel_minutes_before.to_string()),
            ],
        ),
    })
}

#[derive(Template)]
#[template(path = "bookings/templates/site_grid.html")]
struct SiteGridPage {
    l: Layout,
    site_id: i64,
    site_name: String,
    day_label: String,
    prev: String,
    next: String,
    grid: Grid,
}

/// Free seats of every bookable place of a site, hour by hour, for a day.
pub async fn site_grid(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<DayParams>,
) -> AppResult<Response> {
    let site = state.store.site(id).await?.ok_or(AppError::NotFound)?;
    let day = parse_day(q.day.as_deref(), fmt::local_date(ctx.now));
    let (from, to) = day_bounds(day)?;
    let places = state.sites().await?.places(state.store.as_ref(), id).await?;
    let mut columns = Vec::new();
    let mut slots = Vec::new();
    for p in places.iter().filter(|p| p.bookable) {
        slots.push(day_slots(&state, p, &site.schedule, from, to).await?);
        columns.push((format!("/places/{}?day={day}#book", p.id), p.name.clone()));
    }
    let page = SiteGridPage {
        l: Layout::new(&state, &ctx, ctx.tr.t1("site-grid-title", "site", site.name.clone()), "directory").await?,
        site_id: id,
        site_name: site.name,
        day_label: day_label(&ctx, day),
        prev: day.yesterday().map(|d| d.to_string()).unwrap_or_default(),
        next: day.tomorrow().map(|d| d.to_string()).unwrap_or_default(),
        grid: Grid::from_columns(columns, slots),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "bookings/templates/booked.html")]
struct BookedPage {
    l: Layout,
    place: Place,
    booked: Vec<(String, String)>,
    failed: Vec<(String, String)>,
}

/// Books a place from its page: one interval, or the same time for several weeks.
pub async fn book_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    ctx.user()?;
    let place = state.store.place(id).await?.ok_or(AppError::NotFound)?;
    let mut errs = FieldErrors::new();
    let day = form.text("day");
    let date = day.trim().parse::<Date>().map_err(|_| FieldError::new("day", "date"));
    let date = errs.take(date);
    let from = parse_hhmm(&form.text("from"));
    let to = parse_hhmm(&form.text("to"));
    if from.is_none() {
        errs.push(FieldError::new("from", "hours-bad-time"));
    }
    if to.is_none() {
        errs.push(FieldError::new("to", "hours-bad-time"));
    }
    let weeks = errs.take(portineria_domain::validate::integer("weeks", &form.text("weeks"), 1, 26));
    let tz = portineria_domain::rome();
    let (Some(date), Some(from), Some(to), Some(weeks), true) = (date, from, to, weeks, errs.is_empty()) else {
        return place_with_errors(&state, &ctx, &place, &form, &errs).await;
    };
    if to <= from {
        let errs: FieldErrors = FieldError::new("to", "booking-end-before-start").into();
        return place_with_errors(&state, &ctx, &place, &form, &errs).await;
    }
    let occurrences =
        portineria_domain::booking::weekly(date, from, i64::from(to - from), usize::try_from(weeks).unwrap_or(1), &tz);
    let mut booked = Vec::new();
    let mut failed = Vec::new();
    for want in occurrences {
        let when = when(want.start, want.end);
        match book(&state, &ctx, &place, want).await {
            Ok(_) => booked.push((when, String::new())),
            Err(AppError::Invalid(fields)) if weeks == 1 => {
                return place_with_errors(&state, &ctx, &place, &form, &fields).await;
            }
            Err(e @ AppError::Conflict(_)) if weeks == 1 => {
                let errs = Errors::one("from", ctx.tr.t(&e.message_id()));
                return place_page_with(&state, &ctx, &place, &form, errs, StatusCode::CONFLICT).await;
            }
            Err(AppError::Invalid(fields)) => {
                failed.push((when, fields.0.first().map(|f| ctx.tr.field_error(f)).unwrap_or_default()))
            }
            Err(e @ AppError::Conflict(_)) => failed.push((when, ctx.tr.t(&e.message_id()))),
            Err(e) => return Err(e),
        }
    }
    if weeks == 1 {
        return Ok(redirect("/me/bookings?done=booked"));
    }
    let status = if booked.is_empty() { StatusCode::CONFLICT } else { StatusCode::OK };
    let page =
        BookedPage { l: Layout::new(&state, &ctx, ctx.tr.t("booked-title"), "profile").await?, place, booked, failed };
    Ok(render_status(&page, status))
}

fn when(start: i64, end: i64) -> String {
    match (jiff::Timestamp::from_second(start), jiff::Timestamp::from_second(end)) {
        (Ok(s), Ok(e)) => format!("{} – {}", fmt::date_time(s), fmt::time(e)),
        _ => String::new(),
    }
}

async fn place_with_errors(
    state: &AppState,
    ctx: &Ctx,
    place: &Place,
    form: &FormData,
    errs: &FieldErrors,
) -> AppResult<Response> {
    let errors = Errors::from_fields(&ctx.tr, errs);
    place_page_with(state, ctx, place, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn place_page_with(
    state: &AppState,
    ctx: &Ctx,
    place: &Place,
    form: &FormData,
    errors: Errors,
    status: StatusCode,
) -> AppResult<Response> {
    let day = form.text("day");
    let mut panel = panel(state, ctx, place, Some(&day), false).await?;
    panel.errors = errors;
    panel.form_from = form.text("from");
    panel.form_to = form.text("to");
    panel.form_weeks = form.text("weeks");
    let page = crate::bookings::pages::place_page(state, ctx, place.clone(), Some(panel)).await?;
    Ok(render_status(&page, status))
}

// ---- my bookings ------------------------------------------------------------
pub struct BookingLine {
    pub id: i64,
    pub when: String,
    pub place_id: i64,
    pub place: String,
    pub site: String,
    pub cancellable: bool,
}

#[derive(Template)]
#[template(path = "bookings/templates/my_bookings.html")]
struct MyBookingsPage {
    l: Layout,
    notice: Option<String>,
    items: Vec<BookingLine>,
}

#[derive(serde::Deserialize, Default)]
pub struct DayParams {
    pub day: Option<String>,
    pub done: Option<String>,
    pub hub: Option<String>,
}

pub async fn my_bookings(State(state): State<AppState>, ctx: Ctx, Query(p): Query<DayParams>) -> AppResult<Response> {
    let user = ctx.user()?;
    let rows = state.store.account_bookings(user.account.id, ctx.now.as_second(), None, 200).await?;
    let mut items = Vec::new();
    for b in rows.iter().filter(|b| b.status == "confirmed") {
        items.push(line(&state, &ctx, b).await?);
    }
    items.sort_by_key(|l| l.when.clone());
    let notice = match p.done.as_deref() {
        Some("booked") => Some(ctx.tr.t("notice-booked")),
        Some("cancelled") => Some(ctx.tr.t("notice-booking-cancelled")),
        _ => None,
    };
    let page =
        MyBookingsPage { l: Layout::new(&state, &ctx, ctx.tr.t("my-bookings"), "profile").await?, notice, items };
    Ok(render(&page))
}

async fn line(state: &AppState, ctx: &Ctx, b: &Booking) -> AppResult<BookingLine> {
    let place = state.store.place(b.place_id).await?.ok_or(AppError::NotFound)?;
    Ok(BookingLine {
        id: b.id,
        when: when(b.start, b.end),
        place_id: place.id,
        cancellable: ctx.now.as_second() <= b.start - place.rules.cancel_minutes_before * 60,
        place: place.name,
        site: place.site_name,
    })
}

/// Cancels one's own booking from "my bookings" (before the place's deadline).
pub async fn cancel_mine(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _form: FormData,
) -> AppResult<Response> {
    let user = ctx.user()?;
    let b = state.store.booking(id).await?.ok_or(AppError::NotFound)?;
    if b.account_id != user.account.id {
        return Err(AppError::NotFound);
    }
    let place = state.store.place(b.place_id).await?.ok_or(AppError::NotFound)?;
    if ctx.now.as_second() > b.start - place.rules.cancel_minutes_before * 60 {
        return Err(AppError::Conflict("cancel-deadline-passed"));
    }
    crate::bookings::api::cancel_checked(&state, &ctx, &b, &place).await?;
    Ok(redirect("/me/bookings?done=cancelled"))
}

#[derive(Template)]
#[template(path = "bookings/templates/place.html")]
pub struct PlacePage {
    l: Layout,
    p: Place,
    hub_name: String,
    kind_label: String,
    is_pool: bool,
    status: String,
    open: bool,
    can_edit: bool,
    booking: Option<crate::bookings::pages::BookingPanel>,
}

#[derive(serde::Deserialize, Default)]
pub struct PlaceParams {
    day: Option<String>,
    view: Option<String>,
}

pub async fn place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PlaceParams>,
) -> AppResult<Response> {
    let p = state.sites().await?.place(state.store.as_ref(), id).await?.ok_or(AppError::NotFound)?;
    let week = q.view.as_deref() == Some("week");
    let panel = if p.bookable {
        Some(crate::bookings::pages::panel(&state, &ctx, &p, q.day.as_deref(), week).await?)
    } else {
        None
    };
    Ok(render(&place_page(&state, &ctx, p, panel).await?))
}

/// A place's page, with its booking panel when it takes bookings.
pub async fn place_page(
    state: &AppState,
    ctx: &Ctx,
    p: Place,
    booking: Option<crate::bookings::pages::BookingPanel>,
) -> AppResult<PlacePage> {
    let index = state.sites().await?;
    let site = match index.get(p.site_id) {
        Some(s) => s.clone(),
        None => Arc::new(state.store.site(p.site_id).await?.ok_or(AppError::NotFound)?),
    };
    let status = index.status(&site, ctx.now);
    Ok(PlacePage {
        l: Layout::with_network(ctx, index.network_name.clone(), p.name.clone(), "directory"),
        hub_name: site.hub_name.clone(),
        kind_label: place_kind_label(&ctx.tr, p.kind),
        is_pool: p.kind.is_pool(),
        status: fmt::open_status(&ctx.tr, &status, ctx.now),
        open: status.is_open(),
        can_edit: allows(&ctx.roles(), Action::ManagePlaces { hub: p.hub_id, site: p.site_id }),
        booking,
        p,
    })
}
