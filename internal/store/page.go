package store

import (
	"fmt"

	"gorm.io/gorm"

	"stdreg/internal/paging"
)

// fetchPage runs a keyset query for one page: it asks for one row more than
// limit, to know whether a next page exists without counting, and returns
// the page's rows with the cursor of the last one (nil on the last page).
func fetchPage[R any](query *gorm.DB, limit int, cursor func(R) *paging.Cursor) ([]R, *paging.Cursor, error) {
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

// fetchKeysetPage reads one page of query ordered by (column, id) in one
// direction (by id alone when column is ""), rows without a value last,
// after the cursor: first the rows
// with a value, from a row comparison an index on (column, id) can seek to,
// then, when the page is not full, the rows without one, by id. Two
// queries, since one condition for both ("after the cursor or NULL") is an
// OR that no index can seek: each deep page would read every row before it.
func fetchKeysetPage[R any](query *gorm.DB, column string, desc bool, after *paging.Cursor, limit int, cursor func(R) *paging.Cursor) ([]R, *paging.Cursor, error) {
	if column == "" {
		return fetchPage(keysetByID(query, desc, after), limit, cursor)
	}
	query = query.Session(&gorm.Session{}) // reused by both queries
	cmp, dir, nulls := ">", "ASC", "NULLS LAST"
	if desc {
		// A backward scan of an index kept NULLS LAST; the NULLs are left
		// out here anyway.
		cmp, dir, nulls = "<", "DESC", "NULLS FIRST"
	}
	var rows []R
	if after == nil || !after.Null {
		valued := query.Where(column + " IS NOT NULL")
		if after != nil {
			valued = query.Where("("+column+", id) "+cmp+" (?, ?)", after.Value, after.ID)
		}
		if err := valued.Order(column + " " + dir + " " + nulls).Order("id " + dir).Limit(limit + 1).Find(&rows).Error; err != nil {
			return nil, nil, err
		}
	}
	if len(rows) <= limit {
		var more []R
		var afterNull *paging.Cursor // a cursor among the rows with a value starts this part at its beginning
		if after != nil && after.Null {
			afterNull = after
		}
		if err := keysetByID(query.Where(column+" IS NULL"), desc, afterNull).Limit(limit + 1 - len(rows)).Find(&more).Error; err != nil {
			return nil, nil, err
		}
		rows = append(rows, more...)
	}
	if len(rows) <= limit {
		return rows, nil, nil
	}
	rows = rows[:limit]
	return rows, cursor(rows[len(rows)-1]), nil
}

// convertPage turns a page of rows into a page of domain values.
func convertPage[R, T any](rows []R, next *paging.Cursor, convert func(R) T) paging.Page[T] {
	page := paging.Page[T]{Items: make([]T, len(rows)), Next: next}
	for i, r := range rows {
		page.Items[i] = convert(r)
	}
	return page
}

// byID is the cursor of lists ordered by id alone.
func byID(id string) *paging.Cursor { return &paging.Cursor{ID: id} }

// listError names the list a query failed for.
func listError(what string, err error) error { return fmt.Errorf("list %s: %w", what, err) }
