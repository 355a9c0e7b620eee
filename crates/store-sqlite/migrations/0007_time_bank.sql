-- The time bank: a mutual-credit ledger in minutes.
-- The database holds its invariants itself:
-- - an entry moves the same minutes out of one account and into another
--   (the trigger below), so all balances sum to zero;
-- - a balance stays between its account's lowest and highest balance (CHECK);
-- - entries are never changed or deleted (triggers); a correction is a
--   reversal entry, at most one per entry, that mirrors it exactly;
-- - each entry follows the head of the chain (its prev_hash is the hash of
--   the entry before it, one entry per prev_hash).

CREATE TABLE timebank_accounts (
    id INTEGER PRIMARY KEY,
    -- A person (accounts.id), a local actor, or the network's own account.
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('person', 'actor', 'network')),
    owner_id INTEGER,
    name TEXT NOT NULL,
    balance_minutes INTEGER NOT NULL DEFAULT 0,
    min_balance INTEGER NOT NULL CHECK (min_balance <= 0),
    max_balance INTEGER NOT NULL CHECK (max_balance >= 0),
    created_at INTEGER NOT NULL,
    CHECK (balance_minutes >= min_balance AND balance_minutes <= max_balance)
);
CREATE UNIQUE INDEX timebank_accounts_owner ON timebank_accounts (owner_kind, owner_id) WHERE owner_id IS NOT NULL;

-- The head of the chain: the hash of the latest entry.
CREATE TABLE timebank_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hash TEXT NOT NULL,
    entries INTEGER NOT NULL DEFAULT 0
);
INSERT INTO timebank_head (id, hash) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE timebank_entries (
    id INTEGER PRIMARY KEY,
    from_account INTEGER NOT NULL REFERENCES timebank_accounts (id),
    to_account INTEGER NOT NULL REFERENCES timebank_accounts (id),
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    description TEXT NOT NULL,
    exchange_id INTEGER,
    reverses INTEGER UNIQUE REFERENCES timebank_entries (id),
    -- Who made it (kept as a number: the ledger outlives an erased account).
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    prev_hash TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE,
    CHECK (from_account <> to_account)
);
CREATE INDEX timebank_entries_from ON timebank_entries (from_account, id);
CREATE INDEX timebank_entries_to ON timebank_entries (to_account, id);

CREATE TRIGGER timebank_entries_follow BEFORE INSERT ON timebank_entries
WHEN NEW.prev_hash IS NOT (SELECT hash FROM timebank_head WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'ledger entry does not follow the head of the chain');
END;

CREATE TRIGGER timebank_entries_mirror BEFORE INSERT ON timebank_entries
WHEN NEW.reverses IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM timebank_entries o
    WHERE o.id = NEW.reverses AND o.reverses IS NULL
      AND o.from_account = NEW.to_account AND o.to_account = NEW.from_account AND o.minutes = NEW.minutes
)
BEGIN
    SELECT RAISE(ABORT, 'a reversal must mirror an entry that is not itself a reversal');
END;

CREATE TRIGGER timebank_entries_apply AFTER INSERT ON timebank_entries
BEGIN
    UPDATE timebank_accounts SET balance_minutes = balance_minutes - NEW.minutes WHERE id = NEW.from_account;
    UPDATE timebank_accounts SET balance_minutes = balance_minutes + NEW.minutes WHERE id = NEW.to_account;
    UPDATE timebank_head SET hash = NEW.hash, entries = entries + 1 WHERE id = 1;
END;

CREATE TRIGGER timebank_entries_never_change BEFORE UPDATE ON timebank_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are never changed');
END;

CREATE TRIGGER timebank_entries_never_delete BEFORE DELETE ON timebank_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are never deleted');
END;
