package store

import (
	"fmt"

	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// fetchPage runs a keyset query for one page: it asks for one row more than
// limit, to know whether a next page exists without counting, and returns
// the page's rows with the cursor of the last one (nil on the last page).
func fetchPage[R any](query *gorm.DB, limit int, cursor func(R) *standard.Cursor) ([]R, *standard.Cursor, error) {
	var rows []R
	if err := query.Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, nil, err
	}
	if len(rows) <= limit {
		return rows, nil, nil
	}
	rows = rows[:limit]
	return rows, cursor(rows[len(rows)-1]), nil
}

// convertPage turns a page of rows into a page of domain values.
func convertPage[R, T any](rows []R, next *standard.Cursor, convert func(R) T) standard.Page[T] {
	page := standard.Page[T]{Items: make([]T, len(rows)), Next: next}
	for i, r := range rows {
		page.Items[i] = convert(r)
	}
	return page
}

// byID is the cursor of lists ordered by id alone.
func byID(id string) *standard.Cursor { return &standard.Cursor{ID: id} }

// listError names the list a query failed for.
func listError(what string, err error) error { return fmt.Errorf("list %s: %w", what, err) }
