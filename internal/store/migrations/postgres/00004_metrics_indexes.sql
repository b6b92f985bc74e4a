-- +goose Up
-- The figures grouped by region or organization read the index alone too.
DROP INDEX standards_cycle_published;
CREATE INDEX standards_cycle_published ON standards (kind, published_on)
    INCLUDE (months_to_publication, nature, approved_on, region, organization_id)
    WHERE months_to_publication IS NOT NULL;
-- The plan's counts of standards Zhejiang led or joined, by publication day.
CREATE INDEX standards_kind_role_published ON standards (kind, zhejiang_role, published_on);

-- +goose Down
DROP INDEX standards_kind_role_published;
DROP INDEX standards_cycle_published;
CREATE INDEX standards_cycle_published ON standards (kind, published_on) INCLUDE (months_to_publication, nature, approved_on)
    WHERE months_to_publication IS NOT NULL;
