-- Full-text search with Italian stemming, the same on both engines: each
-- listing and actor keeps the Snowball stems of its text (computed by
-- `domain::text::stems`, space-separated), and a query's stems are matched
-- as word prefixes.
ALTER TABLE listings ADD COLUMN search_doc TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN search_doc TEXT NOT NULL DEFAULT '';
