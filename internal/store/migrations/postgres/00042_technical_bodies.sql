-- +goose Up
-- Standardization technical bodies whose secretariat is in Zhejiang: what
-- technical_bodies counts. A body's standards are those whose
-- technical_committee is its code, hence the index on standards.
CREATE TABLE technical_bodies (
    id                          uuid PRIMARY KEY,
    code                        text COLLATE "C" NOT NULL UNIQUE, -- SAC/TC 22/SC 3; bytewise order, as on SQLite
    name                        text        NOT NULL,
    level                       text        NOT NULL,
    secretariat_organization_id uuid        NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    settled_on                  date        NOT NULL,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    version                     bigint      NOT NULL
);
CREATE INDEX technical_bodies_code_id ON technical_bodies (code, id);
CREATE INDEX technical_bodies_settled ON technical_bodies (settled_on);
CREATE INDEX technical_bodies_secretariat ON technical_bodies (secretariat_organization_id);
CREATE INDEX standards_technical_committee ON standards (technical_committee);

-- +goose Down
DROP INDEX standards_technical_committee;
DROP TABLE technical_bodies;
