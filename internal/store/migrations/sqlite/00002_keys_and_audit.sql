-- +goose Up
CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,
    name            TEXT     NOT NULL,
    role            TEXT     NOT NULL,
    organization_id TEXT REFERENCES organizations (id) ON DELETE RESTRICT,
    prefix          TEXT     NOT NULL,
    hash            TEXT     NOT NULL UNIQUE,
    created_at      DATETIME NOT NULL,
    last_used_at    DATETIME,
    revoked_at      DATETIME
);

CREATE TABLE audit_events (
    id            TEXT PRIMARY KEY,
    occurred_at   DATETIME NOT NULL,
    key_id        TEXT,
    key_name      TEXT NOT NULL DEFAULT '',
    action        TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    before        TEXT,
    after         TEXT,
    request_id    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id, id);
CREATE INDEX audit_events_key ON audit_events (key_id, id);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at, id);

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is not allowed');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is not allowed');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE audit_events;
DROP TABLE api_keys;
