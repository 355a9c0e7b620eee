//! The programme of the quarter: courses (a series of sessions) and events
//! (one happening, or one repeated weekly), and who takes part in them.
//!
//! What a person sent is an [`EventInput`]; [`validate_event`] turns it into
//! an [`EventDraft`] whose sessions are expanded (a weekly `RRULE` keeps its
//! wall-clock time across changes of time), or into the list of what is
//! wrong, field by field. [`Roster`] is the rule of places and the waiting
//! list: at most `capacity` enrolled, the others waiting in the order they
//! asked, and a freed place going to the first who waits. The store applies
//! the same rule under the event's lock, and the database refuses a roster
//! over capacity whatever the Rust says.

use crate::bookings::Interval;
use crate::kinds::vocabulary;
use crate::money::Cents;
use crate::validate::{self as v, FieldError, FieldErrors};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

pub const TITLE_MAX: i64 = 140;
pub const TEXT_MAX: i64 = 6000;
/// A series holds at most a year of weekly sessions.
pub const SESSIONS_MAX: usize = 60;
/// A session lasts at most a day.
pub const SESSION_MAX_MINUTES: i64 = 24 * 60;
pub const CAPACITY_MAX: i64 = 5000;
pub const PRICE_MAX_CENTS: i64 = 1_000_000;
pub const TOPICS_MAX: usize = 8;

vocabulary!(
    /// What kind of happening it is: a course is a series of lessons, the
    /// rest are events.
    EventKind {
        Course => "course",
        Workshop => "workshop",
        Seminar => "seminar",
        Talk => "talk",
        KidsLab => "kids_lab",
        Concert => "concert",
        OpenDay => "open_day",
        Market => "market",
    }
);

vocabulary!(
    /// Who it is for.
    Audience {
        All => "all",
        Adults => "adults",
        Kids => "kids",
        Families => "families",
        Seniors => "seniors",
        JobSeekers => "job_seekers",
    }
);

vocabulary!(
    /// How much one needs to know already.
    Level {
        Any => "any",
        Beginner => "beginner",
        Intermediate => "intermediate",
        Advanced => "advanced",
    }
);

vocabulary!(
    /// What it is about.
    Topic {
        DigitalLiteracy => "digital_literacy",
        Coding => "coding",
        Robotics => "robotics",
        Stem => "stem",
        Cyberbullying => "cyberbullying",
        Sustainability => "sustainability",
        Arts => "arts",
        Music => "music",
        Crafts => "crafts",
        Languages => "languages",
        Work => "work",
        Wellbeing => "wellbeing",
        Community => "community",
    }
);

vocabulary!(
    /// Where an enrolment stands.
    EnrolmentStatus {
        Enrolled => "enrolled",
        Waiting => "waiting",
        Cancelled => "cancelled",
    }
);

vocabulary!(
    /// Whether the event still takes place.
    EventStatus {
        Scheduled => "scheduled",
        Cancelled => "cancelled",
    }
);

/// A weekly repetition (the subset of RFC 5545's `RRULE` a programme
/// needs): `FREQ=WEEKLY`, optionally `INTERVAL=n` and `BYDAY=MO,WE,…`, and
/// either `COUNT=n` or `UNTIL=…`. A rule without an end is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub interval: i64,
    /// Monday = 0 … Sunday = 6; empty: the weekday of the first session.
    pub by_day: Vec<u8>,
    pub end: RecurrenceEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecurrenceEnd {
    Count(usize),
    /// The last local date a session may fall on.
    Until(Date),
}

/// Why an `RRULE` was refused; each is a Fluent message `err-<code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RruleError {
    Malformed,
    OnlyWeekly,
    NeverEnds,
    TooMany,
}

impl RruleError {
    pub fn code(&self) -> &'static str {
        match self {
            RruleError::Malformed => "rrule-malformed",
            RruleError::OnlyWeekly => "rrule-only-weekly",
            RruleError::NeverEnds => "rrule-never-ends",
            RruleError::TooMany => "rrule-too-many",
        }
    }
}

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Reads an `RRULE` value (with or without the `RRULE:` prefix).
pub fn parse_rrule(text: &str) -> Result<Recurrence, RruleError> {
    let text = text.trim();
    let text = text.strip_prefix("RRULE:").unwrap_or(text);
    let (mut freq, mut interval, mut by_day, mut count, mut until) = (None, 1, Vec::new(), None, None);
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        let (key, value) = part.split_once('=').ok_or(RruleError::Malformed)?;
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(value.trim().to_ascii_uppercase()),
            "INTERVAL" => {
                interval = value.trim().parse::<i64>().map_err(|_| RruleError::Malformed)?;
                if !(1..=4).contains(&interval) {
                    return Err(RruleError::Malformed);
                }
            }
            "BYDAY" => {
                for d in value.split(',') {
                    let d = d.trim().to_ascii_uppercase();
                    let i = DAYS.iter().position(|x| *x == d).ok_or(RruleError::Malformed)?;
                    let i = u8::try_from(i).map_err(|_| RruleError::Malformed)?;
                    if !by_day.contains(&i) {
                        by_day.push(i);
                    }
                }
                by_day.sort_unstable();
            }
            "COUNT" => {
                let n = value.trim().parse::<usize>().map_err(|_| RruleError::Malformed)?;
                if n == 0 {
                    return Err(RruleError::Malformed);
                }
                count = Some(n);
            }
            "UNTIL" => {
                let v = value.trim();
                let digits = v.get(..8).ok_or(RruleError::Malformed)?;
                let (y, m, d) = (
                    digits.get(..4).and_then(|s| s.parse::<i16>().ok()),
                    digits.get(4..6).and_then(|s| s.parse::<i8>().ok()),
                    digits.get(6..8).and_then(|s| s.parse::<i8>().ok()),
                );
                let (Some(y), Some(m), Some(d)) = (y, m, d) else { return Err(RruleError::Malformed) };
                until = Some(Date::new(y, m, d).map_err(|_| RruleError::Malformed)?);
            }
            "WKST" => {}
            _ => return Err(RruleError::Malformed),
        }
    }
    match freq.as_deref() {
        Some("WEEKLY") => {}
        Some(_) => return Err(RruleError::OnlyWeekly),
        None => return Err(RruleError::Malformed),
    }
    let end = match (count, until) {
        (Some(_), Some(_)) => return Err(RruleError::Malformed),
        (Some(n), None) => RecurrenceEnd::Count(n),
        (None, Some(d)) => RecurrenceEnd::Until(d),
        (None, None) => return Err(RruleError::NeverEnds),
    };
    Ok(Recurrence { interval, by_day, end })
}

/// The sessions of a rule: the first at `first`, the others on the rule's
/// weekdays at the same wall-clock time in `tz`, each as long as the first.
/// More than [`SESSIONS_MAX`] is refused.
pub fn expand(first: Interval, rule: &Recurrence, tz: &TimeZone) -> Result<Vec<Interval>, RruleError> {
    let start = Timestamp::from_second(first.start).map_err(|_| RruleError::Malformed)?.to_zoned(tz.clone());
    let (date, time) = (start.date(), start.time());
    let length = first.end - first.start;
    let weekday = u8::try_from(start.weekday().to_monday_zero_offset()).map_err(|_| RruleError::Malformed)?;
    let days = if rule.by_day.is_empty() { vec![weekday] } else { rule.by_day.clone() };
    let monday = date.checked_sub(i64::from(weekday).days()).map_err(|_| RruleError::Malformed)?;
    let mut out = vec![first];
    let mut week = 0i64;
    loop {
        for d in &days {
            let day = monday
                .checked_add((week * 7 * rule.interval + i64::from(*d)).days())
                .map_err(|_| RruleError::Malformed)?;
            if day <= date {
                continue;
            }
            match rule.end {
                RecurrenceEnd::Count(n) if out.len() >= n => return Ok(out),
                RecurrenceEnd::Until(last) if day > last => return Ok(out),
                _ => {}
            }
            if out.len() >= SESSIONS_MAX {
                return Err(RruleError::TooMany);
            }
            let s = day.to_datetime(time).to_zoned(tz.clone()).map_err(|_| RruleError::Malformed)?.timestamp();
            out.push(Interval { start: s.as_second(), end: s.as_second() + length });
        }
        week += 1;
        if week > 60 * 4 {
            return Err(RruleError::TooMany);
        }
    }
}

/// One session as sent: when, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInput {
    pub start: i64,
    pub end: i64,
    pub site_id: i64,
    /// The room it takes; none for a session that books no place (a
    /// satellite's counter, a garden, outdoors).
    pub place_id: Option<i64>,
}

/// An event or course as a person sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventInput {
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub audience: Option<String>,
    pub language: Option<String>,
    pub level: Option<String>,
    /// Comma-separated topic codes.
    pub topics: Option<String>,
    /// Comma-separated names.
    pub teachers: Option<String>,
    pub capacity: i64,
    pub price_cents: i64,
    /// A membership with trainings may pay for it.
    pub included_in_membership: bool,
    /// Minutes before the first session when enrolment closes (0: at the start).
    pub deadline_minutes: Option<i64>,
    pub sessions: Vec<SessionInput>,
    /// Repeats the first session weekly (courses and weekly events).
    pub rrule: Option<String>,
}

/// A session the store writes (made by [`validate_event`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionDraft {
    pub start: i64,
    pub end: i64,
    pub site_id: i64,
    pub place_id: Option<i64>,
}

/// A valid event: the store can write it as it is. Made only by
/// [`validate_event`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventDraft {
    pub kind: EventKind,
    pub title: String,
    pub description: String,
    pub audience: Audience,
    pub language: String,
    pub level: Level,
    pub topics: Vec<Topic>,
    pub teachers: Vec<String>,
    pub capacity: i64,
    pub price_cents: Cents,
    pub included_in_membership: bool,
    /// The instant enrolment closes.
    pub enrol_until: i64,
    pub rrule: Option<String>,
    /// In time order, none overlapping the next.
    pub sessions: Vec<SessionDraft>,
}

impl EventDraft {
    pub fn starts_at(&self) -> i64 {
        self.sessions.first().map(|s| s.start).unwrap_or_default()
    }

    pub fn ends_at(&self) -> i64 {
        self.sessions.iter().map(|s| s.end).max().unwrap_or_default()
    }

    pub fn is_free(&self) -> bool {
        self.price_cents.is_zero()
    }
}

/// Comma-separated topic codes, once each, at most `max`.
fn topics(field: &str, text: Option<&str>, max: usize) -> Result<Vec<Topic>, FieldError> {
    let mut out = Vec::new();
    for part in text.unwrap_or("").split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let t = Topic::parse(part).ok_or_else(|| FieldError::new(field, "unknown-topic"))?;
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.len() > max {
        return Err(FieldError::new(field, "too-many-topics").with("max", i64::try_from(max).unwrap_or(0)));
    }
    Ok(out)
}

/// Checks every field; `now` refuses sessions in the past.
pub fn validate_event(i: &EventInput, now: i64, tz: &TimeZone) -> Result<EventDraft, FieldErrors> {
    let mut errs = FieldErrors::new();
    let kind = errs.take(EventKind::parse(i.kind.trim()).ok_or_else(|| FieldError::new("kind", "event-kind")));
    let title = errs.take(v::required("title", &i.title, TITLE_MAX));
    let description = errs.take(v::optional("description", i.description.as_deref(), TEXT_MAX));
    let audience = errs.take(
        Audience::parse(i.audience.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or("all"))
            .ok_or_else(|| FieldError::new("audience", "event-audience")),
    );
    let level = errs.take(
        Level::parse(i.level.as_deref().map(str::trim).filter(|a| !a.is_empty()).unwrap_or("any"))
            .ok_or_else(|| FieldError::new("level", "event-level")),
    );
    let language = match i.language.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        None => Some("it".to_owned()),
        Some(l) if l.len() == 2 && l.chars().all(|c| c.is_ascii_lowercase()) => Some(l.to_owned()),
        Some(_) => {
            errs.push(FieldError::new("language", "event-language"));
            None
        }
    };
    let topics = errs.take(topics("topics", i.topics.as_deref(), TOPICS_MAX));
    let teachers: Vec<String> = i
        .teachers
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    if teachers.len() > 10 || teachers.iter().any(|t| t.chars().count() > 80) {
        errs.push(FieldError::new("teachers", "event-teachers"));
    }
    if !(1..=CAPACITY_MAX).contains(&i.capacity) {
        errs.push(FieldError::new("capacity", "out-of-range").with("min", 1).with("max", CAPACITY_MAX));
    }
    let price = Cents::new(i.price_cents).ok().filter(|c| c.cents() <= PRICE_MAX_CENTS);
    if price.is_none() {
        errs.push(FieldError::new("price_cents", "out-of-range").with("min", 0).with("max", PRICE_MAX_CENTS));
    }
    let deadline = i.deadline_minutes.unwrap_or(0);
    if !(0..=60 * 24 * 30).contains(&deadline) {
        errs.push(FieldError::new("deadline_minutes", "out-of-range").with("min", 0).with("max", 60 * 24 * 30));
    }
    let sessions = errs.take(sessions(i, now, tz));
    let (Some(kind), Some(title), Some(description), Some(audience), Some(level), Some(language), Some(topics)) =
        (kind, title, description, audience, level, language, topics)
    else {
        return Err(errs);
    };
    let (Some(sessions), Some(price)) = (sessions, price) else { return Err(errs) };
    let first = sessions.first().map(|s| s.start).unwrap_or_default();
    errs.into_result(EventDraft {
        kind,
        title,
        description: description.unwrap_or_default(),
        audience,
        language,
        level,
        topics,
        teachers,
        capacity: i.capacity,
        price_cents: price,
        included_in_membership: i.included_in_membership,
        enrol_until: first - deadline * 60,
        rrule: i.rrule.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned),
        sessions,
    })
}

fn sessions(i: &EventInput, now: i64, tz: &TimeZone) -> Result<Vec<SessionDraft>, FieldError> {
    let Some(first) = i.sessions.first() else { return Err(FieldError::new("sessions", "event-no-sessions")) };
    let mut out: Vec<SessionDraft> = Vec::new();
    let rule = i.rrule.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if let Some(rule) = rule {
        if i.sessions.len() != 1 {
            return Err(FieldError::new("rrule", "rrule-one-session"));
        }
        let r = parse_rrule(rule).map_err(|e| FieldError::new("rrule", e.code()))?;
        check_session(first)?;
        for iv in expand(Interval { start: first.start, end: first.end }, &r, tz)
            .map_err(|e| FieldError::new("rrule", e.code()))?
        {
            out.push(SessionDraft { start: iv.start, end: iv.end, site_id: first.site_id, place_id: first.place_id });
        }
    } else {
        if i.sessions.len() > SESSIONS_MAX {
            return Err(
                FieldError::new("sessions", "too-many-sessions").with("max", i64::try_from(SESSIONS_MAX).unwrap_or(0))
            );
        }
        for s in &i.sessions {
            check_session(s)?;
            out.push(SessionDraft { start: s.start, end: s.end, site_id: s.site_id, place_id: s.place_id });
        }
        out.sort_by_key(|s| (s.start, s.end));
    }
    if out.iter().any(|s| s.start < now) {
        return Err(FieldError::new("sessions", "session-in-the-past"));
    }
    if out.windows(2).any(|w| w[1].start < w[0].end) {
        return Err(FieldError::new("sessions", "sessions-overlap"));
    }
    Ok(out)
}

fn check_session(s: &SessionInput) -> Result<(), FieldError> {
    if s.end <= s.start {
        return Err(FieldError::new("sessions", "session-end-before-start"));
    }
    if s.end - s.start > SESSION_MAX_MINUTES * 60 {
        return Err(FieldError::new("sessions", "session-too-long"));
    }
    Ok(())
}

/// Why an enrolment is refused before any place is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolError {
    Cancelled,
    DeadlinePassed,
    Twice,
    NoTrainingsLeft,
}

impl EnrolError {
    pub const ALL: [EnrolError; 4] =
        [EnrolError::Cancelled, EnrolError::DeadlinePassed, EnrolError::Twice, EnrolError::NoTrainingsLeft];

    pub fn code(&self) -> &'static str {
        match self {
            EnrolError::Cancelled => "event-cancelled",
            EnrolError::DeadlinePassed => "enrolment-closed",
            EnrolError::Twice => "already-enrolled",
            EnrolError::NoTrainingsLeft => "no-trainings-left",
        }
    }
}

/// Whether a person may ask for a place now.
pub fn may_enrol(status: EventStatus, enrol_until: i64, already: bool, now: i64) -> Result<(), EnrolError> {
    if status == EventStatus::Cancelled {
        return Err(EnrolError::Cancelled);
    }
    if now >= enrol_until {
        return Err(EnrolError::DeadlinePassed);
    }
    if already {
        return Err(EnrolError::Twice);
    }
    Ok(())
}

/// A cancellation "in time" (before enrolment closes) gives back the
/// training it used; a later one keeps it used.
pub fn refunds_training(enrol_until: i64, now: i64) -> bool {
    now < enrol_until
}

/// The roster of one event: who holds a place, and who waits in order.
/// Ids are the enrolments'; the waiting list is in request order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub capacity: usize,
    pub enrolled: Vec<i64>,
    pub waiting: Vec<i64>,
}

/// What a request got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    Enrolled,
    /// Waiting, at this position (1 = next).
    Waiting(usize),
}

/// What a new request gets with `enrolled` and `waiting` already on the
/// roster: a place if one is free and nobody waits, else the end of the queue.
pub fn seat(capacity: usize, enrolled: usize, waiting: usize) -> Seat {
    if enrolled < capacity && waiting == 0 { Seat::Enrolled } else { Seat::Waiting(waiting + 1) }
}

impl Roster {
    /// A new request, as [`seat`] decides.
    pub fn request(&mut self, id: i64) -> Seat {
        let s = seat(self.capacity, self.enrolled.len(), self.waiting.len());
        match s {
            Seat::Enrolled => self.enrolled.push(id),
            Seat::Waiting(_) => self.waiting.push(id),
        }
        s
    }

    /// Someone leaves (enrolled or waiting); returns those promoted.
    pub fn cancel(&mut self, id: i64) -> Vec<i64> {
        self.enrolled.retain(|e| *e != id);
        self.waiting.retain(|e| *e != id);
        self.fill()
    }

    /// A new capacity; `None` if it is below the number enrolled.
    pub fn set_capacity(&mut self, capacity: usize) -> Option<Vec<i64>> {
        if capacity < self.enrolled.len() {
            return None;
        }
        self.capacity = capacity;
        Some(self.fill())
    }

    /// A manager gives someone waiting a place out of turn: with every
    /// place taken (free ones always go to the first who wait), one more
    /// place is added for them, the extra chair. `Some(true)` when the
    /// capacity grew, `None` if they are not waiting.
    pub fn promote(&mut self, id: i64) -> Option<bool> {
        if !self.waiting.contains(&id) {
            return None;
        }
        let grew = self.enrolled.len() >= self.capacity;
        if grew {
            self.capacity += 1;
        }
        self.waiting.retain(|e| *e != id);
        self.enrolled.push(id);
        Some(grew)
    }

    /// Free places go to the first who wait; returns them.
    pub fn fill(&mut self) -> Vec<i64> {
        let free = self.capacity.saturating_sub(self.enrolled.len()).min(self.waiting.len());
        let promoted: Vec<i64> = self.waiting.drain(..free).collect();
        self.enrolled.extend(&promoted);
        promoted
    }
}

/// What a person holds that may pay for an event included in memberships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub pass_id: i64,
    /// `None`: a per-course membership (no count); else trainings left.
    pub trainings_left: Option<i64>,
}

/// Which pass pays: a per-course membership first, then the trainings pass
/// with the fewest left (so the others last), `None` when nothing covers it.
/// With `require`, holding only empty trainings passes is refused.
pub fn choose_coverage(held: &[Coverage], require: bool) -> Result<Option<Coverage>, EnrolError> {
    if let Some(c) = held.iter().find(|c| c.trainings_left.is_none()) {
        return Ok(Some(*c));
    }
    let best = held.iter().filter(|c| c.trainings_left.unwrap_or(0) > 0).min_by_key(|c| (c.trainings_left, c.pass_id));
    match best {
        Some(c) => Ok(Some(*c)),
        None if require => Err(EnrolError::NoTrainingsLeft),
        None => Ok(None),
    }
}

/// The local dates (Europe/Rome) the intervals touch, once each: the free
/// programming days of an impact report.
pub fn local_days(intervals: &[Interval], tz: &TimeZone) -> Vec<Date> {
    let mut days = Vec::new();
    for iv in intervals {
        let (Ok(a), Ok(b)) = (Timestamp::from_second(iv.start), Timestamp::from_second(iv.end - 1)) else { continue };
        let (mut d, last) = (a.to_zoned(tz.clone()).date(), b.to_zoned(tz.clone()).date());
        while d <= last {
            days.push(d);
            match d.tomorrow() {
                Ok(n) => d = n,
                Err(_) => break,
            }
        }
    }
    days.sort_unstable();
    days.dedup();
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rome() -> TimeZone {
        crate::rome()
    }

    fn at(s: &str) -> i64 {
        s.parse::<jiff::Zoned>().map(|z| z.timestamp().as_second()).unwrap_or_default()
    }

    #[test]
    fn an_rrule_that_never_ends_is_refused() {
        assert_eq!(parse_rrule("FREQ=WEEKLY"), Err(RruleError::NeverEnds));
        assert_eq!(parse_rrule("RRULE:FREQ=WEEKLY;BYDAY=TU"), Err(RruleError::NeverEnds));
        assert_eq!(parse_rrule("FREQ=DAILY;COUNT=3"), Err(RruleError::OnlyWeekly));
        assert_eq!(parse_rrule("FREQ=WEEKLY;COUNT=0"), Err(RruleError::Malformed));
        assert_eq!(parse_rrule("FREQ=WEEKLY;COUNT=2;UNTIL=20270101"), Err(RruleError::Malformed));
        assert_eq!(parse_rrule("FREQ=WEEKLY;BYDAY=XX;COUNT=2"), Err(RruleError::Malformed));
        assert!(parse_rrule("FREQ=WEEKLY;COUNT=4").is_ok());
        assert!(parse_rrule("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270301T000000Z").is_ok());
    }

    #[test]
    fn weekly_sessions_keep_their_wall_clock_time_across_the_change_of_time() {
        // Tuesdays 18:00 in Rome from 17 March 2026: the clocks go forward on 29 March.
        let first = at("2026-03-17T18:00:00+01:00[Europe/Rome]");
        let r = parse_rrule("FREQ=WEEKLY;COUNT=3").unwrap_or_else(|e| panic!("{e:?}"));
        let s = expand(Interval { start: first, end: first + 5400 }, &r, &rome()).unwrap_or_default();
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].start, at("2026-03-24T18:00:00+01:00[Europe/Rome]"));
        assert_eq!(s[2].start, at("2026-03-31T18:00:00+02:00[Europe/Rome]"));
        assert_eq!(s[2].start - s[1].start, 7 * 86_400 - 3600);
        assert!(s.iter().all(|i| i.end - i.start == 5400));
    }

    #[test]
    fn by_day_and_until_pick_the_dates() {
        let first = at("2026-12-01T17:00:00+01:00[Europe/Rome]"); // a Tuesday
        let r = parse_rrule("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261210").unwrap_or_else(|e| panic!("{e:?}"));
        let s = expand(Interval { start: first, end: first + 3600 }, &r, &rome()).unwrap_or_default();
        let days: Vec<i64> = s.iter().map(|i| (i.start - first) / 86_400).collect();
        assert_eq!(days, vec![0, 2, 7, 9]);
        let r = parse_rrule("FREQ=WEEKLY;COUNT=200").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(expand(Interval { start: first, end: first + 3600 }, &r, &rome()), Err(RruleError::TooMany));
    }

    #[test]
    fn a_valid_event_and_its_errors() {
        let now = at("2026-12-01T09:00:00+01:00[Europe/Rome]");
        let start = at("2026-12-05T10:00:00+01:00[Europe/Rome]");
        let mut i = EventInput {
            kind: "kids_lab".into(),
            title: "Robotica per piccoli".into(),
            topics: Some("robotics, stem".into()),
            audience: Some("kids".into()),
            capacity: 12,
            deadline_minutes: Some(60),
            sessions: vec![SessionInput { start, end: start + 7200, site_id: 1, place_id: Some(2) }],
            ..Default::default()
        };
        let d = validate_event(&i, now, &rome()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(d.enrol_until, start - 3600);
        assert_eq!(d.topics, vec![Topic::Robotics, Topic::Stem]);
        assert!(d.is_free());
        i.rrule = Some("FREQ=WEEKLY".into());
        i.capacity = 0;
        i.topics = Some("astrology".into());
        let e = validate_event(&i, now, &rome()).err().unwrap_or_default();
        assert_eq!(e.get("rrule").map(|e| e.code), Some("rrule-never-ends"));
        assert_eq!(e.get("capacity").map(|e| e.code), Some("out-of-range"));
        assert_eq!(e.get("topics").map(|e| e.code), Some("unknown-topic"));
        i.rrule = None;
        i.capacity = 5;
        i.topics = None;
        i.sessions[0].start = now - 60;
        i.sessions[0].end = now + 3600;
        let e = validate_event(&i, now, &rome()).err().unwrap_or_default();
        assert_eq!(e.get("sessions").map(|e| e.code), Some("session-in-the-past"));
    }

    #[test]
    fn enrolment_rules() {
        assert_eq!(may_enrol(EventStatus::Cancelled, 100, false, 0), Err(EnrolError::Cancelled));
        assert_eq!(may_enrol(EventStatus::Scheduled, 100, false, 100), Err(EnrolError::DeadlinePassed));
        assert_eq!(may_enrol(EventStatus::Scheduled, 100, true, 0), Err(EnrolError::Twice));
        assert_eq!(may_enrol(EventStatus::Scheduled, 100, false, 99), Ok(()));
        let course = Coverage { pass_id: 9, trainings_left: None };
        let five = Coverage { pass_id: 1, trainings_left: Some(5) };
        let two = Coverage { pass_id: 2, trainings_left: Some(2) };
        let empty = Coverage { pass_id: 3, trainings_left: Some(0) };
        assert_eq!(choose_coverage(&[five, course], true), Ok(Some(course)));
        assert_eq!(choose_coverage(&[five, two, empty], true), Ok(Some(two)));
        assert_eq!(choose_coverage(&[empty], true), Err(EnrolError::NoTrainingsLeft));
        assert_eq!(choose_coverage(&[empty], false), Ok(None));
    }

    #[test]
    fn free_days_count_each_local_date_once() {
        let a = at("2026-10-24T23:00:00+02:00[Europe/Rome]");
        // Across midnight, and a second event the same evening.
        let d = local_days(&[Interval { start: a, end: a + 7200 }, Interval { start: a - 3600, end: a }], &rome());
        assert_eq!(d.len(), 2);
    }

    #[derive(Debug, Clone)]
    enum Op {
        Request,
        Cancel(usize),
        Capacity(usize),
        Promote(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => Just(Op::Request),
            2 => (0usize..40).prop_map(Op::Cancel),
            1 => (0usize..12).prop_map(Op::Capacity),
            1 => (0usize..40).prop_map(Op::Promote),
        ]
    }

    proptest! {
        // Whatever happens, never more enrolled than places, nobody waits
        // while a place is free (except after an out-of-turn promotion,
        // which needs a free place), nobody is twice on the roster, and the
        // waiting list keeps request order.
        #[test]
        fn the_roster_holds_its_rules(cap in 0usize..10, ops in proptest::collection::vec(op(), 0..80)) {
            let mut r = Roster { capacity: cap, ..Default::default() };
            let mut next = 0i64;
            let mut asked: Vec<i64> = Vec::new();
            for o in ops {
                let before = r.clone();
                match o {
                    Op::Request => {
                        next += 1;
                        asked.push(next);
                        let seat = r.request(next);
                        match seat {
                            Seat::Enrolled => prop_assert!(before.enrolled.len() < before.capacity && before.waiting.is_empty()),
                            Seat::Waiting(p) => prop_assert_eq!(p, r.waiting.len()),
                        }
                    }
                    Op::Cancel(i) => {
                        if let Some(id) = asked.get(i).copied() {
                            let promoted = r.cancel(id);
                            // The promoted are the first who waited, in order.
                            prop_assert_eq!(&before.waiting.iter().filter(|w| **w != id).take(promoted.len()).copied().collect::<Vec<_>>(), &promoted);
                        }
                    }
                    Op::Capacity(c) => {
                        let res = r.set_capacity(c);
                        prop_assert_eq!(res.is_none(), c < before.enrolled.len());
                        if res.is_none() { prop_assert_eq!(&r, &before); }
                    }
                    Op::Promote(i) => {
                        if let Some(id) = asked.get(i).copied() {
                            let res = r.promote(id);
                            prop_assert_eq!(res.is_some(), before.waiting.contains(&id));
                            match res {
                                None => prop_assert_eq!(&r, &before),
                                Some(grew) => {
                                    // One place more only when none was free; nobody else moves.
                                    prop_assert_eq!(grew, before.enrolled.len() >= before.capacity);
                                    prop_assert_eq!(r.capacity, before.capacity + usize::from(grew));
                                    prop_assert_eq!(r.enrolled.last(), Some(&id));
                                    prop_assert_eq!(r.enrolled.len(), before.enrolled.len() + 1);
                                }
                            }
                        }
                    }
                }
                prop_assert!(r.enrolled.len() <= r.capacity);
                let mut all: Vec<i64> = r.enrolled.iter().chain(&r.waiting).copied().collect();
                let n = all.len();
                all.sort_unstable();
                all.dedup();
                prop_assert_eq!(all.len(), n);
                prop_assert!(r.waiting.windows(2).all(|w| w[0] < w[1]));
            }
        }

        // A weekly rule gives the count asked, a week apart in wall-clock
        // time, each as long as the first.
        #[test]
        fn weekly_expansion_keeps_count_and_time(day in 0i64..365, minute in 0i64..(23 * 60), count in 1usize..40, len in 15i64..240) {
            let base = at("2026-01-05T00:00:00+01:00[Europe/Rome]") + day * 86_400 + minute * 60;
            let r = Recurrence { interval: 1, by_day: vec![], end: RecurrenceEnd::Count(count) };
            let s = expand(Interval { start: base, end: base + len * 60 }, &r, &rome()).unwrap_or_default();
            prop_assert_eq!(s.len(), count);
            let tz = rome();
            let clock = |t: i64| Timestamp::from_second(t).map(|t| t.to_zoned(tz.clone()).time()).ok();
            for w in s.windows(2) {
                let gap = w[1].start - w[0].start;
                prop_assert!((7 * 86_400 - 3600..=7 * 86_400 + 3600).contains(&gap));
            }
            // Only a time inside the spring's skipped hour (02:00–03:00, on
            // the first session's own clock: `minute` counts from a winter
            // midnight) can move; every other keeps its wall clock.
            if clock(base).is_some_and(|t| t.hour() != 2) {
                prop_assert!(s.iter().all(|i| clock(i.start) == clock(base)));
            }
            prop_assert!(s.iter().all(|i| i.end - i.start == len * 60));
        }
    }
}
