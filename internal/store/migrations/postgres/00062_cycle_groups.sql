-- +goose Up
-- The months of every finished cycle, kept by year and by organization
-- (issue 14): for each group, the event that ends the cycle, kind and
-- nature, the months of its cycles sorted ascending, each as float8send
-- writes it (8 bytes, big-endian). The drafting-cycle figures of the
-- whole registry or of a kind grouped by year or by organization read
-- these (store.keptGroupFigures): some 20,000 rows of packed numbers
-- instead of 534,280 index entries sorted by group. Each standard counts
-- once under 'published' (its months to publication, the year it was
-- published) and once under 'approval' (to submission, else to
-- publication, and the year of that day), whichever the rules make its
-- cycle; a cycle without an end day is under the year ''; one without an
-- organization under the organization ''. As with cycle_months, writers
-- never update these rows: each statement on standards adds its net
-- change to cycle_group_changes, which a reader folds in now and then
-- (store.foldCycleGroups).
CREATE TABLE cycle_groups (
    dim    text  NOT NULL, -- 'year' or 'organization'
    grp    text  NOT NULL,
    ends   text  NOT NULL,
    kind   text  NOT NULL,
    nature text  NOT NULL,
    months bytea NOT NULL,
    PRIMARY KEY (dim, grp, ends, kind, nature)
);
-- Packed numbers do not compress: store them as they are.
ALTER TABLE cycle_groups ALTER COLUMN months SET STORAGE EXTERNAL;
CREATE TABLE cycle_group_changes (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ends   text             NOT NULL,
    kind   text             NOT NULL,
    nature text             NOT NULL,
    year   text             NOT NULL,
    org    text             NOT NULL,
    months double precision NOT NULL,
    n      bigint           NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION stdreg_count_cycle_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO cycle_group_changes (ends, kind, nature, year, org, months, n)
        SELECT e.ends, r.kind, r.nature, COALESCE(to_char(e.ended, 'YYYY'), ''), COALESCE(r.organization_id::text, ''), e.months, count(*)
        FROM new_rows r, LATERAL (VALUES ('published', r.months_to_publication, r.published_on),
                                         ('approval', COALESCE(r.months_to_approval, r.months_to_publication), COALESCE(r.submitted_on, r.published_on))) AS e (ends, months, ended)
        WHERE e.months IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO cycle_group_changes (ends, kind, nature, year, org, months, n)
        SELECT e.ends, r.kind, r.nature, COALESCE(to_char(e.ended, 'YYYY'), ''), COALESCE(r.organization_id::text, ''), e.months, -count(*)
        FROM old_rows r, LATERAL (VALUES ('published', r.months_to_publication, r.published_on),
                                         ('approval', COALESCE(r.months_to_approval, r.months_to_publication), COALESCE(r.submitted_on, r.published_on))) AS e (ends, months, ended)
        WHERE e.months IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6;
    ELSE
        INSERT INTO cycle_group_changes (ends, kind, nature, year, org, months, n)
        SELECT d.ends, d.kind, d.nature, d.year, d.org, d.months, sum(d.n)
        FROM (SELECT e.ends, r.kind, r.nature, COALESCE(to_char(e.ended, 'YYYY'), '') AS year, COALESCE(r.organization_id::text, '') AS org, e.months, -1 AS n
              FROM old_rows r, LATERAL (VALUES ('published', r.months_to_publication, r.published_on),
                                               ('approval', COALESCE(r.months_to_approval, r.months_to_publication), COALESCE(r.submitted_on, r.published_on))) AS e (ends, months, ended)
              WHERE e.months IS NOT NULL
              UNION ALL
              SELECT e.ends, r.kind, r.nature, COALESCE(to_char(e.ended, 'YYYY'), ''), COALESCE(r.organization_id::text, ''), e.months, 1
              FROM new_rows r, LATERAL (VALUES ('published', r.months_to_publication, r.published_on),
                                               ('approval', COALESCE(r.months_to_approval, r.months_to_publication), COALESCE(r.submitted_on, r.published_on))) AS e (ends, months, ended)
              WHERE e.months IS NOT NULL) AS d
        GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(d.n) <> 0;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER standards_count_cycle_groups_insert AFTER INSERT ON standards
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stdreg_count_cycle_groups();
CREATE TRIGGER standards_count_cycle_groups_update AFTER UPDATE ON standards
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stdreg_count_cycle_groups();
CREATE TRIGGER standards_count_cycle_groups_delete AFTER DELETE ON standards
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stdreg_count_cycle_groups();

-- The records there are (store.countCycleGroups, word for word).
INSERT INTO cycle_groups (dim, grp, ends, kind, nature, months)
SELECT g.dim, g.grp, e.ends, r.kind, r.nature, string_agg(float8send(e.months), ''::bytea ORDER BY e.months)
FROM standards r,
     LATERAL (VALUES ('published', r.months_to_publication, r.published_on),
                     ('approval', COALESCE(r.months_to_approval, r.months_to_publication), COALESCE(r.submitted_on, r.published_on))) AS e (ends, months, ended),
     LATERAL (VALUES ('year', COALESCE(to_char(e.ended, 'YYYY'), '')), ('organization', COALESCE(r.organization_id::text, ''))) AS g (dim, grp)
WHERE e.months IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
ANALYZE cycle_groups;

-- +goose Down
DROP TRIGGER standards_count_cycle_groups_delete ON standards;
DROP TRIGGER standards_count_cycle_groups_update ON standards;
DROP TRIGGER standards_count_cycle_groups_insert ON standards;
DROP FUNCTION stdreg_count_cycle_groups();
DROP TABLE cycle_group_changes;
DROP TABLE cycle_groups;
