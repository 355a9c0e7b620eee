//! `/api/v1/events`: the programme of courses and events, enrolment with a
//! waiting list, attendance, the iCalendar feeds and the figures an impact
//! report publishes, over `portineria_app::programme` (who may do what is
//! said there). Each handler reads its JSON or query into a typed command,
//! calls the use case, tells whom the change concerns, and answers.

use crate::http::ctx::Ctx;
use crate::http::error::AppResult;
use crate::http::fmt::{rfc3339_local as local, rfc3339_utc as utc};
use crate::http::openapi::csv_response;
use crate::http::types::ErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use portineria_app::programme::{self, Edit, Publish, RawFilter};
use portineria_domain::ical;
use portineria_domain::programme::{EnrolmentStatus, EventInput, SessionInput};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Enrolment, Event, EventQuery, SiteProgramme};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

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

#[derive(Deserialize, ToSchema)]
pub struct SessionBody {
    /// RFC 3339 (any offset).
    pub start: String,
    pub end: String,
    pub site_id: i64,
    /// The room it books; omit for a session that takes no bookable place.
    pub place_id: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
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

impl EventBody {
    /// The use case's command: the sessions' instants read (what is not one
    /// is reported once the caller is allowed).
    fn command(self) -> Publish {
        let mut unreadable = FieldErrors::new();
        let mut sessions = Vec::new();
        for s in &self.sessions {
            let start = unreadable.take(instant("sessions", &s.start));
            let end = unreadable.take(instant("sessions", &s.end));
            if let (Some(start), Some(end)) = (start, end) {
                sessions.push(SessionInput { start, end, site_id: s.site_id, place_id: s.place_id });
            }
        }
        Publish {
            hub_id: self.hub_id,
            organiser_account_id: self.organiser_account_id,
            organiser_actor_id: self.organiser_actor_id,
            event: EventInput {
                kind: self.kind,
                title: self.title,
                description: self.description,
                audience: self.audience,
                language: self.language,
                level: self.level,
                topics: self.topics,
                teachers: self.teachers,
                capacity: self.capacity,
                price_cents: self.price_cents.unwrap_or(0),
                included_in_membership: self.included_in_membership.unwrap_or(false),
                deadline_minutes: self.deadline_minutes,
                sessions,
                rrule: self.rrule,
            },
            unreadable,
        }
    }
}

#[derive(Deserialize, IntoParams)]
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

impl EventParams {
    fn filter(self) -> RawFilter {
        RawFilter {
            from: self.from,
            to: self.to,
            hub_id: self.hub_id,
            site_id: self.site_id,
            audience: self.audience,
            kind: self.kind,
            topic: self.topic,
            free: self.free.unwrap_or(false),
            organiser: self.organiser,
            actor_id: self.actor_id,
            cursor: self.cursor,
            limit: self.limit,
        }
    }
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
    let q = p.filter().parse(ctx.now.as_second())?;
    let page = programme::events(&state.app, &q).await?;
    let base = base(&state);
    Ok(Json(EventListJson {
        items: page.events.iter().map(|e| EventJson::new(e, &base)).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[utoipa::path(post, path = "/api/v1/events", tag = "programme", request_body = EventBody, security(("bearer" = [])),
    responses((status = 201, body = EventJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "session-place-taken, session-outside-hours, session-site-hub"),
        (status = 422, body = ErrorBody)))]
/// Adds a course or event (managers of its hub); each session's place is booked.
pub async fn post_event(State(state): State<AppState>, ctx: Ctx, Json(b): Json<EventBody>) -> AppResult<Response> {
    let e = programme::create_event(&state.app, &ctx.caller(), b.command()).await?;
    Ok((StatusCode::CREATED, Json(EventJson::new(&e, &base(&state)))).into_response())
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "programme", params(("id" = i64, Path)),
    responses((status = 200, body = EventJson), (status = 404, body = ErrorBody)))]
/// One course or event with its sessions.
pub async fn get_event(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<EventJson>> {
    let e = programme::event(&state.app, id).await?;
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

impl From<EventEditBody> for Edit {
    fn from(b: EventEditBody) -> Self {
        let fields = EventInput {
            title: b.title,
            description: b.description,
            audience: b.audience,
            language: b.language,
            level: b.level,
            topics: b.topics,
            teachers: b.teachers,
            capacity: b.capacity,
            price_cents: b.price_cents.unwrap_or(0),
            included_in_membership: b.included_in_membership.unwrap_or(false),
            deadline_minutes: b.deadline_minutes,
            ..Default::default()
        };
        Edit { fields, organiser_actor_id: b.organiser_actor_id }
    }
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
    let (e, _) = programme::edit_event(&state.app, &ctx.caller(), id, &b.into()).await?;
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
    let (e, _) = programme::cancel_event(&state.app, &ctx.caller(), id).await?;
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
    let e = programme::duplicate_event(&state.app, &ctx.caller(), id, date).await?;
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
    let n = programme::enrol(&state.app, &ctx.caller(), id, b.use_training).await?;
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
    let c = programme::cancel_enrolment(&state.app, &ctx.caller(), id).await?;
    Ok(Json(EnrolmentJson::from(&c.enrolment)))
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
    let list = programme::my_enrolments(&state.app, &ctx.caller()).await?;
    let base = base(&state);
    Ok(Json(
        list.iter()
            .map(|(n, e)| MyEnrolmentJson { enrolment: EnrolmentJson::from(n), event: EventJson::new(e, &base) })
            .collect(),
    ))
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

#[utoipa::path(get, path = "/api/v1/events/{id}/enrolments", tag = "programme", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = [RosterLineJson]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
/// The roster: enrolled, then waiting in order (managers, the organiser).
pub async fn event_roster(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<RosterLineJson>>> {
    let (_, roster) = programme::roster(&state.app, &ctx.caller(), id).await?;
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

#[utoipa::path(get, path = "/api/v1/events/{id}/enrolments.csv", tag = "programme", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, description = "The roster as CSV", content_type = "text/csv", body = String),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
/// The roster as a CSV download (RFC 4180).
pub async fn event_roster_csv(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let (e, roster) = programme::roster(&state.app, &ctx.caller(), id).await?;
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

#[utoipa::path(post, path = "/api/v1/enrolments/{id}/promote", tag = "programme", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = EnrolmentJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "not-waiting, event-cancelled")))]
/// Gives a waiting person a place out of turn (managers): with every place
/// taken, the event gets one more place for them.
pub async fn promote(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Json<EnrolmentJson>> {
    let c = programme::promote(&state.app, &ctx.caller(), id).await?;
    Ok(Json(EnrolmentJson::from(&c.enrolment)))
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
    let c = programme::move_enrolment(&state.app, &ctx.caller(), id, b.event_id).await?;
    Ok(Json(EnrolmentJson::from(&c.enrolment)))
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
    programme::mark_present(&state.app, &ctx.caller(), id, session_id, account_id).await?;
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
    programme::unmark_present(&state.app, &ctx.caller(), id, session_id, account_id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
pub struct CheckinCodeBody {
    /// The person's personal QR code (`PRT1.…`).
    pub code: String,
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
    programme::checkin(&state.app, &ctx.caller(), id, session_id, &b.code).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The programme as iCalendar: one VEVENT per session, cancelled ones marked.
async fn feed(state: &AppState, ctx: &Ctx, q: &EventQuery, name: &str) -> AppResult<Response> {
    let index = state.sites().await?;
    let base = base(state);
    let mut out = Vec::new();
    for e in programme::feed_events(&state.app, q).await? {
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
    let site = p.site_id;
    // Without `from`, subscribers keep the last month too.
    let q = p.filter().parse(ctx.now.as_second() - 30 * 86_400)?;
    let index = state.sites().await?;
    let name = match site.and_then(|s| index.get(s)) {
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

impl SiteProgrammeJson {
    fn new(r: &SiteProgramme, site_name: String) -> Self {
        SiteProgrammeJson {
            site_id: r.site_id,
            site_name,
            events: r.events,
            sessions: r.sessions,
            free_days: r.free_days,
            kids_labs: r.kids_labs,
            participants: r.participants,
            people_reached: r.people_reached,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeStatsJson {
    pub from: String,
    pub to: String,
    pub sites: Vec<SiteProgrammeJson>,
    pub total: SiteProgrammeJson,
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
    let f = programme::figures(&state.app, &ctx.caller(), p.hub_id, p.from.as_deref(), p.to.as_deref()).await?;
    Ok(Json(ProgrammeStatsJson {
        from: f.from.to_string(),
        to: f.to.to_string(),
        sites: f.sites.iter().map(|(name, r)| SiteProgrammeJson::new(r, name.clone())).collect(),
        // Each event, day and person once, however many sites they touched.
        total: SiteProgrammeJson::new(&f.total, ctx.tr.t("stats-total")),
    }))
}
