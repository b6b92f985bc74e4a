-- +goose Up
-- A counter of changes to the data a read of standards can depend on, kept
-- by triggers in the writing transaction itself: every process on this file
-- (`stdreg serve`, and `stdreg import` run beside it) sees it move as soon
-- as the change commits, so answers kept in memory are never served past a
-- change. SQLite has no statement triggers; a row trigger updating a row
-- already in the page cache is cheap beside the row's own indexes.
CREATE TABLE data_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO data_changes (id, n) VALUES (1, 0);


-- +goose StatementBegin
CREATE TRIGGER standards_insert_signal_change AFTER INSERT ON standards BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standards_update_signal_change AFTER UPDATE ON standards BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standards_delete_signal_change AFTER DELETE ON standards BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standard_ics_insert_signal_change AFTER INSERT ON standard_ics BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standard_ics_update_signal_change AFTER UPDATE ON standard_ics BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standard_ics_delete_signal_change AFTER DELETE ON standard_ics BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standard_designations_insert_signal_change AFTER INSERT ON standard_designations BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standard_designations_update_signal_change AFTER UPDATE ON standard_designations BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER standard_designations_delete_signal_change AFTER DELETE ON standard_designations BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_insert_signal_change AFTER INSERT ON organizations BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_update_signal_change AFTER UPDATE ON organizations BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_delete_signal_change AFTER DELETE ON organizations BEGIN
    UPDATE data_changes SET n = n + 1;
END;
-- +goose StatementEnd


-- +goose Down
DROP TRIGGER organizations_delete_signal_change;
DROP TRIGGER organizations_update_signal_change;
DROP TRIGGER organizations_insert_signal_change;
DROP TRIGGER standard_designations_delete_signal_change;
DROP TRIGGER standard_designations_update_signal_change;
DROP TRIGGER standard_designations_insert_signal_change;
DROP TRIGGER standard_ics_delete_signal_change;
DROP TRIGGER standard_ics_update_signal_change;
DROP TRIGGER standard_ics_insert_signal_change;
DROP TRIGGER standards_delete_signal_change;
DROP TRIGGER standards_update_signal_change;
DROP TRIGGER standards_insert_signal_change;
DROP TABLE data_changes;
