-- +goose Up
-- Secrets every process on this database shares, made once here: see the
-- PostgreSQL migration. 256 random bits from SQLite's randomblob, as hex.
CREATE TABLE service_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO service_secrets (name, value) VALUES ('page_token', lower(hex(randomblob(32))));

-- +goose Down
DROP TABLE service_secrets;
