-- +goose Up
-- Dates are TEXT in YYYY-MM-DD, which sorts and compares as the calendar does.
CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT     NOT NULL,
    kind        TEXT     NOT NULL,
    region      TEXT     NOT NULL DEFAULT '',
    credit_code TEXT UNIQUE,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    version     INTEGER  NOT NULL
);
CREATE INDEX organizations_name_id ON organizations (name, id);

CREATE TABLE standards (
    id                  TEXT PRIMARY KEY,
    code                TEXT,
    normalized_code     TEXT UNIQUE,
    kind                TEXT     NOT NULL,
    nature              TEXT     NOT NULL DEFAULT '',
    title_zh            TEXT     NOT NULL,
    title_en            TEXT     NOT NULL DEFAULT '',
    stage               TEXT     NOT NULL,
    ccs                 TEXT     NOT NULL DEFAULT '',
    zhejiang_role       TEXT     NOT NULL,
    organization_id     TEXT REFERENCES organizations (id) ON DELETE RESTRICT,
    technical_committee TEXT     NOT NULL DEFAULT '',
    region              TEXT     NOT NULL DEFAULT '',
    replaces            TEXT     NOT NULL DEFAULT '[]',
    adopts              TEXT     NOT NULL DEFAULT '[]',
    drafting_units      TEXT     NOT NULL DEFAULT '[]',
    approved_on         TEXT,
    published_on        TEXT,
    effective_on        TEXT,
    withdrawn_on        TEXT,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL,
    version             INTEGER  NOT NULL
);
CREATE INDEX standards_code_id ON standards (normalized_code, id);
CREATE INDEX standards_published_id ON standards (published_on, id);
CREATE INDEX standards_approved_id ON standards (approved_on, id);
CREATE INDEX standards_kind ON standards (kind, stage);
CREATE INDEX standards_stage ON standards (stage);
CREATE INDEX standards_organization ON standards (organization_id);
CREATE INDEX standards_region ON standards (region);

CREATE TABLE standard_ics (
    standard_id TEXT    NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    code        TEXT    NOT NULL,
    PRIMARY KEY (standard_id, position)
);
CREATE INDEX standard_ics_code ON standard_ics (code, standard_id);

CREATE TABLE standard_designations (
    standard_id TEXT    NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    year        INTEGER NOT NULL DEFAULT 0,
    reference   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (standard_id, position)
);
CREATE INDEX standard_designations_type ON standard_designations (type, standard_id);

-- +goose Down
DROP TABLE standard_designations;
DROP TABLE standard_ics;
DROP TABLE standards;
DROP TABLE organizations;
