package standard

import (
	"fmt"
	"time"

	"stdreg/internal/fault"
)

// Date is a calendar day without a time zone: standards are published,
// approved and withdrawn on days, and the drafting cycle is counted in days
// and calendar months. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// The registry's calendar: every day it takes in, from a body, a filter or
// a file, lies within it; a day outside it is a slip (0000-01-01, 1202 for
// 2021, 2202 for 2022), which would otherwise distort the province's
// figures (a cycle of 24,244 months) or fail in the database (PostgreSQL has
// no year 0).
//
// The first day is 1949-01-01. The registry keeps the standards of the
// People's Republic, founded on 1949-10-01, and the standards its bodies
// take part in: every approval, publication, effective and withdrawal day is
// later. The earliest days the project's own data uses are far later (the
// generated registries start in 2000 and name replaced editions from 1990).
// Older international standards appear only as numbers that a standard
// adopts or replaces, which carry no day, so they need no earlier bound. The
// year of a designation has the same first year.
//
// The last day is 2100-12-31: an effective day may lie ahead of
// publication, by months, not by generations; the other days are never in
// the future anyway.
var (
	FirstDay = Date{Year: 1949, Month: time.January, Day: 1}
	LastDay  = Date{Year: 2100, Month: time.December, Day: 31}
)

// ParseDate accepts exactly YYYY-MM-DD, within the registry's calendar
// (FirstDay to LastDay), and rejects days that do not exist (2023-02-29,
// 2024-13-01). It is for days that come in; a stored day is read with
// time.Parse, so that one written before the calendar had bounds still
// reads.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return Date{}, fault.Msg("%q is not a date in the form YYYY-MM-DD", s)
	}
	d := DateOf(t)
	if err := d.Check(); err != nil {
		return Date{}, err
	}
	return d, nil
}

// Check reports a day outside the registry's calendar; the zero Date (no
// date) passes.
func (d Date) Check() error {
	if d.IsZero() || (!d.Before(FirstDay) && !d.After(LastDay)) {
		return nil
	}
	return fault.Msg("%s is outside the days the registry keeps, %s to %s", d, FirstDay, LastDay)
}

// DateOf returns the day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	// By hand rather than by fmt: an export formats five dates a row, and
	// Sprintf was a tenth of a million-row export's CPU.
	var b [10]byte
	putDigits(b[0:4], d.Year)
	b[4] = '-'
	putDigits(b[5:7], int(d.Month))
	b[7] = '-'
	putDigits(b[8:10], d.Day)
	return string(b[:])
}

// putDigits writes n in decimal, zero-padded to fill b.
func putDigits(b []byte, n int) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
}

// Time returns midnight UTC of d, for arithmetic.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// Before reports whether d is strictly earlier than o.
func (d Date) Before(o Date) bool { return d.Time().Before(o.Time()) }

// After reports whether d is strictly later than o.
func (d Date) After(o Date) bool { return d.Time().After(o.Time()) }

// MarshalJSON writes "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// AddDays moves d by n days.
func AddDays(d Date, n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }
