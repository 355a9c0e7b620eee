//! The SQL of the programme. An event's sessions book their rooms with the
//! engine's `book_in`, in the event's transaction.
//!
//! Every change to a roster first locks the event's row (PostgreSQL; SQLite's
//! writer holds the database): the roster is then read, decided by
//! `domain::programme::Roster`'s rule and written, and the triggers of
//! migration 0015 keep `events.enrolled`, which a CHECK keeps within
//! `capacity`. A move between two events locks both in id order.

use super::*;

use portineria_domain::programme::{
    self as programme, Audience, EnrolError, EnrolmentStatus, EventKind, EventStatus, Level, Topic,
};
use portineria_store::{
    Attendee, Enrolment, EnrolmentChange, Event, EventEdit, EventQuery, EventSession, MailKind, NewEvent, Notice,
    SiteProgramme,
};

const EVENT_COLUMNS: &str = "e.id, e.hub_id, e.kind, e.title, e.description, e.audience, e.language, e.level, \
    e.topics, e.teachers, e.organiser_account_id, e.organiser_actor_id, e.price_cents, e.included_in_membership, \
    e.capacity, e.enrolled, e.enrol_until, e.rrule, e.status, e.starts_at, e.ends_at, e.created_at, e.updated_at, \
    (SELECT COUNT(*) FROM enrolments w WHERE w.event_id = e.id AND w.status = 'waiting') AS waiting";

const ENROLMENT_COLUMNS: &str = "n.id, n.event_id, n.account_id, n.status, n.requested_at, n.enrolled_at, \
    n.cancelled_at, n.pass_id, n.training_used, n.due_cents, n.promoted, \
    CASE WHEN n.status = 'waiting' THEN (SELECT COUNT(*) FROM enrolments q WHERE q.event_id = n.event_id \
      AND q.status = 'waiting' AND q.id <= n.id) END AS position";

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {v}"))
}

fn event_row(r: &Row) -> Result<Event> {
    let kind: String = r.try_get("kind")?;
    let audience: String = r.try_get("audience")?;
    let level: String = r.try_get("level")?;
    let status: String = r.try_get("status")?;
    let topics: String = r.try_get("topics")?;
    let teachers: String = r.try_get("teachers")?;
    Ok(Event {
        id: r.try_get("id")?,
        hub_id: r.try_get("hub_id")?,
        kind: EventKind::parse(&kind).ok_or_else(|| corrupt("event kind", &kind))?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        audience: Audience::parse(&audience).ok_or_else(|| corrupt("audience", &audience))?,
        language: r.try_get("language")?,
        level: Level::parse(&level).ok_or_else(|| corrupt("level", &level))?,
        topics: topics.lines().filter_map(Topic::parse).collect(),
        teachers: teachers.lines().filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        organiser_account_id: r.try_get("organiser_account_id")?,
        organiser_actor_id: r.try_get("organiser_actor_id")?,
        price_cents: r.try_get("price_cents")?,
        included_in_membership: r.try_get("included_in_membership")?,
        capacity: r.try_get("capacity")?,
        enrolled: r.try_get("enrolled")?,
        waiting: r.try_get("waiting")?,
        enrol_until: r.try_get("enrol_until")?,
        rrule: r.try_get("rrule")?,
        status: EventStatus::parse(&status).ok_or_else(|| corrupt("event status", &status))?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        sessions: Vec::new(),
    })
}

fn session_row(r: &Row) -> Result<EventSession> {
    Ok(EventSession {
        id: r.try_get("id")?,
        event_id: r.try_get("event_id")?,
        position: r.try_get("position")?,
        site_id: r.try_get("site_id")?,
        place_id: r.try_get("place_id")?,
        booking_id: r.try_get("booking_id")?,
        start: r.try_get("starts_at")?,
        end: r.try_get("ends_at")?,
    })
}

fn enrolment_row(r: &Row) -> Result<Enrolment> {
    let status: String = r.try_get("status")?;
    Ok(Enrolment {
        id: r.try_get("id")?,
        event_id: r.try_get("event_id")?,
        account_id: r.try_get("account_id")?,
        status: EnrolmentStatus::parse(&status).ok_or_else(|| corrupt("enrolment status", &status))?,
        requested_at: r.try_get("requested_at")?,
        enrolled_at: r.try_get("enrolled_at")?,
        cancelled_at: r.try_get("cancelled_at")?,
        pass_id: r.try_get("pass_id")?,
        training_used: r.try_get("training_used")?,
        due_cents: r.try_get("due_cents")?,
        promoted: r.try_get("promoted")?,
        position: r.try_get("position")?,
    })
}

const SESSION_COLUMNS: &str = "id, event_id, position, site_id, place_id, booking_id, starts_at, ends_at";

/// Events with their sessions, read on `conn`, in the order of `rows`.
async fn with_sessions(conn: &mut Conn, rows: Vec<Row>) -> Result<Vec<Event>> {
    let mut events = rows.iter().map(event_row).collect::<Result<Vec<_>>>()?;
    if events.is_empty() {
        return Ok(events);
    }
    let mut qb =
        sqlx::QueryBuilder::<Db>::new(format!("SELECT {SESSION_COLUMNS} FROM event_sessions WHERE event_id IN ("));
    let mut sep = qb.separated(", ");
    for e in &events {
        sep.push_bind(e.id);
    }
    qb.push(") ORDER BY event_id, position");
    let mut by_event: std::collections::HashMap<i64, Vec<EventSession>> = std::collections::HashMap::new();
    for r in qb.build().fetch_all(&mut *conn).await? {
        let s = session_row(&r)?;
        by_event.entry(s.event_id).or_default().push(s);
    }
    for e in &mut events {
        e.sessions = by_event.remove(&e.id).unwrap_or_default();
    }
    Ok(events)
}

async fn event_in(conn: &mut Conn, id: i64) -> Result<Event> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    with_sessions(conn, vec![row]).await?.pop().ok_or(StoreError::NotFound)
}

/// Locks the event's row (on PostgreSQL; SQLite's writer holds it all).
async fn lock_event(tx: &mut Tx, id: i64) -> Result<()> {
    let sql = format!("SELECT id FROM events WHERE id = $1{}", E::ROW_LOCK);
    sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?.ok_or(StoreError::NotFound)?;
    Ok(())
}

/// Locks the event of an enrolment; returns the event's id.
async fn lock_enrolment_event(tx: &mut Tx, id: i64) -> Result<i64> {
    let event_id: i64 = sqlx::query_scalar("SELECT event_id FROM enrolments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    lock_event(tx, event_id).await?;
    Ok(event_id)
}

async fn enrolment_in(conn: &mut Conn, id: i64) -> Result<Enrolment> {
    let sql = format!("SELECT {ENROLMENT_COLUMNS} FROM enrolments n WHERE n.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    enrolment_row(&row)
}

/// The event's roster: enrolled and waiting ids, in order.
async fn roster_in(tx: &mut Tx, event: &Event) -> Result<programme::Roster> {
    let rows =
        sqlx::query("SELECT id, status FROM enrolments WHERE event_id = $1 AND status <> 'cancelled' ORDER BY id")
            .bind(event.id)
            .fetch_all(&mut **tx)
            .await?;
    let mut r = programme::Roster { capacity: usize::try_from(event.capacity).unwrap_or(0), ..Default::default() };
    for row in rows {
        let id: i64 = row.try_get("id")?;
        if row.try_get::<String, _>("status")? == "enrolled" {
            r.enrolled.push(id);
        } else {
            r.waiting.push(id);
        }
    }
    Ok(r)
}

/// Gives the freed places to the first who wait, as the roster's rule says.
async fn promote_in(
    tx: &mut Tx,
    who: &Who,
    event: &Event,
    mut roster: programme::Roster,
    now: i64,
) -> Result<Vec<Enrolment>> {
    let ids = roster.fill();
    let mut out = Vec::new();
    for id in ids {
        sqlx::query(
            "UPDATE enrolments SET status = 'enrolled', enrolled_at = $2, promoted = TRUE WHERE id = $1 AND status = 'waiting'",
        )
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(over_capacity)?;
        audit(
            tx,
            who,
            "enrolment.promote",
            "enrolment",
            Some(id),
            Some(event.hub_id),
            serde_json::json!({"event_id": event.id}),
        )
        .await?;
        let n = enrolment_in(tx, id).await?;
        // "A place freed up: you are in."
        super::outbox::enqueue(tx, &promoted_notice(event.hub_id, &n)).await?;
        out.push(n);
    }
    Ok(out)
}

fn promoted_notice(hub_id: i64, n: &Enrolment) -> Notice {
    Notice::new(MailKind::Promoted, n.account_id, n.id).hub(Some(hub_id))
}

/// The database's CHECK on `events.enrolled` fired.
fn over_capacity(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.kind() == sqlx::error::ErrorKind::CheckViolation => {
            StoreError::Conflict("event-full")
        }
        _ => e.into(),
    }
}

/// Gives back the training an enrolment used.
async fn give_back_training(tx: &mut Tx, n: &Enrolment) -> Result<()> {
    if let (true, Some(pass)) = (n.training_used, n.pass_id) {
        sqlx::query(
            "UPDATE passes SET trainings_left = trainings_left + 1 WHERE id = $1 AND trainings_left IS NOT NULL",
        )
        .bind(pass)
        .execute(&mut **tx)
        .await?;
        sqlx::query("UPDATE enrolments SET training_used = FALSE WHERE id = $1").bind(n.id).execute(&mut **tx).await?;
    }
    Ok(())
}

/// A request for a place, decided under the event's lock.
async fn enrol_in(
    tx: &mut Tx,
    who: &Who,
    event_id: i64,
    account_id: i64,
    use_training: Option<bool>,
    now: i64,
) -> Result<Enrolment> {
    let event = event_in(tx, event_id).await?;
    let already: bool = sqlx::query_scalar(
        "SELECT COUNT(*) > 0 FROM enrolments WHERE event_id = $1 AND account_id = $2 AND status <> 'cancelled'",
    )
    .bind(event_id)
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?;
    programme::may_enrol(event.status, event.enrol_until, already, now).map_err(|e| StoreError::Conflict(e.code()))?;
    // Who pays: a per-course membership, one training, or the desk.
    let mut pass_id = None;
    let mut training_used = false;
    if event.included_in_membership && use_training != Some(false) {
        let rows = sqlx::query(
            "SELECT p.id, p.trainings_left, pl.course_id FROM passes p JOIN plans pl ON pl.id = p.plan_id \
             WHERE p.account_id = $1 AND p.valid_from <= $2 AND p.valid_until > $2 \
             AND (pl.course_id = $3 OR (pl.course_id IS NULL AND p.trainings_left IS NOT NULL))",
        )
        .bind(account_id)
        .bind(event.starts_at)
        .bind(event.id)
        .fetch_all(&mut **tx)
        .await?;
        let held = rows
            .iter()
            .map(|r| {
                let course: Option<i64> = r.try_get("course_id")?;
                Ok(programme::Coverage {
                    pass_id: r.try_get("id")?,
                    trainings_left: if course.is_some() { None } else { r.try_get("trainings_left")? },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if let Some(c) =
            programme::choose_coverage(&held, use_training == Some(true)).map_err(|e| StoreError::Conflict(e.code()))?
        {
            pass_id = Some(c.pass_id);
            if c.trainings_left.is_some() {
                let done = sqlx::query(
                    "UPDATE passes SET trainings_left = trainings_left - 1 WHERE id = $1 AND trainings_left > 0",
                )
                .bind(c.pass_id)
                .execute(&mut **tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict(EnrolError::NoTrainingsLeft.code()));
                }
                training_used = true;
            }
        }
    } else if use_training == Some(true) {
        return Err(StoreError::Conflict(EnrolError::NoTrainingsLeft.code()));
    }
    let due = if pass_id.is_some() { 0 } else { event.price_cents };
    // The rule decides the seat from the counts read under the lock;
    // the id, given under the lock, decides the order.
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    let status = match programme::seat(count(event.capacity), count(event.enrolled), count(event.waiting)) {
        programme::Seat::Enrolled => "enrolled",
        programme::Seat::Waiting(_) => "waiting",
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO enrolments (event_id, account_id, status, requested_at, enrolled_at, pass_id, training_used, due_cents) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(event_id)
    .bind(account_id)
    .bind(status)
    .bind(now)
    .bind(if status == "enrolled" { Some(now) } else { None })
    .bind(pass_id)
    .bind(training_used)
    .bind(due)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| {
        if StoreError::is_unique_violation(&e) {
            StoreError::Conflict(EnrolError::Twice.code())
        } else if StoreError::is_foreign_key_violation(&e) {
            StoreError::NotFound
        } else {
            over_capacity(e)
        }
    })?;
    audit(
        tx,
        who,
        "enrolment.create",
        "enrolment",
        Some(id),
        Some(event.hub_id),
        serde_json::json!({"event_id": event_id, "account_id": account_id, "status": status}),
    )
    .await?;
    let n = enrolment_in(tx, id).await?;
    // "You are enrolled", or "you are on the waiting list" with the place
    // in it as it is now.
    let kind = if n.status == EnrolmentStatus::Enrolled { MailKind::Enrolled } else { MailKind::Waitlisted };
    let notice =
        Notice::new(kind, account_id, id).hub(Some(event.hub_id)).data(serde_json::json!({"position": n.position}));
    super::outbox::enqueue(tx, &notice).await?;
    Ok(n)
}

/// Cancels an enrolment under its event's lock and fills the place.
/// Marks a person present inside the caller's write transaction; only
/// someone enrolled (`Conflict("not-enrolled")`); idempotent.
async fn mark_in(tx: &mut Tx, who: &Who, session_id: i64, account_id: i64, via: &str, now: i64) -> Result<()> {
    let event_id: i64 = sqlx::query_scalar("SELECT event_id FROM event_sessions WHERE id = $1")
        .bind(session_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
    let enrolled: bool = sqlx::query_scalar(
        "SELECT COUNT(*) > 0 FROM enrolments WHERE event_id = $1 AND account_id = $2 AND status = 'enrolled'",
    )
    .bind(event_id)
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?;
    if !enrolled {
        return Err(StoreError::Conflict("not-enrolled"));
    }
    let done = sqlx::query(
        "INSERT INTO attendance (session_id, account_id, via, marked_at, marked_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (session_id, account_id) DO NOTHING",
    )
    .bind(session_id)
    .bind(account_id)
    .bind(via)
    .bind(now)
    .bind(who.account_id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() > 0 {
        audit(
            tx,
            who,
            "attendance.mark",
            "session",
            Some(session_id),
            None,
            serde_json::json!({"account_id": account_id, "via": via}),
        )
        .await?;
    }
    Ok(())
}

async fn unmark_in(tx: &mut Tx, who: &Who, session_id: i64, account_id: i64) -> Result<()> {
    let done = sqlx::query("DELETE FROM attendance WHERE session_id = $1 AND account_id = $2")
        .bind(session_id)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() > 0 {
        audit(
            tx,
            who,
            "attendance.unmark",
            "session",
            Some(session_id),
            None,
            serde_json::json!({"account_id": account_id}),
        )
        .await?;
    }
    Ok(())
}

/// One request for a place inside the caller's write transaction,
/// the event's row locked first (the engine's `commit_enrolment`
/// commits it, alone or with others).
pub(crate) async fn enrol_locked_in(
    tx: &mut Tx,
    who: &Who,
    event_id: i64,
    account_id: i64,
    use_training: Option<bool>,
    now: i64,
) -> Result<Enrolment> {
    lock_event(tx, event_id).await?;
    enrol_in(tx, who, event_id, account_id, use_training, now).await
}

async fn cancel_in(tx: &mut Tx, who: &Who, n: &Enrolment, now: i64) -> Result<EnrolmentChange> {
    let event = event_in(tx, n.event_id).await?;
    if n.status == EnrolmentStatus::Cancelled {
        return Ok(EnrolmentChange { enrolment: n.clone(), promoted: Vec::new() });
    }
    if now >= event.starts_at {
        return Err(StoreError::Conflict("event-started"));
    }
    sqlx::query("UPDATE enrolments SET status = 'cancelled', cancelled_at = $2 WHERE id = $1")
        .bind(n.id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    // Waiting, or enrolled and leaving in time: the training comes back.
    if n.status == EnrolmentStatus::Waiting || programme::refunds_training(event.enrol_until, now) {
        give_back_training(tx, n).await?;
    }
    audit(
        tx,
        who,
        "enrolment.cancel",
        "enrolment",
        Some(n.id),
        Some(event.hub_id),
        serde_json::json!({"event_id": event.id}),
    )
    .await?;
    let roster = roster_in(tx, &event).await?;
    let promoted = if event.is_cancelled() { Vec::new() } else { promote_in(tx, who, &event, roster, now).await? };
    Ok(EnrolmentChange { enrolment: enrolment_in(tx, n.id).await?, promoted })
}

fn topics_text(t: &[Topic]) -> String {
    t.iter().map(|t| t.as_str()).collect::<Vec<_>>().join("\n")
}

#[portineria_store::async_trait]
impl portineria_store::ProgrammeStore for E {
    async fn create_event(&self, who: &Who, e: &NewEvent) -> Result<Event> {
        let d = &e.draft;
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO events (hub_id, kind, title, description, audience, language, level, topics, teachers, \
             organiser_account_id, organiser_actor_id, price_cents, included_in_membership, capacity, enrol_until, \
             rrule, starts_at, ends_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
        )
        .bind(e.hub_id)
        .bind(d.kind.as_str())
        .bind(&d.title)
        .bind(&d.description)
        .bind(d.audience.as_str())
        .bind(&d.language)
        .bind(d.level.as_str())
        .bind(topics_text(&d.topics))
        .bind(d.teachers.join("\n"))
        .bind(e.organiser_account_id)
        .bind(e.organiser_actor_id)
        .bind(d.price_cents.cents())
        .bind(d.included_in_membership)
        .bind(d.capacity)
        .bind(d.enrol_until)
        .bind(&d.rrule)
        .bind(d.starts_at())
        .bind(d.ends_at())
        .bind(e.now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|err| if StoreError::is_foreign_key_violation(&err) { StoreError::NotFound } else { err.into() })?;
        let booker = e.organiser_account_id.or(who.account_id);
        for (i, s) in d.sessions.iter().enumerate() {
            let hub: Option<i64> = sqlx::query_scalar("SELECT hub_id FROM sites WHERE id = $1")
                .bind(s.site_id)
                .fetch_optional(&mut *tx)
                .await?;
            match hub {
                None => return Err(StoreError::Conflict("unknown-site")),
                Some(h) if h != e.hub_id => return Err(StoreError::Conflict("session-site-hub")),
                Some(_) => {}
            }
            let mut booking_id = None;
            if let Some(place) = s.place_id {
                let row = sqlx::query("SELECT site_id, kind FROM places WHERE id = $1")
                    .bind(place)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(row) = row else { return Err(StoreError::Conflict("session-place-site")) };
                if row.try_get::<i64, _>("site_id")? != s.site_id {
                    return Err(StoreError::Conflict("session-place-site"));
                }
                // A session takes a whole room; a desk pool's seats are booked one by one.
                if row.try_get::<String, _>("kind")? == "desk_pool" {
                    return Err(StoreError::Conflict("session-place-pool"));
                }
                let Some(account_id) = booker else { return Err(StoreError::Conflict("session-no-booker")) };
                let b = portineria_store::NewBooking {
                    place_id: place,
                    account_id,
                    start: s.start,
                    end: s.end,
                    now: e.now,
                    staff: true,
                };
                let booking = E::book_in(&mut tx, who, &b).await.map_err(|err| match err {
                    StoreError::Conflict("full") => StoreError::Conflict("session-place-taken"),
                    other => other,
                })?;
                booking_id = Some(booking.id);
            }
            sqlx::query(
                "INSERT INTO event_sessions (event_id, position, site_id, place_id, booking_id, starts_at, ends_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(i64::try_from(i).unwrap_or(i64::MAX))
            .bind(s.site_id)
            .bind(s.place_id)
            .bind(booking_id)
            .bind(s.start)
            .bind(s.end)
            .execute(&mut *tx)
            .await?;
        }
        let event = event_in(&mut tx, id).await?;
        audit(
            &mut tx,
            who,
            "event.create",
            "event",
            Some(id),
            Some(e.hub_id),
            serde_json::json!({"title": d.title, "kind": d.kind.as_str(), "sessions": d.sessions.len()}),
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn update_event(&self, who: &Who, id: i64, d: &EventEdit, now: i64) -> Result<(Event, Vec<Enrolment>)> {
        let mut tx = self.begin_write().await?;
        lock_event(&mut tx, id).await?;
        let before = event_in(&mut tx, id).await?;
        if before.is_cancelled() {
            return Err(StoreError::Conflict("event-cancelled"));
        }
        if d.capacity < before.enrolled {
            return Err(StoreError::Conflict("capacity-below-enrolled"));
        }
        if d.enrol_until > before.starts_at {
            return Err(StoreError::Conflict("deadline-after-start"));
        }
        sqlx::query(
            "UPDATE events SET title = $2, description = $3, audience = $4, language = $5, level = $6, topics = $7, \
             teachers = $8, capacity = $9, price_cents = $10, included_in_membership = $11, enrol_until = $12, \
             organiser_actor_id = $13, updated_at = $14 WHERE id = $1",
        )
        .bind(id)
        .bind(&d.title)
        .bind(&d.description)
        .bind(d.audience.as_str())
        .bind(&d.language)
        .bind(d.level.as_str())
        .bind(topics_text(&d.topics))
        .bind(d.teachers.join("\n"))
        .bind(d.capacity)
        .bind(d.price_cents)
        .bind(d.included_in_membership)
        .bind(d.enrol_until)
        .bind(d.organiser_actor_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| match over_capacity(e) {
            StoreError::Conflict(_) => StoreError::Conflict("capacity-below-enrolled"),
            other => other,
        })?;
        let event = event_in(&mut tx, id).await?;
        let roster = roster_in(&mut tx, &event).await?;
        let promoted = promote_in(&mut tx, who, &event, roster, now).await?;
        audit(
            &mut tx,
            who,
            "event.update",
            "event",
            Some(id),
            Some(event.hub_id),
            serde_json::json!({"title": d.title, "capacity": d.capacity}),
        )
        .await?;
        let event = event_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok((event, promoted))
    }

    async fn cancel_event(&self, who: &Who, id: i64, now: i64) -> Result<(Event, Vec<Enrolment>)> {
        let mut tx = self.begin_write().await?;
        lock_event(&mut tx, id).await?;
        let before = event_in(&mut tx, id).await?;
        if before.is_cancelled() {
            return Err(StoreError::Conflict("event-cancelled"));
        }
        sqlx::query("UPDATE events SET status = 'cancelled', cancelled_at = $2, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE bookings SET status = 'cancelled', cancelled_at = $2 WHERE status = 'confirmed' \
             AND id IN (SELECT booking_id FROM event_sessions WHERE event_id = $1 AND booking_id IS NOT NULL)",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let sql = format!(
            "SELECT {ENROLMENT_COLUMNS} FROM enrolments n WHERE n.event_id = $1 AND n.status <> 'cancelled' ORDER BY n.id"
        );
        let live = sqlx::query(&sql)
            .bind(id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(enrolment_row)
            .collect::<Result<Vec<_>>>()?;
        for n in &live {
            give_back_training(&mut tx, n).await?;
            // "The event is cancelled", to everyone enrolled or waiting.
            let notice = Notice::new(MailKind::EventCancelled, n.account_id, id).hub(Some(before.hub_id));
            super::outbox::enqueue(&mut tx, &notice).await?;
        }
        audit(
            &mut tx,
            who,
            "event.cancel",
            "event",
            Some(id),
            Some(before.hub_id),
            serde_json::json!({"told": live.len()}),
        )
        .await?;
        let event = event_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok((event, live))
    }

    async fn event(&self, id: i64) -> Result<Option<Event>> {
        let mut c = self.reader().acquire().await?;
        match event_in(&mut c, id).await {
            Ok(e) => Ok(Some(e)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn events_by_ids(&self, ids: &[i64]) -> Result<Vec<Event>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.reader().acquire().await?;
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id IN ("));
        let mut sep = qb.separated(", ");
        for id in ids {
            sep.push_bind(*id);
        }
        qb.push(") ORDER BY e.starts_at, e.id");
        let rows = qb.build().fetch_all(&mut *c).await?;
        with_sessions(&mut c, rows).await
    }

    async fn list_events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        let mut c = self.reader().acquire().await?;
        let mut qb = sqlx::QueryBuilder::<Db>::new(format!("SELECT {EVENT_COLUMNS} FROM events e WHERE 1 = 1"));
        if let Some(from) = q.from {
            qb.push(" AND e.ends_at > ").push_bind(from);
        }
        if let Some(to) = q.to {
            qb.push(" AND e.starts_at < ").push_bind(to);
        }
        if let Some(h) = q.hub_id {
            qb.push(" AND e.hub_id = ").push_bind(h);
        }
        if let Some(s) = q.site_id {
            qb.push(" AND e.id IN (SELECT event_id FROM event_sessions WHERE site_id = ").push_bind(s).push(")");
        }
        if let Some(a) = q.audience {
            qb.push(" AND e.audience = ").push_bind(a.as_str());
        }
        if let Some(k) = q.kind {
            qb.push(" AND e.kind = ").push_bind(k.as_str());
        }
        if let Some(t) = q.topic {
            // Topics are stored one per line.
            qb.push(" AND ('\n' || e.topics || '\n') LIKE ").push_bind(format!("%\n{}\n%", t.as_str()));
        }
        if q.free_only {
            qb.push(" AND e.price_cents = 0");
        }
        if let Some(a) = q.organiser_account_id {
            qb.push(" AND e.organiser_account_id = ").push_bind(a);
        }
        if let Some(a) = q.organiser_actor_id {
            qb.push(" AND e.organiser_actor_id = ").push_bind(a);
        }
        if !q.include_cancelled {
            qb.push(" AND e.status = 'scheduled'");
        }
        if let Some((start, id)) = q.after {
            qb.push(" AND (e.starts_at > ").push_bind(start).push(" OR (e.starts_at = ").push_bind(start);
            qb.push(" AND e.id > ").push_bind(id).push("))");
        }
        qb.push(" ORDER BY e.starts_at, e.id LIMIT ").push_bind(limit_of(Some(q.limit)));
        let rows = qb.build().fetch_all(&mut *c).await?;
        with_sessions(&mut c, rows).await
    }

    async fn enrol(
        &self,
        who: &Who,
        event_id: i64,
        account_id: i64,
        use_training: Option<bool>,
        now: i64,
    ) -> Result<Enrolment> {
        // The engine runs `enrol_locked_in` in a write transaction and
        // answers once it has committed.
        self.commit_enrolment(who, portineria_store::EnrolRequest { event_id, account_id, use_training, now }).await
    }

    async fn cancel_enrolment(&self, who: &Who, id: i64, now: i64) -> Result<EnrolmentChange> {
        let mut tx = self.begin_write().await?;
        lock_enrolment_event(&mut tx, id).await?;
        let n = enrolment_in(&mut tx, id).await?;
        let change = cancel_in(&mut tx, who, &n, now).await?;
        tx.commit().await?;
        Ok(change)
    }

    async fn promote_enrolment(&self, who: &Who, id: i64, now: i64) -> Result<Enrolment> {
        let mut tx = self.begin_write().await?;
        let event_id = lock_enrolment_event(&mut tx, id).await?;
        let event = event_in(&mut tx, event_id).await?;
        let mut roster = roster_in(&mut tx, &event).await?;
        let Some(grew) = roster.promote(id) else { return Err(StoreError::Conflict("not-waiting")) };
        if grew {
            // Every place is taken: the extra chair is one more place.
            sqlx::query("UPDATE events SET capacity = capacity + 1, updated_at = $2 WHERE id = $1")
                .bind(event_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE enrolments SET status = 'enrolled', enrolled_at = $2, promoted = TRUE WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(over_capacity)?;
        audit(
            &mut tx,
            who,
            "enrolment.promote",
            "enrolment",
            Some(id),
            Some(event.hub_id),
            serde_json::json!({"event_id": event_id, "out_of_turn": true, "extra_place": grew}),
        )
        .await?;
        let n = enrolment_in(&mut tx, id).await?;
        super::outbox::enqueue(&mut tx, &promoted_notice(event.hub_id, &n)).await?;
        tx.commit().await?;
        Ok(n)
    }

    async fn move_enrolment(&self, who: &Who, id: i64, to_event: i64, now: i64) -> Result<EnrolmentChange> {
        let mut tx = self.begin_write().await?;
        let n = enrolment_in(&mut tx, id).await?;
        if n.event_id == to_event {
            return Err(StoreError::Conflict("move-same-event"));
        }
        if n.status == EnrolmentStatus::Cancelled {
            return Err(StoreError::Conflict("enrolment-cancelled"));
        }
        // Both events locked, in id order.
        let (a, b) = if n.event_id < to_event { (n.event_id, to_event) } else { (to_event, n.event_id) };
        lock_event(&mut tx, a).await?;
        lock_event(&mut tx, b).await?;
        let n = enrolment_in(&mut tx, id).await?;
        let left = cancel_in(&mut tx, who, &n, now).await?;
        let joined = enrol_in(&mut tx, who, to_event, n.account_id, None, now).await?;
        tx.commit().await?;
        Ok(EnrolmentChange { enrolment: joined, promoted: left.promoted })
    }

    async fn enrolment(&self, id: i64) -> Result<Option<Enrolment>> {
        let mut c = self.reader().acquire().await?;
        match enrolment_in(&mut c, id).await {
            Ok(n) => Ok(Some(n)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn event_roster(&self, event_id: i64) -> Result<Vec<Attendee>> {
        let sql = format!(
            "SELECT {ENROLMENT_COLUMNS}, a.email, a.display_name, a.locale, \
             (SELECT COUNT(*) FROM attendance t JOIN event_sessions s ON s.id = t.session_id \
              WHERE s.event_id = n.event_id AND t.account_id = n.account_id) AS attended \
             FROM enrolments n JOIN accounts a ON a.id = n.account_id WHERE n.event_id = $1 \
             ORDER BY CASE n.status WHEN 'enrolled' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, n.id"
        );
        let rows = sqlx::query(&sql).bind(event_id).fetch_all(self.reader()).await?;
        rows.iter()
            .map(|r| {
                Ok(Attendee {
                    enrolment: enrolment_row(r)?,
                    email: r.try_get("email")?,
                    display_name: r.try_get("display_name")?,
                    locale: r.try_get("locale")?,
                    attended: r.try_get("attended")?,
                })
            })
            .collect()
    }

    async fn account_enrolments(&self, account_id: i64) -> Result<Vec<Enrolment>> {
        let sql = format!(
            "SELECT {ENROLMENT_COLUMNS} FROM enrolments n WHERE n.account_id = $1 ORDER BY n.id DESC LIMIT 500"
        );
        let rows = sqlx::query(&sql).bind(account_id).fetch_all(self.reader()).await?;
        rows.iter().map(enrolment_row).collect()
    }

    async fn mark_attendance(&self, who: &Who, session_id: i64, account_id: i64, via: &str, now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        mark_in(&mut tx, who, session_id, account_id, via, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn unmark_attendance(&self, who: &Who, session_id: i64, account_id: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        unmark_in(&mut tx, who, session_id, account_id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_session_attendance(&self, who: &Who, session_id: i64, present: &[i64], now: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let before: Vec<i64> = sqlx::query_scalar("SELECT account_id FROM attendance WHERE session_id = $1")
            .bind(session_id)
            .fetch_all(&mut *tx)
            .await?;
        for account in present.iter().filter(|a| !before.contains(a)) {
            mark_in(&mut tx, who, session_id, *account, "host", now).await?;
        }
        let enrolled: Vec<i64> = sqlx::query_scalar(
            "SELECT n.account_id FROM enrolments n JOIN event_sessions s ON s.event_id = n.event_id \
             WHERE s.id = $1 AND n.status = 'enrolled'",
        )
        .bind(session_id)
        .fetch_all(&mut *tx)
        .await?;
        for account in before.iter().filter(|a| !present.contains(a) && enrolled.contains(a)) {
            unmark_in(&mut tx, who, session_id, *account).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn event_attendance(&self, event_id: i64) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT t.session_id, t.account_id FROM attendance t JOIN event_sessions s ON s.id = t.session_id \
             WHERE s.event_id = $1 ORDER BY s.position, t.account_id",
        )
        .bind(event_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(|r| Ok((r.try_get("session_id")?, r.try_get("account_id")?))).collect()
    }

    async fn session_attendance(&self, session_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT account_id FROM attendance WHERE session_id = $1 ORDER BY account_id")
            .bind(session_id)
            .fetch_all(self.reader())
            .await?)
    }

    async fn account_attendance(&self, account_id: i64, event_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT t.session_id FROM attendance t JOIN event_sessions s ON s.id = t.session_id \
             WHERE t.account_id = $1 AND s.event_id = $2 ORDER BY s.position",
        )
        .bind(account_id)
        .bind(event_id)
        .fetch_all(self.reader())
        .await?)
    }

    async fn sessions_to_remind(&self, from: i64, to: i64) -> Result<Vec<EventSession>> {
        let sql = "SELECT s.id, s.event_id, s.position, s.site_id, s.place_id, s.booking_id, s.starts_at, s.ends_at \
             FROM event_sessions s JOIN events e ON e.id = s.event_id \
             WHERE s.starts_at > $1 AND s.starts_at <= $2 AND s.reminded_at IS NULL AND e.status = 'scheduled' \
             ORDER BY s.starts_at";
        let rows = sqlx::query(sql).bind(from).bind(to).fetch_all(self.reader()).await?;
        rows.iter().map(session_row).collect()
    }

    async fn claim_session_reminder(&self, session_id: i64, now: i64) -> Result<Option<u64>> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE event_sessions SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL")
            .bind(session_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        // The claim and the reminders, to those enrolled (not those
        // waiting), commit together.
        let rows = sqlx::query(
            "SELECT n.account_id, e.id AS event_id, e.hub_id FROM event_sessions s \
             JOIN events e ON e.id = s.event_id JOIN enrolments n ON n.event_id = e.id \
             WHERE s.id = $1 AND n.status = 'enrolled' ORDER BY n.id",
        )
        .bind(session_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut queued = 0;
        for r in rows {
            let event_id: i64 = r.try_get("event_id")?;
            let notice = Notice::new(MailKind::SessionReminder, r.try_get("account_id")?, session_id)
                .hub(Some(r.try_get("hub_id")?))
                .data(serde_json::json!({ "event_id": event_id }));
            if super::outbox::enqueue(&mut tx, &notice).await? {
                queued += 1;
            }
        }
        tx.commit().await?;
        Ok(Some(queued))
    }

    async fn programme_stats(
        &self,
        hub: Option<i64>,
        from: i64,
        to: i64,
    ) -> Result<(Vec<SiteProgramme>, SiteProgramme)> {
        use portineria_domain::bookings::Interval;
        use std::collections::{BTreeMap, BTreeSet};
        /// What one site (or the whole) counts once each.
        #[derive(Default)]
        struct Tally {
            sessions: i64,
            participants: i64,
            events: BTreeSet<i64>,
            kids_labs: BTreeSet<i64>,
            people: BTreeSet<i64>,
            free: Vec<Interval>,
        }
        let mut c = self.reader().acquire().await?;
        let rows = sqlx::query(
            "SELECT s.site_id, s.event_id, s.starts_at, s.ends_at, e.kind, e.price_cents \
             FROM event_sessions s JOIN events e ON e.id = s.event_id \
             WHERE e.status = 'scheduled' AND s.starts_at >= $1 AND s.starts_at < $2 AND ($3 IS NULL OR e.hub_id = $3)",
        )
        .bind(from)
        .bind(to)
        .bind(hub)
        .fetch_all(&mut *c)
        .await?;
        // People enrolled in, or marked present at, each site's sessions.
        let people = sqlx::query(
            "SELECT s.site_id, n.account_id FROM enrolments n JOIN event_sessions s ON s.event_id = n.event_id \
             JOIN events e ON e.id = n.event_id \
             WHERE n.status = 'enrolled' AND e.status = 'scheduled' AND s.starts_at >= $1 AND s.starts_at < $2 \
             AND ($3 IS NULL OR e.hub_id = $3) \
             UNION SELECT s.site_id, t.account_id FROM attendance t JOIN event_sessions s ON s.id = t.session_id \
             JOIN events e ON e.id = s.event_id WHERE s.starts_at >= $1 AND s.starts_at < $2 AND ($3 IS NULL OR e.hub_id = $3)",
        )
        .bind(from)
        .bind(to)
        .bind(hub)
        .fetch_all(&mut *c)
        .await?;
        let marks = sqlx::query(
            "SELECT s.site_id, COUNT(*) AS n FROM attendance t JOIN event_sessions s ON s.id = t.session_id \
             JOIN events e ON e.id = s.event_id WHERE s.starts_at >= $1 AND s.starts_at < $2 \
             AND ($3 IS NULL OR e.hub_id = $3) GROUP BY s.site_id",
        )
        .bind(from)
        .bind(to)
        .bind(hub)
        .fetch_all(&mut *c)
        .await?;
        let mut by_site: BTreeMap<i64, Tally> = BTreeMap::new();
        let mut all = Tally::default();
        for r in &rows {
            let site: i64 = r.try_get("site_id")?;
            let event: i64 = r.try_get("event_id")?;
            let kids = r.try_get::<String, _>("kind")? == "kids_lab";
            let free = r.try_get::<i64, _>("price_cents")? == 0;
            let iv = Interval { start: r.try_get("starts_at")?, end: r.try_get("ends_at")? };
            for t in [by_site.entry(site).or_default(), &mut all] {
                t.sessions += 1;
                t.events.insert(event);
                if kids {
                    t.kids_labs.insert(event);
                }
                if free {
                    t.free.push(iv);
                }
            }
        }
        for r in &people {
            let site: i64 = r.try_get("site_id")?;
            let account: i64 = r.try_get("account_id")?;
            if let Some(t) = by_site.get_mut(&site) {
                t.people.insert(account);
                all.people.insert(account);
            }
        }
        for r in &marks {
            let site: i64 = r.try_get("site_id")?;
            let n: i64 = r.try_get("n")?;
            if let Some(t) = by_site.get_mut(&site) {
                t.participants = n;
                all.participants += n;
            }
        }
        let tz = portineria_domain::rome();
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let figures = |site_id: i64, t: &Tally| SiteProgramme {
            site_id,
            events: count(t.events.len()),
            sessions: t.sessions,
            free_days: count(programme::local_days(&t.free, &tz).len()),
            kids_labs: count(t.kids_labs.len()),
            participants: t.participants,
            people_reached: count(t.people.len()),
        };
        let sites = by_site.iter().map(|(id, t)| figures(*id, t)).collect();
        Ok((sites, figures(0, &all)))
    }
}
