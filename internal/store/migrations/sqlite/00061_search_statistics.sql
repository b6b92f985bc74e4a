-- +goose Up
-- PostgreSQL's migration 00061 keeps more statistics of the search index;
-- SQLite keeps none of FTS5 tokens (its relevance counts them instead).
SELECT 1;

-- +goose Down
SELECT 1;
