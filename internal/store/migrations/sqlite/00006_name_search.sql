-- +goose Up
-- The name of a standard (its number and titles) is indexed in a column of
-- its own, beside its drafting units, so that relevance can rank name
-- matches before drafting-unit matches one tier at a time
-- (internal/store/relevance.go). A match over the whole text asks both
-- columns.
ALTER TABLE standards ADD COLUMN name_text TEXT;
DROP TABLE standards_fts;
CREATE VIRTUAL TABLE standards_fts USING fts5(name, other, tokenize = "unicode61 tokenchars '.'");

-- Every row is indexed again, with its name, when the service starts.
UPDATE standards SET search_text = NULL;

-- +goose Down
DROP TABLE standards_fts;
CREATE VIRTUAL TABLE standards_fts USING fts5(tokens, tokenize = "unicode61 tokenchars '.'");
UPDATE standards SET search_text = NULL;
ALTER TABLE standards DROP COLUMN name_text;
