-- +goose Up
-- A standard's ICS classes and designations are kept whole on its row as
-- well, as JSON arrays in position order, beside the rows of their own
-- tables (which filters and facets search). Reading a standard is then one
-- row, and an export streams one table. Every write sets both from the
-- same list.
ALTER TABLE standards ADD COLUMN ics_list TEXT NOT NULL DEFAULT '[]';
ALTER TABLE standards ADD COLUMN designation_list TEXT NOT NULL DEFAULT '[]';

UPDATE standards SET
    ics_list = (SELECT json_group_array(code ORDER BY position) FROM standard_ics c WHERE c.standard_id = standards.id),
    designation_list = (SELECT json_group_array(json_object('type', type, 'year', year, 'reference', reference) ORDER BY position)
                        FROM standard_designations d WHERE d.standard_id = standards.id)
WHERE EXISTS (SELECT 1 FROM standard_ics c WHERE c.standard_id = standards.id)
   OR EXISTS (SELECT 1 FROM standard_designations d WHERE d.standard_id = standards.id);

-- +goose Down
ALTER TABLE standards DROP COLUMN designation_list;
ALTER TABLE standards DROP COLUMN ics_list;
