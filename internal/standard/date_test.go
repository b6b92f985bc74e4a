package standard

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestParseDate checks that real calendar days in YYYY-MM-DD are read and
// formatted back unchanged.
func TestParseDate(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want Date
	}{
		{"publication of GB 17761—2018", "2018-05-15", Date{2018, time.May, 15}},
		{"GB/T 1.1—2020 effective", "2020-10-01", Date{2020, time.October, 1}},
		{"leap day", "2024-02-29", Date{2024, time.February, 29}},
		{"leap day of a century divisible by 400", "2000-02-29", Date{2000, time.February, 29}},
		{"last day of the year", "2023-12-31", Date{2023, time.December, 31}},
		{"first day of the year", "2024-01-01", Date{2024, time.January, 1}},
		{"30 April", "2021-04-30", Date{2021, time.April, 30}},
		{"founding of the People's Republic", "1949-10-01", Date{1949, time.October, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDate(tc.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseDate(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
			if got.IsZero() {
				t.Errorf("ParseDate(%q).IsZero() = true", tc.in)
			}
			if s := got.String(); s != tc.in {
				t.Errorf("String() = %q, want the input %q back", s, tc.in)
			}
		})
	}
}

// TestParseDateInvalid checks that days that do not exist and every other
// form are rejected with the zero Date and a message quoting the input.
func TestParseDateInvalid(t *testing.T) {
	cases := []struct {
		name, in string
	}{
		{"29 February of a common year", "2023-02-29"},
		{"29 February of a century not divisible by 400", "1900-02-29"},
		{"month 13", "2024-13-01"},
		{"month 00", "2024-00-10"},
		{"day 00", "2024-01-00"},
		{"31 April", "2024-04-31"},
		{"day 32", "2024-01-32"},
		{"month and day without leading zeros", "2024-1-1"},
		{"day without leading zero", "2024-01-1"},
		{"leading space", " 2024-01-01"},
		{"trailing newline", "2024-01-01\n"},
		{"RFC 3339 instant", "2024-01-01T00:00:00Z"},
		{"empty", ""},
		{"slashes", "2024/01/01"},
		{"Chinese form", "2024年1月1日"},
		{"compact", "20240101"},
		{"day first", "01-01-2024"},
		{"full-width digits", "２０２４-01-01"},
		{"2-digit year", "24-01-01"},
		{"5-digit year", "12024-01-01"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDate(tc.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %v, want an error", tc.in, got)
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) = %#v, want the zero Date", tc.in, got)
			}
			if !strings.Contains(err.Error(), "YYYY-MM-DD") {
				t.Errorf("error %q does not say the expected form", err)
			}
		})
	}
}

// TestDateString checks the formatting of the zero Date and of years that
// need padding.
func TestDateString(t *testing.T) {
	cases := []struct {
		name string
		in   Date
		want string
	}{
		{"zero Date is no date", Date{}, ""},
		{"single-digit month and day are padded", Date{2024, time.March, 1}, "2024-03-01"},
		{"early year is padded", Date{999, time.January, 2}, "0999-01-02"},
		{"last day of a four-digit year", Date{9999, time.December, 31}, "9999-12-31"},
		{"a year past four digits is written whole", Date{10000, time.December, 31}, "10000-12-31"},
		{"a year before 0 keeps its sign", Date{-1, time.May, 9}, "-001-05-09"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.String(); got != tc.want {
				t.Errorf("%#v.String() = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestDateOf checks that the day is taken in the time's own location.
func TestDateOf(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*60*60)
	cases := []struct {
		name string
		in   time.Time
		want Date
	}{
		{"UTC midnight", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), Date{2024, time.February, 29}},
		{"just before midnight in Beijing time", time.Date(2023, 12, 31, 23, 59, 59, 0, shanghai), Date{2023, time.December, 31}},
		{"just after midnight in Beijing time is the previous day in UTC",
			time.Date(2024, 1, 1, 0, 30, 0, 0, shanghai).UTC(), Date{2023, time.December, 31}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, DateOf(tc.in)); diff != "" {
				t.Errorf("DateOf(%v) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// TestDateOrder checks Before and After, which are strict, across month and
// year boundaries and against the zero Date.
func TestDateOrder(t *testing.T) {
	cases := []struct {
		name          string
		a, b          Date
		before, after bool
		checkTime     bool
	}{
		{"same day", Date{2018, 5, 15}, Date{2018, 5, 15}, false, false, true},
		{"next day", Date{2018, 5, 15}, Date{2018, 5, 16}, true, false, true},
		{"previous day", Date{2018, 5, 16}, Date{2018, 5, 15}, false, true, true},
		{"across a month end", Date{2024, 2, 29}, Date{2024, 3, 1}, true, false, true},
		{"across a year end", Date{2023, 12, 31}, Date{2024, 1, 1}, true, false, true},
		{"later day of an earlier month", Date{2024, 1, 31}, Date{2024, 2, 1}, true, false, true},
		{"later month of an earlier year", Date{2023, 12, 1}, Date{2024, 1, 31}, true, false, true},
		{"zero Date is before any day", Date{}, Date{1949, 10, 1}, true, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Before(tc.b); got != tc.before {
				t.Errorf("%v.Before(%v) = %v, want %v", tc.a, tc.b, got, tc.before)
			}
			if got := tc.a.After(tc.b); got != tc.after {
				t.Errorf("%v.After(%v) = %v, want %v", tc.a, tc.b, got, tc.after)
			}
			// Before and After are mirror images.
			if got := tc.b.After(tc.a); got != tc.before {
				t.Errorf("%v.After(%v) = %v, want %v", tc.b, tc.a, got, tc.before)
			}
			if tc.checkTime {
				want := time.Date(tc.a.Year, tc.a.Month, tc.a.Day, 0, 0, 0, 0, time.UTC)
				if got := tc.a.Time(); !got.Equal(want) || got.Location() != time.UTC {
					t.Errorf("%v.Time() = %v, want %v", tc.a, got, want)
				}
			}
		})
	}
}

// TestRegistryCalendar: days outside 1949-01-01 to 2100-12-31 are slips,
// refused by ParseDate with the bounds named; the bounds themselves are in.
func TestRegistryCalendar(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"1949-01-01", true},
		{"1949-10-01", true},
		{"2100-12-31", true},
		{"2026-11-28", true},
		{"0000-01-01", false},
		{"0001-01-01", false},
		{"1800-01-01", false},
		{"1900-01-01", false},
		{"1948-12-31", false},
		{"2101-01-01", false},
		{"9999-12-31", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDate(tc.in)
			if tc.ok {
				if err != nil || got.String() != tc.in {
					t.Errorf("ParseDate(%q) = %v, %v; want it", tc.in, got, err)
				}
				return
			}
			if err == nil || !got.IsZero() {
				t.Fatalf("ParseDate(%q) = %v, %v; want an error and no day", tc.in, got, err)
			}
			if !strings.Contains(err.Error(), tc.in) || !strings.Contains(err.Error(), "1949-01-01 to 2100-12-31") {
				t.Errorf("error %q does not name the day and the bounds", err)
			}
		})
	}
	if err := (Date{}).Check(); err != nil {
		t.Errorf("the zero Date (no date) is not outside: %v", err)
	}
	if err := (Date{Year: 0, Month: time.January, Day: 1}).Check(); err == nil {
		t.Error("0000-01-01 passes Check")
	}
}
