-- +goose Up
ALTER TABLE standards ADD COLUMN submitted_on TEXT;
ALTER TABLE standards ADD COLUMN months_to_publication REAL;
ALTER TABLE standards ADD COLUMN months_to_approval REAL;

CREATE INDEX standards_cycle_published ON standards (kind, published_on, months_to_publication)
    WHERE months_to_publication IS NOT NULL;
CREATE INDEX standards_running ON standards (approved_on, id)
    WHERE stage IN ('drafting', 'consultation', 'review', 'approval');

CREATE TABLE standard_transitions (
    id          TEXT PRIMARY KEY,
    standard_id TEXT     NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    from_stage  TEXT,
    to_stage    TEXT     NOT NULL,
    occurred_on TEXT,
    recorded_at DATETIME NOT NULL,
    key_id      TEXT,
    actor       TEXT     NOT NULL DEFAULT '',
    note        TEXT     NOT NULL DEFAULT ''
);
CREATE INDEX standard_transitions_standard ON standard_transitions (standard_id, id);

INSERT INTO standard_transitions (id, standard_id, from_stage, to_stage, occurred_on, recorded_at, actor)
SELECT id, id, NULL, stage, published_on, created_at, 'registration' FROM standards;

-- +goose Down
DROP TABLE standard_transitions;
DROP INDEX standards_running;
DROP INDEX standards_cycle_published;
ALTER TABLE standards DROP COLUMN months_to_approval;
ALTER TABLE standards DROP COLUMN months_to_publication;
ALTER TABLE standards DROP COLUMN submitted_on;
