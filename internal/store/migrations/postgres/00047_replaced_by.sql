-- +goose Up
-- The numbers each standard replaces (its replaces list, in display form),
-- as rows, so that a standard's replaced_by (the standards whose replaces
-- names its number) is an index lookup. Every write sets them from the
-- same list as the row's JSON.
CREATE TABLE standard_replaces (
    standard_id uuid    NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    code        text    NOT NULL,
    PRIMARY KEY (standard_id, position)
);
CREATE INDEX standard_replaces_code ON standard_replaces (code, standard_id);

INSERT INTO standard_replaces (standard_id, position, code)
SELECT s.id, e.ord - 1, e.code
FROM standards s, jsonb_array_elements_text(s.replaces::jsonb) WITH ORDINALITY AS e(code, ord)
WHERE s.replaces <> '[]';

CREATE TRIGGER standard_replaces_signal_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON standard_replaces
    FOR EACH STATEMENT EXECUTE FUNCTION stdreg_signal_change();
ALTER TABLE standard_replaces ENABLE ALWAYS TRIGGER standard_replaces_signal_change;

-- +goose Down
DROP TABLE standard_replaces;
