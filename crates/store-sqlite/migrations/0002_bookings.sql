-- Bookings of places. A desk pool takes up to `capacity` overlapping
-- bookings, any other place one: checked inside the single writer's
-- transaction (BEGIN IMMEDIATE), which serialises every booking.

ALTER TABLE places ADD COLUMN min_minutes INTEGER NOT NULL DEFAULT 30 CHECK (min_minutes >= 5);
ALTER TABLE places ADD COLUMN max_minutes INTEGER NOT NULL DEFAULT 600 CHECK (max_minutes >= min_minutes);
ALTER TABLE places ADD COLUMN max_days_ahead INTEGER NOT NULL DEFAULT 60 CHECK (max_days_ahead >= 0);
ALTER TABLE places ADD COLUMN cancel_minutes_before INTEGER NOT NULL DEFAULT 120 CHECK (cancel_minutes_before >= 0);

CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    place_id INTEGER NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    -- Copied from the place: whether the booking takes the whole place.
    exclusive BOOLEAN NOT NULL,
    status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    created_at INTEGER NOT NULL,
    cancelled_at INTEGER,
    CHECK (ends_at > starts_at)
);
CREATE INDEX bookings_place_time ON bookings (place_id, starts_at, ends_at);
CREATE INDEX bookings_account ON bookings (account_id, starts_at);
