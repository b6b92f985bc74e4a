-- +goose Up
-- Every statement that changes the data a read of standards can depend on
-- signals stdreg_changes, so each process serving the registry knows when
-- answers it keeps in memory may be stale. PostgreSQL delivers the
-- notification at commit, nothing for a rollback, and one per transaction
-- however many statements sent it (identical payloads are folded), so a
-- bulk COPY costs one.
-- +goose StatementBegin
CREATE FUNCTION stdreg_signal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stdreg_changes', '');
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER standards_signal_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON standards
    FOR EACH STATEMENT EXECUTE FUNCTION stdreg_signal_change();
CREATE TRIGGER standard_ics_signal_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON standard_ics
    FOR EACH STATEMENT EXECUTE FUNCTION stdreg_signal_change();
CREATE TRIGGER standard_designations_signal_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON standard_designations
    FOR EACH STATEMENT EXECUTE FUNCTION stdreg_signal_change();
CREATE TRIGGER organizations_signal_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION stdreg_signal_change();

-- ALWAYS: `stdreg generate` loads with session_replication_role = replica
-- to skip the foreign-key triggers, which would skip these too and leave
-- the serving processes answering from before the load.
ALTER TABLE standards ENABLE ALWAYS TRIGGER standards_signal_change;
ALTER TABLE standard_ics ENABLE ALWAYS TRIGGER standard_ics_signal_change;
ALTER TABLE standard_designations ENABLE ALWAYS TRIGGER standard_designations_signal_change;
ALTER TABLE organizations ENABLE ALWAYS TRIGGER organizations_signal_change;

-- +goose Down
DROP TRIGGER organizations_signal_change ON organizations;
DROP TRIGGER standard_designations_signal_change ON standard_designations;
DROP TRIGGER standard_ics_signal_change ON standard_ics;
DROP TRIGGER standards_signal_change ON standards;
DROP FUNCTION stdreg_signal_change();
