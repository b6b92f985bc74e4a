-- +goose Up
-- PostgreSQL's migration 00064 keeps a finer histogram of ids; SQLite
-- keeps none (its relevance counts its index's candidates instead).
SELECT 1;

-- +goose Down
SELECT 1;
