package standard

import (
	"strconv"

	"stdreg/internal/region"
)

// Behind is the list filter that selects the standards behind the figures
// of q, or of its group whose keys are given: q's filter, the cycles
// ended in q's window (and in the filter's own cycle window), and the
// group's keys — its year as the cycle window, the others as filters of
// their own (none for a group without an organization or a region).
func (q CycleQuery) Behind(keys []string) Filter {
	f := q.Filter
	from, to := q.From, q.To
	if from.Before(f.CycleEndedFrom) {
		from = f.CycleEndedFrom
	}
	if !f.CycleEndedTo.IsZero() && f.CycleEndedTo.Before(to) {
		to = f.CycleEndedTo
	}
	orNone := func(key string) string {
		if key == "" {
			return None
		}
		return key
	}
	for i, key := range keys {
		switch q.GroupBy[i] {
		case GroupYear:
			year, _ := strconv.Atoi(key)
			if first := (Date{Year: year, Month: 1, Day: 1}); from.Before(first) {
				from = first
			}
			if last := (Date{Year: year, Month: 12, Day: 31}); last.Before(to) {
				to = last
			}
		case GroupKind:
			f.Kind = Kind(key)
		case GroupOrganization:
			f.OrganizationID = orNone(key)
		case GroupRegion:
			f.Region = orNone(key)
		case GroupCity:
			if region.IsBelowProvince(key) {
				f.City = key
			} else { // the province, a code outside Zhejiang, or none: its own
				f.Region = orNone(key)
			}
		}
	}
	f.CycleEndedFrom, f.CycleEndedTo = from, to
	return f
}
