//! The programme: courses and events, their sessions, enrolment with a
//! waiting list, attendance (on a sheet or by QR code), certificates of
//! attendance and the figures of an impact report.
//!
//! Events are public, cancelled ones too. A hub's managers publish, edit,
//! duplicate and cancel its events and handle their rosters (an event's
//! organiser edits, cancels and reads the roster, but moves nobody out of
//! turn); a site's hosts keep the attendance sheets of the sessions held
//! there. A person enrols and cancels their own enrolments; the rule of
//! places and the waiting list is `domain::programme::Roster`, held by the
//! store's transaction and the database.

use crate::{App, Caller, Error, Result};
use jiff::Timestamp;
use jiff::civil::Date;
use portineria_domain::bookings::{Interval, within_hours};
use portineria_domain::cursor::page_limit;
use portineria_domain::kinds::PlaceKind;
use portineria_domain::policy::Action;
use portineria_domain::programme::{
    Audience, EnrolmentStatus, EventInput, EventKind, SessionInput, Topic, validate_event,
};
use portineria_domain::{FieldError, FieldErrors};
use portineria_store::{
    Attendee, Enrolment, Event, EventEdit, EventQuery, EventSession, NewEvent, Place, PlaceQuery, ProgrammeStore, Site,
    SiteProgramme,
};
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::sync::Arc;

impl App {
    /// The programme's storage.
    pub(crate) fn programme_store(&self) -> &dyn ProgrammeStore {
        self.store.as_ref()
    }
}

// ---- who may do what -----------------------------------------------------------

/// Whether the caller runs the event's hub's programme, or organises the event.
pub fn may_manage(caller: &Caller, e: &Event) -> bool {
    caller.may(Action::ManageProgramme { hub: e.hub_id })
        || (e.organiser_account_id.is_some() && caller.person.as_ref().map(|p| p.account.id) == e.organiser_account_id)
}

/// Whether the caller may keep the attendance sheet of the event's session
/// at `site`: who manages the event, and the site's hosts.
pub fn may_mark(caller: &Caller, e: &Event, site: i64) -> bool {
    may_manage(caller, e) || (caller.person.is_some() && caller.may(Action::HostDesk { hub: e.hub_id, site }))
}

/// An event: scheduled and cancelled events are public (a cancelled one
/// says so).
pub async fn event(app: &App, id: i64) -> Result<Event> {
    app.programme_store().event(id).await?.ok_or(Error::NotFound)
}

/// The event if the caller runs it (its hub's managers, its organiser).
pub async fn managed_event(app: &App, caller: &Caller, id: i64) -> Result<Event> {
    caller.person()?;
    let e = event(app, id).await?;
    if !may_manage(caller, &e) {
        return Err(Error::Forbidden);
    }
    Ok(e)
}

// ---- the public programme --------------------------------------------------------

/// The programme's filters as a query string or a form sends them (an
/// empty value means any).
#[derive(Debug, Clone, Default)]
pub struct RawFilter {
    /// Events ending after this instant or date (a date means its local midnight).
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
    pub free: bool,
    /// The member who organises.
    pub organiser: Option<i64>,
    /// The local actor who organises.
    pub actor_id: Option<i64>,
    /// Where the page starts (`start.id` of the last event of the page before).
    pub cursor: Option<String>,
    /// The page size (20 by default, at most 100).
    pub limit: Option<u32>,
}

/// An instant, or a date meaning its local midnight.
fn when_param(field: &str, s: Option<&str>) -> Result<Option<i64>, FieldError> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(Some(t.as_second()));
    }
    let d: Date = s.parse().map_err(|_| FieldError::new(field, "instant"))?;
    portineria_domain::hours::local_instant(d, 0, &portineria_domain::rome())
        .map(|t| Some(t.as_second()))
        .ok_or_else(|| FieldError::new(field, "instant"))
}

impl RawFilter {
    /// The store's query of these filters: events ending after `from`
    /// (`default_from` without it), cancelled ones left out, `limit` the
    /// page size. Every value is checked; what is wrong, field by field.
    pub fn parse(&self, default_from: i64) -> Result<EventQuery, FieldErrors> {
        let mut errs = FieldErrors::new();
        let from = errs.take(when_param("from", self.from.as_deref())).flatten();
        let to = errs.take(when_param("to", self.to.as_deref())).flatten();
        let pick = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        let audience = match pick(&self.audience) {
            None => None,
            Some(a) => errs.take(Audience::parse(&a).ok_or_else(|| FieldError::new("audience", "event-audience"))),
        };
        let kind = match pick(&self.kind) {
            None => None,
            Some(k) => errs.take(EventKind::parse(&k).ok_or_else(|| FieldError::new("kind", "event-kind"))),
        };
        let topic = match pick(&self.topic) {
            None => None,
            Some(t) => errs.take(Topic::parse(&t).ok_or_else(|| FieldError::new("topic", "unknown-topic"))),
        };
        let after = match self.cursor.as_deref() {
            None | Some("") => None,
            Some(c) => {
                let parsed =
                    c.split_once('.').and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?)));
                errs.take(parsed.ok_or_else(|| FieldError::new("cursor", "bad-cursor")))
            }
        };
        errs.into_result(EventQuery {
            from: Some(from.unwrap_or(default_from)),
            to,
            hub_id: self.hub_id,
            site_id: self.site_id,
            audience,
            kind,
            topic,
            free_only: self.free,
            organiser_account_id: self.organiser,
            organiser_actor_id: self.actor_id,
            include_cancelled: false,
            after,
            limit: page_limit(self.limit),
        })
    }
}

/// A page of events and where the next one starts.
pub struct EventPage {
    pub events: Vec<Event>,
    /// Pass as the filter's `cursor` for the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

/// A page of the programme: the first `q.limit` events by start.
pub async fn events(app: &App, q: &EventQuery) -> Result<EventPage> {
    let limit = q.limit;
    let read = EventQuery { limit: limit.saturating_add(1), ..q.clone() };
    let mut events = app.programme_store().list_events(&read).await?;
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let next_cursor = if events.len() > limit {
        events.truncate(limit);
        events.last().map(|e| format!("{}.{}", e.starts_at, e.id))
    } else {
        None
    };
    Ok(EventPage { events, next_cursor })
}

/// The programme as a calendar feed carries it: the events of `q`,
/// cancelled ones too (a feed marks them), at most 1,000.
pub async fn feed_events(app: &App, q: &EventQuery) -> Result<Vec<Event>> {
    let q = EventQuery { include_cancelled: true, limit: 1000, ..q.clone() };
    Ok(app.programme_store().list_events(&q).await?)
}

/// The events of `q` between `from` and `to` (a month of the calendar),
/// cancelled ones too, at most 2,000.
pub async fn events_between(app: &App, q: &EventQuery, from: i64, to: i64) -> Result<Vec<Event>> {
    let q = EventQuery { from: Some(from), to: Some(to), include_cancelled: true, limit: 2000, ..q.clone() };
    Ok(app.programme_store().list_events(&q).await?)
}

/// Who organises an event: its local actor, else its hub.
async fn organiser_name(app: &App, e: &Event) -> Result<String> {
    let actor = match e.organiser_actor_id {
        Some(a) => app.actors_store().actor(a).await?.map(|a| a.name),
        None => None,
    };
    let index = app.sites().await?;
    Ok(actor.or_else(|| index.hubs.iter().find(|h| h.id == e.hub_id).map(|h| h.name.clone())).unwrap_or_default())
}

/// An event as its page shows it to the caller.
pub struct EventDetails {
    pub event: Event,
    /// Its local actor's name, else its hub's.
    pub organiser: String,
    /// The caller's live enrolment in it.
    pub mine: Option<Enrolment>,
    /// The caller runs it.
    pub manage: bool,
    /// For each session, in order: the caller may keep its attendance sheet.
    pub may_mark: Vec<bool>,
}

/// One event, its organiser, and what the caller has to do with it.
pub async fn event_details(app: &App, caller: &Caller, id: i64) -> Result<EventDetails> {
    let e = event(app, id).await?;
    let organiser = organiser_name(app, &e).await?;
    let mine = match &caller.person {
        Some(p) => app
            .programme_store()
            .account_enrolments(p.account.id)
            .await?
            .into_iter()
            .find(|n| n.event_id == id && n.status != EnrolmentStatus::Cancelled),
        None => None,
    };
    let may_mark = e.sessions.iter().map(|s| may_mark(caller, &e, s.site_id)).collect();
    Ok(EventDetails { manage: may_manage(caller, &e), organiser, mine, may_mark, event: e })
}

// ---- publishing --------------------------------------------------------------------

/// A new course or event as its publisher sends it.
#[derive(Debug, Clone, Default)]
pub struct Publish {
    /// The hub that runs it.
    pub hub_id: i64,
    /// The member who organises it (default: the caller).
    pub organiser_account_id: Option<i64>,
    /// The local actor that organises it.
    pub organiser_actor_id: Option<i64>,
    pub event: EventInput,
    /// What the adapter could not read (an instant that is not one): refused
    /// once the caller is allowed, before the rules are applied.
    pub unreadable: FieldErrors,
}

/// Checks, validates and writes a new event (managers of its hub): each
/// session within its site's opening hours, at a site of the hub, its
/// place booked.
pub async fn create_event(app: &App, caller: &Caller, p: Publish) -> Result<Event> {
    let person = caller.require(Action::ManageProgramme { hub: p.hub_id })?;
    if !p.unreadable.is_empty() {
        return Err(p.unreadable.into());
    }
    let tz = portineria_domain::rome();
    let draft = validate_event(&p.event, caller.now_s(), &tz)?;
    // Every session within its site's opening hours, as stored now.
    let mut sites: HashMap<i64, Site> = HashMap::new();
    for s in &draft.sessions {
        if let Slot::Vacant(slot) = sites.entry(s.site_id) {
            slot.insert(app.network_store().site(s.site_id).await?.ok_or(Error::Conflict("unknown-site"))?);
        }
        let site = sites.get(&s.site_id).ok_or(Error::Conflict("unknown-site"))?;
        if site.hub_id != p.hub_id {
            return Err(Error::Conflict("session-site-hub"));
        }
        if !within_hours(&site.schedule, &tz, Interval { start: s.start, end: s.end }) {
            return Err(Error::Conflict("session-outside-hours"));
        }
    }
    if let Some(actor) = p.organiser_actor_id
        && app.actors_store().actor(actor).await?.is_none()
    {
        return Err(FieldError::new("organiser_actor_id", "unknown-actor").into());
    }
    if let Some(a) = p.organiser_account_id
        && app.accounts_store().account(a).await?.is_none()
    {
        return Err(FieldError::new("organiser_account_id", "unknown-account").into());
    }
    let new = NewEvent {
        hub_id: p.hub_id,
        organiser_account_id: Some(p.organiser_account_id.unwrap_or(person.account.id)),
        organiser_actor_id: p.organiser_actor_id,
        draft,
        now: caller.now_s(),
    };
    let e = app.programme_store().create_event(&caller.who(), &new).await?;
    for s in &e.sessions {
        app.live.forget(s.site_id, s.place_id);
    }
    Ok(e)
}

/// A copy of an event whose first session starts on `date` (Europe/Rome),
/// every session moved by the same number of days at the same wall-clock
/// time, published by the caller as a new event would be.
pub async fn duplicate_event(app: &App, caller: &Caller, id: i64, date: Date) -> Result<Event> {
    let e = event(app, id).await?;
    let tz = portineria_domain::rome();
    let first = e.sessions.first().ok_or(Error::Conflict("event-no-sessions"))?;
    let day = |secs: i64| Timestamp::from_second(secs).map(|t| t.to_zoned(tz.clone()));
    let from = day(first.start).map_err(|_| Error::BadRequest("bad-date"))?.date();
    let shift = from.until(date).map_err(|_| Error::BadRequest("bad-date"))?.get_days();
    let moved = |secs: i64| -> Result<i64> {
        let z = day(secs).map_err(|_| Error::BadRequest("bad-date"))?;
        let z = z
            .date()
            .checked_add(jiff::Span::new().days(shift))
            .and_then(|d| d.to_datetime(z.time()).to_zoned(tz.clone()))
            .map_err(|_| Error::BadRequest("bad-date"))?;
        Ok(z.timestamp().as_second())
    };
    let mut sessions = Vec::new();
    for s in &e.sessions {
        sessions.push(SessionInput {
            start: moved(s.start)?,
            end: moved(s.end)?,
            site_id: s.site_id,
            place_id: s.place_id,
        });
    }
    let event = EventInput {
        kind: e.kind.as_str().into(),
        title: e.title.clone(),
        description: Some(e.description.clone()),
        audience: Some(e.audience.as_str().into()),
        language: Some(e.language.clone()),
        level: Some(e.level.as_str().into()),
        topics: Some(e.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")),
        teachers: Some(e.teachers.join(",")),
        capacity: e.capacity,
        price_cents: e.price_cents,
        included_in_membership: e.included_in_membership,
        deadline_minutes: Some((e.starts_at - e.enrol_until) / 60),
        sessions,
        rrule: None,
    };
    let p = Publish {
        hub_id: e.hub_id,
        organiser_account_id: e.organiser_account_id,
        organiser_actor_id: e.organiser_actor_id,
        event,
        unreadable: FieldErrors::new(),
    };
    create_event(app, caller, p).await
}

/// An edit as sent: the fields of a new event, of which the kind, the
/// sessions and the repetition are not read (the sessions stay: duplicate
/// for other dates).
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub fields: EventInput,
    pub organiser_actor_id: Option<i64>,
}

/// Validates an edit with the rules of a new event (its sessions unchanged).
fn validate_edit(e: &Event, edit: &Edit, now: i64) -> Result<EventEdit, FieldErrors> {
    // The stored first session stands for all: only its fields are checked.
    let start = e.starts_at.max(now);
    let session = SessionInput { start, end: start + 60, site_id: 0, place_id: None };
    let input =
        EventInput { kind: e.kind.as_str().into(), sessions: vec![session], rrule: None, ..edit.fields.clone() };
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
        price_cents: d.price_cents.cents(),
        included_in_membership: d.included_in_membership,
        enrol_until: e.starts_at - edit.fields.deadline_minutes.unwrap_or(0) * 60,
        organiser_actor_id: edit.organiser_actor_id,
    })
}

/// Applies an edit (managers, the organiser): the event as it is now, and
/// those a larger capacity moved up from the waiting list (to be told).
pub async fn edit_event(app: &App, caller: &Caller, id: i64, edit: &Edit) -> Result<(Event, Vec<Enrolment>)> {
    let e = managed_event(app, caller, id).await?;
    let change = validate_edit(&e, edit, caller.now_s())?;
    Ok(app.programme_store().update_event(&caller.who(), id, &change, caller.now_s()).await?)
}

/// Cancels an event (managers, the organiser): its places are freed and
/// trainings given back. The event, and every live enrolment (to be told).
pub async fn cancel_event(app: &App, caller: &Caller, id: i64) -> Result<(Event, Vec<Enrolment>)> {
    managed_event(app, caller, id).await?;
    let (e, told) = app.programme_store().cancel_event(&caller.who(), id, caller.now_s()).await?;
    for s in &e.sessions {
        app.live.forget(s.site_id, s.place_id);
    }
    Ok((e, told))
}

/// A site of a hub and its rooms a session can take.
pub struct Venue {
    pub site: Arc<Site>,
    /// Bookable places that are not desk pools.
    pub rooms: Vec<Place>,
}

/// Where a hub's events can take place (its managers).
pub async fn venues(app: &App, caller: &Caller, hub: i64) -> Result<Vec<Venue>> {
    caller.require(Action::ManageProgramme { hub })?;
    let index = app.sites().await?;
    let mut out = Vec::new();
    for site in index.sites.iter().filter(|s| s.hub_id == hub) {
        let q = PlaceQuery { site_id: Some(site.id), ..Default::default() };
        let rooms = app.network_store().list_places(&q).await?;
        let rooms = rooms.into_iter().filter(|p| p.kind != PlaceKind::DeskPool && p.bookable).collect();
        out.push(Venue { site: site.clone(), rooms });
    }
    Ok(out)
}

/// A hub's events from now on (or the last year's, `past`), cancelled ones
/// included, 50 a page (the hub's managers).
pub async fn hub_events(app: &App, caller: &Caller, hub: i64, past: bool, cursor: Option<String>) -> Result<EventPage> {
    caller.require(Action::ManageProgramme { hub })?;
    let now = caller.now_s();
    let q = EventQuery {
        from: Some(if past { now - 366 * 86_400 } else { now }),
        to: past.then_some(now),
        include_cancelled: true,
        limit: 50,
        ..RawFilter { hub_id: Some(hub), cursor, ..Default::default() }.parse(now)?
    };
    events(app, &q).await
}

// ---- enrolment --------------------------------------------------------------------

/// A request for a place by the signed-in person: enrolled if a place is
/// free and nobody waits, else on the waiting list.
pub async fn enrol(app: &App, caller: &Caller, event_id: i64, use_training: Option<bool>) -> Result<Enrolment> {
    let person = caller.person()?;
    Ok(app.programme_store().enrol(&caller.who(), event_id, person.account.id, use_training, caller.now_s()).await?)
}

/// An enrolment and its event, for its person or who runs the event;
/// someone else's enrolment is not there, as far as they can tell.
async fn own_or_managed(app: &App, caller: &Caller, id: i64) -> Result<(Enrolment, Event)> {
    let person = caller.person()?;
    let n = app.programme_store().enrolment(id).await?.ok_or(Error::NotFound)?;
    let e = event(app, n.event_id).await?;
    if n.account_id != person.account.id && !may_manage(caller, &e) {
        return Err(Error::NotFound);
    }
    Ok((n, e))
}

/// An enrolment, for its person or who runs its event.
pub async fn enrolment(app: &App, caller: &Caller, id: i64) -> Result<Enrolment> {
    Ok(own_or_managed(app, caller, id).await?.0)
}

/// What a change to a roster did.
pub struct RosterChange {
    /// The event the enrolment was in, as read before the change.
    pub event: Event,
    pub enrolment: Enrolment,
    /// Those moved up from the event's waiting list (to be told).
    pub promoted: Vec<Enrolment>,
}

/// Cancels an enrolment (its person, or who runs the event); the freed
/// place goes to the first who waits.
pub async fn cancel_enrolment(app: &App, caller: &Caller, id: i64) -> Result<RosterChange> {
    let (_, e) = own_or_managed(app, caller, id).await?;
    let change = app.programme_store().cancel_enrolment(&caller.who(), id, caller.now_s()).await?;
    Ok(RosterChange { event: e, enrolment: change.enrolment, promoted: change.promoted })
}

/// An enrolment and its event, for the event's hub's managers.
async fn for_hub_manager(app: &App, caller: &Caller, id: i64) -> Result<(Enrolment, Event)> {
    caller.person()?;
    let n = app.programme_store().enrolment(id).await?.ok_or(Error::NotFound)?;
    let e = event(app, n.event_id).await?;
    if !caller.may(Action::ManageProgramme { hub: e.hub_id }) {
        return Err(Error::Forbidden);
    }
    Ok((n, e))
}

/// An enrolment and its event, for who runs the event (the roster's lines).
pub async fn enrolment_to_manage(app: &App, caller: &Caller, id: i64) -> Result<(Enrolment, Event)> {
    caller.person()?;
    let n = app.programme_store().enrolment(id).await?.ok_or(Error::NotFound)?;
    let e = managed_event(app, caller, n.event_id).await?;
    Ok((n, e))
}

/// Gives a waiting person a place out of turn (the hub's managers): with
/// every place taken, the event gets one more place for them.
pub async fn promote(app: &App, caller: &Caller, id: i64) -> Result<RosterChange> {
    let (_, e) = for_hub_manager(app, caller, id).await?;
    let n = app.programme_store().promote_enrolment(&caller.who(), id, caller.now_s()).await?;
    Ok(RosterChange { event: e, enrolment: n.clone(), promoted: vec![n] })
}

/// Moves a person to another event (managers of both hubs), enrolled or
/// waiting there as a new request would be; the place freed goes to who
/// waits. The enrolment returned is the one in the other event.
pub async fn move_enrolment(app: &App, caller: &Caller, id: i64, to: i64) -> Result<RosterChange> {
    let (_, e) = for_hub_manager(app, caller, id).await?;
    let target = event(app, to).await?;
    if !caller.may(Action::ManageProgramme { hub: target.hub_id }) {
        return Err(Error::Forbidden);
    }
    let change = app.programme_store().move_enrolment(&caller.who(), id, to, caller.now_s()).await?;
    Ok(RosterChange { event: e, enrolment: change.enrolment, promoted: change.promoted })
}

/// The signed-in person's enrolments, newest first, each with its event.
pub async fn my_enrolments(app: &App, caller: &Caller) -> Result<Vec<(Enrolment, Event)>> {
    let person = caller.person()?;
    let list = app.programme_store().account_enrolments(person.account.id).await?;
    let ids: Vec<i64> = list.iter().map(|n| n.event_id).collect();
    let events: HashMap<i64, Event> =
        app.programme_store().events_by_ids(&ids).await?.into_iter().map(|e| (e.id, e)).collect();
    Ok(list
        .into_iter()
        .filter_map(|n| {
            let e = events.get(&n.event_id)?.clone();
            Some((n, e))
        })
        .collect())
}

/// The sessions of an event the signed-in person was present at.
pub async fn my_attendance(app: &App, caller: &Caller, event_id: i64) -> Result<Vec<i64>> {
    let person = caller.person()?;
    Ok(app.programme_store().account_attendance(person.account.id, event_id).await?)
}

// ---- the desk -------------------------------------------------------------------

/// The roster: enrolled, then waiting in order (who runs the event).
pub async fn roster(app: &App, caller: &Caller, id: i64) -> Result<(Event, Vec<Attendee>)> {
    let e = managed_event(app, caller, id).await?;
    let roster = app.programme_store().event_roster(id).await?;
    Ok((e, roster))
}

/// Everything about one event for who runs it.
pub struct Desk {
    pub event: Event,
    pub roster: Vec<Attendee>,
    /// Who was present at each session, in the sessions' order.
    pub present: Vec<Vec<i64>>,
    /// For each session: the caller may keep its attendance sheet.
    pub may_mark: Vec<bool>,
    /// The caller manages the event's hub (moves people, gives places out of turn).
    pub hub_manager: bool,
    /// Where a person can be moved: the hub's other upcoming events (for its managers).
    pub targets: Vec<Event>,
}

/// An event's desk (who runs the event).
pub async fn desk(app: &App, caller: &Caller, id: i64) -> Result<Desk> {
    let e = managed_event(app, caller, id).await?;
    let roster = app.programme_store().event_roster(e.id).await?;
    // Who was present at each session, in the sessions' order (one read).
    let marks = app.programme_store().event_attendance(e.id).await?;
    let present =
        e.sessions.iter().map(|s| marks.iter().filter(|(sid, _)| *sid == s.id).map(|(_, a)| *a).collect()).collect();
    let may_mark = e.sessions.iter().map(|s| may_mark(caller, &e, s.site_id)).collect();
    let hub_manager = caller.may(Action::ManageProgramme { hub: e.hub_id });
    let targets = if hub_manager {
        let q = EventQuery { from: Some(caller.now_s()), hub_id: Some(e.hub_id), limit: 100, ..Default::default() };
        app.programme_store().list_events(&q).await?.into_iter().filter(|t| t.id != e.id).collect()
    } else {
        Vec::new()
    };
    Ok(Desk { event: e, roster, present, may_mark, hub_manager, targets })
}

// ---- attendance -------------------------------------------------------------------

/// The event and one of its sessions, if the caller may keep its
/// attendance sheet: who runs the event, and the hosts of the session's site.
async fn session_of(app: &App, caller: &Caller, event_id: i64, session_id: i64) -> Result<(Event, EventSession)> {
    caller.person()?;
    let e = event(app, event_id).await?;
    let s = *e.sessions.iter().find(|s| s.id == session_id).ok_or(Error::NotFound)?;
    if !may_mark(caller, &e, s.site_id) {
        return Err(Error::Forbidden);
    }
    Ok((e, s))
}

/// A session's attendance sheet.
pub struct Sheet {
    pub event: Event,
    pub session: EventSession,
    /// Its place among the event's sessions, from 1.
    pub number: usize,
    /// The people enrolled, in the roster's order.
    pub enrolled: Vec<Attendee>,
    /// The people marked present.
    pub present: Vec<i64>,
}

/// Who was at a session (who runs the event, the hosts of its site).
pub async fn sheet(app: &App, caller: &Caller, event_id: i64, session_id: i64) -> Result<Sheet> {
    let (e, session) = session_of(app, caller, event_id, session_id).await?;
    let present = app.programme_store().session_attendance(session_id).await?;
    let enrolled = app
        .programme_store()
        .event_roster(event_id)
        .await?
        .into_iter()
        .filter(|a| a.enrolment.status == EnrolmentStatus::Enrolled)
        .collect();
    let number = e.sessions.iter().position(|s| s.id == session_id).ok_or(Error::NotFound)? + 1;
    Ok(Sheet { event: e, session, number, enrolled, present })
}

/// Saves a session's sheet: of the people enrolled, exactly those ticked
/// are present (a tick for someone who has left since is dropped).
pub async fn save_sheet(app: &App, caller: &Caller, event_id: i64, session_id: i64, ticked: &[i64]) -> Result<()> {
    session_of(app, caller, event_id, session_id).await?;
    let enrolled: Vec<i64> = app
        .programme_store()
        .event_roster(event_id)
        .await?
        .iter()
        .filter(|a| a.enrolment.status == EnrolmentStatus::Enrolled)
        .map(|a| a.enrolment.account_id)
        .collect();
    let present: Vec<i64> = ticked.iter().copied().filter(|a| enrolled.contains(a)).collect();
    Ok(app.programme_store().set_session_attendance(&caller.who(), session_id, &present, caller.now_s()).await?)
}

/// Marks a person present at a session, by the host.
pub async fn mark_present(app: &App, caller: &Caller, event_id: i64, session_id: i64, account_id: i64) -> Result<()> {
    session_of(app, caller, event_id, session_id).await?;
    Ok(app.programme_store().mark_attendance(&caller.who(), session_id, account_id, "host", caller.now_s()).await?)
}

/// Takes back a presence marked by mistake.
pub async fn unmark_present(app: &App, caller: &Caller, event_id: i64, session_id: i64, account_id: i64) -> Result<()> {
    session_of(app, caller, event_id, session_id).await?;
    Ok(app.programme_store().unmark_attendance(&caller.who(), session_id, account_id).await?)
}

/// Marks presence from a personal QR code shown at the session (a field
/// error on `code` when it is forged or expired); the person's account.
pub async fn checkin(app: &App, caller: &Caller, event_id: i64, session_id: i64, code: &str) -> Result<i64> {
    session_of(app, caller, event_id, session_id).await?;
    let account = crate::passes::qr::person(app, code.trim(), caller.now_s()).await?;
    app.programme_store().mark_attendance(&caller.who(), session_id, account, "qr", caller.now_s()).await?;
    Ok(account)
}

// ---- the certificate -------------------------------------------------------------

/// What a certificate of attendance states.
pub struct Certificate {
    pub enrolment: Enrolment,
    pub event: Event,
    /// The sessions the person was present at, in order.
    pub attended: Vec<EventSession>,
    /// The person's name.
    pub person: String,
    /// Its local actor's name, else its hub's.
    pub organiser: String,
}

/// A certificate of attendance, for the person or who runs the event, once
/// they were present at least once (`Conflict("certificate-no-attendance")`).
pub async fn certificate(app: &App, caller: &Caller, enrolment_id: i64) -> Result<Certificate> {
    let (n, e) = own_or_managed(app, caller, enrolment_id).await?;
    let present = app.programme_store().account_attendance(n.account_id, e.id).await?;
    let attended: Vec<EventSession> = e.sessions.iter().filter(|s| present.contains(&s.id)).copied().collect();
    if n.status != EnrolmentStatus::Enrolled || attended.is_empty() {
        return Err(Error::Conflict("certificate-no-attendance"));
    }
    let person = app.accounts_store().account(n.account_id).await?.map(|a| a.display_name).unwrap_or_default();
    let organiser = organiser_name(app, &e).await?;
    Ok(Certificate { enrolment: n, event: e, attended, person, organiser })
}

// ---- the figures -----------------------------------------------------------------

/// The programme's figures over a period.
pub struct Figures {
    /// The first day.
    pub from: Date,
    /// The day after the last.
    pub to: Date,
    /// Each site's name and figures.
    pub sites: Vec<(String, SiteProgramme)>,
    /// Each event, day and person once, however many sites they touched.
    pub total: SiteProgramme,
}

/// The figures of the programme per site and in all, of one hub (its
/// managers) or of the whole network (`None`: administrators), from the
/// day `from` to the day before `to` (`YYYY-MM-DD`; by default this year).
pub async fn figures(
    app: &App,
    caller: &Caller,
    hub: Option<i64>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Figures> {
    caller.person()?;
    match hub {
        Some(h) if !caller.may(Action::ManageProgramme { hub: h }) => return Err(Error::Forbidden),
        None if !caller.roles().is_admin() => return Err(Error::Forbidden),
        _ => {}
    }
    let tz = portineria_domain::rome();
    let year = caller.now.to_zoned(tz.clone()).year();
    let day = |field: &str, s: Option<&str>, default: Date| -> Result<(Date, i64)> {
        let d = match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => default,
            Some(s) => s.parse().map_err(|_| FieldError::new(field, "date"))?,
        };
        let t = portineria_domain::hours::local_instant(d, 0, &tz).ok_or_else(|| FieldError::new(field, "date"))?;
        Ok((d, t.as_second()))
    };
    let (from_d, from) = day("from", from, jiff::civil::date(year, 1, 1))?;
    let (to_d, to) = day("to", to, jiff::civil::date(year.saturating_add(1), 1, 1))?;
    let (rows, all) = app.programme_store().programme_stats(hub, from, to).await?;
    let index = app.sites().await?;
    let sites =
        rows.into_iter().map(|r| (index.get(r.site_id).map(|s| s.name.clone()).unwrap_or_default(), r)).collect();
    Ok(Figures { from: from_d, to: to_d, sites, total: all })
}

/// Queues the reminders of the sessions starting within the next day, to
/// the people enrolled; each session once, whichever server gets there
/// first (the claim and the mails commit together). Returns how many mails
/// were queued; a session whose reminders cannot be claimed is logged and
/// skipped.
pub async fn remind_sessions(app: &App, now: i64) -> Result<usize> {
    let due = app.programme_store().sessions_to_remind(now, now + 86_400).await?;
    let mut queued = 0;
    for s in due {
        match app.programme_store().claim_session_reminder(s.id, now).await {
            Ok(Some(n)) => queued += usize::try_from(n).unwrap_or(0),
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, session = s.id, "could not claim a session's reminders"),
        }
    }
    Ok(app.mail_queued(queued))
}
