-- Who may book: a place can be kept for holders of a pass or voucher that
-- covers it, and a plan can cover some kinds of place only (desks, rooms…).

ALTER TABLE places ADD COLUMN holders_only BOOLEAN NOT NULL DEFAULT FALSE;
-- Comma-separated place kinds; empty: every kind.
ALTER TABLE plans ADD COLUMN place_kinds TEXT NOT NULL DEFAULT '';
