-- +goose Up
-- The columns facets count, in an index of their own found by id
-- (internal/store/facets.go, facetTable): a search's matches come from the
-- FTS5 table as ids, and counting them through the primary key's index
-- read each row (about 2 KB); this index holds a hundred bytes a standard.
CREATE INDEX standards_facets ON standards (id, stage, kind, published_on, designation_list);

-- +goose Down
DROP INDEX standards_facets;
