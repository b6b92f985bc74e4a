-- +goose Up
-- The search index (internal/search): the tokens of the number, titles and
-- drafting units — each Han character and each adjacent pair, and Latin
-- words — as a tsvector under a GIN index; and the same text folded (half
-- width, lower case), which a match must also contain literally.
ALTER TABLE standards ADD COLUMN search_tokens tsvector;
ALTER TABLE standards ADD COLUMN search_text text;
CREATE INDEX standards_search ON standards USING gin (search_tokens);

-- Rows not yet indexed (written before this, or bulk-loaded by a tool other
-- than stdreg generate), found without reading the table: the service
-- indexes them when it starts.
CREATE INDEX standards_unindexed ON standards (id) WHERE search_text IS NULL;

-- +goose Down
DROP INDEX standards_unindexed;
DROP INDEX standards_search;
ALTER TABLE standards DROP COLUMN search_text;
ALTER TABLE standards DROP COLUMN search_tokens;
