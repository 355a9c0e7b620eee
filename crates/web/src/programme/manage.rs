//! The programme's manager pages: a hub's courses and events, the form that
//! adds one, each event's desk (edit, duplicate, cancel, the roster with
//! promote, move and remove, attendance per session and per course), the
//! attendance sheet of a session with QR check-in, the figures, and the
//! printable certificate of attendance. Every rule is
//! `portineria_app::programme`'s: these handlers read a form, call it, and
//! show the outcome.

use crate::http::ctx::{Ctx, FormData};
use crate::http::error::{AppError, AppResult};
use crate::http::fmt;
use crate::http::fmt::euros;
use crate::http::render::{Errors, Layout, redirect, render, render_status};
use crate::http::staff::{HubParams, managed, pick};
use crate::programme::labels::{self, Choices, label};
use crate::programme::pages::{DoneParams, EventLine, line};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use portineria_app::programme::{self, Edit, Figures, Publish};
use portineria_domain::hours::{local_instant, parse_hhmm};
use portineria_domain::programme::{EnrolmentStatus, EventInput, SessionInput};
use portineria_domain::validate::{self as v, fmt_euros};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{Event, Hub};
use serde::Deserialize;

use fmt::date_time_secs as when;

/// The page's name for each field the API's validation names.
fn form_field(api_field: &str) -> &str {
    match api_field {
        "price_cents" => "price",
        "deadline_minutes" => "deadline_hours",
        "sessions" => "date",
        "rrule" => "weeks",
        other => other,
    }
}

fn form_errors(ctx: &Ctx, e: &FieldErrors) -> Errors {
    Errors(e.0.iter().map(|f| (form_field(&f.field).to_owned(), ctx.tr.field_error(f))).collect())
}

/// What a refusal says on a form: field errors by field, a conflict on top.
fn refusal(ctx: &Ctx, e: AppError) -> Result<(Errors, StatusCode), AppError> {
    match e {
        AppError::Invalid(errs) => Ok((form_errors(ctx, &errs), StatusCode::UNPROCESSABLE_ENTITY)),
        AppError::Conflict(code) => Ok((Errors::one("form", ctx.tr.t(&format!("error-{code}"))), StatusCode::CONFLICT)),
        AppError::BadRequest(code) => {
            Ok((Errors::one("form", ctx.tr.t(&format!("error-{code}"))), StatusCode::BAD_REQUEST))
        }
        other => Err(other),
    }
}

fn notice(ctx: &Ctx, done: Option<&str>) -> Option<String> {
    let d: String = done?.chars().filter(|c| c.is_ascii_lowercase() || *c == '-').collect();
    let msg = ctx.tr.t(&format!("notice-programme-{d}"));
    (!msg.starts_with("notice-")).then_some(msg)
}

// ---- the hub's programme ---------------------------------------------------

/// One of the hub's events: the public line and how full it is.
pub struct ManagedLine {
    pub e: EventLine,
    pub enrolled: i64,
    pub capacity: i64,
}

#[derive(Template)]
#[template(path = "programme/templates/manage_list.html")]
struct ManageListPage {
    l: Layout,
    hub: Hub,
    hubs: Vec<Hub>,
    items: Vec<ManagedLine>,
    past: bool,
    next: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    pub hub: Option<String>,
    pub past: Option<String>,
    pub cursor: Option<String>,
    pub done: Option<String>,
}

/// `/manage/programme?hub=`: the hub's events from now on (or the last
/// year's with `past=1`), cancelled ones included.
pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(p): Query<ListParams>) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let hub = pick(&hubs, p.hub.as_deref())?;
    let past = p.past.as_deref().is_some_and(|s| !s.is_empty());
    let page = programme::hub_events(&state.app, &ctx.caller(), hub.id, past, p.cursor.clone()).await?;
    let index = state.sites().await?;
    let page = ManageListPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("manage-programme"), "manage").await?,
        items: page
            .events
            .iter()
            .map(|e| ManagedLine { e: line(&ctx, &index, e), enrolled: e.enrolled, capacity: e.capacity })
            .collect(),
        hub,
        hubs,
        past,
        next: page.next_cursor,
        notice: notice(&ctx, p.done.as_deref()),
    };
    Ok(render(&page))
}

// ---- a new event -----------------------------------------------------------

/// The fields of the event form, as typed.
#[derive(Default)]
pub struct EventForm {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub audience: String,
    pub language: String,
    pub level: String,
    pub topics: Vec<(String, String, bool)>,
    pub teachers: String,
    pub capacity: String,
    pub price: String,
    pub included: bool,
    pub deadline_hours: String,
    pub site_id: String,
    pub place_id: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub weeks: String,
}

impl EventForm {
    fn from_form(ctx: &Ctx, f: &FormData) -> Self {
        let chosen: Vec<&str> = f.all("topics");
        EventForm {
            kind: f.text("kind"),
            title: f.text("title"),
            description: f.text("description"),
            audience: f.text("audience"),
            language: f.text("language"),
            level: f.text("level"),
            topics: topic_boxes(ctx, &chosen),
            teachers: f.text("teachers"),
            capacity: f.text("capacity"),
            price: f.text("price"),
            included: f.checked("included_in_membership"),
            deadline_hours: f.text("deadline_hours"),
            site_id: f.text("site_id"),
            place_id: f.text("place_id"),
            date: f.text("date"),
            start: f.text("start"),
            end: f.text("end"),
            weeks: f.text("weeks"),
        }
    }

    fn of_event(ctx: &Ctx, e: &Event) -> Self {
        let chosen: Vec<&str> = e.topics.iter().map(|t| t.as_str()).collect();
        EventForm {
            kind: e.kind.as_str().into(),
            title: e.title.clone(),
            description: e.description.clone(),
            audience: e.audience.as_str().into(),
            language: e.language.clone(),
            level: e.level.as_str().into(),
            topics: topic_boxes(ctx, &chosen),
            teachers: e.teachers.join(", "),
            capacity: e.capacity.to_string(),
            price: if e.price_cents > 0 { fmt_euros(e.price_cents) } else { String::new() },
            included: e.included_in_membership,
            deadline_hours: ((e.starts_at - e.enrol_until) / 3600).to_string(),
            ..Default::default()
        }
    }
}

fn topic_boxes(ctx: &Ctx, chosen: &[&str]) -> Vec<(String, String, bool)> {
    labels::choices(ctx)
        .topics
        .into_iter()
        .map(|(code, label)| (code.clone(), label, chosen.contains(&code.as_str())))
        .collect()
}

/// The fields both the new and the edit form have, read from the form
/// (prices in euros, the deadline in hours).
fn common(f: &FormData, errs: &mut FieldErrors) -> EventInput {
    let capacity = errs.take(v::integer("capacity", &f.text("capacity"), 1, 100_000)).unwrap_or(0);
    let price = f.text("price");
    let price_cents =
        if price.trim().is_empty() { 0 } else { errs.take(v::euros("price", &price, 100_000_000)).unwrap_or(0) };
    let hours = f.text("deadline_hours");
    let deadline_minutes = if hours.trim().is_empty() {
        0
    } else {
        errs.take(v::integer("deadline_hours", &hours, 0, 8_760)).unwrap_or(0) * 60
    };
    EventInput {
        title: f.text("title"),
        description: f.opt("description"),
        audience: f.opt("audience"),
        language: f.opt("language").filter(|s| !s.trim().is_empty()),
        level: f.opt("level"),
        topics: Some(f.all("topics").join(",")),
        teachers: f.opt("teachers"),
        capacity,
        price_cents,
        included_in_membership: f.checked("included_in_membership"),
        deadline_minutes: Some(deadline_minutes),
        ..Default::default()
    }
}

/// The new event: the first session from a date and two times (Europe/Rome),
/// repeated weekly for `weeks` sessions.
fn publish(hub: i64, f: &FormData) -> Result<Publish, FieldErrors> {
    let mut errs = FieldErrors::new();
    let c = common(f, &mut errs);
    let site_id =
        errs.take(f.text("site_id").trim().parse::<i64>().map_err(|_| FieldError::new("site_id", "required")));
    let place_id = match f.text("place_id").trim() {
        "" => None,
        p => errs.take(p.parse::<i64>().map_err(|_| FieldError::new("place_id", "number"))),
    };
    let date =
        errs.take(f.text("date").trim().parse::<jiff::civil::Date>().map_err(|_| FieldError::new("date", "date")));
    let clock = |name: &str, errs: &mut FieldErrors| {
        errs.take(parse_hhmm(&f.text(name)).ok_or_else(|| FieldError::new(name, "hours-bad-time")))
    };
    let (start, end) = (clock("start", &mut errs), clock("end", &mut errs));
    let weeks = match f.text("weeks").trim() {
        "" => 1,
        w => errs.take(v::integer("weeks", w, 1, 60)).unwrap_or(1),
    };
    let tz = portineria_domain::rome();
    let mut sessions = Vec::new();
    if let (Some(site_id), Some(date), Some(start), Some(end)) = (site_id, date, start, end) {
        match (local_instant(date, start, &tz), local_instant(date, end, &tz)) {
            (Some(a), Some(b)) => {
                sessions.push(SessionInput { start: a.as_second(), end: b.as_second(), site_id, place_id })
            }
            _ => errs.push(FieldError::new("date", "date")),
        }
    }
    let rrule = (weeks > 1).then(|| format!("FREQ=WEEKLY;COUNT={weeks}"));
    let event = EventInput { kind: f.text("kind"), sessions, rrule, ..c };
    errs.into_result(Publish { hub_id: hub, event, ..Default::default() })
}

#[derive(Template)]
#[template(path = "programme/templates/manage_new.html")]
struct NewEventPage {
    l: Layout,
    hub: Hub,
    hubs: Vec<Hub>,
    form: EventForm,
    choices: Choices,
    sites: Vec<(String, String)>,
    places: Vec<(String, String)>,
    errors: Errors,
}

/// The hub's sites and its rooms a session can take (not desk pools).
async fn hub_places(
    state: &AppState,
    ctx: &Ctx,
    hub: i64,
) -> AppResult<(Vec<(String, String)>, Vec<(String, String)>)> {
    let mut sites = Vec::new();
    let mut places = Vec::new();
    for v in programme::venues(&state.app, &ctx.caller(), hub).await? {
        sites.push((v.site.id.to_string(), v.site.name.clone()));
        for p in &v.rooms {
            places.push((p.id.to_string(), format!("{} · {}", v.site.name, p.name)));
        }
    }
    Ok((sites, places))
}

async fn new_page(
    state: &AppState,
    ctx: &Ctx,
    hub: Hub,
    hubs: Vec<Hub>,
    form: EventForm,
    errors: Errors,
) -> AppResult<NewEventPage> {
    let (sites, places) = hub_places(state, ctx, hub.id).await?;
    Ok(NewEventPage {
        l: Layout::new(state, ctx, ctx.tr.t("programme-new-event"), "manage").await?,
        hub,
        hubs,
        form,
        choices: labels::choices(ctx),
        sites,
        places,
        errors,
    })
}

/// `/manage/programme/new?hub=`: the form for a new course or event.
pub async fn new_event(State(state): State<AppState>, ctx: Ctx, Query(p): Query<HubParams>) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let hub = pick(&hubs, p.hub.as_deref())?;
    let form = EventForm {
        kind: "workshop".into(),
        audience: "all".into(),
        language: "it".into(),
        level: "any".into(),
        topics: topic_boxes(&ctx, &[]),
        weeks: "1".into(),
        ..Default::default()
    };
    Ok(render(&new_page(&state, &ctx, hub, hubs, form, Errors::default()).await?))
}

/// Adds the event; a refusal shows the form again with what was typed.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<HubParams>,
    form: FormData,
) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let hub = pick(&hubs, p.hub.as_deref())?;
    let result = match publish(hub.id, &form) {
        Ok(p) => programme::create_event(&state.app, &ctx.caller(), p).await.map_err(AppError::from),
        Err(e) => Err(AppError::Invalid(e)),
    };
    match result {
        Ok(e) => Ok(redirect(&format!("/manage/events/{}?done=created", e.id))),
        Err(e) => {
            let (errors, status) = refusal(&ctx, e)?;
            let page = new_page(&state, &ctx, hub, hubs, EventForm::from_form(&ctx, &form), errors).await?;
            Ok(render_status(&page, status))
        }
    }
}

// ---- one event's desk ------------------------------------------------------

pub struct RosterLine {
    pub enrolment_id: i64,
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub status: String,
    pub waiting: bool,
    pub enrolled: bool,
    pub position: i64,
    pub requested: String,
    pub paid: String,
    pub attended: i64,
    /// One mark per session, in order.
    pub marks: Vec<bool>,
}

pub struct SessionRow {
    pub id: i64,
    pub number: usize,
    pub when: String,
    pub site: String,
    pub present: usize,
    pub may_mark: bool,
}

#[derive(Template)]
#[template(path = "programme/templates/manage_event.html")]
struct EventDeskPage {
    l: Layout,
    e: Event,
    when: String,
    form: EventForm,
    choices: Choices,
    roster: Vec<RosterLine>,
    sessions: Vec<SessionRow>,
    targets: Vec<(i64, String)>,
    hub_manager: bool,
    waiting: usize,
    duplicate_date: String,
    errors: Errors,
    notice: Option<String>,
}

async fn desk_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: Option<EventForm>,
    errors: Errors,
    notice: Option<String>,
) -> AppResult<EventDeskPage> {
    let d = programme::desk(&state.app, &ctx.caller(), id).await?;
    let e = d.event;
    let index = state.sites().await?;
    let sessions = e
        .sessions
        .iter()
        .zip(d.present.iter().zip(&d.may_mark))
        .enumerate()
        .map(|(i, (s, (p, may_mark)))| SessionRow {
            id: s.id,
            number: i + 1,
            when: format!("{} – {}", when(s.start), Timestamp::from_second(s.end).map(fmt::time).unwrap_or_default()),
            site: index.get(s.site_id).map(|x| x.name.clone()).unwrap_or_default(),
            present: p.len(),
            may_mark: *may_mark,
        })
        .collect();
    let lines: Vec<RosterLine> = d
        .roster
        .iter()
        .map(|a| {
            let n = &a.enrolment;
            RosterLine {
                enrolment_id: n.id,
                account_id: n.account_id,
                name: a.display_name.clone(),
                email: a.email.clone(),
                status: ctx.tr.t(&format!("enrolment-{}", n.status.as_str())),
                waiting: n.status == EnrolmentStatus::Waiting,
                enrolled: n.status == EnrolmentStatus::Enrolled,
                position: n.position.unwrap_or(0),
                requested: when(n.requested_at),
                paid: if n.training_used {
                    ctx.tr.t("programme-training-used")
                } else if n.due_cents > 0 {
                    ctx.tr.t1("programme-due", "amount", euros(n.due_cents))
                } else {
                    String::new()
                },
                attended: a.attended,
                marks: d.present.iter().map(|p| p.contains(&n.account_id)).collect(),
            }
        })
        .collect();
    // Where a person can be moved: the hub's other upcoming events.
    let targets = d.targets.iter().map(|t| (t.id, format!("{} · {}", t.title, when(t.starts_at)))).collect();
    let waiting = lines.iter().filter(|l| l.waiting).count();
    Ok(EventDeskPage {
        l: Layout::new(state, ctx, e.title.clone(), "manage").await?,
        when: when(e.starts_at),
        form: form.unwrap_or_else(|| EventForm::of_event(ctx, &e)),
        choices: labels::choices(ctx),
        roster: lines,
        sessions,
        targets,
        hub_manager: d.hub_manager,
        waiting,
        duplicate_date: Timestamp::from_second(e.starts_at + 7 * 86_400)
            .map(|t| fmt::local_date(t).to_string())
            .unwrap_or_default(),
        errors,
        notice,
        e,
    })
}

/// The outcome of an action on the desk: where to go when done, or the
/// desk of event `id` again with the refusal.
async fn desk_outcome<T>(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    result: AppResult<T>,
    done: impl FnOnce(T) -> String,
) -> AppResult<Response> {
    match result {
        Ok(v) => Ok(redirect(&done(v))),
        Err(err) => {
            let (errors, status) = refusal(ctx, err)?;
            Ok(render_status(&desk_page(state, ctx, id, None, errors, None).await?, status))
        }
    }
}

/// `/manage/events/{id}`: everything about one event for who runs it.
pub async fn event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(p): Query<DoneParams>,
) -> AppResult<Response> {
    let n = notice(&ctx, p.done.as_deref());
    Ok(render(&desk_page(&state, &ctx, id, None, Errors::default(), n).await?))
}

fn edit(e: &Event, f: &FormData) -> Result<Edit, FieldErrors> {
    let mut errs = FieldErrors::new();
    let edit = Edit { fields: common(f, &mut errs), organiser_actor_id: e.organiser_actor_id };
    errs.into_result(edit)
}

/// Saves the edit form.
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let e = programme::managed_event(&state.app, &caller, id).await?;
    let result = match edit(&e, &form) {
        Ok(edit) => programme::edit_event(&state.app, &caller, id, &edit).await.map_err(AppError::from),
        Err(errs) => Err(AppError::Invalid(errs)),
    };
    match result {
        Ok(_) => Ok(redirect(&format!("/manage/events/{id}?done=saved"))),
        Err(err) => {
            let (errors, status) = refusal(&ctx, err)?;
            let mut f = EventForm::from_form(&ctx, &form);
            f.kind = e.kind.as_str().into();
            Ok(render_status(&desk_page(&state, &ctx, id, Some(f), errors, None).await?, status))
        }
    }
}

/// Copies the event to another date.
pub async fn duplicate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    programme::managed_event(&state.app, &caller, id).await?;
    let result = match form.text("date").trim().parse::<jiff::civil::Date>() {
        Ok(d) => programme::duplicate_event(&state.app, &caller, id, d).await.map_err(AppError::from),
        Err(_) => Err(FieldError::new("duplicate_date", "date").into()),
    };
    desk_outcome(&state, &ctx, id, result, |copy| format!("/manage/events/{}?done=duplicated", copy.id)).await
}

/// Cancels the event (the form asks to confirm); everyone on it is told.
pub async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    programme::managed_event(&state.app, &caller, id).await?;
    if !form.checked("confirm") {
        let errors = Errors::one("confirm", ctx.tr.t("programme-cancel-confirm-needed"));
        return Ok(render_status(
            &desk_page(&state, &ctx, id, None, errors, None).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let result = programme::cancel_event(&state.app, &caller, id).await;
    desk_outcome(&state, &ctx, id, result.map_err(AppError::from), |_| format!("/manage/events/{id}?done=cancelled"))
        .await
}

/// A manager's hand on one line of the roster: `promote` gives a free place
/// out of turn, `move` takes the person to another event, `remove` cancels.
pub async fn roster_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, action)): Path<(i64, String)>,
    form: FormData,
) -> AppResult<Response> {
    let caller = ctx.caller();
    let (_, e) = programme::enrolment_to_manage(&state.app, &caller, id).await?;
    let result = match action.as_str() {
        "promote" => programme::promote(&state.app, &caller, id).await.map(|c| ("promoted", c)),
        "move" => match form.text("event_id").trim().parse::<i64>() {
            Ok(to) => programme::move_enrolment(&state.app, &caller, id, to).await.map(|c| ("moved", c)),
            Err(_) => Err(FieldError::new("event_id", "required").into()),
        },
        "remove" => programme::cancel_enrolment(&state.app, &caller, id).await.map(|c| ("removed", c)),
        _ => return Err(AppError::NotFound),
    };
    let id = e.id;
    let result = result.map(|(done, _)| done).map_err(AppError::from);
    desk_outcome(&state, &ctx, id, result, |done| format!("/manage/events/{id}?done={done}")).await
}

// ---- a session's attendance sheet --------------------------------------------

pub struct SheetLine {
    pub account_id: i64,
    pub name: String,
    pub present: bool,
}

#[derive(Template)]
#[template(path = "programme/templates/manage_session.html")]
struct SessionPage {
    l: Layout,
    e: Event,
    session_id: i64,
    number: usize,
    when: String,
    site: String,
    lines: Vec<SheetLine>,
    present: usize,
    errors: Errors,
    notice: Option<String>,
}

async fn session_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    session_id: i64,
    errors: Errors,
    notice: Option<String>,
) -> AppResult<SessionPage> {
    let sheet = programme::sheet(&state.app, &ctx.caller(), id, session_id).await?;
    let index = state.sites().await?;
    let lines: Vec<SheetLine> = sheet
        .enrolled
        .into_iter()
        .map(|a| SheetLine {
            account_id: a.enrolment.account_id,
            present: sheet.present.contains(&a.enrolment.account_id),
            name: a.display_name,
        })
        .collect();
    let s = sheet.session;
    Ok(SessionPage {
        l: Layout::new(state, ctx, ctx.tr.t("programme-attendance-sheet"), "manage").await?,
        session_id,
        number: sheet.number,
        when: format!("{} – {}", when(s.start), Timestamp::from_second(s.end).map(fmt::time).unwrap_or_default()),
        site: index.get(s.site_id).map(|x| x.name.clone()).unwrap_or_default(),
        present: lines.iter().filter(|l| l.present).count(),
        lines,
        errors,
        notice,
        e: sheet.event,
    })
}

/// `/manage/events/{id}/sessions/{sid}`: who came (hosts of the site too).
pub async fn session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(i64, i64)>,
    Query(p): Query<DoneParams>,
) -> AppResult<Response> {
    let n = notice(&ctx, p.done.as_deref());
    Ok(render(&session_page(&state, &ctx, id, sid, Errors::default(), n).await?))
}

/// Saves the sheet: ticked people are marked present, unticked ones not.
pub async fn save_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(i64, i64)>,
    form: FormData,
) -> AppResult<Response> {
    let ticked: Vec<i64> = form.all("present").iter().filter_map(|s| s.parse().ok()).collect();
    programme::save_sheet(&state.app, &ctx.caller(), id, sid, &ticked).await?;
    Ok(redirect(&format!("/manage/events/{id}/sessions/{sid}?done=attendance-saved")))
}

/// QR check-in: the code a person shows, typed or scanned.
pub async fn checkin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, sid)): Path<(i64, i64)>,
    form: FormData,
) -> AppResult<Response> {
    match programme::checkin(&state.app, &ctx.caller(), id, sid, &form.text("code")).await {
        Ok(_) => Ok(redirect(&format!("/manage/events/{id}/sessions/{sid}?done=checked-in"))),
        Err(err) => {
            let (errors, status) = refusal(&ctx, err.into())?;
            Ok(render_status(&session_page(&state, &ctx, id, sid, errors, None).await?, status))
        }
    }
}

// ---- the figures -----------------------------------------------------------

#[derive(Template)]
#[template(path = "programme/templates/manage_stats.html")]
struct StatsPage {
    l: Layout,
    hubs: Vec<Hub>,
    hub: String,
    is_admin: bool,
    stats: Figures,
    errors: Errors,
}

/// `/manage/programme/stats?hub=&from=&to=`: the impact report's numbers
/// (`hub=all`: the whole network, for administrators).
pub async fn stats(State(state): State<AppState>, ctx: Ctx, Query(p): Query<HubParams>) -> AppResult<Response> {
    let hubs = managed(&state, &ctx).await?;
    let caller = ctx.caller();
    let hub = match p.hub.as_deref() {
        // The use case refuses the whole network to whoever is not an administrator.
        Some("all") => None,
        asked => Some(pick(&hubs, asked)?.id),
    };
    let (stats, errors, status) =
        match programme::figures(&state.app, &caller, hub, p.from.as_deref(), p.to.as_deref()).await {
            Ok(s) => (s, Errors::default(), StatusCode::OK),
            Err(portineria_app::Error::Invalid(errs)) => {
                let s = programme::figures(&state.app, &caller, hub, None, None).await?;
                (s, form_errors(&ctx, &errs), StatusCode::UNPROCESSABLE_ENTITY)
            }
            Err(e) => return Err(e.into()),
        };
    let page = StatsPage {
        l: Layout::new(&state, &ctx, ctx.tr.t("programme-stats"), "manage").await?,
        hubs,
        hub: hub.map(|h| h.to_string()).unwrap_or_else(|| "all".into()),
        is_admin: caller.roles().is_admin(),
        stats,
        errors,
    };
    Ok(render_status(&page, status))
}

// ---- the certificate ---------------------------------------------------------

#[derive(Template)]
#[template(path = "programme/templates/certificate.html")]
struct CertificatePage {
    l: Layout,
    person: String,
    organiser: String,
    teachers: String,
    attended: Vec<String>,
    sentence: String,
    issued: String,
    number: String,
}

/// `/enrolments/{id}/certificate`: a printable certificate of attendance,
/// for the person or who runs the event, once they were present at least
/// once.
pub async fn certificate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let c = programme::certificate(&state.app, &ctx.caller(), id).await?;
    let (e, n) = (&c.event, &c.enrolment);
    let index = state.sites().await?;
    let kind = label(&ctx, "event-kind", e.kind.as_str());
    let minutes: i64 = c.attended.iter().map(|s| (s.end - s.start) / 60).sum();
    let page = CertificatePage {
        l: Layout::new(&state, &ctx, ctx.tr.t("certificate-title"), "programme").await?,
        teachers: e.teachers.join(", "),
        attended: c
            .attended
            .iter()
            .map(|s| {
                let site = index.get(s.site_id).map(|x| x.name.clone()).unwrap_or_default();
                format!("{} · {site}", when(s.start))
            })
            .collect(),
        sentence: ctx.tr.tv(
            "certificate-attended",
            vec![
                ("count", i64::try_from(c.attended.len()).unwrap_or(0).into()),
                ("total", i64::try_from(e.sessions.len()).unwrap_or(0).into()),
                ("kind", kind.clone().into()),
                ("title", e.title.clone().into()),
                ("duration", ctx.tr.t2("certificate-duration", "hours", minutes / 60, "minutes", minutes % 60).into()),
            ],
        ),
        issued: fmt::local_date(ctx.now).strftime("%d/%m/%Y").to_string(),
        number: format!("{}-{}", e.id, n.id),
        person: c.person.clone(),
        organiser: c.organiser.clone(),
    };
    Ok(render(&page))
}
