//! The public programme (palinsesto): upcoming courses and events with
//! filters, a page per event with its schema.org `Event` JSON-LD and the
//! enrolment button, one's own enrolments, and an embeddable list a
//! satellite's website can include. Every rule is
//! `portineria_app::programme`'s: these handlers read a form or a query,
//! call it, and show the outcome.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::render::{Layout, redirect, render, render_status};
use crate::programme::labels::{self, Choices, label};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use jiff::Timestamp;
use portineria_app::programme::{self, RawFilter};
use portineria_domain::programme::EnrolmentStatus;
use portineria_store::{Enrolment, Event};
use serde::Deserialize;

/// One event as a list shows it.
pub struct EventLine {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub audience: String,
    pub when: String,
    pub day: String,
    pub site: String,
    pub free: bool,
    pub price: String,
    pub places_left: i64,
    pub cancelled: bool,
}

use crate::http::fmt::euros;
use fmt::date_time_secs as when;

pub(super) fn line(ctx: &Ctx, index: &portineria_app::network::SiteIndex, e: &Event) -> EventLine {
    let site = e.sessions.first().and_then(|s| index.get(s.site_id)).map(|s| s.name.clone()).unwrap_or_default();
    EventLine {
        id: e.id,
        title: e.title.clone(),
        kind: label(ctx, "event-kind", e.kind.as_str()),
        audience: label(ctx, "audience", e.audience.as_str()),
        when: if e.sessions.len() > 1 {
            ctx.tr.tn("programme-series", &[("first", when(e.starts_at)), ("count", e.sessions.len().to_string())])
        } else {
            when(e.starts_at)
        },
        day: Timestamp::from_second(e.starts_at)
            .map(|t| fmt::local_date(t).strftime("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        site,
        free: e.is_free(),
        price: euros(e.price_cents),
        places_left: (e.capacity - e.enrolled).max(0),
        cancelled: e.is_cancelled(),
    }
}

#[derive(Template)]
#[template(path = "programme/templates/list.html")]
struct ProgrammePage {
    l: Layout,
    items: Vec<EventLine>,
    f: Filters,
    feed: String,
    next: Option<String>,
    error: Option<String>,
}

/// The filter form of the list and of the calendar, as last sent.
pub struct Filters {
    /// Each hub's name and its sites (id, name), for grouped options.
    pub sites: Vec<(String, Vec<(String, String)>)>,
    pub choices: Choices,
    pub site: String,
    pub audience: String,
    pub topic: String,
    pub kind: String,
    pub free: bool,
    pub from: String,
    pub to: String,
    pub action: &'static str,
    /// The calendar's form (a month, no dates).
    pub calendar: bool,
    pub month: String,
    /// The filters as a query string, for the links that keep them.
    pub query: String,
}

impl Filters {
    fn new(
        ctx: &Ctx,
        index: &portineria_app::network::SiteIndex,
        p: &RawFilter,
        action: &'static str,
        month: Option<String>,
    ) -> Self {
        let sites = index
            .hubs
            .iter()
            .map(|h| {
                let of_hub = index.sites.iter().filter(|s| s.hub_id == h.id);
                (h.name.clone(), of_hub.map(|s| (s.id.to_string(), s.name.clone())).collect::<Vec<_>>())
            })
            .filter(|(_, sites)| !sites.is_empty())
            .collect();
        let site = p.site_id.map(|s| s.to_string()).unwrap_or_default();
        let (audience, topic, kind) = (
            p.audience.clone().unwrap_or_default(),
            p.topic.clone().unwrap_or_default(),
            p.kind.clone().unwrap_or_default(),
        );
        let free = p.free;
        let query = format!(
            "site_id={}&audience={}&kind={}&topic={}{}",
            fmt::urlencode(&site),
            fmt::urlencode(&audience),
            fmt::urlencode(&kind),
            fmt::urlencode(&topic),
            if free { "&free=1" } else { "" }
        );
        Filters {
            sites,
            choices: labels::choices(ctx),
            site,
            audience,
            topic,
            kind,
            free,
            from: p.from.clone().unwrap_or_default(),
            to: p.to.clone().unwrap_or_default(),
            action,
            calendar: month.is_some(),
            month: month.unwrap_or_default(),
            query,
        }
    }
}

#[derive(Template)]
#[template(path = "programme/templates/embed.html")]
struct EmbedPage {
    l: Layout,
    items: Vec<EventLine>,
    base: String,
}

/// The filters as the page's form sent them (empty fields mean "any").
#[derive(Deserialize, Default)]
pub struct ProgrammeParams {
    pub from: Option<String>,
    pub to: Option<String>,
    pub site_id: Option<String>,
    pub audience: Option<String>,
    pub topic: Option<String>,
    pub kind: Option<String>,
    pub free: Option<String>,
    pub cursor: Option<String>,
    /// The calendar's month, `YYYY-MM`.
    pub month: Option<String>,
}

impl ProgrammeParams {
    fn filter(&self) -> RawFilter {
        let opt = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        RawFilter {
            from: opt(&self.from),
            to: opt(&self.to),
            site_id: opt(&self.site_id).and_then(|s| s.parse().ok()),
            audience: opt(&self.audience),
            topic: opt(&self.topic),
            kind: opt(&self.kind),
            free: opt(&self.free).is_some(),
            cursor: opt(&self.cursor),
            limit: Some(50),
            ..Default::default()
        }
    }
}

async fn upcoming(state: &AppState, ctx: &Ctx, p: &RawFilter) -> AppResult<(Vec<EventLine>, Option<String>)> {
    let q = p.parse(ctx.now.as_second())?;
    let page = programme::events(&state.app, &q).await?;
    let index = state.sites().await?;
    Ok((page.events.iter().map(|e| line(ctx, &index, e)).collect(), page.next_cursor))
}

/// `/programme`: what is on in the quarter, soonest first.
pub async fn programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ProgrammeParams>,
) -> AppResult<Response> {
    let ap = p.filter();
    let (items, next, error, status) = match upcoming(&state, &ctx, &ap).await {
        Ok((items, next)) => (items, next, None, StatusCode::OK),
        Err(AppError::Invalid(errs)) => {
            (Vec::new(), None, errs.0.first().map(|f| ctx.tr.field_error(f)), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return Err(e),
    };
    let index = state.sites().await?;
    let feed = match ap.site_id {
        Some(s) => format!("/api/v1/events.ics?site_id={s}"),
        None => "/api/v1/events.ics".to_owned(),
    };
    let page = ProgrammePage {
        l: Layout::new(&state, &ctx, ctx.tr.t("programme-title"), "programme").await?,
        items,
        f: Filters::new(&ctx, &index, &ap, "/programme", None),
        feed,
        next,
        error,
    };
    Ok(render_status(&page, status))
}

/// One session in a day of the calendar.
pub struct CalendarItem {
    pub event_id: i64,
    pub time: String,
    pub title: String,
    pub cancelled: bool,
}

pub struct CalendarDay {
    pub day: i8,
    pub date: String,
    pub in_month: bool,
    pub today: bool,
    pub items: Vec<CalendarItem>,
}

#[derive(Template)]
#[template(path = "programme/templates/calendar.html")]
struct CalendarPage {
    l: Layout,
    heading: String,
    weekdays: Vec<String>,
    weeks: Vec<Vec<CalendarDay>>,
    f: Filters,
    prev: String,
    next: String,
}

/// `/programme/calendar?month=YYYY-MM`: the month's sessions day by day,
/// weeks from Monday, with the list's filters.
pub async fn calendar(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ProgrammeParams>,
) -> AppResult<Response> {
    let tz = portineria_domain::rome();
    let today = fmt::local_date(ctx.now);
    let first = match p.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => today.first_of_month(),
        Some(m) => format!("{m}-01")
            .parse::<jiff::civil::Date>()
            .map_err(|_| AppError::Invalid(portineria_domain::FieldError::new("month", "date").into()))?,
    };
    let after = first.last_of_month().tomorrow().map_err(|_| AppError::BadRequest("bad-date"))?;
    let midnight = |d: jiff::civil::Date| {
        portineria_domain::hours::local_instant(d, 0, &tz)
            .map(|t| t.as_second())
            .ok_or(AppError::BadRequest("bad-date"))
    };
    let (from, to) = (midnight(first)?, midnight(after)?);
    let mut ap = p.filter();
    ap.from = None;
    ap.to = None;
    ap.cursor = None;
    let q = ap.parse(from)?;
    let events = programme::events_between(&state.app, &q, from, to).await?;
    // Each session on its local day.
    let mut by_day: std::collections::BTreeMap<jiff::civil::Date, Vec<(i64, CalendarItem)>> = Default::default();
    for e in &events {
        for s in &e.sessions {
            let Ok(t) = Timestamp::from_second(s.start) else { continue };
            let d = fmt::local_date(t);
            if d < first || d >= after || ap.site_id.is_some_and(|site| site != s.site_id) {
                continue;
            }
            by_day.entry(d).or_default().push((
                s.start,
                CalendarItem {
                    event_id: e.id,
                    time: fmt::time(t),
                    title: e.title.clone(),
                    cancelled: e.is_cancelled(),
                },
            ));
        }
    }
    let back = i16::from(first.weekday().to_monday_zero_offset());
    let mut d = first.checked_sub(jiff::Span::new().days(back)).map_err(|_| AppError::BadRequest("bad-date"))?;
    let mut weeks = Vec::new();
    while d < after {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            let mut items = by_day.remove(&d).unwrap_or_default();
            items.sort_by_key(|(start, _)| *start);
            week.push(CalendarDay {
                day: d.day(),
                date: d.to_string(),
                in_month: d >= first && d < after,
                today: d == today,
                items: items.into_iter().map(|(_, i)| i).collect(),
            });
            d = d.tomorrow().map_err(|_| AppError::BadRequest("bad-date"))?;
        }
        weeks.push(week);
    }
    let month_code = |d: jiff::civil::Date| d.strftime("%Y-%m").to_string();
    let prev = first.checked_sub(jiff::Span::new().months(1)).map(month_code).unwrap_or_default();
    let index = state.sites().await?;
    let page = CalendarPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("programme-calendar"), "programme").await?,
        heading: ctx.tr.t2(
            "programme-month",
            "month",
            ctx.tr.t(&format!("month-{}", first.month())),
            "year",
            i64::from(first.year()),
        ),
        weekdays: (0..7).map(|i| fmt::weekday_name(&ctx.tr, i)).collect(),
        weeks,
        f: Filters::new(&ctx, &index, &ap, "/programme/calendar", Some(month_code(first))),
        prev,
        next: month_code(after),
    };
    Ok(render(&page))
}

/// `/embed/programme?site_id=`: the list alone, for a satellite's own
/// website to include in an iframe (the only pages that may be framed).
pub async fn embed(State(state): State<AppState>, ctx: Ctx, Query(p): Query<ProgrammeParams>) -> AppResult<Response> {
    let (items, _) = upcoming(&state, &ctx, &p.filter()).await?;
    let page = EmbedPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("programme-title"), "programme").await?,
        items,
        base: state.config.base_url.trim_end_matches('/').to_owned(),
    };
    let mut r = render(&page);
    r.headers_mut().remove(header::X_FRAME_OPTIONS);
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; style-src 'self'; frame-ancestors *"),
    );
    Ok(r)
}

pub struct SessionLine {
    pub id: i64,
    /// The viewer may keep this session's attendance sheet.
    pub may_mark: bool,
    pub when: String,
    pub site: String,
    pub address: String,
}

#[derive(Template)]
#[template(path = "programme/templates/event.html")]
struct EventPage {
    l: Layout,
    e: EventLine,
    description: String,
    teachers: String,
    topics: Vec<String>,
    sessions: Vec<SessionLine>,
    deadline: String,
    open: bool,
    mine: Option<Enrolment>,
    manage: bool,
    jsonld: String,
    notice: Option<String>,
    error: Option<String>,
}

/// The schema.org `Event` of an event, as JSON-LD safe to put in a
/// `<script>` element.
pub fn jsonld(state: &AppState, index: &portineria_app::network::SiteIndex, e: &Event, organiser: &str) -> String {
    let base = state.config.base_url.trim_end_matches('/');
    let url = format!("{base}/events/{}", e.id);
    let place = |site_id: i64| {
        index.get(site_id).map(|s| {
            serde_json::json!({
                "@type": "Place",
                "name": s.name,
                "address": {"@type": "PostalAddress", "streetAddress": s.address, "addressLocality": s.city, "addressCountry": "IT"},
                "geo": {"@type": "GeoCoordinates", "latitude": s.coordinates.lat(), "longitude": s.coordinates.lon()},
            })
        })
    };
    let locations: Vec<serde_json::Value> = e.site_ids().into_iter().filter_map(place).collect();
    let full = e.enrolled >= e.capacity;
    let mut doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": e.title,
        "description": e.description,
        "url": url,
        "startDate": fmt::rfc3339_local(e.starts_at),
        "endDate": fmt::rfc3339_local(e.sessions.first().map(|s| s.end).unwrap_or(e.ends_at)),
        "eventStatus": if e.is_cancelled() { "https://schema.org/EventCancelled" } else { "https://schema.org/EventScheduled" },
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": e.language,
        "location": if locations.len() == 1 { locations[0].clone() } else { serde_json::Value::Array(locations) },
        "organizer": {"@type": "Organization", "name": organiser, "url": base},
        "maximumAttendeeCapacity": e.capacity,
        "offers": {
            "@type": "Offer",
            "price": format!("{}.{:02}", e.price_cents / 100, e.price_cents % 100),
            "priceCurrency": "EUR",
            "availability": if full { "https://schema.org/SoldOut" } else { "https://schema.org/InStock" },
            "validThrough": fmt::rfc3339_local(e.enrol_until),
            "url": url,
        },
    });
    if e.sessions.len() > 1
        && let Some(o) = doc.as_object_mut()
    {
        // A course: each session is a sub-event.
        o.insert(
            "subEvent".into(),
            e.sessions
                .iter()
                .map(|s| {
                    serde_json::json!({"@type": "Event", "name": e.title, "startDate": fmt::rfc3339_local(s.start),
                        "endDate": fmt::rfc3339_local(s.end), "location": place(s.site_id)})
                })
                .collect(),
        );
    }
    // `<`, `>` and `&` written as escapes: the JSON cannot close the script.
    doc.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[derive(Deserialize, Default)]
pub struct DoneParams {
    pub done: Option<String>,
}

async fn event_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<Response> {
    let d = programme::event_details(&state.app, &ctx.caller(), id).await?;
    let e = d.event;
    let index = state.sites().await?;
    let page = EventPage {
        l: Layout::new(state, ctx, e.title.clone(), "programme").await?,
        e: line(ctx, &index, &e),
        description: e.description.clone(),
        teachers: e.teachers.join(", "),
        topics: e.topics.iter().map(|t| label(ctx, "topic", t.as_str())).collect(),
        sessions: e
            .sessions
            .iter()
            .zip(&d.may_mark)
            .map(|(s, may_mark)| {
                let site = index.get(s.site_id);
                SessionLine {
                    id: s.id,
                    may_mark: *may_mark,
                    when: format!(
                        "{} – {}",
                        when(s.start),
                        Timestamp::from_second(s.end).map(fmt::time).unwrap_or_default()
                    ),
                    site: site.map(|x| x.name.clone()).unwrap_or_default(),
                    address: site.map(|x| format!("{}, {}", x.address, x.city)).unwrap_or_default(),
                }
            })
            .collect(),
        deadline: when(e.enrol_until),
        open: !e.is_cancelled() && ctx.now.as_second() < e.enrol_until,
        mine: d.mine,
        manage: d.manage,
        jsonld: jsonld(state, &index, &e, &d.organiser),
        notice,
        error,
    };
    Ok(render_status(&page, status))
}

/// `/events/{id}`: one event, its sessions, and the button to take part.
pub async fn event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<DoneParams>,
) -> AppResult<Response> {
    let notice = p.done.as_deref().map(|d| ctx.tr.t(&format!("notice-enrolment-{d}")));
    event_page(&state, &ctx, id, notice, None, StatusCode::OK).await
}

fn conflict_page_error(ctx: &Ctx, e: &AppError) -> Option<String> {
    match e {
        AppError::Conflict(code) => Some(ctx.tr.t(&format!("error-{code}"))),
        _ => None,
    }
}

/// The enrolment button.
pub async fn enrol_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    if ctx.user.is_none() {
        return Ok(redirect(&format!("/login?next=/events/{id}")));
    }
    let use_training = match form.text("use_training").as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let result = programme::enrol(&state.app, &ctx.caller(), id, use_training).await;
    match result.map_err(AppError::from) {
        Ok(n) if n.status == EnrolmentStatus::Enrolled => Ok(redirect(&format!("/events/{id}?done=enrolled"))),
        Ok(_) => Ok(redirect(&format!("/events/{id}?done=waiting"))),
        Err(e) => match conflict_page_error(&ctx, &e) {
            Some(msg) => event_page(&state, &ctx, id, None, Some(msg), StatusCode::CONFLICT).await,
            None => Err(e),
        },
    }
}

/// Cancels one's enrolment from the event's page or one's list.
pub async fn cancel_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    ctx.user()?;
    let from_mine = form.text("back") == "mine";
    let caller = ctx.caller();
    let result = programme::cancel_enrolment(&state.app, &caller, id).await;
    match result.map_err(AppError::from) {
        Ok(_) if from_mine => Ok(redirect("/me/enrolments?done=cancelled")),
        Ok(c) => Ok(redirect(&format!("/events/{}?done=cancelled", c.enrolment.event_id))),
        Err(e) => match (conflict_page_error(&ctx, &e), from_mine) {
            // A refusal is shown on the event's page.
            (Some(msg), false) => {
                let n = programme::enrolment(&state.app, &caller, id).await?;
                event_page(&state, &ctx, n.event_id, None, Some(msg), StatusCode::CONFLICT).await
            }
            _ => Err(e),
        },
    }
}

pub struct MyLine {
    pub id: i64,
    pub event: EventLine,
    pub status: String,
    pub waiting: bool,
    pub position: i64,
    pub live: bool,
    pub due: String,
    pub training: bool,
    /// Sessions attended, of how many.
    pub attended: usize,
    pub sessions: usize,
}

#[derive(Template)]
#[template(path = "programme/templates/mine.html")]
struct MinePage {
    l: Layout,
    items: Vec<MyLine>,
    notice: Option<String>,
}

/// `/me/enrolments`: what one is enrolled in or waiting for.
pub async fn mine(State(state): State<AppState>, ctx: Ctx, Query(p): Query<DoneParams>) -> AppResult<Response> {
    let caller = ctx.caller();
    let list = programme::my_enrolments(&state.app, &caller).await?;
    let index = state.sites().await?;
    let now = ctx.now.as_second();
    let mut items = Vec::new();
    for (n, e) in list {
        // Presences count for places held.
        let attended = if n.status == EnrolmentStatus::Enrolled {
            programme::my_attendance(&state.app, &caller, e.id).await?.len()
        } else {
            0
        };
        items.push(MyLine {
            id: n.id,
            event: line(&ctx, &index, &e),
            status: ctx.tr.t(&format!("enrolment-{}", n.status.as_str())),
            waiting: n.status == EnrolmentStatus::Waiting,
            position: n.position.unwrap_or(0),
            live: n.status != EnrolmentStatus::Cancelled && now < e.starts_at && !e.is_cancelled(),
            due: if n.due_cents > 0 { euros(n.due_cents) } else { String::new() },
            training: n.training_used,
            attended,
            sessions: e.sessions.len(),
        });
    }
    let page = MinePage {
        l: Layout::new(&state, &ctx, ctx.tr.t("my-enrolments"), "programme").await?,
        items,
        notice: p.done.as_deref().map(|d| ctx.tr.t(&format!("notice-enrolment-{d}"))),
    };
    Ok(render(&page))
}
