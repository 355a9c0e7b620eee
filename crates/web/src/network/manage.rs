//! Management pages: the managers' home, and the forms of hubs, sites and
//! places, over `portineria_app::network` (who may do what is said there).

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::labels::{place_kind_label, site_kind_label};
use crate::http::paging;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portineria_app::network;
use portineria_domain::hours::fmt_hhmm;
use portineria_domain::kinds::{PlaceKind, SiteKind};
use portineria_domain::network::{ExceptionInput, HoursInput, HubInput, PlaceInput, SiteInput, SpanInput, split_list};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Hub, Place, Site};

// ---- dashboard ---------------------------------------------------------------
#[derive(Template)]
#[template(path = "network/templates/manage_index.html")]
struct ManageIndex {
    l: Layout,
    is_admin: bool,
    hubs: Vec<Hub>,
    sites: Vec<(i64, String)>,
    notice: Option<String>,
    next_url: Option<String>,
}

#[derive(serde::Deserialize)]
pub struct IndexParams {
    done: Option<String>,
    cursor: Option<String>,
}

pub async fn index(State(state): State<AppState>, ctx: Ctx, Query(p): Query<IndexParams>) -> AppResult<Response> {
    let caller = ctx.caller();
    // Only administrators page through hubs: a cursor means nothing to others.
    let after = if caller.roles().is_admin() { paging::after_id(p.cursor.as_deref())? } else { None };
    let home = network::manage_home(&state.app, &caller, after, 51).await?;
    let (hubs, next) = if home.is_admin { paging::keyset(home.hubs, 50, |h| h.id) } else { (home.hubs, None) };
    let notice = p.done.as_deref().map(|d| {
        ctx.tr.t(&format!("notice-{}", d.chars().filter(|c| c.is_ascii_lowercase() || *c == '-').collect::<String>()))
    });
    let page = ManageIndex {
        l: Layout::new(&state, &ctx, ctx.tr.t("manage-title"), "manage").await?,
        is_admin: home.is_admin,
        hubs,
        sites: home.sites,
        notice: notice.filter(|n| !n.starts_with("notice-")),
        next_url: next.map(|c| format!("/manage?cursor={c}")),
    };
    Ok(render(&page))
}

// ---- hubs --------------------------------------------------------------------
#[derive(Default)]
pub struct HubFields {
    name: String,
    city: String,
    description: String,
    website: String,
    email: String,
    phone: String,
    bookings_at_once: String,
}

#[derive(Template)]
#[template(path = "network/templates/hub_form.html")]
struct HubForm {
    l: Layout,
    action: String,
    f: HubFields,
    errors: Errors,
    delete_url: Option<String>,
}

fn hub_input(form: &FormData) -> HubInput {
    HubInput {
        name: form.text("name"),
        city: form.opt("city"),
        description: form.opt("description"),
        website: form.opt("website"),
        email: form.opt("email"),
        phone: form.opt("phone"),
        bookings_at_once: form.opt("bookings_at_once"),
    }
}

fn hub_fields(i: &HubInput) -> HubFields {
    HubFields {
        name: i.name.clone(),
        city: i.city.clone().unwrap_or_default(),
        description: i.description.clone().unwrap_or_default(),
        website: i.website.clone().unwrap_or_default(),
        email: i.email.clone().unwrap_or_default(),
        phone: i.phone.clone().unwrap_or_default(),
        bookings_at_once: i.bookings_at_once.clone().unwrap_or_default(),
    }
}

pub async fn new_hub(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network::allowed_to_create_hub(&ctx.caller())?;
    let page = HubForm {
        l: Layout::new(&state, &ctx, ctx.tr.t("add-hub"), "manage").await?,
        action: "/manage/hubs".into(),
        f: HubFields {
            bookings_at_once: portineria_domain::bookings::DEFAULT_AT_ONCE.to_string(),
            ..Default::default()
        },
        errors: Errors::default(),
        delete_url: None,
    };
    Ok(render(&page))
}

pub async fn create_hub(State(state): State<AppState>, ctx: Ctx, form: FormData) -> AppResult<Response> {
    let input = hub_input(&form);
    match network::create_hub(&state.app, &ctx.caller(), &input).await.map_err(AppError::from) {
        Ok(h) => Ok(redirect(&format!("/hubs/{}", h.id))),
        Err(e) => {
            let errors = form_errors(&ctx, &e, "name")?;
            let page = HubForm {
                l: Layout::new(&state, &ctx, ctx.tr.t("add-hub"), "manage").await?,
                action: "/manage/hubs".into(),
                f: hub_fields(&input),
                errors,
                delete_url: None,
            };
            Ok(render_status(&page, e.status()))
        }
    }
}

/// Field errors for a form, from a validation error or a conflict that
/// belongs to one field; other errors pass through.
fn form_errors(ctx: &Ctx, e: &AppError, conflict_field: &str) -> AppResult<Errors> {
    match e {
        AppError::Invalid(errs) => Ok(Errors::from_fields(&ctx.tr, errs)),
        AppError::Conflict(code) => Ok(Errors::one(conflict_field, ctx.tr.t(&format!("error-{code}")))),
        other => Err(other.clone()),
    }
}

pub async fn edit_hub(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let caller = ctx.caller();
    let h = network::hub_to_edit(&state.app, &caller, id).await?;
    let f = HubFields {
        name: h.name.clone(),
        city: h.city.clone().unwrap_or_default(),
        description: h.description.clone().unwrap_or_default(),
        website: h.website.clone().unwrap_or_default(),
        email: h.email.clone().unwrap_or_default(),
        phone: h.phone.clone().unwrap_or_default(),
        bookings_at_once: h.bookings_at_once.to_string(),
    };
    let page = HubForm {
        l: Layout::new(&state, &ctx, ctx.tr.t1("edit-named", "name", h.name.clone()), "manage").await?,
        action: format!("/manage/hubs/{id}"),
        f,
        errors: Errors::default(),
        delete_url: network::may_delete_hub(&caller, id).then(|| format!("/manage/hubs/{id}/delete")),
    };
    Ok(render(&page))
}

pub async fn update_hub(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let input = hub_input(&form);
    match network::update_hub(&state.app, &ctx.caller(), id, &input).await.map_err(AppError::from) {
        Ok(h) => Ok(redirect(&format!("/hubs/{}", h.id))),
        Err(e) => {
            let errors = form_errors(&ctx, &e, "name")?;
            let page = HubForm {
                l: Layout::new(&state, &ctx, ctx.tr.t1("edit-named", "name", input.name.clone()), "manage").await?,
                action: format!("/manage/hubs/{id}"),
                f: hub_fields(&input),
                errors,
                delete_url: None,
            };
            Ok(render_status(&page, e.status()))
        }
    }
}

#[derive(Template)]
#[template(path = "network/templates/confirm_delete.html")]
struct ConfirmDelete {
    l: Layout,
    question: String,
    action: String,
    back: String,
    error: Option<String>,
}

pub async fn confirm_delete_hub(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let h = network::hub_to_delete(&state.app, &ctx.caller(), id).await?;
    let page = ConfirmDelete {
        l: Layout::new(&state, &ctx, ctx.tr.t("delete-hub"), "manage").await?,
        question: ctx.tr.t1("delete-hub-question", "name", h.name),
        action: format!("/manage/hubs/{id}/delete"),
        back: format!("/hubs/{id}"),
        error: None,
    };
    Ok(render(&page))
}

pub async fn delete_hub(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _f: FormData,
) -> AppResult<Response> {
    match network::delete_hub(&state.app, &ctx.caller(), id).await {
        Ok(()) => Ok(redirect("/manage?done=deleted")),
        Err(portineria_app::Error::Conflict(code)) => {
            let page = ConfirmDelete {
                l: Layout::new(&state, &ctx, ctx.tr.t("delete-hub"), "manage").await?,
                question: String::new(),
                action: format!("/manage/hubs/{id}/delete"),
                back: format!("/hubs/{id}"),
                error: Some(ctx.tr.t(&format!("error-{code}"))),
            };
            Ok(render_status(&page, StatusCode::CONFLICT))
        }
        Err(e) => Err(e.into()),
    }
}

// ---- sites -------------------------------------------------------------------
#[derive(Default)]
pub struct SiteFields {
    name: String,
    kind: String,
    address: String,
    city: String,
    lat: String,
    lon: String,
    description: String,
    accessibility: String,
    phone: String,
    email: String,
    website: String,
    closed_on_holidays: bool,
}

pub struct HourCell {
    opens_name: String,
    closes_name: String,
    opens: String,
    closes: String,
}

pub struct DayRow {
    label: String,
    cells: Vec<HourCell>,
}

pub struct ExceptionRow {
    i: usize,
    date: String,
    opens: String,
    closes: String,
    note: String,
}

#[derive(Template)]
#[template(path = "network/templates/site_form.html")]
struct SiteForm {
    l: Layout,
    hub_name: String,
    action: String,
    f: SiteFields,
    kinds: Vec<(&'static str, String)>,
    days: Vec<DayRow>,
    exceptions: Vec<ExceptionRow>,
    hour_errors: Vec<String>,
    exception_errors: Vec<String>,
    errors: Errors,
    delete_url: Option<String>,
}

/// The hours grid: for each weekday, `slots` pairs of time inputs
/// named `h{day}_{slot}_opens` / `_closes`.
const SLOTS_PER_DAY: usize = 3;

const EXTRA_EXCEPTION_ROWS: usize = 3;

/// Reads the site form. Returns the input and, for each weekly span in the
/// input, a label ("Lunedì 09:00–13:00") for error messages.
fn site_input(form: &FormData, tr: &crate::http::i18n::Tr) -> (SiteInput, Vec<String>, FieldErrors) {
    let mut pre = FieldErrors::new();
    let lat = parse_coordinate(form, "lat", -90.0, 90.0, &mut pre);
    let lon = parse_coordinate(form, "lon", -180.0, 180.0, &mut pre);
    let mut hours = Vec::new();
    let mut labels = Vec::new();
    for day in 0u8..7 {
        for slot in 0..16 {
            let (o, c) = (form.get(&format!("h{day}_{slot}_opens")), form.get(&format!("h{day}_{slot}_closes")));
            let (o, c) = (o.unwrap_or("").trim(), c.unwrap_or("").trim());
            if o.is_empty() && c.is_empty() {
                continue;
            }
            labels.push(format!("{} {}–{}", fmt::weekday_name(tr, day), o, c));
            hours.push(HoursInput { weekday: day, opens: o.to_owned(), closes: c.to_owned() });
        }
    }
    let mut exceptions: Vec<ExceptionInput> = Vec::new();
    for i in 0..64 {
        let Some(date) = form.get(&format!("x{i}_date")).map(str::trim).filter(|d| !d.is_empty()) else { continue };
        let o = form.text(&format!("x{i}_opens"));
        let c = form.text(&format!("x{i}_closes"));
        let note = form.opt(&format!("x{i}_note")).filter(|n| !n.trim().is_empty());
        let span = (!o.trim().is_empty() || !c.trim().is_empty())
            .then(|| SpanInput { opens: o.trim().to_owned(), closes: c.trim().to_owned() });
        // Rows with the same date are one exception with several spans.
        match exceptions.iter_mut().find(|e| e.date == date) {
            Some(e) => {
                e.spans.extend(span);
                if e.note.is_none() {
                    e.note = note;
                }
            }
            None => exceptions.push(ExceptionInput { date: date.to_owned(), spans: span.into_iter().collect(), note }),
        }
    }
    let input = SiteInput {
        name: form.text("name"),
        kind: form.text("kind"),
        address: form.text("address"),
        city: form.text("city"),
        lat,
        lon,
        description: form.opt("description"),
        accessibility: form.opt("accessibility"),
        phone: form.opt("phone"),
        email: form.opt("email"),
        website: form.opt("website"),
        closed_on_holidays: form.checked("closed_on_holidays"),
        hours,
        exceptions,
    };
    (input, labels, pre)
}

fn parse_coordinate(form: &FormData, name: &str, min: f64, max: f64, errs: &mut FieldErrors) -> Option<f64> {
    let raw = form.text(name);
    if raw.trim().is_empty() {
        return None;
    }
    errs.take(portineria_domain::validate::decimal(name, &raw, min, max))
}

/// Reads a site form submission and checks it, keeping every error (a
/// coordinate that did not parse is reported once, by the parser).
fn checked_site_form(form: &FormData, tr: &crate::http::i18n::Tr) -> (SiteInput, Vec<String>, AppResult<()>) {
    let (input, labels, unreadable) = site_input(form, tr);
    let checked = network::check_site(&input, unreadable).map(|_| ()).map_err(AppError::from);
    (input, labels, checked)
}

fn site_fields_from_input(i: &SiteInput, form: &FormData) -> SiteFields {
    SiteFields {
        name: i.name.clone(),
        kind: i.kind.clone(),
        address: i.address.clone(),
        city: i.city.clone(),
        lat: form.text("lat"),
        lon: form.text("lon"),
        description: i.description.clone().unwrap_or_default(),
        accessibility: i.accessibility.clone().unwrap_or_default(),
        phone: i.phone.clone().unwrap_or_default(),
        email: i.email.clone().unwrap_or_default(),
        website: i.website.clone().unwrap_or_default(),
        closed_on_holidays: i.closed_on_holidays,
    }
}

fn site_fields(s: &Site) -> SiteFields {
    SiteFields {
        name: s.name.clone(),
        kind: s.kind.as_str().to_owned(),
        address: s.address.clone(),
        city: s.city.clone(),
        lat: format!("{}", s.coordinates.lat()),
        lon: format!("{}", s.coordinates.lon()),
        description: s.description.clone().unwrap_or_default(),
        accessibility: s.accessibility.clone().unwrap_or_default(),
        phone: s.phone.clone().unwrap_or_default(),
        email: s.email.clone().unwrap_or_default(),
        website: s.website.clone().unwrap_or_default(),
        closed_on_holidays: s.schedule.closed_on_holidays,
    }
}

fn hour_grid(tr: &crate::http::i18n::Tr, hours: &[HoursInput]) -> Vec<DayRow> {
    (0u8..7)
        .map(|day| {
            let spans: Vec<&HoursInput> = hours.iter().filter(|h| h.weekday == day).collect();
            let n = SLOTS_PER_DAY.max(spans.len() + 1);
            let cells = (0..n)
                .map(|slot| HourCell {
                    opens_name: format!("h{day}_{slot}_opens"),
                    closes_name: format!("h{day}_{slot}_closes"),
                    opens: spans.get(slot).map(|h| h.opens.clone()).unwrap_or_default(),
                    closes: spans.get(slot).map(|h| h.closes.clone()).unwrap_or_default(),
                })
                .collect();
            DayRow { label: fmt::weekday_name(tr, day), cells }
        })
        .collect()
}

fn exception_grid(exceptions: &[ExceptionInput]) -> Vec<ExceptionRow> {
    let mut rows = Vec::new();
    for e in exceptions {
        if e.spans.is_empty() {
            rows.push((e.date.clone(), String::new(), String::new(), e.note.clone().unwrap_or_default()));
        }
        for s in &e.spans {
            rows.push((e.date.clone(), s.opens.clone(), s.closes.clone(), e.note.clone().unwrap_or_default()));
        }
    }
    rows.extend((0..EXTRA_EXCEPTION_ROWS).map(|_| Default::default()));
    rows.into_iter()
        .enumerate()
        .map(|(i, (date, opens, closes, note))| ExceptionRow { i, date, opens, closes, note })
        .collect()
}

fn stored_hours_as_input(s: &Site) -> (Vec<HoursInput>, Vec<ExceptionInput>) {
    let hours = s
        .schedule
        .weekly
        .iter()
        .map(|w| HoursInput { weekday: w.weekday, opens: fmt_hhmm(w.span.opens), closes: fmt_hhmm(w.span.closes) })
        .collect();
    let exceptions = s
        .schedule
        .exceptions
        .iter()
        .map(|e| ExceptionInput {
            date: e.date.to_string(),
            spans: e.spans.iter().map(|x| SpanInput { opens: fmt_hhmm(x.opens), closes: fmt_hhmm(x.closes) }).collect(),
            note: Some(e.note.clone()).filter(|n| !n.is_empty()),
        })
        .collect();
    (hours, exceptions)
}

fn kinds(tr: &crate::http::i18n::Tr) -> Vec<(&'static str, String)> {
    SiteKind::ALL.iter().map(|k| (k.as_str(), site_kind_label(tr, *k))).collect()
}

/// Splits errors into hour errors (with the span they concern), exception
/// errors, and field errors.
fn site_errors(
    tr: &crate::http::i18n::Tr,
    errs: &FieldErrors,
    labels: &[String],
) -> (Vec<String>, Vec<String>, Errors) {
    let (mut hours, mut exceptions, mut fields) = (Vec::new(), Vec::new(), Vec::new());
    for e in &errs.0 {
        let message = tr.field_error(e);
        if let Some(i) =
            e.field.strip_prefix("hours[").and_then(|r| r.strip_suffix(']')).and_then(|n| n.parse::<usize>().ok())
        {
            hours.push(format!("{}: {message}", labels.get(i).map(String::as_str).unwrap_or("")));
        } else if e.field.starts_with("exceptions[") {
            exceptions.push(message);
        } else {
            fields.push((e.field.clone(), message));
        }
    }
    (hours, exceptions, Errors(fields))
}

pub async fn new_site(State(state): State<AppState>, ctx: Ctx, Path(hub_id): Path<i64>) -> AppResult<Response> {
    let hub = network::hub_for_new_site(&state.app, &ctx.caller(), hub_id).await?;
    let page = SiteForm {
        l: Layout::new(&state, &ctx, ctx.tr.t("add-site"), "manage").await?,
        hub_name: hub.name,
        action: format!("/manage/hubs/{hub_id}/sites"),
        f: SiteFields {
            kind: "central".into(),
            city: hub.city.unwrap_or_default(),
            closed_on_holidays: true,
            ..Default::default()
        },
        kinds: kinds(&ctx.tr),
        days: hour_grid(&ctx.tr, &[]),
        exceptions: exception_grid(&[]),
        hour_errors: Vec::new(),
        exception_errors: Vec::new(),
        errors: Errors::default(),
        delete_url: None,
    };
    Ok(render(&page))
}

/// The site form again after a failed save, with every error next to what caused it.
struct SiteFormAgain<'a> {
    title: String,
    hub_name: String,
    action: String,
    input: &'a SiteInput,
    form: &'a FormData,
    labels: &'a [String],
}

async fn site_form_again(state: &AppState, ctx: &Ctx, again: SiteFormAgain<'_>, e: AppError) -> AppResult<Response> {
    let fe = match &e {
        AppError::Invalid(errs) => errs.clone(),
        AppError::Conflict(code) => FieldErrors::from(FieldError::new("name", code)),
        other => return Err(other.clone()),
    };
    let (hour_errors, exception_errors, errors) = site_errors(&ctx.tr, &fe, again.labels);
    let page = SiteForm {
        l: Layout::new(state, ctx, again.title, "manage").await?,
        hub_name: again.hub_name,
        action: again.action,
        f: site_fields_from_input(again.input, again.form),
        kinds: kinds(&ctx.tr),
        days: hour_grid(&ctx.tr, &again.input.hours),
        exceptions: exception_grid(&again.input.exceptions),
        hour_errors,
        exception_errors,
        errors,
        delete_url: None,
    };
    Ok(render_status(&page, e.status()))
}

pub async fn create_site(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(hub_id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let hub = network::hub_for_new_site(&state.app, &caller, hub_id).await?;
    let (input, labels, checked) = checked_site_form(&form, &ctx.tr);
    let result = match checked {
        Ok(()) => network::create_site(&state.app, &caller, hub_id, &input).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(s) => Ok(redirect(&format!("/sites/{}", s.id))),
        Err(e) => {
            let again = SiteFormAgain {
                title: ctx.tr.t("add-site"),
                hub_name: hub.name,
                action: format!("/manage/hubs/{hub_id}/sites"),
                input: &input,
                form: &form,
                labels: &labels,
            };
            site_form_again(&state, &ctx, again, e).await
        }
    }
}

pub async fn edit_site(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let caller = ctx.caller();
    let s = network::site_to_edit(&state.app, &caller, id).await?;
    let (hours, exceptions) = stored_hours_as_input(&s);
    let page = SiteForm {
        l: Layout::new(&state, &ctx, ctx.tr.t1("edit-named", "name", s.name.clone()), "manage").await?,
        hub_name: s.hub_name.clone(),
        action: format!("/manage/sites/{id}"),
        f: site_fields(&s),
        kinds: kinds(&ctx.tr),
        days: hour_grid(&ctx.tr, &hours),
        exceptions: exception_grid(&exceptions),
        hour_errors: Vec::new(),
        exception_errors: Vec::new(),
        errors: Errors::default(),
        delete_url: network::may_delete_site(&caller, &s).then(|| format!("/manage/sites/{id}/delete")),
    };
    Ok(render(&page))
}

pub async fn update_site(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let s = network::site_to_edit(&state.app, &caller, id).await?;
    let (input, labels, checked) = checked_site_form(&form, &ctx.tr);
    let result = match checked {
        Ok(()) => network::update_site(&state.app, &caller, id, &input).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(s) => Ok(redirect(&format!("/sites/{}", s.id))),
        Err(e) => {
            let again = SiteFormAgain {
                title: ctx.tr.t1("edit-named", "name", s.name.clone()),
                hub_name: s.hub_name.clone(),
                action: format!("/manage/sites/{id}"),
                input: &input,
                form: &form,
                labels: &labels,
            };
            site_form_again(&state, &ctx, again, e).await
        }
    }
}

pub async fn confirm_delete_site(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let s = network::site_to_delete(&state.app, &ctx.caller(), id).await?;
    let page = ConfirmDelete {
        l: Layout::new(&state, &ctx, ctx.tr.t("delete-site"), "manage").await?,
        question: ctx.tr.t2("delete-site-question", "name", s.name.clone(), "places", s.place_count),
        action: format!("/manage/sites/{id}/delete"),
        back: format!("/sites/{id}"),
        error: None,
    };
    Ok(render(&page))
}

pub async fn delete_site(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _f: FormData,
) -> AppResult<Response> {
    let s = network::delete_site(&state.app, &ctx.caller(), id).await?;
    Ok(redirect(&format!("/hubs/{}", s.hub_id)))
}

// ---- places ------------------------------------------------------------------
#[derive(Default)]
pub struct PlaceFields {
    name: String,
    kind: String,
    capacity: String,
    equipment: String,
    bookable: bool,
    holders_only: bool,
    description: String,
    accessibility: String,
    min_minutes: String,
    max_minutes: String,
    max_days_ahead: String,
    cancel_minutes_before: String,
}

#[derive(Template)]
#[template(path = "network/templates/place_form.html")]
struct PlaceForm {
    l: Layout,
    site_id: i64,
    site_name: String,
    action: String,
    f: PlaceFields,
    kinds: Vec<(&'static str, String)>,
    errors: Errors,
    delete_url: Option<String>,
}

fn place_kinds(tr: &crate::http::i18n::Tr) -> Vec<(&'static str, String)> {
    PlaceKind::ALL.iter().map(|k| (k.as_str(), place_kind_label(tr, *k))).collect()
}

fn place_form_input(form: &FormData) -> (PlaceInput, FieldErrors) {
    let mut pre = FieldErrors::new();
    let raw = form.text("capacity");
    let capacity = if raw.trim().is_empty() {
        None
    } else {
        pre.take(portineria_domain::validate::integer("capacity", &raw, 1, portineria_domain::network::CAPACITY_MAX))
    };
    // Booking rules: empty means the default; the domain checks the ranges.
    let mut number = |name: &str| {
        let raw = form.text(name);
        if raw.trim().is_empty() {
            None
        } else {
            pre.take(portineria_domain::validate::integer(name, &raw, i64::MIN, i64::MAX))
        }
    };
    let (min_minutes, max_minutes) = (number("min_minutes"), number("max_minutes"));
    let (max_days_ahead, cancel_minutes_before) = (number("max_days_ahead"), number("cancel_minutes_before"));
    let input = PlaceInput {
        name: form.text("name"),
        kind: form.text("kind"),
        capacity,
        equipment: split_list(&form.text("equipment")),
        bookable: form.checked("bookable"),
        holders_only: form.checked("holders_only"),
        description: form.opt("description"),
        accessibility: form.opt("accessibility"),
        min_minutes,
        max_minutes,
        max_days_ahead,
        cancel_minutes_before,
    };
    (input, pre)
}

/// Reads a place form submission and checks it, keeping every error.
fn checked_place_form(form: &FormData) -> (PlaceInput, Result<(), FieldErrors>) {
    let (input, unreadable) = place_form_input(form);
    let checked = network::check_place(&input, unreadable).map(|_| ());
    (input, checked)
}

fn place_fields(p: &Place) -> PlaceFields {
    PlaceFields {
        name: p.name.clone(),
        kind: p.kind.as_str().to_owned(),
        capacity: p.capacity.to_string(),
        equipment: p.equipment.join(", "),
        bookable: p.bookable,
        holders_only: p.holders_only,
        description: p.description.clone().unwrap_or_default(),
        accessibility: p.accessibility.clone().unwrap_or_default(),
        min_minutes: p.rules.min_minutes.to_string(),
        max_minutes: p.rules.max_minutes.to_string(),
        max_days_ahead: p.rules.max_days_ahead.to_string(),
        cancel_minutes_before: p.rules.cancel_minutes_before.to_string(),
    }
}

fn place_fields_from_form(form: &FormData) -> PlaceFields {
    PlaceFields {
        name: form.text("name"),
        kind: form.text("kind"),
        capacity: form.text("capacity"),
        equipment: form.text("equipment"),
        bookable: form.checked("bookable"),
        holders_only: form.checked("holders_only"),
        description: form.text("description"),
        accessibility: form.text("accessibility"),
        min_minutes: form.text("min_minutes"),
        max_minutes: form.text("max_minutes"),
        max_days_ahead: form.text("max_days_ahead"),
        cancel_minutes_before: form.text("cancel_minutes_before"),
    }
}

pub async fn new_place(State(state): State<AppState>, ctx: Ctx, Path(site_id): Path<i64>) -> AppResult<Response> {
    let s = network::site_for_places(&state.app, &ctx.caller(), site_id).await?;
    let page = PlaceForm {
        l: Layout::new(&state, &ctx, ctx.tr.t("add-place"), "manage").await?,
        site_id,
        site_name: s.name.clone(),
        action: format!("/manage/sites/{site_id}/places"),
        f: {
            let d = portineria_domain::bookings::BookingRules::default();
            PlaceFields {
                kind: "desk_pool".into(),
                capacity: "1".into(),
                bookable: true,
                min_minutes: d.min_minutes.to_string(),
                max_minutes: d.max_minutes.to_string(),
                max_days_ahead: d.max_days_ahead.to_string(),
                cancel_minutes_before: d.cancel_minutes_before.to_string(),
                ..Default::default()
            }
        },
        kinds: place_kinds(&ctx.tr),
        errors: Errors::default(),
        delete_url: None,
    };
    Ok(render(&page))
}

pub async fn create_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(site_id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let s = network::site_for_places(&state.app, &caller, site_id).await?;
    let (input, checked) = checked_place_form(&form);
    match checked {
        Ok(()) => {
            let p = network::create_place(&state.app, &caller, site_id, &input).await?;
            Ok(redirect(&format!("/places/{}", p.id)))
        }
        Err(errs) => {
            let page = PlaceForm {
                l: Layout::new(&state, &ctx, ctx.tr.t("add-place"), "manage").await?,
                site_id,
                site_name: s.name.clone(),
                action: format!("/manage/sites/{site_id}/places"),
                f: place_fields_from_form(&form),
                kinds: place_kinds(&ctx.tr),
                errors: Errors::from_fields(&ctx.tr, &errs),
                delete_url: None,
            };
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

pub async fn edit_place(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let p = network::place_to_manage(&state.app, &ctx.caller(), id).await?;
    let page = PlaceForm {
        l: Layout::new(&state, &ctx, ctx.tr.t1("edit-named", "name", p.name.clone()), "manage").await?,
        site_id: p.site_id,
        site_name: p.site_name.clone(),
        action: format!("/manage/places/{id}"),
        f: place_fields(&p),
        kinds: place_kinds(&ctx.tr),
        errors: Errors::default(),
        delete_url: Some(format!("/manage/places/{id}/delete")),
    };
    Ok(render(&page))
}

pub async fn update_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let p = network::place_to_manage(&state.app, &caller, id).await?;
    let (input, checked) = checked_place_form(&form);
    match checked {
        Ok(()) => {
            network::update_place(&state.app, &caller, id, &input).await?;
            Ok(redirect(&format!("/places/{id}")))
        }
        Err(errs) => {
            let page = PlaceForm {
                l: Layout::new(&state, &ctx, ctx.tr.t1("edit-named", "name", p.name.clone()), "manage").await?,
                site_id: p.site_id,
                site_name: p.site_name.clone(),
                action: format!("/manage/places/{id}"),
                f: place_fields_from_form(&form),
                kinds: place_kinds(&ctx.tr),
                errors: Errors::from_fields(&ctx.tr, &errs),
                delete_url: None,
            };
            Ok(render_status(&page, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

pub async fn confirm_delete_place(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let p = network::place_to_manage(&state.app, &ctx.caller(), id).await?;
    let page = ConfirmDelete {
        l: Layout::new(&state, &ctx, ctx.tr.t("delete-place"), "manage").await?,
        question: ctx.tr.t1("delete-place-question", "name", p.name.clone()),
        action: format!("/manage/places/{id}/delete"),
        back: format!("/places/{id}"),
        error: None,
    };
    Ok(render(&page))
}

pub async fn delete_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _f: FormData,
) -> AppResult<Response> {
    let p = network::delete_place(&state.app, &ctx.caller(), id).await?;
    Ok(redirect(&format!("/sites/{}", p.site_id)))
}
