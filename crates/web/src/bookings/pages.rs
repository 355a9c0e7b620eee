//! The pages of bookings: a place's page with its booking panel (one day's
//! or week's free seats and a form, weekly too), a site's grid of free
//! seats, and my bookings. The rules are `portineria_app::bookings`'.

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
use portineria_app::bookings::{self, Series};
use portineria_domain::hours::{fmt_hhmm, parse_hhmm};
use portineria_domain::policy::Action;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::Place;

// ---- booking a place ----------------------------------------------------------
/// A grid of free seats: one column per day or per place, one row per
/// local hour; `None` where the site is closed. A free cell is a link that
/// opens the place's form with that hour filled in (without JavaScript); with
/// it, `app.js` lets a person pick a start and an end on the grid itself.
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<(String, Vec<Option<Cell>>)>,
}

/// A column: a day of a place, or a place on a day.
pub struct Column {
    /// The place's page on that day: `/places/{id}?day={day}`.
    pub base: String,
    pub label: String,
    pub day: String,
}

/// An open hour of a column.
pub struct Cell {
    pub free: usize,
    /// Local wall-clock start and end, `HH:MM`.
    pub from: String,
    pub to: String,
    /// Inside the hours already chosen in the form.
    pub chosen: bool,
}

impl Grid {
    /// Builds the grid from hourly slots, one list per column; rows are
    /// matched by local wall-clock hour (a repeated hour in autumn shows its
    /// fuller half). `chosen` marks the hours `from`–`to` of the column of
    /// that day.
    fn from_columns(
        columns: Vec<Column>,
        slots: Vec<Vec<portineria_domain::bookings::Slot>>,
        chosen: Option<(&str, u16, u16)>,
    ) -> Grid {
        let mut rows: std::collections::BTreeMap<String, Vec<Option<Cell>>> = std::collections::BTreeMap::new();
        let n = slots.len();
        let local = |t: i64| jiff::Timestamp::from_second(t).map(fmt::time).unwrap_or_default();
        for (c, col) in slots.iter().enumerate() {
            let day = columns.get(c).map(|c| c.day.as_str());
            for s in col.iter().filter(|s| s.open) {
                let (from, to) = (local(s.interval.start), local(s.interval.end));
                let row = rows.entry(from.clone()).or_insert_with(|| (0..n).map(|_| None).collect());
                let Some(cell) = row.get_mut(c) else { continue };
                let free = cell.as_ref().map_or(s.free, |f: &Cell| f.free.min(s.free));
                let chosen = match (chosen, parse_hhmm(&from), parse_hhmm(&to)) {
                    (Some((d, a, b)), Some(f), Some(_)) => day == Some(d) && f >= a && f < b,
                    _ => false,
                };
                *cell = Some(Cell { free, from, to, chosen });
            }
        }
        Grid { columns, rows: rows.into_iter().collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The column of a cell (the templates' loop index).
    pub fn column(&self, i: &usize) -> Option<&Column> {
        self.columns.get(*i)
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

fn day_label(ctx: &Ctx, d: Date) -> String {
    format!(
        "{} {}",
        fmt::weekday_name(&ctx.tr, portineria_domain::hours::weekday_index(d.weekday())),
        d.strftime("%d/%m")
    )
}

/// The booking panel of a place for `day` (or the week from it), with the
/// hours `from`–`to` filled in (a free cell of the grid links here with its
/// hour; otherwise the morning).
pub async fn panel(
    state: &AppState,
    ctx: &Ctx,
    p: &Place,
    day: Option<&str>,
    week: bool,
    hours: (Option<&str>, Option<&str>),
) -> AppResult<BookingPanel> {
    let today = fmt::local_date(ctx.now);
    let day = parse_day(day, today);
    let days: Vec<Date> =
        (0..if week { 7 } else { 1 }).filter_map(|i| day.checked_add(jiff::ToSpan::days(i)).ok()).collect();
    let slots = bookings::place_days(&state.app, p, &days).await?;
    let columns = days
        .iter()
        .map(|d| Column { base: format!("/places/{}?day={d}", p.id), label: day_label(ctx, *d), day: d.to_string() })
        .collect();
    let step = if week { 7 } else { 1 };
    let r = &p.rules;
    let (form_from, form_to) = match hours {
        (Some(f), Some(t)) => (f.trim().to_string(), t.trim().to_string()),
        _ => ("09:00".to_string(), "13:00".to_string()),
    };
    let first = day.to_string();
    let chosen = match (parse_hhmm(&form_from), parse_hhmm(&form_to)) {
        (Some(a), Some(b)) if hours.0.is_some() && a < b => Some((first.as_str(), a, b)),
        _ => None,
    };
    Ok(BookingPanel {
        day: day.to_string(),
        day_label: day.strftime("%d/%m/%Y").to_string(),
        prev: day.checked_sub(jiff::ToSpan::days(step)).map(|d| d.to_string()).unwrap_or_default(),
        next: day.checked_add(jiff::ToSpan::days(step)).map(|d| d.to_string()).unwrap_or_default(),
        week,
        grid: Grid::from_columns(columns, slots, chosen),
        signed_in: ctx.user.is_some(),
        errors: Errors::default(),
        form_from,
        form_to,
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
    let day = parse_day(q.day.as_deref(), fmt::local_date(ctx.now));
    let grid = bookings::site_day(&state.app, id, day).await?;
    let site = grid.site;
    let (columns, slots) = grid
        .places
        .into_iter()
        .map(|(p, slots)| {
            (Column { base: format!("/places/{}?day={day}", p.id), label: p.name, day: day.to_string() }, slots)
        })
        .unzip();
    let page = SiteGridPage {
        l: Layout::new(&state, &ctx, ctx.tr.t1("site-grid-title", "site", site.name.clone()), "directory").await?,
        site_id: id,
        site_name: site.name,
        day_label: day_label(&ctx, day),
        prev: day.yesterday().map(|d| d.to_string()).unwrap_or_default(),
        next: day.tomorrow().map(|d| d.to_string()).unwrap_or_default(),
        grid: Grid::from_columns(columns, slots, None),
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
    let place = bookings::place(&state.app, id).await?;
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
    let weeks = errs.take(portineria_domain::validate::integer("weeks", &form.text("weeks"), 1, bookings::MAX_WEEKS));
    let (Some(date), Some(from), Some(to), Some(weeks), true) = (date, from, to, weeks, errs.is_empty()) else {
        return place_with_errors(&state, &ctx, &place, &form, &errs).await;
    };
    if to <= from {
        let errs: FieldErrors = FieldError::new("to", "booking-end-before-start").into();
        return place_with_errors(&state, &ctx, &place, &form, &errs).await;
    }
    let series = Series { date, minute: from, minutes: i64::from(to - from), weeks };
    let occurrences = bookings::book_weekly(&state.app, &ctx.caller(), place.id, series).await?;
    let mut booked = Vec::new();
    let mut failed = Vec::new();
    for o in occurrences {
        let when = when(o.want.start, o.want.end);
        match o.booked.map_err(AppError::from) {
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
    let (from, to) = (form.text("from"), form.text("to"));
    let mut panel = panel(state, ctx, place, Some(&day), false, (Some(&from), Some(&to))).await?;
    panel.errors = errors;
    panel.form_weeks = form.text("weeks");
    let page = place_page(state, ctx, place.clone(), Some(panel)).await?;
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
    let mut mine = bookings::my_bookings(&state.app, &ctx.caller()).await?;
    // By when they start (not by the text of the date).
    mine.sort_by_key(|m| (m.booking.start, m.booking.id));
    let items: Vec<BookingLine> = mine
        .into_iter()
        .map(|m| BookingLine {
            id: m.booking.id,
            when: when(m.booking.start, m.booking.end),
            place_id: m.place.id,
            cancellable: m.cancellable,
            place: m.place.name,
            site: m.place.site_name,
        })
        .collect();
    let notice = match p.done.as_deref() {
        Some("booked") => Some(ctx.tr.t("notice-booked")),
        Some("cancelled") => Some(ctx.tr.t("notice-booking-cancelled")),
        _ => None,
    };
    let page =
        MyBookingsPage { l: Layout::new(&state, &ctx, ctx.tr.t("my-bookings"), "profile").await?, notice, items };
    Ok(render(&page))
}

/// Cancels one's own booking from "my bookings" (before the place's deadline).
pub async fn cancel_mine(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _form: FormData,
) -> AppResult<Response> {
    bookings::cancel_own(&state.app, &ctx.caller(), id).await?;
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
    booking: Option<BookingPanel>,
}

#[derive(serde::Deserialize, Default)]
pub struct PlaceParams {
    day: Option<String>,
    view: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

pub async fn place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<PlaceParams>,
) -> AppResult<Response> {
    let p = bookings::place(&state.app, id).await?;
    let week = q.view.as_deref() == Some("week");
    let panel = if p.bookable {
        Some(panel(&state, &ctx, &p, q.day.as_deref(), week, (q.from.as_deref(), q.to.as_deref())).await?)
    } else {
        None
    };
    Ok(render(&place_page(&state, &ctx, p, panel).await?))
}

/// A place's page, with its booking panel when it takes bookings.
pub async fn place_page(state: &AppState, ctx: &Ctx, p: Place, booking: Option<BookingPanel>) -> AppResult<PlacePage> {
    let index = state.sites().await?;
    let site = bookings::site(&state.app, p.site_id).await?;
    let status = index.status(&site, ctx.now);
    Ok(PlacePage {
        l: Layout::with_network(ctx, index.network_name.clone(), p.name.clone(), "directory"),
        hub_name: site.hub_name.clone(),
        kind_label: place_kind_label(&ctx.tr, p.kind),
        is_pool: p.kind.is_pool(),
        status: fmt::open_status(&ctx.tr, &status, ctx.now),
        open: status.is_open(),
        can_edit: ctx.caller().may(Action::ManagePlaces { hub: p.hub_id, site: p.site_id }),
        booking,
        p,
    })
}
