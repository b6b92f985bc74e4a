-- +goose Up
-- Lists filtered by kind and ordered by number (the registry's most common
-- list: a kind's standards in number order) seek to their kind and to the
-- cursor of a deep page, instead of walking every number before them.
CREATE INDEX standards_kind_code ON standards (kind, normalized_code, id);

-- +goose Down
DROP INDEX standards_kind_code;
