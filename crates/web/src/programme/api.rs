//! `/api/v1/events`: the programme of courses and events, enrolment with a
//! waiting list, attendance, the iCalendar feeds and the figures an impact
//! report publishes. The helpers here (`create_event`, `enrol`,
//! `cancel_enrolment`, …) are shared with the pages, so both take the same
//! path: authorisation first, then validation, then one store call, then
//! the mails.

use crate::http::ctx::Ctx;
use crate::http::error::{AppError, AppResult};
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use portineria_domain::booking::{Interval, within_hours};
use portineria_domain::cursor::page_limit;
use portineria_domain::ical;
use portineria_domain::policy::{Action, allows};
use portineria_domain::programme::{
    Audience, EnrolmentStatus, EventInput, EventKind, Level, SessionInput, Topic, validate_event,
};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Enrolment, Event, EventEdit, EventQuery, NewEvent};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::fmt::{rfc3339_local as local, rfc3339_utc as utc};
use crate::http::openapi::csv_response;

#[derive(Serialize, ToSchema)]
pub struct SessionJson {
    pub id: i64,
    pub position: i64,
    pub site_id: i64,
    pub place_id: Option<i64>,
    /// RFC 3339 in UTC.
    pub start: String,
    pub end: String,
    /// The same instants in Europe/Rome.
    pub start_local: String,
    pub end_local: String,
}

#[derive(Serialize, ToSchema)]
pub struct EventJson {
    pub id: i64,
    pub hub_id: i64,
    /// course, workshop, seminar, talk, kids_lab, concert, open_day, market.
    pub kind: String,
    pub title: String,
    pub description: String,
    /// all, adults, kids, families, seniors, job_seekers.
    pub audience: String,
    pub language: String,
    /// any, beginner, intermediate, advanced.
    pub level: String,
    pub topics: Vec<String>,
    pub teachers: Vec<String>,
    pub organiser_account_id: Option<i64>,
    pub organiser_actor_id: Option<i64>,
    /// 0: free.
    pub price_cents: i64,
    pub included_in_membership: bool,
    pub capacity: i64,
    pub enrolled: i64,
    pub waiting: i64,
    /// Places left now.
    pub places_left: i64,
    /// Enrolment closes at this instant (UTC).
    pub enrol_until: String,
    pub rrule: Option<String>,
    /// scheduled or cancelled.
    pub status: String,
    pub start: String,
    pub end: String,
    pub sessions: Vec<SessionJson>,
    pub url: String,
}

impl EventJson {
    pub fn new(e: &Event, base: &str) -> Self {
        EventJson {
            id: e.id,
            hub_id: e.hub_id,
            kind: e.kind.as_str().into(),
            title: e.title.clone(),
            description: e.description.clone(),
            audience: e.audience.as_str().into(),
            language: e.language.clone(),
            level: e.level.as_str().into(),
            topics: e.topics.iter().map(|t| t.as_str().to_owned()).collect(),
            teachers: e.teachers.clone(),
            organiser_account_id: e.organiser_account_id,
            organiser_actor_id: e.organiser_actor_id,
            price_cents: e.price_cents,
            included_in_membership: e.included_in_membership,
            capacity: e.capacity,
            enrolled: e.enrolled,
            waiting: e.waiting,
            places_left: (e.capacity - e.enrolled).max(0),
            enrol_until: utc(e.enrol_until),
            rrule: e.rrule.clone(),
            status: e.status.as_str().into(),
            start: utc(e.starts_at),
            end: utc(e.ends_at),
            sessions: e
                .sessions
                .iter()
                .map(|s| SessionJson {
                    id: s.id,
                    position: s.position,
                    site_id: s.site_id,
                    place_id: s.place_id,
                    start: utc(s.start),
                    end: utc(s.end),
                    start_local: local(s.start),
                    end_local: local(s.end),
                })
                .collect(),
            url: format!("{base}/events/{}", e.id),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventListJson {
    pub items: Vec<EventJson>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EnrolmentJson {
    pub id: i64,
    pub event_id: i64,
    pub account_id: i64,
    /// enrolled, waiting or cancelled.
    pub status: String,
    /// Place in the waiting list (1 = next), while waiting.
    pub position: Option<i64>,
    pub requested_at: String,
    /// A training of this pass, or this per-course membership, pays.
    pub pass_id: Option<i64>,
    pub training_used: bool,
    /// Left to pay at the desk, in cents.
    pub due_cents: i64,
    /// Moved up from the waiting list.
    pub promoted: bool,
}

impl From<&Enrolment> for EnrolmentJson {
    fn from(n: &Enrolment) -> Self {
        EnrolmentJson {
            id: n.id,
            event_id: n.event_id,
            account_id: n.account_id,
            status: n.status.as_str().into(),
            position: n.position,
            requested_at: utc(n.requested_at),
            pass_id: n.pass_id,
            training_used: n.training_used,
            due_cents: n.due_cents,
            promoted: n.promoted,
        }
    }
}

#[derive(Deserialize, ToSchema, Clone)]
pub struct SessionBody {
    /// RFC 3339 (any offset).
    pub start: String,
    pub end: String,
    pub site_id: i64,
    /// The room it books; omit for a session that takes no bookable place.
    pub place_id: Option<i64>,
}

#[derive(Deserialize, ToSchema, Clone, Default)]
pub struct EventBody {
    /// The hub that runs it.
    pub hub_id: i64,
    /// course, workshop, seminar, talk, kids_lab, concert, open_day, market.
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub audience: Option<String>,
    /// Two letters, default `it`.
    pub language: Option<String>,
    pub level: Option<String>,
    /// Comma-separated codes: digital_literacy, coding, robotics, stem, cyberbullying, …
    pub topics: Option<String>,
    /// Comma-separated names.
    pub teachers: Option<String>,
    /// The member who organises it (default: whoever creates it).
    pub organiser_account_id: Option<i64>,
    /// The local actor that organises it.
    pub organiser_actor_id: Option<i64>,
    pub capacity: i64,
    /// 0 or omitted: free.
    pub price_cents: Option<i64>,
    /// A membership with trainings may pay for it.
    pub included_in_membership: Option<bool>,
    /// Minutes before the first session when enrolment closes (default 0).
    pub deadline_minutes: Option<i64>,
    /// One session with `rrule`, or every session of the series.
    pub sessions: Vec<SessionBody>,
    /// `FREQ=WEEKLY;COUNT=n` or `FREQ=WEEKLY;UNTIL=…` (optionally `BYDAY`, `INTERVAL`): must end.
    pub rrule: Option<String>,
}

fn instant(field: &str, s: &str) -> Result<i64, FieldError> {
    s.trim().parse::<Timestamp>().map(|t| t.as_second()).map_err(|_| FieldError::new(field, "instant"))
}

/// Whether the person may run this hub's programme, or is the event's organiser.
pub fn may_manage(ctx: &Ctx, hub: i64, organiser: Option<i64>) -> bool {
    allows(&ctx.roles(), Action::ManageProgramme { hub })
        || (organiser.is_some() && ctx.user.as_ref().map(|u| u.account.id) == organiser)
}

/// Checks, validates and writes a new event (managers of its hub).
pub async fn create_event(state: &AppState, ctx: &Ctx, b: &EventBody) -> AppResult<Event> {
    let user = ctx.user()?;
    if !allows(&ctx.roles(), Action::ManageProgramme { hub: b.hub_id }) {
        return Err(AppError::Forbidden);
    }
    let mut errs = FieldErrors::new();
    let mut sessions = Vec::new();
    for s in &b.sessions {
        let (start, end) = (errs.take(instant("sessions", &s.start)), errs.take(instant("sessions", &s.end)));
        if let (Some(start), Some(end)) = (start, end) {
            sessions.push(SessionInput { start, end, site_id: s.site_id, place_id: s.place_id });
        }
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let input = EventInput {
        kind: b.kind.clone(),
        title: b.title.clone(),
        description: b.description.clone(),
        audience: b.audience.clone(),
        language: b.language.clone(),
        level: b.level.clone(),
        topics: b.topics.clone(),
        teachers: b.teachers.clone(),
        capacity: b.capacity,
        price_cents: b.price_cents.unwrap_or(0),
        included_in_membership: b.included_in_membership.unwrap_or(false),
        deadline_minutes: b.deadline_minutes,
        sessions,
        rrule: b.rrule.clone(),
    };
    let tz = portineria_domain::rome();
    let draft = validate_event(&input, ctx.now.as_second(), &tz)?;
    // Every session within its site's opening hours, as stored now.
    let mut sites: std::collections::HashMap<i64, portineria_store::Site> = std::collections::HashMap::new();
    for s in &draft.sessions {
        if let std::collections::hash_map::Entry::Vacant(slot) = sites.entry(s.site_id) {
            slot.insert(state.store.site(s.site_id).await?.ok_or(AppError::Conflict("unknown-site"))?);
        }
        let site = sites.get(&s.site_id).ok_or(AppError::Conflict("unknown-site"))?;
        if site.hub_id != b.hub_id {
            return Err(AppError::Conflict("session-site-hub"));
        }
        if !within_hours(&site.schedule, &tz, Interval { start: s.start, end: s.end }) {
            return Err(AppError::Conflict("session-outside-hours"));
        }
    }
    if let Some(actor) = b.organiser_actor_id
        && state.store.actor(actor).await?.is_none()
    {
        return Err(FieldError::new("organiser_actor_id", "unknown-actor").into());
    }
    if let Some(a) = b.organiser_account_id
        && state.store.account(a).await?.is_none()
    {
        return Err(FieldError::new("organiser_account_id", "unknown-account").into());
    }
    let e = state
        .store
        .create_event(
            &ctx.who(),
            &NewEvent {
                hub_id: b.hub_id,
                organiser_account_id: Some(b.organiser_account_id.unwrap_or(user.account.id)),
                organiser_actor_id: b.organiser_actor_id,
                draft,
                now: ctx.now.as_second(),
            },
        )
        .await?;
    for s in &e.sessions {
        state.app.live.forget(s.site_id, s.place_id);
    }
    Ok(e)
}

/// The event if the viewer may see it: scheduled and cancelled events are
/// public (a cancelled one says so).
pub async fn event_or_404(state: &AppState, id: i64) -> AppResult<Event> {
    state.store.event(id).await?.ok_or(AppError::NotFound)
}

/// A request for a place by the signed-in person, and its mail.
pub async fn enrol(state: &AppState, ctx: &Ctx, event_id: i64, use_training: Option<bool>) -> AppResult<Enrolment> {
    let user = ctx.user()?;
    let n = state.store.enrol(&ctx.who(), event_id, user.account.id, use_training, ctx.now.as_second()).await?;
    Ok(n)
}

/// Cancels an enrolment (its person, or who manages the event) and tells
/// those moved up.
pub async fn cancel_enrolment(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Enrolment> {
    let user = ctx.user()?;
    let n = state.store.enrolment(id).await?.ok_or(AppError::NotFound)?;
    let e = event_or_404(state, n.event_id).await?;
    if n.account_id != user.account.id && !may_manage(ctx, e.hub_id, e.organiser_account_id) {
        // Someone else's enrolment is not there, as far as they can tell.
        return Err(AppError::NotFound);
    }
    let change = state.store.cancel_enrolment(&ctx.who(), id, ctx.now.as_second()).await?;
    Ok(change.enrolment)
}

/// Cancels an event and tells everyone on its roster.
pub async fn cancel_event(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Event> {
    ctx.user()?;
    let e = event_or_404(state, id).await?;
    if !may_manage(ctx, e.hub_id, e.organiser_account_id) {
        return Err(AppError::Forbidden);
    }
    let (e, _told) = state.store.cancel_event(&ctx.who(), id, ctx.now.as_second()).await?;
    for s in &e.sessions {
        state.app.live.forget(s.site_id, s.place_id);
    }
    Ok(e)
}

/// A copy of an event whose first session starts on `date` (Europe/Rome),
/// every session moved by the same number of days at the same wall-clock time.
pub async fn duplicate_event(state: &AppState, ctx: &Ctx, id: i64, date: jiff::civil::Date) -> AppResult<Event> {
    let e = event_or_404(state, id).await?;
    let tz = portineria_domain::rome();
    let first = e.sessions.first().ok_or(AppError::Conflict("event-no-sessions"))?;
    let day = |secs: i64| Timestamp::from_second(secs).map(|t| t.to_zoned(tz.clone()));
    let from = day(first.start).map_err(|_| AppError::BadRequest("bad-date"))?.date();
    let shift = from.until(date).map_err(|_| AppError::BadRequest("bad-date"))?.get_days();
    let mut sessions = Vec::new();
    for s in &e.sessions {
        let moved = |secs: i64| -> AppResult<String> {
            let z = day(secs).map_err(|_| AppError::BadRequest("bad-date"))?;
            let z = z
                .date()
                .checked_add(jiff::Span::new().days(shift))
                .and_then(|d| d.to_datetime(z.time()).to_zoned(tz.clone()))
                .map_err(|_| AppError::BadRequest("bad-date"))?;
            Ok(z.timestamp().to_string())
        };
        sessions.push(SessionBody {
            start: moved(s.start)?,
            end: moved(s.end)?,
            site_id: s.site_id,
            place_id: s.place_id,
        });
    }
    let body = EventBody {
        hub_id: e.hub_id,
        kind: e.kind.as_str().into(),
        title: e.title.clone(),
        description: Some(e.description.clone()),
        audience: Some(e.audience.as_str().into()),
        language: Some(e.language.clone()),
        level: Some(e.level.as_str().into()),
        topics: Some(e.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")),
        teachers: Some(e.teachers.join(",")),
        organiser_account_id: e.organiser_account_id,
        organiser_actor_id: e.organiser_actor_id,
        capacity: e.capacity,
        price_cents: Some(e.price_cents),
        included_in_membership: Some(e.included_in_membership),
        deadline_minutes: Some((e.starts_at - e.enrol_until) / 60),
        sessions,
        rrule: None,
    };
    create_event(state, ctx, &body).await
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// Events ending after this instant or date (default: now).
    pub from: Option<String>,
    /// Events starting before this instant or date.
    pub to: Option<String>,
    pub hub_id: Option<i64>,
    /// Events with a session at this site.
    pub site_id: Option<i64>,
    pub audience: Option<String>,
    pub kind: Option<String>,
    pub topic: Option<String>,
    /// Only free events.
    pub free: Option<bool>,
    /// The member who organises.
    pub organiser: Option<i64>,
    /// The local actor who organises.
    pub actor_id: Option<i64>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

/// An instant, or a date meaning its local midnight.
fn when_param(field: &str, s: Option<&str>) -> Result<Option<i64>, FieldError> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(Some(t.as_second()));
    }
    let d: jiff::civil::Date = s.parse().map_err(|_| FieldError::new(field, "instant"))?;
    portineria_domain::hours::local_instant(d, 0, &portineria_domain::rome())
        .map(|t| Some(t.as_second()))
        .ok_or_else(|| FieldError::new(field, "instant"))
}

/// The store query of the programme's filters.
pub fn event_query(p: &EventParams, now: i64) -> Result<EventQuery, FieldErrors> {
    let mut errs = FieldErrors::new();
    let from = errs.take(when_param("from", p.from.as_deref())).flatten();
    let to = errs.take(when_param("to", p.to.as_deref())).flatten();
    let pick = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let audience = match pick(&p.audience) {
        None => None,
        Some(a) => errs.take(Audience::parse(&a).ok_or_else(|| FieldError::new("audience", "event-audience"))),
    };
    let kind = match pick(&p.kind) {
        None => None,
        Some(k) => errs.take(EventKind::parse(&k).ok_or_else(|| FieldError::new("kind", "event-kind"))),
    };
    let topic = match pick(&p.topic) {
        None => None,
        Some(t) => errs.take(Topic::parse(&t).ok_or_else(|| FieldError::new("topic", "unknown-topic"))),
    };
    let after = match p.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => {
            let parsed = c.split_once('.').and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
            errs.take(parsed.ok_or_else(|| FieldError::new("cursor", "bad-cursor")))
        }
    };
    errs.into_result(EventQuery {
        from: Some(from.unwrap_or(now)),
        to,
        hub_id: p.hub_id,
        site_id: p.site_id,
        audience,
        kind,
        topic,
        free_only: p.free.unwrap_or(false),
        organiser_account_id: p.organiser,
        organiser_actor_id: p.actor_id,
        include_cancelled: false,
        after,
        limit: page_limit(p.limit) + 1,
    })
}

/// Keeps the first `limit` of a page read with one more; the cursor of the
/// next page when there was more.
pub fn next_cursor(events: &mut Vec<Event>, limit: usize) -> Option<String> {
    if events.len() <= limit {
        return None;
    }
    events.truncate(limit);
    events.last().map(|e| format!("{}.{}", e.starts_at, e.id))
}

fn base(state: &AppState) -> String {
    state.config.base_url.trim_end_matches('/').to_owned()
}

#[utoipa::path(get, path = "/api/v1/events", tag = "programme", params(EventParams),
    responses((status = 200, body = EventListJson), (status = 422, body = ErrorBody)))]
/// The programme: upcoming courses and events, by start, filtered.
pub async fn list_events(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<EventParams>,
) -> AppResult<Json<EventListJson>> {
    let q = event_query(&p, ctx.now.as_second())?;
    let limit = page_limit(p.limit) as usize;
    let mut events = state.store.list_events(&q).await?;
    let next_cursor = next_cursor(&mut events, limit);
    let base = base(&state);
    Ok(Json(EventListJson { items: events.iter().map(|e| EventJson::new(e, &base)).collect(), next_cursor }))
}

#[utoipa::path(post, path = "/api/v1/events", tag = "programme", request_body = EventBody, security(("bearer" = [])),
    responses((status = 201, body = EventJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "session-place-taken, session-outside-hours, session-site-hub"),
        (status = 422, body = ErrorBody)))]
/// Adds a course or event (managers of its hub); each session's place is booked.
pub async fn post_event(State(state): State<AppState>, ctx: Ctx, Json(b): Json<EventBody>) -> AppResult<Response> {
    let e = create_event(&state, &ctx, &b).await?;
    Ok((StatusCode::CREATED, Json(EventJson::new(&e, &base(&state)))).into_response())
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "programme", params(("id" = i64, Path)),
    responses((status = 200, body = EventJson), (status = 404, body = ErrorBody)))]
/// One course or event with its sessions.
pub async fn get_event(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<EventJson>> {
    let e = event_or_404(&state, id).await?;
    Ok(Json(EventJson::new(&e, &base(&state))))
}

#[derive(Deserialize, ToSchema)]
pub struct EventEditBody {
    pub title: String,
    pub description: Option<String>,
    pub audience: Option<String>,
    pub language: Option<String>,
    pub level: Option<String>,
    pub topics: Option<String>,
    pub teachers: Option<String>,
    pub capacity: i64,
    pub price_cents: Option<i64>,
    pub included_in_membership: Option<bool>,
    /// Minutes before the first session when enrolment closes.
    pub deadline_minutes: Option<i64>,
    pub organiser_actor_id: Option<i64>,
}

/// Validates an edit with the rules of a new event (its sessions unchanged).
pub fn validate_edit(e: &Event, b: &EventEditBody, now: i64) -> Result<EventEdit, FieldErrors> {
    let input = EventInput {
        kind: e.kind.as_str().into(),
        title: b.title.clone(),
        description: b.description.clone(),
        audience: b.audience.clone(),
        language: b.language.clone(),
        level: b.level.clone(),
        topics: b.topics.clone(),
        teachers: b.teachers.clone(),
        capacity: b.capacity,
        price_cents: b.price_cents.unwrap_or(0),
        included_in_membership: b.included_in_membership.unwrap_or(false),
        deadline_minutes: b.deadline_minutes,
        // The stored first session stands for all: only its fields are checked.
        sessions: vec![SessionInput {
            start: e.starts_at.max(now),
            end: e.starts_at.max(now) + 60,
            site_id: 0,
            place_id: None,
        }],
        rrule: None,
    };
    let d = validate_event(&input, now, &portineria_domain::rome())?;
    Ok(EventEdit {
        title: d.title,
        description: d.description,
        audience: d.audience,
        language: d.language,
        level: d.level,
        topics: d.topics,
        teachers: d.teachers,
        capacity: d.capacity,
        price_cents: d.price_cents,
        included_in_membership: d.included_in_membership,
        enrol_until: e.starts_at - b.deadline_minutes.unwrap_or(0) * 60,
        organiser_actor_id: b.organiser_actor_id,
    })
}

/// Applies an edit (managers, the organiser) and tells those moved up.
pub async fn edit_event(state: &AppState, ctx: &Ctx, id: i64, b: &EventEditBody) -> AppResult<Event> {
    ctx.user()?;
    let e = event_or_404(state, id).await?;
    if !may_manage(ctx, e.hub_id, e.organiser_account_id) {
        return Err(AppError::Forbidden);
    }
    let edit = validate_edit(&e, b, ctx.now.as_second())?;
    let (e, _promoted) = state.store.update_event(&ctx.who(), id, &edit, ctx.now.as_second()).await?;
    Ok(e)
}

#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "programme", params(("id" = i64, Path)), request_body = EventEditBody,
    security(("bearer" = [])),
    responses((status = 200, body = EventJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "capacity-below-enrolled, event-cancelled"),
        (status = 422, body = ErrorBody)))]
/// Edits an event; more places move the first who wait up.
pub async fn put_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<EventEditBody>,
) -> AppResult<Json<EventJson>> {
    let e = edit_event(&state, &ctx, id, &b).await?;
    Ok(Json(EventJson::new(&e, &base(&state))))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/cancel", tag = "programme", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = EventJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
/// Cancels an event: its places are freed, trainings given back, everyone told.
pub async fn post_cancel_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<EventJson>> {
    let e = cancel_event(&state, &ctx, id).await?;
    Ok(Json(EventJson::new(&e, &base(&state))))
}

#[derive(Deserialize, ToSchema)]
pub struct DuplicateBody {
    /// The new first session's date (YYYY-MM-DD, Europe/Rome).
    pub date: String,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/duplicate", tag = "programme", params(("id" = i64, Path)),
    request_body = DuplicateBody, security(("bearer" = [])),
    responses((status = 201, body = EventJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
/// Copies an event to another date, at the same wall-clock times.
pub async fn post_duplicate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<DuplicateBody>,
) -> AppResult<Response> {
    let date: jiff::civil::Date = b.date.trim().parse().map_err(|_| FieldError::new("date", "date"))?;
    let e = duplicate_event(&state, &ctx, id, date).await?;
    Ok((StatusCode::CREATED, Json(EventJson::new(&e, &base(&state)))).into_response())
}

#[derive(Deserialize, ToSchema, Default)]
pub struct EnrolBody {
    /// true: pay with a training (refused when none is left); false: pay at
    /// the desk; omitted: a training if one is there.
    pub use_training: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/enrolments", tag = "programme", params(("id" = i64, Path)),
    request_body = EnrolBody, security(("bearer" = [])),
    responses((status = 201, body = EnrolmentJson, description = "enrolled"),
        (status = 202, body = EnrolmentJson, description = "on the waiting list"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already-enrolled, enrolment-closed, event-cancelled, no-trainings-left")))]
/// Asks for a place: 201 enrolled, or 202 on the waiting list (with its position).
pub async fn post_enrolment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Option<Json<EnrolBody>>,
) -> AppResult<Response> {
    let b = body.map(|Json(b)| b).unwrap_or_default();
    let n = enrol(&state, &ctx, id, b.use_training).await?;
    let status = if n.status == EnrolmentStatus::Enrolled { StatusCode::CREATED } else { StatusCode::ACCEPTED };
    Ok((status, Json(EnrolmentJson::from(&n))).into_response())
}

#[utoipa::path(delete, path = "/api/v1/enrolments/{id}", tag = "programme", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = EnrolmentJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "event-started")))]
/// Cancels an enrolment; the place goes to the first who waits, who is told.
pub async fn delete_enrolment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<EnrolmentJson>> {
    let n = cancel_enrolment(&state, &ctx, id).await?;
    Ok(Json(EnrolmentJson::from(&n)))
}

#[derive(Serialize, ToSchema)]
pub struct MyEnrolmentJson {
    #[serde(flatten)]
    pub enrolment: EnrolmentJson,
    pub event: EventJson,
}

#[utoipa::path(get, path = "/api/v1/me/enrolments", tag = "programme", security(("bearer" = [])),
    responses((status = 200, body = [MyEnrolmentJson]), (status = 401, body = ErrorBody)))]
/// The signed-in person's enrolments, newest first, with their events.
pub async fn my_enrolments(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<MyEnrolmentJson>>> {
    let user = ctx.user()?;
    let base = base(&state);
    Ok(Json(
        enrolments_with_events(&state, user.account.id)
            .await?
            .iter()
            .map(|(n, e)| MyEnrolmentJson { enrolment: EnrolmentJson::from(n), event: EventJson::new(e, &base) })
            .collect(),
    ))
}

/// A person's enrolments, newest first, each with its event (two reads).
pub async fn enrolments_with_events(state: &AppState, account_id: i64) -> AppResult<Vec<(Enrolment, Event)>> {
    let list = state.store.account_enrolments(account_id).await?;
    let ids: Vec<i64> = list.iter().map(|n| n.event_id).collect();
    let events: std::collections::HashMap<i64, Event> =
        state.store.events_by_ids(&ids).await?.into_iter().map(|e| (e.id, e)).collect();
    Ok(list
        .into_iter()
        .filter_map(|n| {
            let e = events.get(&n.event_id)?.clone();
            Some((n, e))
        })
        .collect())
}

#[derive(Serialize, ToSchema)]
pub struct RosterLineJson {
    #[serde(flatten)]
    pub enrolment: EnrolmentJson,
    pub display_name: String,
    pub email: String,
    /// Sessions they were marked present at.
    pub attended: i64,
}

/// The event if the person runs it (its hub's managers, its organiser).
pub async fn managed_event(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Event> {
    ctx.user()?;
    let e = event_or_404(state, id).await?;
    if !may_manage(ctx, e.hub_id, e.organiser_account_id) {
        return Err(AppError::Forbidden);
    }
    Ok(e)
}

#[utoipa::path(get, path = "/api/v1/events/{id}/enrolments", tag = "programme", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = [RosterLineJson]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
/// The roster: enrolled, then waiting in order (managers, the organiser).
pub async fn event_roster(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<RosterLineJson>>> {
    managed_event(&state, &ctx, id).await?;
    let roster = state.store.event_roster(id).await?;
    Ok(Json(
        roster
            .into_iter()
            .map(|a| RosterLineJson {
                enrolment: EnrolmentJson::from(&a.enrolment),
                display_name: a.display_name,
                email: a.email,
                attended: a.attended,
            })
            .collect(),
    ))
}

/// The roster as CSV (RFC 4180), for the people who run the event.
pub async fn roster_csv(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Response> {
    let e = managed_event(state, ctx, id).await?;
    let roster = state.store.event_roster(id).await?;
    let mut out = String::from("name,email,status,position,requested_at,training_used,due_cents,attended_sessions\r\n");
    let field = |s: &str| {
        // Quoted, and a leading formula character neutralised for spreadsheets.
        let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
        format!("\"{}\"", s.replace('"', "\"\""))
    };
    for a in &roster {
        let n = &a.enrolment;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\r\n",
            field(&a.display_name),
            field(&a.email),
            n.status.as_str(),
            n.position.map(|p| p.to_string()).unwrap_or_default(),
            local(n.requested_at),
            n.training_used,
            n.due_cents,
            a.attended
        ));
    }
    Ok(csv_response(out, &format!("partecipanti-{}.csv", e.id)))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/enrolments.csv", tag = "programme", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, description = "The roster as CSV", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// The roster as a CSV download.
pub async fn event_roster_csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    roster_csv(&state, &ctx, id).await
}

/// A manager's hand on an enrolment: give a free place out of turn, or
/// move the person to another event.
pub async fn manage_enrolment(state: &AppState, ctx: &Ctx, id: i64, to_event: Option<i64>) -> AppResult<Enrolment> {
    ctx.user()?;
    let n = state.store.enrolment(id).await?.ok_or(AppError::NotFound)?;
    let e = event_or_404(state, n.event_id).await?;
    if !allows(&ctx.roles(), Action::ManageProgramme { hub: e.hub_id }) {
        return Err(AppError::Forbidden);
    }
    match to_event {
        None => {
            let n = state.store.promote_enrolment(&ctx.who(), id, ctx.now.as_second()).await?;
            Ok(n)
        }
        Some(to) => {
            let target = event_or_404(state, to).await?;
            if !allows(&ctx.roles(), Action::ManageProgramme { hub: target.hub_id }) {
                return Err(AppError::Forbidden);
            }
            let change = state.store.move_enrolment(&ctx.who(), id, to, ctx.now.as_second()).await?;
            Ok(change.enrolment)
        }
    }
}

#[utoipa::path(post, path = "/api/v1/enrolments/{id}/promote", tag = "programme", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = EnrolmentJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "not-waiting, event-cancelled")))]
/// Gives a waiting person a place out of turn (managers): with every place
/// taken, the event gets one more place for them.
pub async fn promote(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<EnrolmentJson>> {
    Ok(Json(EnrolmentJson::from(&manage_enrolment(&state, &ctx, id, None).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct MoveBody {
    pub event_id: i64,
}

#[utoipa::path(post, path = "/api/v1/enrolments/{id}/move", tag = "programme", params(("id" = i64, Path)), request_body = MoveBody,
    security(("bearer" = [])),
    responses((status = 200, body = EnrolmentJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
/// Moves a person to another event (managers of both hubs).
pub async fn move_enrolment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Json(b): Json<MoveBody>,
) -> AppResult<Json<EnrolmentJson>> {
    Ok(Json(EnrolmentJson::from(&manage_enrolment(&state, &ctx, id, Some(b.event_id)).await?)))
}

/// Who may mark presence at a session: the event's managers and
/// organiser, and the hosts of the session's site.
pub async fn session_of(state: &AppState, ctx: &Ctx, session_id: i64, event_id: i64) -> AppResult<(Event, i64)> {
    ctx.user()?;
    let e = event_or_404(state, event_id).await?;
    let s = e.sessions.iter().find(|s| s.id == session_id).ok_or(AppError::NotFound)?;
    let site = s.site_id;
    if !may_manage(ctx, e.hub_id, e.organiser_account_id)
        && !allows(&ctx.roles(), Action::HostDesk { hub: e.hub_id, site })
    {
        return Err(AppError::Forbidden);
    }
    Ok((e, site))
}

#[utoipa::path(put, path = "/api/v1/events/{id}/sessions/{session_id}/attendance/{account_id}", tag = "programme",
    params(("id" = i64, Path), ("session_id" = i64, Path), ("account_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not-enrolled")))]
/// Marks a person present (hosts of the site, managers, the organiser).
pub async fn mark_present(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id, account_id)): Path<(i64, i64, i64)>,
) -> AppResult<Response> {
    session_of(&state, &ctx, session_id, id).await?;
    state.store.mark_attendance(&ctx.who(), session_id, account_id, "host", ctx.now.as_second()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[utoipa::path(delete, path = "/api/v1/events/{id}/sessions/{session_id}/attendance/{account_id}", tag = "programme",
    params(("id" = i64, Path), ("session_id" = i64, Path), ("account_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// Takes back a presence marked by mistake.
pub async fn unmark_present(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id, account_id)): Path<(i64, i64, i64)>,
) -> AppResult<Response> {
    session_of(&state, &ctx, session_id, id).await?;
    state.store.unmark_attendance(&ctx.who(), session_id, account_id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct CheckinCodeBody {
    /// The person's personal QR code (`PRT1.…`).
    pub code: String,
}

/// Marks presence from a personal QR code shown at the session.
pub async fn qr_checkin(state: &AppState, ctx: &Ctx, id: i64, session_id: i64, code: &str) -> AppResult<i64> {
    session_of(state, ctx, session_id, id).await?;
    let account = crate::passes::qr::person(state, code.trim(), ctx.now.as_second()).await?;
    state.store.mark_attendance(&ctx.who(), session_id, account, "qr", ctx.now.as_second()).await?;
    Ok(account)
}

#[utoipa::path(post, path = "/api/v1/events/{id}/sessions/{session_id}/checkins", tag = "programme",
    params(("id" = i64, Path), ("session_id" = i64, Path)), request_body = CheckinCodeBody, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not-enrolled"), (status = 422, body = ErrorBody, description = "qr-forged, qr-expired")))]
/// QR check-in at a session: the host scans the person's code.
pub async fn post_checkin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    Json(b): Json<CheckinCodeBody>,
) -> AppResult<Response> {
    qr_checkin(&state, &ctx, id, session_id, &b.code).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The programme as iCalendar: one VEVENT per session, cancelled ones marked.
pub async fn feed(state: &AppState, ctx: &Ctx, q: &EventQuery, name: &str) -> AppResult<Response> {
    let index = state.sites().await?;
    let base = base(state);
    let mut q = q.clone();
    q.include_cancelled = true;
    q.limit = 1000;
    let mut out = Vec::new();
    for e in state.store.list_events(&q).await? {
        for s in &e.sessions {
            let location = index
                .get(s.site_id)
                .map(|site| format!("{}, {}, {}", site.name, site.address, site.city))
                .unwrap_or_default();
            let title = if e.sessions.len() > 1 {
                format!("{} ({}/{})", e.title, s.position + 1, e.sessions.len())
            } else {
                e.title.clone()
            };
            out.push(ical::Event {
                uid: format!("event-{}-{}@portineria", e.id, s.position),
                start: s.start,
                end: s.end,
                summary: title,
                description: e.description.clone(),
                location,
                url: Some(format!("{base}/events/{}", e.id)),
                cancelled: e.is_cancelled(),
            });
        }
    }
    let mut r = ical::calendar(name, &out, ctx.now.as_second()).into_response();
    r.headers_mut()
        .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("text/calendar; charset=utf-8"));
    Ok(r)
}

#[utoipa::path(get, path = "/api/v1/events.ics", tag = "programme", params(EventParams),
    responses((status = 200, description = "RFC 5545 calendar of the programme (one event per session)", content_type = "text/calendar", body = String),
        (status = 422, body = ErrorBody)))]
/// A subscribable calendar of the programme: the whole of it, or one site's
/// (`site_id`), or one organiser's (`organiser`, `actor_id`).
pub async fn events_ics(State(state): State<AppState>, ctx: Ctx, Query(p): Query<EventParams>) -> AppResult<Response> {
    // Without `from`, subscribers keep the last month too.
    let q = event_query(&p, ctx.now.as_second() - 30 * 86_400)?;
    let index = state.sites().await?;
    let name = match p.site_id.and_then(|s| index.get(s)) {
        Some(site) => format!("{} · {}", ctx.tr.t("programme-title"), site.name),
        None => ctx.tr.t("programme-title"),
    };
    feed(&state, &ctx, &q, &name).await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    /// One hub's figures; omit for the whole network (administrators) or the hubs one manages.
    pub hub_id: Option<i64>,
    /// First day (YYYY-MM-DD), default 1 January of this year.
    pub from: Option<String>,
    /// Day after the last (YYYY-MM-DD), default 1 January of next year.
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SiteProgrammeJson {
    pub site_id: i64,
    pub site_name: String,
    pub events: i64,
    pub sessions: i64,
    /// Days with at least one free session.
    pub free_days: i64,
    pub kids_labs: i64,
    /// Presences marked.
    pub participants: i64,
    /// Different people enrolled or present.
    pub people_reached: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeStatsJson {
    pub from: String,
    pub to: String,
    pub sites: Vec<SiteProgrammeJson>,
    pub total: SiteProgrammeJson,
}

/// The figures of the programme over a period, per site and in all.
pub async fn stats(
    state: &AppState,
    ctx: &Ctx,
    hub: Option<i64>,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<ProgrammeStatsJson> {
    ctx.user()?;
    let actor = ctx.roles();
    match hub {
        Some(h) if !allows(&actor, Action::ManageProgramme { hub: h }) => return Err(AppError::Forbidden),
        None if !actor.is_admin() => return Err(AppError::Forbidden),
        _ => {}
    }
    let tz = portineria_domain::rome();
    let year = ctx.now.to_zoned(tz.clone()).year();
    let day = |field: &str, s: Option<&str>, default: jiff::civil::Date| -> AppResult<(jiff::civil::Date, i64)> {
        let d = match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => default,
            Some(s) => s.parse().map_err(|_| FieldError::new(field, "date"))?,
        };
        let t = portineria_domain::hours::local_instant(d, 0, &tz).ok_or_else(|| FieldError::new(field, "date"))?;
        Ok((d, t.as_second()))
    };
    let (from_d, from) = day("from", from, jiff::civil::date(year, 1, 1))?;
    let (to_d, to) = day("to", to, jiff::civil::date(year.saturating_add(1), 1, 1))?;
    let (rows, all) = state.store.programme_stats(hub, from, to).await?;
    let index = state.sites().await?;
    let json = |r: &portineria_store::SiteProgramme, site_name: String| SiteProgrammeJson {
        site_id: r.site_id,
        site_name,
        events: r.events,
        sessions: r.sessions,
        free_days: r.free_days,
        kids_labs: r.kids_labs,
        participants: r.participants,
        people_reached: r.people_reached,
    };
    let sites =
        rows.iter().map(|r| json(r, index.get(r.site_id).map(|s| s.name.clone()).unwrap_or_default())).collect();
    // Each event, day and person once, however many sites they touched.
    let total = json(&all, ctx.tr.t("stats-total"));
    Ok(ProgrammeStatsJson { from: from_d.to_string(), to: to_d.to_string(), sites, total })
}

#[utoipa::path(get, path = "/api/v1/programme/stats", tag = "programme", params(StatsParams), security(("bearer" = [])),
    responses((status = 200, body = ProgrammeStatsJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
/// The programme's figures per site: events, free programming days, kids' labs, participants, people reached.
pub async fn get_stats(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<StatsParams>,
) -> AppResult<Json<ProgrammeStatsJson>> {
    Ok(Json(stats(&state, &ctx, p.hub_id, p.from.as_deref(), p.to.as_deref()).await?))
}

/// A code and its label in the person's language.
pub type Choice = (String, String);

/// Audience, kind, level and topic codes with their labels, for the pages.
pub struct Choices {
    pub audiences: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub levels: Vec<Choice>,
    pub topics: Vec<Choice>,
}

/// The label of a code: `event-kind-kids-lab` for `event-kind` and `kids_lab`.
pub fn label(ctx: &Ctx, prefix: &str, code: &str) -> String {
    ctx.tr.t(&format!("{prefix}-{}", code.replace('_', "-")))
}

pub fn choices(ctx: &Ctx) -> Choices {
    let t = |prefix: &str, code: &str| label(ctx, prefix, code);
    Choices {
        audiences: Audience::ALL.iter().map(|a| (a.as_str().to_owned(), t("audience", a.as_str()))).collect(),
        kinds: EventKind::ALL.iter().map(|k| (k.as_str().to_owned(), t("event-kind", k.as_str()))).collect(),
        levels: Level::ALL.iter().map(|l| (l.as_str().to_owned(), t("level", l.as_str()))).collect(),
        topics: Topic::ALL.iter().map(|x| (x.as_str().to_owned(), t("topic", x.as_str()))).collect(),
    }
}
