package store

import (
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"stdreg/internal/standard"
)

// dbDate stores a standard.Date as a PostgreSQL date or an SQLite
// YYYY-MM-DD text; the zero Date is NULL.
type dbDate struct{ standard.Date }

func (d *dbDate) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		d.Date = standard.Date{}
	case time.Time:
		d.Date = standard.DateOf(v.UTC())
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("scan date: unexpected %T", v)
	}
	return nil
}

// ScanDate reads a PostgreSQL date as pgx decodes it, when a row is
// scanned by pgx itself (dialect.queryRow) rather than through
// database/sql.
func (d *dbDate) ScanDate(v pgtype.Date) error {
	switch {
	case !v.Valid:
		d.Date = standard.Date{}
	case v.InfinityModifier != pgtype.Finite:
		return fmt.Errorf("scan date: %s", v.InfinityModifier)
	default:
		d.Date = standard.DateOf(v.Time.UTC())
	}
	return nil
}

// scanText reads a stored day as it is: standard.ParseDate is for days
// that come in and refuses those outside the registry's calendar, which a
// row written before the calendar had bounds may hold.
func (d *dbDate) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("scan date: %w", err)
	}
	d.Date = standard.DateOf(t)
	return nil
}

func (d dbDate) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// DateValue is the day for pgx's binary encoding, which COPY uses.
func (d dbDate) DateValue() (pgtype.Date, error) {
	if d.IsZero() {
		return pgtype.Date{}, nil
	}
	return pgtype.Date{Time: d.Time(), Valid: true}, nil
}

// dateArg is a query argument for a date column.
func dateArg(d standard.Date) any { return dbDate{d}.String() }
