-- +goose Up
-- Standardization pilots (标准化试点): what city_pilots counts.
CREATE TABLE pilots (
    id              uuid PRIMARY KEY,
    name            text        NOT NULL,
    kind            text        NOT NULL,
    level           text        NOT NULL,
    region          text        NOT NULL DEFAULT '',
    organization_id uuid REFERENCES organizations (id) ON DELETE RESTRICT,
    approved_on     date        NOT NULL,
    accepted_on     date,
    status          text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL
);
CREATE INDEX pilots_name_id ON pilots (name, id);
CREATE INDEX pilots_approved ON pilots (approved_on);
CREATE INDEX pilots_organization ON pilots (organization_id);

-- +goose Down
DROP TABLE pilots;
