-- The outbox: every mail is queued in the transaction of the change it
-- tells of, and sent afterwards by a worker, so a crash between the commit
-- and the send delays the mail instead of losing it.
-- - `dedup` (kind, subject, recipient, and what tells two changes of one
--   kind apart) is unique: one change mails a person once;
-- - a worker claims due rows by setting `claimed_until` (a lease; a row
--   whose lease ran out is claimed again, so a crash resends it);
-- - `attempts` counts failed attempts, `next_attempt_at` is the backoff,
--   `failed_at` says the worker gave up, `last_error` why.
-- Erasing a person erases their pending mail; a hub's deletion keeps the
-- mail, hub-less (managers' view).

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    subject_id INTEGER NOT NULL,
    hub_id INTEGER REFERENCES hubs (id) ON DELETE SET NULL,
    -- JSON: what rendering needs that the rows will not say.
    data TEXT NOT NULL DEFAULT '{}',
    dedup TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    claimed_until INTEGER,
    sent_at INTEGER,
    failed_at INTEGER,
    last_error TEXT
);
-- The worker's query: due rows not sent and not given up, oldest first.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
-- The managers' list of mail not sent after an attempt (a mail just queued
-- is not in it, so queuing writes one index entry fewer).
CREATE INDEX outbox_unsent ON outbox (hub_id, id) WHERE sent_at IS NULL AND attempts > 0;
-- Erasing an account finds its mail.
CREATE INDEX outbox_account ON outbox (account_id);
