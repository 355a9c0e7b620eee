-- Exchanges: legs that move a listing or minutes of time credit from one
-- person to another, parties who all confirm before a deadline, reviews
-- both ways once done; and the "I would take that" marks cycles are found
-- over. The database holds the invariants itself:
-- - an exchange is accepted only once every party has confirmed and every
--   listing on its legs is taken by it (trigger);
-- - a confirmation is given once and never taken back (trigger);
-- - a listing taken by an exchange cannot be taken by another while it is
--   in that exchange, and only an open listing can be taken (triggers);
-- - a review is of a party by a party, of an exchange that is done, 1 to 5.
-- Account ids are kept as numbers: the history outlives an erased account.

CREATE TABLE exchanges (
    id INTEGER PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'accepted', 'completed', 'reviewed', 'declined', 'expired', 'cancelled')),
    proposed_by INTEGER,
    note TEXT NOT NULL DEFAULT '',
    -- The category of its first listing, for the monitoring page.
    category_id INTEGER REFERENCES categories (id),
    -- The time credit its legs move, in minutes.
    minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),
    deadline INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    accepted_at INTEGER,
    completed_at INTEGER,
    CHECK (deadline > created_at)
);
CREATE INDEX exchanges_status ON exchanges (status, deadline);

CREATE TABLE exchange_legs (
    exchange_id INTEGER NOT NULL REFERENCES exchanges (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    from_account INTEGER NOT NULL,
    to_account INTEGER NOT NULL,
    -- Kept as a number with its title: the history outlives the listing.
    listing_id INTEGER,
    title TEXT NOT NULL DEFAULT '',
    minutes INTEGER CHECK (minutes BETWEEN 1 AND 6000),
    PRIMARY KEY (exchange_id, position),
    CHECK ((listing_id IS NULL) <> (minutes IS NULL)),
    CHECK (from_account <> to_account)
);
CREATE INDEX exchange_legs_listing ON exchange_legs (listing_id) WHERE listing_id IS NOT NULL;

CREATE TABLE exchange_parties (
    exchange_id INTEGER NOT NULL REFERENCES exchanges (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL,
    confirmed_at INTEGER,
    declined_at INTEGER,
    PRIMARY KEY (exchange_id, account_id),
    CHECK (confirmed_at IS NULL OR declined_at IS NULL)
);
CREATE INDEX exchange_parties_account ON exchange_parties (account_id, exchange_id);

CREATE TABLE exchange_reviews (
    exchange_id INTEGER NOT NULL REFERENCES exchanges (id) ON DELETE CASCADE,
    author_account INTEGER NOT NULL,
    subject_account INTEGER NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (exchange_id, author_account, subject_account),
    CHECK (author_account <> subject_account)
);
CREATE INDEX exchange_reviews_subject ON exchange_reviews (subject_account);

-- "I would take that": a person marks an offer they want; each of their
-- open offers may then go to its poster in a cycle.
CREATE TABLE listing_marks (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    -- explicit, or an accepted suggestion.
    source TEXT NOT NULL DEFAULT 'explicit' CHECK (source IN ('explicit', 'suggestion')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, listing_id)
);
CREATE INDEX listing_marks_listing ON listing_marks (listing_id);

-- The accepted exchange that holds a listing.
ALTER TABLE listings ADD COLUMN exchange_id INTEGER REFERENCES exchanges (id);

CREATE TRIGGER listings_taken_once BEFORE UPDATE OF exchange_id ON listings
WHEN NEW.exchange_id IS NOT NULL AND OLD.exchange_id IS NOT NULL AND NEW.exchange_id <> OLD.exchange_id
    AND OLD.status = 'in_exchange'
BEGIN
    SELECT RAISE(ABORT, 'the listing is taken by another exchange');
END;
CREATE TRIGGER listings_taken_open BEFORE UPDATE OF exchange_id ON listings
WHEN NEW.exchange_id IS NOT NULL AND OLD.exchange_id IS NOT NEW.exchange_id AND OLD.status <> 'open'
BEGIN
    SELECT RAISE(ABORT, 'only an open listing can be taken by an exchange');
END;

CREATE TRIGGER exchanges_accepted BEFORE UPDATE OF status ON exchanges
WHEN NEW.status = 'accepted' AND (
    EXISTS (SELECT 1 FROM exchange_parties p WHERE p.exchange_id = NEW.id AND p.confirmed_at IS NULL)
    OR EXISTS (SELECT 1 FROM exchange_legs g JOIN listings l ON l.id = g.listing_id
               WHERE g.exchange_id = NEW.id AND (l.exchange_id IS NOT NEW.id OR l.status <> 'in_exchange'))
)
BEGIN
    SELECT RAISE(ABORT, 'an exchange is accepted once every party has confirmed and its listings are taken');
END;

CREATE TRIGGER exchange_parties_once BEFORE UPDATE ON exchange_parties
WHEN OLD.confirmed_at IS NOT NULL OR OLD.declined_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a party answers an exchange once');
END;

CREATE TRIGGER exchange_reviews_parties BEFORE INSERT ON exchange_reviews
WHEN NOT EXISTS (SELECT 1 FROM exchanges e WHERE e.id = NEW.exchange_id AND e.status IN ('completed', 'reviewed'))
    OR NOT EXISTS (SELECT 1 FROM exchange_parties p WHERE p.exchange_id = NEW.exchange_id AND p.account_id = NEW.author_account)
    OR NOT EXISTS (SELECT 1 FROM exchange_parties p WHERE p.exchange_id = NEW.exchange_id AND p.account_id = NEW.subject_account)
BEGIN
    SELECT RAISE(ABORT, 'a review is of a party, by a party, of an exchange that is done');
END;
