-- A personal calendar feed per account, at a secret URL; only its hash is kept.
CREATE TABLE calendar_feeds (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
