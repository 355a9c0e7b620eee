-- No booking lasts longer than 14 days (the longest a place's rules allow).
-- Queries for the bookings that overlap a window rely on it: they read a
-- place's index only from 14 days before the window, not its whole past.
ALTER TABLE bookings ADD CONSTRAINT bookings_at_most_14_days CHECK (ends_at - starts_at <= 1209600);
-- Bookings by time, for the network's and a hub's list of bookings.
CREATE INDEX bookings_time ON bookings (starts_at);
-- Bookings in force at a place are read by place, status and time: with
-- the status in the index, and the end too, those reads never visit the
-- table (the place's id alone still serves the foreign key).
DROP INDEX bookings_place_time;
CREATE INDEX bookings_place_time ON bookings (place_id, status, starts_at, ends_at);
