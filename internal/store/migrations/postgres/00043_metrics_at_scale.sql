-- +goose Up
-- The plan's counts at a million standards, each from one index alone
-- (issue 14). The standards led or joined by Zhejiang, with what the
-- caller's visibility reads beside the day.
DROP INDEX standards_kind_role_published;
CREATE INDEX standards_kind_role_published ON standards (kind, zhejiang_role, published_on) INCLUDE (stage, organization_id);
-- The made_in_zhejiang standards by day of publication: the rows whose
-- designation list names it (store.madeInZhejiangRows, word for word).
CREATE INDEX standards_made_in_zhejiang ON standards (published_on) INCLUDE (stage, organization_id)
    WHERE designation_list LIKE '%"type":"made_in_zhejiang"%';
-- The records only their organization sees, to take their designations
-- out of a count.
CREATE INDEX standards_private ON standards (id) INCLUDE (organization_id)
    WHERE stage IN ('preliminary', 'proposal');
-- Designations by type and year.
CREATE INDEX standard_designations_type_year ON standard_designations (type, year, standard_id);

-- +goose Down
DROP INDEX standard_designations_type_year;
DROP INDEX standards_private;
DROP INDEX standards_made_in_zhejiang;
DROP INDEX standards_kind_role_published;
CREATE INDEX standards_kind_role_published ON standards (kind, zhejiang_role, published_on);
