-- The programme: courses and events, their sessions (each may book a place
-- through the booking rules), enrolments with a waiting list, attendance,
-- and memberships that include a number of trainings. The database holds:
-- - never more enrolled than places: `events.enrolled` is kept by triggers
--   and a CHECK refuses it above `capacity`;
-- - one live enrolment per person and event (a partial unique index);
-- - no enrolment into a cancelled event (trigger);
-- - a pass never below zero trainings (CHECK).

ALTER TABLE plans ADD COLUMN trainings INTEGER CHECK (trainings BETWEEN 1 AND 500);
ALTER TABLE passes ADD COLUMN trainings_left INTEGER CHECK (trainings_left >= 0);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    hub_id INTEGER NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('course', 'workshop', 'seminar', 'talk', 'kids_lab', 'concert', 'open_day', 'market')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT 'all',
    language TEXT NOT NULL DEFAULT 'it',
    level TEXT NOT NULL DEFAULT 'any',
    -- Topic codes, one per line.
    topics TEXT NOT NULL DEFAULT '',
    teachers TEXT NOT NULL DEFAULT '',
    organiser_account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    organiser_actor_id INTEGER REFERENCES actors (id) ON DELETE SET NULL,
    price_cents INTEGER NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
    included_in_membership BOOLEAN NOT NULL DEFAULT FALSE,
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    enrolled INTEGER NOT NULL DEFAULT 0 CHECK (enrolled >= 0 AND enrolled <= capacity),
    enrol_until INTEGER NOT NULL,
    rrule TEXT,
    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    cancelled_at INTEGER,
    CHECK (ends_at > starts_at),
    CHECK (enrol_until <= starts_at)
);
CREATE INDEX events_start ON events (starts_at);
CREATE INDEX events_hub ON events (hub_id, starts_at);

-- A per-course membership: a pass of this plan pays for that course.
ALTER TABLE plans ADD COLUMN course_id INTEGER REFERENCES events (id) ON DELETE SET NULL;

CREATE TABLE event_sessions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    site_id INTEGER NOT NULL REFERENCES sites (id),
    place_id INTEGER REFERENCES places (id),
    booking_id INTEGER REFERENCES bookings (id) ON DELETE SET NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    reminded_at INTEGER,
    CHECK (ends_at > starts_at),
    UNIQUE (event_id, position)
);
CREATE INDEX event_sessions_start ON event_sessions (starts_at);
CREATE INDEX event_sessions_site ON event_sessions (site_id, starts_at);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('enrolled', 'waiting', 'cancelled')),
    requested_at INTEGER NOT NULL,
    enrolled_at INTEGER,
    cancelled_at INTEGER,
    -- The pass that pays (a training of it, or a per-course membership).
    pass_id INTEGER REFERENCES passes (id) ON DELETE SET NULL,
    training_used BOOLEAN NOT NULL DEFAULT FALSE,
    -- What is left to pay at the desk, in cents.
    due_cents INTEGER NOT NULL DEFAULT 0 CHECK (due_cents >= 0),
    promoted BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX enrolments_one_live ON enrolments (event_id, account_id) WHERE status <> 'cancelled';
CREATE INDEX enrolments_queue ON enrolments (event_id, status, requested_at, id);
CREATE INDEX enrolments_account ON enrolments (account_id);

CREATE TRIGGER enrolments_open_event BEFORE INSERT ON enrolments
WHEN (SELECT status FROM events WHERE id = NEW.event_id) = 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'no enrolment into a cancelled event');
END;

CREATE TRIGGER enrolments_count_insert AFTER INSERT ON enrolments WHEN NEW.status = 'enrolled'
BEGIN
    UPDATE events SET enrolled = enrolled + 1 WHERE id = NEW.event_id;
END;

CREATE TRIGGER enrolments_count_update AFTER UPDATE OF status ON enrolments WHEN OLD.status <> NEW.status
BEGIN
    UPDATE events SET enrolled = enrolled
        + (CASE WHEN NEW.status = 'enrolled' THEN 1 ELSE 0 END)
        - (CASE WHEN OLD.status = 'enrolled' THEN 1 ELSE 0 END)
        WHERE id = NEW.event_id;
END;

CREATE TRIGGER enrolments_count_delete AFTER DELETE ON enrolments WHEN OLD.status = 'enrolled'
BEGIN
    UPDATE events SET enrolled = enrolled - 1 WHERE id = OLD.event_id;
END;

CREATE TABLE attendance (
    session_id INTEGER NOT NULL REFERENCES event_sessions (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    via TEXT NOT NULL CHECK (via IN ('host', 'qr')),
    marked_at INTEGER NOT NULL,
    marked_by INTEGER,
    PRIMARY KEY (session_id, account_id)
);
CREATE INDEX attendance_account ON attendance (account_id);
