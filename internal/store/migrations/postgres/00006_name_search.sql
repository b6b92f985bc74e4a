-- +goose Up
-- The name of a standard (its number and titles) gets a search index of its
-- own, beside the one over all its text, so that relevance ranks name
-- matches before drafting-unit matches one tier at a time, each tier read
-- in id order from an index (internal/store/relevance.go), instead of
-- ranking every match of a common word.
ALTER TABLE standards ADD COLUMN name_tokens tsvector;
ALTER TABLE standards ADD COLUMN name_text text;
CREATE INDEX standards_name_search ON standards USING gin (name_tokens);

-- Every row is indexed again, with its name, when the service starts.
UPDATE standards SET search_text = NULL;

-- +goose Down
DROP INDEX standards_name_search;
ALTER TABLE standards DROP COLUMN name_text;
ALTER TABLE standards DROP COLUMN name_tokens;
