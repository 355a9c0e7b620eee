-- Local actors: associations, informal groups, companies, shops, artisans,
-- schools, public bodies, freelancers. People belong to them with a role;
-- managers verify them.

CREATE TABLE actors (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('association', 'informal_group', 'company', 'shop', 'artisan', 'school', 'public_body', 'freelancer')),
    description TEXT NOT NULL DEFAULT '',
    -- One skill per line.
    skills TEXT NOT NULL DEFAULT '',
    neighbourhood TEXT NOT NULL DEFAULT '',
    lat REAL CHECK (lat BETWEEN -90 AND 90),
    lon REAL CHECK (lon BETWEEN -180 AND 180),
    email TEXT,
    phone TEXT,
    website TEXT,
    visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'members', 'private')),
    -- The hub that follows it, if any.
    hub_id INTEGER REFERENCES hubs (id) ON DELETE SET NULL,
    verified_at INTEGER,
    verified_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((lat IS NULL) = (lon IS NULL))
);
CREATE INDEX actors_kind ON actors (kind, id);

CREATE TABLE actor_members (
    actor_id INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    PRIMARY KEY (actor_id, account_id)
);
CREATE INDEX actor_members_account ON actor_members (account_id);
