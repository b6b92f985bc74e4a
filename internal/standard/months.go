package standard

import "time"

// daysIn is the number of days of a month.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// AddMonths moves d by n calendar months. A day that does not exist in the
// target month, such as 31 February, becomes that month's last day
// (2024-01-31 + 1 month = 2024-02-29), as docs/domain.md counts targets.
func AddMonths(d Date, n int) Date {
	total := d.Year*12 + int(d.Month) - 1 + n
	year, month := total/12, time.Month(total%12+1)
	return Date{Year: year, Month: month, Day: min(d.Day, daysIn(year, month))}
}

// DaysBetween is the number of days from a to b (negative when b is earlier).
func DaysBetween(a, b Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// Months is the time from start to end in calendar months, as docs/domain.md
// measures the drafting cycle: the whole calendar months elapsed (the most
// m with AddMonths(start, m) on or before end), plus the days left over
// divided by the length of the next calendar month from that point (the
// days from AddMonths(start, m) to AddMonths(start, m+1)). It is 0 when end
// is not after start.
//
// Within a target of T months (end on or before AddMonths(start, T)) is
// exactly Months(start, end) <= T, which lets the database decide it from
// the stored figure.
func Months(start, end Date) float64 {
	if !end.After(start) {
		return 0
	}
	m := (end.Year-start.Year)*12 + int(end.Month) - int(start.Month)
	for m > 0 && AddMonths(start, m).After(end) {
		m--
	}
	anchor, next := AddMonths(start, m), AddMonths(start, m+1)
	return float64(m) + float64(DaysBetween(anchor, end))/float64(DaysBetween(anchor, next))
}

// Deadline is the last day a cycle that started on start may end and stay
// within target months.
func Deadline(start Date, target int) Date { return AddMonths(start, target) }

// StartedBefore is the first start day whose deadline is on or after day:
// a cycle is past its target on day exactly when it started before
// StartedBefore(day, target). The database uses it as a plain range
// condition on the start day. Because AddMonths clamps to month ends, the
// answer is day moved back by target months when that day exists, and the
// first of the following month when it does not (every start day of the
// short month then has a deadline before day).
func StartedBefore(day Date, target int) Date {
	back := AddMonths(day, -target)
	if back.Day == day.Day {
		return back
	}
	return AddMonths(Date{Year: back.Year, Month: back.Month, Day: 1}, 1)
}
