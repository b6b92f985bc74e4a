package store

import (
	"context"
	"fmt"
	"reflect"

	"gorm.io/gorm"

	"stdreg/internal/registry"
	"stdreg/internal/standard"
)

// exportRelevancePage is how many standards an export in relevance order
// reads at a time: that order is built tier by tier (see rankedPage) and
// cannot be one query.
const exportRelevancePage = 1000

// ExportStandards calls each with every standard q's filter selects, in q's
// order (q.After and q.Limit are ignored), each with its ReplacedBy. In any order but relevance it is
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
	leave, err := s.bulk.enter(ctx, "export")
	if err != nil {
		return err
	}
	defer leave()
	// replaced_by is looked up for a batch of rows at a time, on a second
	// connection while the cursor holds the first (hence the bulk gate).
	batch := make([]standard.Standard, 0, exportReplacedByBatch)
	flush := func() error {
		if err := registry.FillReplacedBy(ctx, s.ReplacedBy, batch); err != nil {
			return fmt.Errorf("export standards: %w", err)
		}
		for _, st := range batch {
			if err := each(st); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	var r standardRow
	columns, dest, err := exportColumns(ctx, s.db, &r)
	if err != nil {
		return fmt.Errorf("export standards: %w", err)
	}
	query := s.filterStandards(s.db.WithContext(ctx).Model(&standardRow{}), q.Filter).Select(columns)
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
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("export standards: read row: %w", rowsError(query, err))
		}
		st, err := toStandard(r)
		if err != nil {
			return fmt.Errorf("export standards: %w", err)
		}
		if batch = append(batch, st); len(batch) == exportReplacedByBatch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export standards: %w", rowsError(query, err))
	}
	return flush()
}

// exportReplacedByBatch is how many exported standards one query finds the
// replacements of.
const exportReplacedByBatch = 500

// exportByPages reads the relevance order page by page, as the list does
// (its pages carry their replaced_by).
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

// exportColumns are the standards columns an export reads, the model's
// but the cycle figures, which a standard does not carry, and the fields
// of r they are scanned into: scanning into the same row each time
// allocates only the values.
func exportColumns(ctx context.Context, db *gorm.DB, r *standardRow) (columns []string, dest []any, err error) {
	fields, err := columnsOf(db, r)
	if err != nil {
		return nil, nil, err
	}
	rv := reflect.ValueOf(r).Elem()
	for _, f := range fields {
		if f.DBName == "months_to_publication" || f.DBName == "months_to_approval" {
			continue
		}
		columns, dest = append(columns, f.DBName), append(dest, f.ReflectValueOf(ctx, rv).Addr().Interface())
	}
	return columns, dest, nil
}
