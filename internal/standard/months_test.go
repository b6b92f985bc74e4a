package standard

import (
	"math"
	"testing"
)

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2023-03-15", 15, "2024-06-15"},
		{"2024-01-31", 1, "2024-02-29"}, // 31 February becomes the month's last day
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-02-29", 12, "2025-02-28"}, // 29 February in a common year
		{"2024-02-29", 48, "2028-02-29"},
		{"2023-11-30", 3, "2024-02-29"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-12-31", 2, "2025-02-28"},
		{"2025-05-10", -15, "2024-02-10"},
		{"2024-08-31", 0, "2024-08-31"},
	} {
		t.Run(tc.from, func(t *testing.T) {
			if got := AddMonths(day(t, tc.from), tc.n); got != day(t, tc.want) {
				t.Errorf("AddMonths(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
			}
		})
	}
}

func TestMonths(t *testing.T) {
	for _, tc := range []struct {
		name, start, end string
		want             float64
	}{
		{"same day", "2023-03-01", "2023-03-01", 0},
		{"end before start", "2023-03-01", "2023-02-01", 0},
		{"exactly 15 months", "2023-03-15", "2024-06-15", 15},
		{"one day past 15 months, June has 30 days", "2023-03-15", "2024-06-16", 15 + 1.0/30},
		{"half of February 2024 (29 days)", "2024-02-01", "2024-02-15", 14.0 / 29},
		{"from 31 January, one month is 29 February", "2024-01-31", "2024-02-29", 1},
		{"from 31 January to 15 March: leftover counted in the month from 29 February", "2024-01-31", "2024-03-15", 1 + 15.0/31},
		{"from 31 January to 30 March: not yet two months", "2024-01-31", "2024-03-30", 1 + 30.0/31},
		{"from 31 January to 31 March: two months", "2024-01-31", "2024-03-31", 2},
		{"from 29 February, a year is 28 February", "2024-02-29", "2025-02-28", 12},
		// The month after 2025-02-28 (29 February clamped) ends on 2025-03-29, the
		// start day again: 29 days, so the fraction stays below 1 and grows evenly.
		{"from 29 February to 1 March next year", "2024-02-29", "2025-03-01", 12 + 1.0/29},
		{"across a year end", "2023-12-20", "2024-01-05", 16.0 / 31},
		{"ten years", "2014-06-30", "2024-06-30", 120},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Months(day(t, tc.start), day(t, tc.end))
			if math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("Months(%s, %s) = %.6f, want %.6f", tc.start, tc.end, got, tc.want)
			}
		})
	}
}

// TestWithinTargetIsMonthsAtMostTarget checks, over every start day of four
// years and several ends, that "ends on or before the deadline" and
// "Months <= target" agree, and that StartedBefore is the exact threshold.
func TestWithinTargetIsMonthsAtMostTarget(t *testing.T) {
	start := day(t, "2023-01-01")
	for i := 0; i < 4*366; i++ {
		s := AddDays(start, i)
		for _, target := range []int{1, 15, 18, 24} {
			deadline := Deadline(s, target)
			for _, offset := range []int{-1, 0, 1} {
				e := AddDays(deadline, offset)
				within := !e.After(deadline)
				if got := Months(s, e) <= float64(target); got != within {
					t.Fatalf("start %s target %d end %s: Months %.6f <= %d is %v, deadline says %v", s, target, e, Months(s, e), target, got, within)
				}
				past := e.After(deadline)
				if got := s.Before(StartedBefore(e, target)); got != past {
					t.Fatalf("start %s target %d on %s: StartedBefore %s says past=%v, deadline %s says %v", s, target, e, StartedBefore(e, target), got, deadline, past)
				}
			}
		}
	}
}
