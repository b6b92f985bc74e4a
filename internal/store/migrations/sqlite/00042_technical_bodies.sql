-- +goose Up
-- Standardization technical bodies whose secretariat is in Zhejiang: what
-- technical_bodies counts. A body's standards are those whose
-- technical_committee is its code, hence the index on standards.
CREATE TABLE technical_bodies (
    id                          TEXT PRIMARY KEY,
    code                        TEXT     NOT NULL UNIQUE,
    name                        TEXT     NOT NULL,
    level                       TEXT     NOT NULL,
    secretariat_organization_id TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    settled_on                  TEXT     NOT NULL,
    created_at                  DATETIME NOT NULL,
    updated_at                  DATETIME NOT NULL,
    version                     INTEGER  NOT NULL
);
CREATE INDEX technical_bodies_code_id ON technical_bodies (code, id);
CREATE INDEX technical_bodies_settled ON technical_bodies (settled_on);
CREATE INDEX technical_bodies_secretariat ON technical_bodies (secretariat_organization_id);
CREATE INDEX standards_technical_committee ON standards (technical_committee);

-- +goose Down
DROP INDEX standards_technical_committee;
DROP TABLE technical_bodies;
