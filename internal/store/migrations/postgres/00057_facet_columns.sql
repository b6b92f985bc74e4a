-- +goose Up
-- Nothing on PostgreSQL: SQLite's migration 00057 gives facets an index of
-- the columns they count, found by id; PostgreSQL's search index gives the
-- rows' places in the table instead, which no index of those columns can
-- serve (internal/store/facets.go, facetTable).
SELECT 1;

-- +goose Down
SELECT 1;
