-- +goose Up
-- The plan's counts (issue 14): the made_in_zhejiang standards by day of
-- publication (store.madeInZhejiangRows, word for word), the private and
-- terminated records, and designations by type and year.
CREATE INDEX standards_made_in_zhejiang ON standards (published_on, stage, organization_id)
    WHERE designation_list LIKE '%"type":"made_in_zhejiang"%';
CREATE INDEX standards_off_record ON standards (id, stage, organization_id)
    WHERE stage IN ('preliminary', 'proposal', 'terminated');
CREATE INDEX standard_designations_type_year ON standard_designations (type, year, standard_id);

-- +goose Down
DROP INDEX standard_designations_type_year;
DROP INDEX standards_off_record;
DROP INDEX standards_made_in_zhejiang;
