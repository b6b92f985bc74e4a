-- +goose Up
-- The facts the drafting-cycle measures are computed from, kept on the row
-- so that the database can aggregate them: the submission for approval and
-- the cycle in months to publication and to submission (standard.Months).
ALTER TABLE standards ADD COLUMN submitted_on date;
ALTER TABLE standards ADD COLUMN months_to_publication double precision;
ALTER TABLE standards ADD COLUMN months_to_approval double precision;

-- Finished cycles by kind and day of publication, with the figure itself,
-- so an aggregate reads the index alone.
CREATE INDEX standards_cycle_published ON standards (kind, published_on) INCLUDE (months_to_publication, nature, approved_on)
    WHERE months_to_publication IS NOT NULL;
-- Running drafts by start day: the overdue list is a range on approved_on.
CREATE INDEX standards_running ON standards (approved_on, id)
    WHERE stage IN ('drafting', 'consultation', 'review', 'approval');

-- Every move between stages, and each record's registration (from_stage
-- NULL; occurred_on NULL for a draft registered without a day).
CREATE TABLE standard_transitions (
    id          uuid PRIMARY KEY, -- UUIDv7: the order moves were recorded in
    standard_id uuid        NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    from_stage  text,
    to_stage    text        NOT NULL,
    occurred_on date,
    recorded_at timestamptz NOT NULL,
    key_id      uuid,
    actor       text        NOT NULL DEFAULT '',
    note        text        NOT NULL DEFAULT ''
);
CREATE INDEX standard_transitions_standard ON standard_transitions (standard_id, id);

-- Records that exist already: their registration is their first entry.
INSERT INTO standard_transitions (id, standard_id, from_stage, to_stage, occurred_on, recorded_at, actor)
SELECT id, id, NULL, stage, published_on, created_at, 'registration' FROM standards;

-- +goose Down
DROP TABLE standard_transitions;
DROP INDEX standards_running;
DROP INDEX standards_cycle_published;
ALTER TABLE standards DROP COLUMN months_to_approval;
ALTER TABLE standards DROP COLUMN months_to_publication;
ALTER TABLE standards DROP COLUMN submitted_on;
