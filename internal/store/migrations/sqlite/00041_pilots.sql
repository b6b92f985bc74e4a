-- +goose Up
-- Standardization pilots (标准化试点): what city_pilots counts.
CREATE TABLE pilots (
    id              TEXT PRIMARY KEY,
    name            TEXT     NOT NULL,
    kind            TEXT     NOT NULL,
    level           TEXT     NOT NULL,
    region          TEXT     NOT NULL DEFAULT '',
    organization_id TEXT REFERENCES organizations (id) ON DELETE RESTRICT,
    approved_on     TEXT     NOT NULL,
    accepted_on     TEXT,
    status          TEXT     NOT NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    version         INTEGER  NOT NULL
);
CREATE INDEX pilots_name_id ON pilots (name, id);
CREATE INDEX pilots_approved ON pilots (approved_on);
CREATE INDEX pilots_organization ON pilots (organization_id);

-- +goose Down
DROP TABLE pilots;
