//! The diffuse coworking's pages for members and hosts: booking a place
//! (one day's free seats and a form, weekly too), my bookings, my passes and
//! vouchers, my QR code, and the check-in desk of a site with who is in.
//! The rules are the API's (`api::bookings`, `api::passes`).

use super::{Errors, Layout, redirect, render, render_status};
use crate::api::bookings::book;
use crate::api::passes as pass_api;
use crate::ctx::{Ctx, FormData};
use crate::error::{AppError, AppResult};
use crate::fmt;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;

use portineria_domain::hours::{fmt_hhmm, local_instant, parse_hhmm};
use portineria_domain::passes::Charge;
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Booking, Place};

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
#[template(path = "desk/site_grid.html")]
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
#[template(path = "desk/booked.html")]
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
    let page = super::public::place_page(state, ctx, place.clone(), Some(panel)).await?;
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
#[template(path = "desk/my_bookings.html")]
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
    crate::api::bookings::cancel_checked(&state, &ctx, &b, &place).await?;
    Ok(redirect("/me/bookings?done=cancelled"))
}

// ---- my passes, vouchers and code ---------------------------------------------

pub struct PassLine {
    pub name: String,
    pub valid: String,
    pub entries: Option<i64>,
    /// Trainings left (a membership that includes courses).
    pub trainings: Option<i64>,
    pub current: bool,
}

pub struct VoucherLine {
    pub name: String,
    pub balance: String,
    pub total: String,
    pub expires: String,
    pub shared: bool,
    pub uses: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "desk/my_passes.html")]
struct MyPassesPage {
    l: Layout,
    passes: Vec<PassLine>,
    vouchers: Vec<VoucherLine>,
    stays: Vec<(String, String, String)>,
}

pub fn hours(minutes: impl std::borrow::Borrow<i64>) -> String {
    let minutes = *minutes.borrow();
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

fn date_secs(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map(|t| fmt::local_date(t).strftime("%d/%m/%Y").to_string()).unwrap_or_default()
}

pub async fn my_passes(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user()?;
    let now = ctx.now.as_second();
    let index = state.sites().await?;
    let site_name = |id: Option<i64>| id.and_then(|i| index.get(i)).map(|s| s.name.clone()).unwrap_or_default();
    let passes = state
        .store
        .account_passes(user.account.id)
        .await?
        .into_iter()
        .map(|p| PassLine {
            valid: format!("{} – {}", date_secs(p.valid_from), date_secs(p.valid_until - 1)),
            current: p.valid_from <= now && now < p.valid_until,
            entries: p.entries_left,
            trainings: p.trainings_left,
            name: p.plan_name,
        })
        .collect();
    let mut vouchers = Vec::new();
    for v in state.store.account_vouchers(user.account.id).await? {
        let uses = state
            .store
            .voucher_uses(v.id)
            .await?
            .iter()
            .rev()
            .map(|u| (fmt::date_time_secs(u.at), site_name(u.site_id), hours(u.minutes), hours(u.balance_after)))
            .collect();
        vouchers.push(VoucherLine {
            name: v.plan_name.clone(),
            balance: hours(v.balance_minutes),
            total: hours(v.minutes_total),
            expires: date_secs(v.expires_at - 1),
            shared: v.account_id != user.account.id || !v.members.is_empty(),
            uses,
        });
    }
    let stays = state
        .store
        .account_checkins(user.account.id, 20)
        .await?
        .iter()
        .map(|c| {
            let length = c.minutes.map(hours).unwrap_or_else(|| ctx.tr.t("stay-open"));
            (fmt::date_time_secs(c.checked_in_at), site_name(Some(c.site_id)), length)
        })
        .collect();
    let page =
        MyPassesPage { l: Layout::new(&state, &ctx, ctx.tr.t("my-passes"), "profile").await?, passes, vouchers, stays };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "desk/my_qr.html")]
struct MyQrPage {
    l: Layout,
    code: String,
    expires: String,
    name: String,
}

pub async fn my_qr(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let user = ctx.user()?;
    let (code, expires) = pass_api::my_code(&state, &ctx).await?;
    let page = MyQrPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("my-qr"), "profile").await?,
        code,
        expires: date_secs(expires - 1),
        name: user.account.display_name.clone(),
    };
    Ok(render(&page))
}

/// The person's code as an SVG image (never cached: it is personal).
pub async fn my_qr_svg(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let (code, _) = pass_api::my_code(&state, &ctx).await?;
    let mut r = crate::qr::svg(&code)?.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(r)
}

// ---- the check-in desk ----------------------------------------------------------

pub struct PresentLine {
    pub account_id: i64,
    pub name: String,
    pub since: String,
    pub via: String,
}

#[derive(Template)]
#[template(path = "desk/desk.html")]
struct DeskPage {
    l: Layout,
    site_id: i64,
    site_name: String,
    notice: Option<String>,
    errors: Errors,
    code: String,
    present: Vec<PresentLine>,
    free_seats: Option<i64>,
}

async fn desk_page(
    state: &AppState,
    ctx: &Ctx,
    site_id: i64,
    notice: Option<String>,
    errors: Errors,
    code: String,
) -> AppResult<DeskPage> {
    let site = pass_api::desk_site(state, ctx, site_id).await?;
    let present: Vec<PresentLine> = state
        .store
        .presence(site_id)
        .await?
        .into_iter()
        .filter_map(|p| {
            Some(PresentLine {
                account_id: p.checkin.account_id?,
                name: p.display_name,
                since: jiff::Timestamp::from_second(p.checkin.checked_in_at).map(fmt::time).unwrap_or_default(),
                via: ctx.tr.t(if p.checkin.via == "voucher" { "via-voucher" } else { "via-pass" }),
            })
        })
        .collect();
    let free_seats = free_seats_now(state, &site, ctx.now.as_second()).await?;
    Ok(DeskPage {
        l: Layout::new(state, ctx, ctx.tr.t1("desk-title", "site", site.name.clone()), "manage").await?,
        site_id,
        site_name: site.name,
        notice,
        errors,
        code,
        present,
        free_seats,
    })
}

/// Desk seats free now at a site: its bookable desk pools' seats less the
/// larger of the people checked in and the pool seats booked for this
/// instant (most people who booked are also the ones checked in). `None`
/// when the site has no desk pool.
pub async fn free_seats_now(state: &AppState, site: &portineria_store::Site, now: i64) -> AppResult<Option<i64>> {
    let index = state.sites().await?;
    let places = index.places(state.store.as_ref(), site.id).await?;
    let seats: i64 = places.iter().filter(|p| p.kind.is_pool() && p.bookable).map(|p| p.capacity).sum();
    if seats == 0 {
        return Ok(None);
    }
    let (present, booked) = state.app.live.occupancy(state.store.as_ref(), site.id, now).await?;
    Ok(Some((seats - present.max(booked)).max(0)))
}

pub async fn desk(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    Ok(render(&desk_page(&state, &ctx, id, None, Errors::default(), String::new()).await?))
}

/// The desk's one form: a code (scanned or typed) and "in" or "out"; or
/// "out" for someone on the presence list.
pub async fn desk_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let code = form.text("code");
    let out = form.text("action") == "out";
    let result = if let Some(account) = form.get("account_id").and_then(|a| a.trim().parse::<i64>().ok()) {
        pass_api::check_out(&state, &ctx, id, account).await.map(|o| checkout_notice(&ctx, &o))
    } else if out {
        match crate::qr::person(&state, &code, ctx.now.as_second()).await {
            Ok(person) => pass_api::check_out(&state, &ctx, id, person).await.map(|o| checkout_notice(&ctx, &o)),
            Err(e) => Err(e),
        }
    } else {
        pass_api::check_in(&state, &ctx, id, &code, None::<Charge>).await.map(|c| checkin_notice(&ctx, &c))
    };
    match result {
        Ok(notice) => Ok(render(&desk_page(&state, &ctx, id, Some(notice), Errors::default(), String::new()).await?)),
        Err(AppError::Invalid(fields)) => {
            let page = desk_page(&state, &ctx, id, None, Errors::from_fields(&ctx.tr, &fields), code).await?;
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e @ AppError::Conflict(_)) => {
            let page = desk_page(&state, &ctx, id, None, Errors::one("code", ctx.tr.t(&e.message_id())), code).await?;
            Ok(render_status(&page, StatusCode::CONFLICT))
        }
        Err(e) => Err(e),
    }
}

fn checkin_notice(ctx: &Ctx, c: &portineria_store::Checkin) -> String {
    ctx.tr.t(if c.via == "voucher" { "notice-checked-in-voucher" } else { "notice-checked-in-pass" })
}

fn checkout_notice(ctx: &Ctx, o: &portineria_store::Checkout) -> String {
    let c = &o.checkin;
    let mut s = ctx.tr.t1("notice-checked-out", "time", hours(c.minutes.unwrap_or(0)));
    if let Some(b) = o.balance_after {
        s.push(' ');
        s.push_str(&ctx.tr.t1("notice-voucher-left", "time", hours(b)));
    }
    if let Some(u) = c.uncovered_minutes.filter(|u| *u > 0) {
        s.push(' ');
        s.push_str(&ctx.tr.t1("notice-uncovered", "time", hours(u)));
    }
    s
}
