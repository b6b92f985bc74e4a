package standard

import (
	"fmt"
	"time"
)

// Date is a calendar day without a time zone: standards are published,
// approved and withdrawn on days, and the drafting cycle is counted in days
// and calendar months. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate accepts exactly YYYY-MM-DD and rejects days that do not exist
// (2023-02-29, 2024-13-01).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
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
