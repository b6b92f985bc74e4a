-- +goose Up
CREATE TABLE api_keys (
    id              uuid PRIMARY KEY,
    name            text        NOT NULL,
    role            text        NOT NULL,
    organization_id uuid REFERENCES organizations (id) ON DELETE RESTRICT,
    prefix          text        NOT NULL, -- the first characters, to tell keys apart
    hash            text        NOT NULL UNIQUE, -- SHA-256 of the key; the key itself is never stored
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz,
    revoked_at      timestamptz
);

CREATE TABLE audit_events (
    id            uuid PRIMARY KEY,   -- UUIDv7: ordered by time
    occurred_at   timestamptz NOT NULL,
    key_id        uuid,
    key_name      text        NOT NULL DEFAULT '',
    action        text        NOT NULL,
    resource_type text        NOT NULL,
    resource_id   text        NOT NULL,
    before        jsonb,
    after         jsonb,
    request_id    text        NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_resource ON audit_events (resource_type, resource_id, id);
CREATE INDEX audit_events_key ON audit_events (key_id, id);
CREATE INDEX audit_events_occurred ON audit_events (occurred_at, id);

-- The audit log is append-only: nothing edits or deletes an event.
-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE api_keys;
