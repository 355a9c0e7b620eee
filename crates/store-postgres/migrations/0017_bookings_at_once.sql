-- How many bookings one person may hold at the same time at a hub's
-- places (one by default: one seat, one room, not four at the same hour).
-- The rule is decided with the booking, in its transaction (`book_in`).
ALTER TABLE hubs ADD COLUMN bookings_at_once BIGINT NOT NULL DEFAULT 1
    CHECK (bookings_at_once BETWEEN 1 AND 20);
-- A person's bookings in force at an hour are found by bookings_account
-- (account_id, starts_at), of 0002.
