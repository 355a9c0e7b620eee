-- The weekly mail of new matches, for those who asked for it: when they
-- asked and when it last went out (a server claims a week's mail by moving
-- last_sent_at, so two servers never send it twice).

CREATE TABLE match_digests (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    since BIGINT NOT NULL,
    last_sent_at BIGINT
);
