-- +goose Up
-- PostgreSQL's migration 00066 indexes the pairs of characters across the
-- spaces of a name, for the phrase tier of a query of several words;
-- SQLite reads that tier from FTS5 as before.
SELECT 1;

-- +goose Down
SELECT 1;
