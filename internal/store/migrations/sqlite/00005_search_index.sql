-- +goose Up
-- The search index (internal/search) as an FTS5 table of each standard's
-- tokens; "." is part of a token, so part numbers such as 20000.1 stay
-- whole. FTS rows are keyed by an INTEGER PRIMARY KEY of their own: the
-- implicit rowid of standards (whose key is TEXT) may change on VACUUM.
ALTER TABLE standards ADD COLUMN search_text TEXT;
CREATE TABLE standards_search_keys (
    key INTEGER PRIMARY KEY,
    id  TEXT NOT NULL UNIQUE REFERENCES standards (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE standards_fts USING fts5(tokens, tokenize = "unicode61 tokenchars '.'");

-- Rows not yet indexed (written before this, or bulk-loaded by a tool other
-- than stdreg generate), found without reading the table: the service
-- indexes them when it starts.
CREATE INDEX standards_unindexed ON standards (id) WHERE search_text IS NULL;

-- +goose Down
DROP INDEX standards_unindexed;
DROP TABLE standards_fts;
DROP TABLE standards_search_keys;
ALTER TABLE standards DROP COLUMN search_text;
