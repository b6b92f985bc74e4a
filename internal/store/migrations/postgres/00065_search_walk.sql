-- +goose Up
-- Nothing on PostgreSQL: the index of SQLite's walk of a relevance tier
-- (see the SQLite migration); PostgreSQL's walk reads its heap in id
-- order through the primary key, and its trigram and GIN indexes answer
-- the rest.
SELECT 1;

-- +goose Down
SELECT 1;
