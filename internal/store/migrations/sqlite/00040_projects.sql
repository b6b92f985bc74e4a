-- +goose Up
-- Science and technology programme projects (科技计划项目) and the
-- standards or drafts each produced: what tech_projects_share counts.
CREATE TABLE projects (
    id              TEXT PRIMARY KEY,
    name            TEXT     NOT NULL,
    programme       TEXT     NOT NULL,
    category        TEXT     NOT NULL,
    organization_id TEXT     NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    started_on      TEXT,
    accepted_on     TEXT,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    version         INTEGER  NOT NULL
);
CREATE INDEX projects_name_id ON projects (name, id);
CREATE INDEX projects_accepted ON projects (accepted_on);
CREATE INDEX projects_organization ON projects (organization_id);

-- A standard a project names cannot be deleted under it (RESTRICT): the
-- project's figure would change unrecorded.
CREATE TABLE project_standards (
    project_id  TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    standard_id TEXT    NOT NULL REFERENCES standards (id) ON DELETE RESTRICT,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_standards_standard ON project_standards (standard_id);

-- +goose Down
DROP TABLE project_standards;
DROP TABLE projects;
