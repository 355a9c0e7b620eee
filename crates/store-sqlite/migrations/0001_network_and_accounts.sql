-- Portineria on SQLite: the network, accounts and the audit log.
-- Instants are Unix seconds (UTC) in INTEGER columns.

CREATE TABLE network (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0
);
INSERT INTO network (id, name, revision) VALUES (1, 'Portineria', 0);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'it' CHECK (locale IN ('it', 'en')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_email ON accounts (email);

CREATE TABLE hubs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    city TEXT,
    description TEXT,
    website TEXT,
    email TEXT,
    phone TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX hubs_slug ON hubs (slug);

CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    hub_id INTEGER NOT NULL REFERENCES hubs (id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('central', 'bar', 'library', 'shop', 'market', 'school', 'other')),
    address TEXT NOT NULL,
    city TEXT NOT NULL,
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    description TEXT,
    accessibility TEXT,
    phone TEXT,
    email TEXT,
    website TEXT,
    closed_on_holidays BOOLEAN NOT NULL DEFAULT FALSE,
    hours TEXT NOT NULL DEFAULT '{"weekly":[],"exceptions":[]}',
    search TEXT NOT NULL DEFAULT '',
    place_count INTEGER NOT NULL DEFAULT 0,
    seats INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (id, hub_id)
);
CREATE UNIQUE INDEX sites_hub_slug ON sites (hub_id, slug);
CREATE INDEX sites_lat_lon ON sites (lat, lon);
CREATE INDEX sites_kind ON sites (kind);

-- Full-text index over the search document the application computes
-- (folded words of the site, its hub and its places), kept in step by triggers.
CREATE VIRTUAL TABLE site_fts USING fts5 (
    search,
    content = 'sites',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER sites_fts_insert AFTER INSERT ON sites BEGIN
    INSERT INTO site_fts (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER sites_fts_delete AFTER DELETE ON sites BEGIN
    INSERT INTO site_fts (site_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER sites_fts_update AFTER UPDATE OF search ON sites BEGIN
    INSERT INTO site_fts (site_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO site_fts (rowid, search) VALUES (new.id, new.search);
END;

CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('desk_pool', 'meeting_room', 'event_hall', 'lab', 'kids_room', 'garden', 'other')),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    equipment TEXT NOT NULL DEFAULT '[]',
    bookable BOOLEAN NOT NULL DEFAULT TRUE,
    description TEXT,
    accessibility TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX places_site ON places (site_id);

CREATE TABLE grants (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'host', 'member')),
    hub_id INTEGER REFERENCES hubs (id) ON DELETE CASCADE,
    site_id INTEGER,
    created_at INTEGER NOT NULL,
    -- A host's site must belong to the hub the grant names.
    FOREIGN KEY (site_id, hub_id) REFERENCES sites (id, hub_id) ON DELETE CASCADE,
    CHECK (
        (role = 'admin' AND hub_id IS NULL AND site_id IS NULL)
        OR (role IN ('manager', 'member') AND hub_id IS NOT NULL AND site_id IS NULL)
        OR (role = 'host' AND hub_id IS NOT NULL AND site_id IS NOT NULL)
    )
);
CREATE UNIQUE INDEX grants_unique ON grants (account_id, role, COALESCE(hub_id, 0), COALESCE(site_id, 0));
CREATE INDEX grants_hub ON grants (hub_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    hub_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_hub ON audit_log (hub_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
