-- +goose Up
-- Relevance reads a tier window by window of ids when the statistics say
-- its matches are too few for a walk of the primary key and too many to
-- read all of them (relevance_estimates.go). ANALYZE lists the most common
-- tokens of a tsvector with how many rows hold them, ten times the
-- statistics target of them; at the default (100) a token it does not
-- list may still be in 0.25% of the standards (2,500 of a million),
-- at 1000 in about 0.02%, few enough to read all of them. 18 s at a
-- million standards on a loaded 2-core machine.
ALTER TABLE standards ALTER COLUMN name_tokens SET STATISTICS 1000,
                      ALTER COLUMN search_tokens SET STATISTICS 1000;
ANALYZE standards (id, name_tokens, search_tokens);

-- +goose Down
ALTER TABLE standards ALTER COLUMN name_tokens SET STATISTICS -1,
                      ALTER COLUMN search_tokens SET STATISTICS -1;
