-- Plans and passes, hour vouchers, payments, check-ins and settlement.
-- Balances and entries are guarded twice: a CHECK that no row can break,
-- and conditional updates (`… WHERE balance_minutes >= $1`) inside the
-- single writer's transaction.

-- How a hub rounds a stay, and what each site is paid per hour hosted.
ALTER TABLE hubs ADD COLUMN rounding_step INTEGER NOT NULL DEFAULT 15 CHECK (rounding_step BETWEEN 1 AND 60);
ALTER TABLE hubs ADD COLUMN rounding_mode TEXT NOT NULL DEFAULT 'up' CHECK (rounding_mode IN ('up', 'nearest', 'down'));
ALTER TABLE sites ADD COLUMN accepts_vouchers BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE sites ADD COLUMN hourly_rate_cents INTEGER NOT NULL DEFAULT 0 CHECK (hourly_rate_cents >= 0);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    -- NULL: a network-wide plan, sold by any hub.
    hub_id INTEGER REFERENCES hubs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('day', 'entries', 'monthly', 'annual', 'membership', 'premium', 'course', 'hours')),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    valid_days INTEGER NOT NULL CHECK (valid_days BETWEEN 1 AND 3660),
    entries INTEGER CHECK (entries > 0),
    minutes INTEGER CHECK (minutes > 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at INTEGER NOT NULL,
    CHECK ((kind = 'entries') = (entries IS NOT NULL)),
    CHECK ((kind = 'hours') = (minutes IS NOT NULL))
);
CREATE INDEX plans_hub ON plans (hub_id);

-- The sites a plan covers; none listed: every site of its hub (or network).
CREATE TABLE plan_sites (
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    PRIMARY KEY (plan_id, site_id)
);

-- Money received (or expected, from an online provider later).
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    hub_id INTEGER NOT NULL REFERENCES hubs (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    method TEXT NOT NULL CHECK (method IN ('cash', 'transfer', 'pos', 'online')),
    status TEXT NOT NULL DEFAULT 'paid' CHECK (status IN ('paid', 'pending', 'failed')),
    provider TEXT,
    reference TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX payments_hub ON payments (hub_id, created_at);

CREATE TABLE passes (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- The hub that sold it: it owes the sites that host its holder.
    hub_id INTEGER NOT NULL REFERENCES hubs (id),
    payment_id INTEGER REFERENCES payments (id),
    valid_from INTEGER NOT NULL,
    valid_until INTEGER NOT NULL,
    entries_left INTEGER CHECK (entries_left >= 0),
    expiry_notified BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL,
    CHECK (valid_until > valid_from)
);
CREATE INDEX passes_account ON passes (account_id, valid_until);
CREATE INDEX passes_until ON passes (valid_until);

CREATE TABLE vouchers (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    hub_id INTEGER NOT NULL REFERENCES hubs (id),
    payment_id INTEGER REFERENCES payments (id),
    minutes_total INTEGER NOT NULL CHECK (minutes_total > 0),
    balance_minutes INTEGER NOT NULL CHECK (balance_minutes >= 0 AND balance_minutes <= minutes_total),
    valid_from INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    low_notified BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL,
    CHECK (expires_at > valid_from)
);
CREATE INDEX vouchers_account ON vouchers (account_id);

-- People who may spend a voucher besides its holder (a family, a team).
CREATE TABLE voucher_members (
    voucher_id INTEGER NOT NULL REFERENCES vouchers (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (voucher_id, account_id)
);
CREATE INDEX voucher_members_account ON voucher_members (account_id);

-- Stays at a site. Kept when a person is erased (settlement needs them).
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    via TEXT NOT NULL CHECK (via IN ('pass', 'voucher')),
    pass_id INTEGER REFERENCES passes (id) ON DELETE SET NULL,
    voucher_id INTEGER REFERENCES vouchers (id) ON DELETE SET NULL,
    issuer_hub_id INTEGER NOT NULL REFERENCES hubs (id),
    checked_in_at INTEGER NOT NULL,
    checked_out_at INTEGER,
    minutes INTEGER CHECK (minutes >= 0),
    debited_minutes INTEGER CHECK (debited_minutes >= 0),
    uncovered_minutes INTEGER CHECK (uncovered_minutes >= 0),
    CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at)
);
-- One open stay per person, wherever it is.
CREATE UNIQUE INDEX checkins_one_open ON checkins (account_id) WHERE checked_out_at IS NULL;
CREATE INDEX checkins_site ON checkins (site_id, checked_out_at);
CREATE INDEX checkins_out ON checkins (checked_out_at);

-- Every debit of a voucher: the history sums to what was taken.
CREATE TABLE voucher_uses (
    id INTEGER PRIMARY KEY,
    voucher_id INTEGER NOT NULL REFERENCES vouchers (id) ON DELETE CASCADE,
    checkin_id INTEGER REFERENCES checkins (id) ON DELETE SET NULL,
    site_id INTEGER REFERENCES sites (id) ON DELETE SET NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
    at INTEGER NOT NULL
);
CREATE INDEX voucher_uses_voucher ON voucher_uses (voucher_id, id);

-- Secrets the servers share (the key that signs personal QR codes).
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
