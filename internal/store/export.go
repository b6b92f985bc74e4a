package store

import (
	"context"
	"fmt"

	"stdreg/internal/standard"
)

// exportRelevancePage is how many standards an export in relevance order
// reads at a time: that order is built tier by tier (see rankedPage) and
// cannot be one query.
const exportRelevancePage = 1000

// ExportStandards calls each with every standard q's filter selects, in q's
// order (q.After and q.Limit are ignored). In any order but relevance it is
// one query of one table whose rows are read as they arrive: no pages to
// seek again, and memory flat however many rows. On PostgreSQL the export
// is one consistent snapshot.
func (s *Store) ExportStandards(ctx context.Context, q standard.ListQuery, each func(standard.Standard) error) error {
	if q.Sort.Key == standard.SortRelevance {
		return s.exportByPages(ctx, q, each)
	}
	column, ok := sortColumns[q.Sort.Key]
	if !ok {
		return fmt.Errorf("export standards: unknown sort %q", q.Sort.Key)
	}
	query := s.filterStandards(s.db.WithContext(ctx).Model(&standardRow{}), q.Filter).Select(exportColumns)
	dir := "ASC"
	if q.Sort.Desc {
		dir = "DESC"
	}
	if column != "" {
		// Rows without a value come last either way, as in the list.
		query = query.Order(column + " " + dir + " NULLS LAST")
	}
	rows, err := query.Order("id " + dir).Rows()
	if err != nil {
		return fmt.Errorf("export standards: %w", err)
	}
	defer rows.Close()
	var r standardRow
	dest := exportDestinations(&r)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("export standards: read row: %w", err)
		}
		st, err := toStandard(r)
		if err != nil {
			return fmt.Errorf("export standards: %w", err)
		}
		if err := each(st); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export standards: %w", err)
	}
	return nil
}

// exportByPages reads the relevance order page by page, as the list does.
func (s *Store) exportByPages(ctx context.Context, q standard.ListQuery, each func(standard.Standard) error) error {
	q.After, q.Limit = nil, exportRelevancePage
	for {
		page, err := s.ListStandards(ctx, q)
		if err != nil {
			return fmt.Errorf("export standards: %w", err)
		}
		for _, st := range page.Items {
			if err := each(st); err != nil {
				return err
			}
		}
		if page.Next == nil {
			return nil
		}
		q.After = page.Next
	}
}

// exportColumns are the standards columns an export reads, in the order
// exportDestinations scans them: all but the search index and the cycle
// figures, which a standard does not carry.
var exportColumns = []string{
	"id", "code", "normalized_code", "kind", "nature", "title_zh", "title_en", "stage", "ccs",
	"zhejiang_role", "organization_id", "technical_committee", "region", "replaces", "adopts",
	"drafting_units", "ics_list", "designation_list", "approved_on", "submitted_on", "published_on",
	"effective_on", "withdrawn_on", "created_at", "updated_at", "version",
}

// exportDestinations are the scan targets for exportColumns; scanning into
// the same row each time allocates only the values.
func exportDestinations(r *standardRow) []any {
	return []any{
		&r.ID, &r.Code, &r.NormalizedCode, &r.Kind, &r.Nature, &r.TitleZH, &r.TitleEN, &r.Stage, &r.CCS,
		&r.ZhejiangRole, &r.OrganizationID, &r.TechnicalCommittee, &r.Region, &r.Replaces, &r.Adopts,
		&r.DraftingUnits, &r.ICSList, &r.DesignationList, &r.ApprovedOn, &r.SubmittedOn, &r.PublishedOn,
		&r.EffectiveOn, &r.WithdrawnOn, &r.CreatedAt, &r.UpdatedAt, &r.Version,
	}
}
