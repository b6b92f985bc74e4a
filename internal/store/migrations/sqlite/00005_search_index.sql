-- +goose Up
-- The search index (internal/search) as an FTS5 table of each standard's
-- tokens, keyed by the standards row's rowid; "." is part of a token, so
-- part numbers such as 20000.1 stay whole.
ALTER TABLE standards ADD COLUMN search_text TEXT;
CREATE VIRTUAL TABLE standards_fts USING fts5(tokens, tokenize = "unicode61 tokenchars '.'");

-- Rows not yet indexed (written before this, or loaded in bulk), found
-- without reading the table: the service indexes them when it starts.
CREATE INDEX standards_unindexed ON standards (id) WHERE search_text IS NULL;

-- +goose Down
DROP INDEX standards_unindexed;
DROP TABLE standards_fts;
ALTER TABLE standards DROP COLUMN search_text;
