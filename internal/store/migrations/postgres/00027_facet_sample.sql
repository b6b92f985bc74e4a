-- +goose Up
-- The last byte of a standard's id (UUIDv7: random bits), indexed, so that
-- facets over a large match set count a fixed share of it (the ids whose
-- last byte is under k: k/256 of them), found by a BitmapAnd with the
-- search index, instead of reading every matching row
-- (internal/store/facets.go).
CREATE INDEX standards_sample ON standards ((get_byte(uuid_send(id), 15)));

-- +goose Down
DROP INDEX standards_sample;
