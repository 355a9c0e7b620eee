-- A revision number for every change of a listing, in commit order, so a
-- server's in-memory matching index can read what changed since it last
-- looked. A writer holds the counter's row until it commits, so the next
-- revision is given only after the previous one is visible.

CREATE TABLE listing_rev (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    rev BIGINT NOT NULL
);
INSERT INTO listing_rev (id, rev) VALUES (1, 0);

ALTER TABLE listings ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
CREATE INDEX listings_rev ON listings (rev);

CREATE FUNCTION listing_next_rev() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE listing_rev SET rev = rev + 1 WHERE id = 1 RETURNING rev INTO NEW.rev;
    RETURN NEW;
END
$$;
CREATE TRIGGER listings_rev BEFORE INSERT OR UPDATE ON listings
    FOR EACH ROW EXECUTE FUNCTION listing_next_rev();
