-- Offers and demands: a two-level category taxonomy (seeded in Italian and
-- English, editable by managers) and the listings of people and actors.

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    -- NULL for a top-level category; a child's parent is top-level.
    parent_id INTEGER REFERENCES categories (id) ON DELETE RESTRICT,
    slug TEXT NOT NULL UNIQUE,
    name_it TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX categories_parent ON categories (parent_id, position);

CREATE TABLE listings (
    id INTEGER PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('offer', 'demand')),
    kind TEXT NOT NULL CHECK (kind IN ('product', 'service', 'space', 'skill')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category_id INTEGER NOT NULL REFERENCES categories (id),
    -- One tag per line, lower-cased.
    tags TEXT NOT NULL DEFAULT '',
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    actor_id INTEGER REFERENCES actors (id) ON DELETE CASCADE,
    lat REAL CHECK (lat BETWEEN -90 AND 90),
    lon REAL CHECK (lon BETWEEN -180 AND 180),
    -- Weekly windows when it is available or needed, as JSON.
    windows TEXT NOT NULL DEFAULT '[]',
    value_minutes INTEGER CHECK (value_minutes BETWEEN 1 AND 6000),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_exchange', 'closed')),
    expires_at INTEGER NOT NULL,
    reminded BOOLEAN NOT NULL DEFAULT FALSE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK ((lat IS NULL) = (lon IS NULL)),
    CHECK (expires_at > created_at)
);
CREATE INDEX listings_open ON listings (status, direction, category_id, id);
CREATE INDEX listings_account ON listings (account_id, id);
CREATE INDEX listings_actor ON listings (actor_id) WHERE actor_id IS NOT NULL;

CREATE TRIGGER categories_two_levels BEFORE INSERT ON categories
WHEN NEW.parent_id IS NOT NULL AND (SELECT parent_id FROM categories WHERE id = NEW.parent_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'categories have two levels');
END;
CREATE TRIGGER categories_two_levels_update BEFORE UPDATE OF parent_id ON categories
WHEN NEW.parent_id IS NOT NULL AND ((SELECT parent_id FROM categories WHERE id = NEW.parent_id) IS NOT NULL
    OR EXISTS (SELECT 1 FROM categories c WHERE c.parent_id = NEW.id))
BEGIN
    SELECT RAISE(ABORT, 'categories have two levels');
END;

-- The seeded categories follow from crates/store/sql/0009_categories_seed.sql.
