-- +goose Up
CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    kind        text        NOT NULL,
    region      text        NOT NULL DEFAULT '',
    credit_code text UNIQUE,              -- NULL when unknown; unique when known
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL
);
CREATE INDEX organizations_name_id ON organizations (name, id);

CREATE TABLE standards (
    id                  uuid PRIMARY KEY,
    code                text,             -- display form; NULL for a draft without a number
    normalized_code     text COLLATE "C" UNIQUE, -- the one form numbers are matched on; bytewise order, as on SQLite
    kind                text        NOT NULL,
    nature              text        NOT NULL DEFAULT '',
    title_zh            text        NOT NULL,
    title_en            text        NOT NULL DEFAULT '',
    stage               text        NOT NULL,
    ccs                 text        NOT NULL DEFAULT '',
    zhejiang_role       text        NOT NULL,
    organization_id     uuid REFERENCES organizations (id) ON DELETE RESTRICT,
    technical_committee text        NOT NULL DEFAULT '',
    region              text        NOT NULL DEFAULT '',
    replaces            text        NOT NULL DEFAULT '[]', -- JSON list of codes
    adopts              text        NOT NULL DEFAULT '[]', -- JSON list of {code, degree}
    drafting_units      text        NOT NULL DEFAULT '[]', -- JSON list of names
    approved_on         date,
    published_on        date,
    effective_on        date,
    withdrawn_on        date,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint      NOT NULL
);
-- Keyset pagination orders by (column, id) with NULLs last.
CREATE INDEX standards_code_id ON standards (normalized_code NULLS LAST, id);
CREATE INDEX standards_published_id ON standards (published_on NULLS LAST, id);
CREATE INDEX standards_approved_id ON standards (approved_on NULLS LAST, id);
CREATE INDEX standards_kind ON standards (kind, stage);
CREATE INDEX standards_stage ON standards (stage);
CREATE INDEX standards_organization ON standards (organization_id);
CREATE INDEX standards_region ON standards (region);

-- ICS classes and designations are filtered on, so they are rows, not JSON.
CREATE TABLE standard_ics (
    standard_id uuid    NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    code        text    NOT NULL,
    PRIMARY KEY (standard_id, position)
);
CREATE INDEX standard_ics_code ON standard_ics (code text_pattern_ops, standard_id);

CREATE TABLE standard_designations (
    standard_id uuid    NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    type        text    NOT NULL,
    year        integer NOT NULL DEFAULT 0,
    reference   text    NOT NULL DEFAULT '',
    PRIMARY KEY (standard_id, position)
);
CREATE INDEX standard_designations_type ON standard_designations (type, standard_id);

-- +goose Down
DROP TABLE standard_designations;
DROP TABLE standard_ics;
DROP TABLE standards;
DROP TABLE organizations;
