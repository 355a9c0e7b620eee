//! The programme: courses and events, sessions, enrolments, attendance, figures.
//!
//! The capability's trait and what it takes and returns; its SQL is in
//! `crates/store/shared/programme.rs`. Instants are Unix seconds in UTC.

use crate::{Result, Who};
use async_trait::async_trait;
use serde::Serialize;

/// A course or event of the programme, with its sessions in time order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub id: i64,
    pub hub_id: i64,
    pub kind: portineria_domain::programme::EventKind,
    pub title: String,
    pub description: String,
    pub audience: portineria_domain::programme::Audience,
    pub language: String,
    pub level: portineria_domain::programme::Level,
    pub topics: Vec<portineria_domain::programme::Topic>,
    pub teachers: Vec<String>,
    pub organiser_account_id: Option<i64>,
    pub organiser_actor_id: Option<i64>,
    pub price_cents: i64,
    pub included_in_membership: bool,
    pub capacity: i64,
    pub enrolled: i64,
    pub waiting: i64,
    pub enrol_until: i64,
    pub rrule: Option<String>,
    pub status: portineria_domain::programme::EventStatus,
    pub starts_at: i64,
    pub ends_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub sessions: Vec<EventSession>,
}

impl Event {
    pub fn is_free(&self) -> bool {
        self.price_cents == 0
    }

    pub fn is_cancelled(&self) -> bool {
        self.status == portineria_domain::programme::EventStatus::Cancelled
    }

    /// The sites its sessions take place at, once each, in session order.
    pub fn site_ids(&self) -> Vec<i64> {
        let mut out: Vec<i64> = Vec::new();
        for s in &self.sessions {
            if !out.contains(&s.site_id) {
                out.push(s.site_id);
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EventSession {
    pub id: i64,
    pub event_id: i64,
    pub position: i64,
    pub site_id: i64,
    pub place_id: Option<i64>,
    /// The booking that holds its place.
    pub booking_id: Option<i64>,
    pub start: i64,
    pub end: i64,
}

/// A new event: what it is, who organises it, and its hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub hub_id: i64,
    pub organiser_account_id: Option<i64>,
    pub organiser_actor_id: Option<i64>,
    pub draft: portineria_domain::programme::EventDraft,
    pub now: i64,
}

/// What an edit may change (sessions stay: duplicate for other dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventEdit {
    pub title: String,
    pub description: String,
    pub audience: portineria_domain::programme::Audience,
    pub language: String,
    pub level: portineria_domain::programme::Level,
    pub topics: Vec<portineria_domain::programme::Topic>,
    pub teachers: Vec<String>,
    pub capacity: i64,
    pub price_cents: i64,
    pub included_in_membership: bool,
    pub enrol_until: i64,
    pub organiser_actor_id: Option<i64>,
}

/// Filters of the programme; every one given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// Events that end after this instant.
    pub from: Option<i64>,
    /// Events that start before this instant.
    pub to: Option<i64>,
    pub hub_id: Option<i64>,
    /// A session at this site.
    pub site_id: Option<i64>,
    pub audience: Option<portineria_domain::programme::Audience>,
    pub kind: Option<portineria_domain::programme::EventKind>,
    pub topic: Option<portineria_domain::programme::Topic>,
    pub free_only: bool,
    pub organiser_account_id: Option<i64>,
    pub organiser_actor_id: Option<i64>,
    pub include_cancelled: bool,
    /// Keyset: events after `(starts_at, id)`.
    pub after: Option<(i64, i64)>,
    pub limit: u32,
}

/// One request for a place, as the engine's writer receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrolRequest {
    pub event_id: i64,
    pub account_id: i64,
    pub use_training: Option<bool>,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    pub id: i64,
    pub event_id: i64,
    pub account_id: i64,
    pub status: portineria_domain::programme::EnrolmentStatus,
    pub requested_at: i64,
    pub enrolled_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub pass_id: Option<i64>,
    pub training_used: bool,
    pub due_cents: i64,
    /// Moved up from the waiting list.
    pub promoted: bool,
    /// Place in the waiting list (1 = next), while waiting.
    pub position: Option<i64>,
}

/// What an enrolment changed besides itself: those moved up from the
/// waiting list, who are to be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentChange {
    pub enrolment: Enrolment,
    pub promoted: Vec<Enrolment>,
}

/// A person on an event's roster, with what the lists and mails need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub enrolment: Enrolment,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    /// Sessions they were marked present at.
    pub attended: i64,
}

/// The programme's figures for one site over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SiteProgramme {
    pub site_id: i64,
    pub events: i64,
    pub sessions: i64,
    /// Local dates with at least one free session.
    pub free_days: i64,
    pub kids_labs: i64,
    /// Presences marked at its sessions.
    pub participants: i64,
    /// Different people enrolled in or present at its sessions.
    pub people_reached: i64,
}

/// The programme: courses and events, their sessions, enrolments with a
/// waiting list, attendance and the figures of an impact report. Every
/// refusal is `Conflict(code)`; the database refuses a roster over capacity
/// and a second live enrolment whatever the Rust says.
#[async_trait]
pub trait ProgrammeStore: Send + Sync {
    /// Writes the event and its sessions, booking each session's place
    /// through the booking rules in the same transaction: a place taken
    /// gives `Conflict("session-place-taken")`, a place of another site
    /// `Conflict("session-place-site")`, a site of another hub
    /// `Conflict("session-site-hub")`.
    async fn create_event(&self, who: &Who, e: &NewEvent) -> Result<Event>;
    /// `Conflict("capacity-below-enrolled")`; a larger capacity moves the
    /// first who wait up, returned to be told.
    async fn update_event(&self, who: &Who, id: i64, e: &EventEdit, now: i64) -> Result<(Event, Vec<Enrolment>)>;
    /// Cancels the event, frees its places, gives trainings back; returns
    /// the live enrolments (to be told). `Conflict("event-cancelled")` twice.
    async fn cancel_event(&self, who: &Who, id: i64, now: i64) -> Result<(Event, Vec<Enrolment>)>;
    async fn event(&self, id: i64) -> Result<Option<Event>>;
    async fn events_by_ids(&self, ids: &[i64]) -> Result<Vec<Event>>;
    /// By start, then id.
    async fn list_events(&self, q: &EventQuery) -> Result<Vec<Event>>;
    /// A place if one is free and nobody waits, else the waiting list, in
    /// the order requests reach the database. With an event included in
    /// memberships, a per-course membership or one training pays
    /// (`use_training`: `Some(true)` requires it, `Some(false)` declines
    /// it). Codes of `domain::programme::EnrolError`.
    async fn enrol(
        &self,
        who: &Who,
        event_id: i64,
        account_id: i64,
        use_training: Option<bool>,
        now: i64,
    ) -> Result<Enrolment>;
    /// Cancels an enrolment (`Conflict("event-started")` once it began);
    /// a freed place goes to the first who waits, in the same transaction.
    async fn cancel_enrolment(&self, who: &Who, id: i64, now: i64) -> Result<EnrolmentChange>;
    /// A manager gives a waiting person a place out of turn; with every
    /// place taken the event gets one more (`Conflict("not-waiting")`).
    async fn promote_enrolment(&self, who: &Who, id: i64, now: i64) -> Result<Enrolment>;
    /// Moves a person to another event (enrolled or waiting there as a new
    /// request would be); the place freed here goes to who waits.
    async fn move_enrolment(&self, who: &Who, id: i64, to_event: i64, now: i64) -> Result<EnrolmentChange>;
    async fn enrolment(&self, id: i64) -> Result<Option<Enrolment>>;
    /// Enrolled by enrolment time, then waiting in order (cancelled last).
    async fn event_roster(&self, event_id: i64) -> Result<Vec<Attendee>>;
    /// A person's enrolments, newest first.
    async fn account_enrolments(&self, account_id: i64) -> Result<Vec<Enrolment>>;
    /// Marks a person present at a session (`Conflict("not-enrolled")`
    /// unless enrolled); idempotent.
    async fn mark_attendance(&self, who: &Who, session_id: i64, account_id: i64, via: &str, now: i64) -> Result<()>;
    async fn unmark_attendance(&self, who: &Who, session_id: i64, account_id: i64) -> Result<()>;
    /// A session's sheet saved in one transaction: of the people enrolled,
    /// exactly `present` are marked (by the host) and the others unmarked;
    /// presences of people no longer enrolled stay. Nothing is written if
    /// one of `present` is not enrolled (`Conflict("not-enrolled")`).
    async fn set_session_attendance(&self, who: &Who, session_id: i64, present: &[i64], now: i64) -> Result<()>;
    /// Every presence marked at an event's sessions, `(session, person)`.
    async fn event_attendance(&self, event_id: i64) -> Result<Vec<(i64, i64)>>;
    /// The people marked present at a session.
    async fn session_attendance(&self, session_id: i64) -> Result<Vec<i64>>;
    /// The sessions of an event a person was present at.
    async fn account_attendance(&self, account_id: i64, event_id: i64) -> Result<Vec<i64>>;
    /// Sessions of scheduled events starting in `(from, to]` not yet reminded.
    async fn sessions_to_remind(&self, from: i64, to: i64) -> Result<Vec<EventSession>>;
    /// Takes a session's reminder and queues it, in the same transaction,
    /// to each person enrolled: `Some(how many)` only for the caller that
    /// took it, `None` for any other.
    async fn claim_session_reminder(&self, session_id: i64, now: i64) -> Result<Option<u64>>;
    /// Figures per site of sessions in `[from, to)` (`hub`: one hub's), and
    /// the total, where an event, a day or a person counts once however
    /// many sites they touched (its `site_id` is 0).
    async fn programme_stats(
        &self,
        hub: Option<i64>,
        from: i64,
        to: i64,
    ) -> Result<(Vec<SiteProgramme>, SiteProgramme)>;
}
