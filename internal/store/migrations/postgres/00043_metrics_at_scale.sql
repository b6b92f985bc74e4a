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
-- out of a count, and those that produce no standard (store.unproduced),
-- to count the projects that name one.
CREATE INDEX standards_off_record ON standards (id) INCLUDE (stage, organization_id)
    WHERE stage IN ('preliminary', 'proposal', 'terminated');
-- Designations by type and year.
CREATE INDEX standard_designations_type_year ON standard_designations (type, year, standard_id);

-- The cycles ended by submission (a rule's approval event) by kind and
-- end, with what their figures and groups read, so that they too come
-- from an index alone (store.approvalBranch's expressions, word for word).
CREATE INDEX standards_cycle_submitted ON standards (kind, (COALESCE(submitted_on, published_on)))
    INCLUDE (nature, months_to_approval, months_to_publication, submitted_on, published_on, region, organization_id)
    WHERE (months_to_approval IS NOT NULL OR months_to_publication IS NOT NULL);

-- The finished cycles counted by the event that ends them, kind, nature
-- and months: every standard counts once under 'published' (its months to
-- publication) and once under 'approval' (to submission, else to
-- publication), whichever the rules make its cycle. The drafting-cycle
-- figures of the whole registry or a kind read these few thousand rows
-- instead of a million (store.rollupCounts). Writers never update them:
-- each statement on standards adds its net change to cycle_month_changes,
-- which a reader folds in now and then (store.foldCycleMonths), so that
-- concurrent writers never wait for one another here.
CREATE TABLE cycle_months (
    ends   text             NOT NULL,
    kind   text             NOT NULL,
    nature text             NOT NULL,
    months double precision NOT NULL,
    n      bigint           NOT NULL,
    PRIMARY KEY (ends, kind, nature, months)
);
CREATE TABLE cycle_month_changes (
    ends   text             NOT NULL,
    kind   text             NOT NULL,
    nature text             NOT NULL,
    months double precision NOT NULL,
    n      bigint           NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION stdreg_count_cycle_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO cycle_month_changes (ends, kind, nature, months, n)
        SELECT e.ends, r.kind, r.nature, e.months, count(*)
        FROM new_rows r, LATERAL (VALUES ('published', r.months_to_publication),
                                         ('approval', COALESCE(r.months_to_approval, r.months_to_publication))) AS e (ends, months)
        WHERE e.months IS NOT NULL
        GROUP BY 1, 2, 3, 4;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO cycle_month_changes (ends, kind, nature, months, n)
        SELECT e.ends, r.kind, r.nature, e.months, -count(*)
        FROM old_rows r, LATERAL (VALUES ('published', r.months_to_publication),
                                         ('approval', COALESCE(r.months_to_approval, r.months_to_publication))) AS e (ends, months)
        WHERE e.months IS NOT NULL
        GROUP BY 1, 2, 3, 4;
    ELSE
        INSERT INTO cycle_month_changes (ends, kind, nature, months, n)
        SELECT d.ends, d.kind, d.nature, d.months, sum(d.n)
        FROM (SELECT e.ends, r.kind, r.nature, e.months, -1 AS n
              FROM old_rows r, LATERAL (VALUES ('published', r.months_to_publication),
                                               ('approval', COALESCE(r.months_to_approval, r.months_to_publication))) AS e (ends, months)
              WHERE e.months IS NOT NULL
              UNION ALL
              SELECT e.ends, r.kind, r.nature, e.months, 1
              FROM new_rows r, LATERAL (VALUES ('published', r.months_to_publication),
                                               ('approval', COALESCE(r.months_to_approval, r.months_to_publication))) AS e (ends, months)
              WHERE e.months IS NOT NULL) AS d
        GROUP BY 1, 2, 3, 4
        HAVING sum(d.n) <> 0;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER standards_count_cycle_months_insert AFTER INSERT ON standards
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stdreg_count_cycle_months();
CREATE TRIGGER standards_count_cycle_months_update AFTER UPDATE ON standards
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stdreg_count_cycle_months();
CREATE TRIGGER standards_count_cycle_months_delete AFTER DELETE ON standards
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stdreg_count_cycle_months();

-- The records there are.
INSERT INTO cycle_months (ends, kind, nature, months, n)
SELECT e.ends, r.kind, r.nature, e.months, count(*)
FROM standards r, LATERAL (VALUES ('published', r.months_to_publication),
                                  ('approval', COALESCE(r.months_to_approval, r.months_to_publication))) AS e (ends, months)
WHERE e.months IS NOT NULL
GROUP BY 1, 2, 3, 4;
ANALYZE cycle_months;

-- +goose Down
DROP TRIGGER standards_count_cycle_months_delete ON standards;
DROP TRIGGER standards_count_cycle_months_update ON standards;
DROP TRIGGER standards_count_cycle_months_insert ON standards;
DROP FUNCTION stdreg_count_cycle_months();
DROP TABLE cycle_month_changes;
DROP TABLE cycle_months;
DROP INDEX standards_cycle_submitted;
DROP INDEX standard_designations_type_year;
DROP INDEX standards_off_record;
DROP INDEX standards_made_in_zhejiang;
DROP INDEX standards_kind_role_published;
CREATE INDEX standards_kind_role_published ON standards (kind, zhejiang_role, published_on);
