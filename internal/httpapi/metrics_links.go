package httpapi

import (
	"strconv"
	"strings"

	"stdreg/internal/region"
	"stdreg/internal/standard"
)

// toDraftingCycleResponse is the figures of q with, for the whole set and
// each group, the list of the standards behind them.
func toDraftingCycleResponse(q standard.CycleQuery, all standard.CycleStats, groups []standard.CycleStats) DraftingCycleResponse {
	out := DraftingCycleResponse{
		From: optional(q.From.String()), To: q.To.String(),
		Standards: listURL(behind(q, nil)), CycleFigures: toCycleFigures(all),
	}
	if len(q.GroupBy) == 0 {
		return out
	}
	out.Groups = make([]CycleGroupFigures, len(groups))
	for i, g := range groups {
		parts := make([]GroupPart, len(g.Keys))
		for j, key := range g.Keys {
			parts[j] = GroupPart{GroupBy: string(q.GroupBy[j]), Key: key, Name: g.Names[j]}
		}
		out.Groups[i] = CycleGroupFigures{
			Key: strings.Join(g.Keys, ","), Name: strings.Join(g.Names, " "), By: parts,
			Standards:    listURL(behind(q, g.Keys)),
			CycleFigures: toCycleFigures(g),
		}
	}
	return out
}

// behind is the list filter that selects the standards behind the figures
// of q, or of its group whose keys are given: q's filter, the cycles
// ended in q's window (and in the filter's own cycle window), and the
// group's keys — its year as the cycle window, the others as filters of
// their own (none for a group without an organization or a region).
func behind(q standard.CycleQuery, keys []string) standard.Filter {
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
			return standard.None
		}
		return key
	}
	for i, key := range keys {
		switch q.GroupBy[i] {
		case standard.GroupYear:
			year, _ := strconv.Atoi(key)
			if first := (standard.Date{Year: year, Month: 1, Day: 1}); from.Before(first) {
				from = first
			}
			if last := (standard.Date{Year: year, Month: 12, Day: 31}); last.Before(to) {
				to = last
			}
		case standard.GroupKind:
			f.Kind = standard.Kind(key)
		case standard.GroupOrganization:
			f.OrganizationID = orNone(key)
		case standard.GroupRegion:
			f.Region = orNone(key)
		case standard.GroupCity:
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
