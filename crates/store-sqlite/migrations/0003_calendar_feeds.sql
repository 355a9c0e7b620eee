-- A personal calendar feed per account, at a secret URL; only its hash is kept.
CREATE TABLE calendar_feeds (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
