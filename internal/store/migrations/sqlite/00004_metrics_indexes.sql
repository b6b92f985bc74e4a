-- +goose Up
CREATE INDEX standards_kind_role_published ON standards (kind, zhejiang_role, published_on);

-- +goose Down
DROP INDEX standards_kind_role_published;
