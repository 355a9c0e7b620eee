-- A revision number for every change of a listing, in commit order, so a
-- server's in-memory matching index can read what changed since it last
-- looked. The single writer makes the counter's order the commit order.

CREATE TABLE listing_rev (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    rev INTEGER NOT NULL
);
INSERT INTO listing_rev (id, rev) VALUES (1, 0);

ALTER TABLE listings ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE INDEX listings_rev ON listings (rev);

CREATE TRIGGER listings_rev_insert AFTER INSERT ON listings
BEGIN
    UPDATE listing_rev SET rev = rev + 1 WHERE id = 1;
    UPDATE listings SET rev = (SELECT rev FROM listing_rev WHERE id = 1) WHERE id = NEW.id;
END;

CREATE TRIGGER listings_rev_update AFTER UPDATE OF direction, kind, title, description, category_id, tags, account_id,
    actor_id, lat, lon, windows, value_minutes, status, expires_at, search_doc, exchange_id ON listings
BEGIN
    UPDATE listing_rev SET rev = rev + 1 WHERE id = 1;
    UPDATE listings SET rev = (SELECT rev FROM listing_rev WHERE id = 1) WHERE id = NEW.id;
END;
