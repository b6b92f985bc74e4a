-- +goose Up
-- The last byte of a standard's id, as its two lower-case hex digits: the
-- same share of the standards as PostgreSQL's get_byte(uuid_send(id), 15)
-- (internal/store/facets.go).
CREATE INDEX standards_sample ON standards (substr(id, 35, 2));

-- +goose Down
DROP INDEX standards_sample;
