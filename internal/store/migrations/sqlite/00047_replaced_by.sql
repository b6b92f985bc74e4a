-- +goose Up
-- The numbers each standard replaces, as rows: see the PostgreSQL migration.
CREATE TABLE standard_replaces (
    standard_id TEXT    NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    code        TEXT    NOT NULL,
    PRIMARY KEY (standard_id, position)
);
CREATE INDEX standard_replaces_code ON standard_replaces (code, standard_id);

INSERT INTO standard_replaces (standard_id, position, code)
SELECT s.id, CAST(e.key AS INTEGER), e.value
FROM standards s, json_each(s.replaces) AS e
WHERE s.replaces <> '[]';

-- +goose StatementBegin
CREATE TRIGGER standard_replaces_insert_signal_change AFTER INSERT ON standard_replaces BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standard_replaces_update_signal_change AFTER UPDATE ON standard_replaces BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standard_replaces_delete_signal_change AFTER DELETE ON standard_replaces BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER standard_replaces_delete_signal_change;
DROP TRIGGER standard_replaces_update_signal_change;
DROP TRIGGER standard_replaces_insert_signal_change;
DROP TABLE standard_replaces;
