package httpapi

import (
	"net/url"
	"strconv"
	"strings"

	"stdreg/internal/region"
	"stdreg/internal/standard"
)

// toDraftingCycleResponse is the figures of q with, for the whole set and
// each group, the list of the standards behind them.
func toDraftingCycleResponse(params url.Values, q standard.CycleQuery, all standard.CycleStats, groups []standard.CycleStats) DraftingCycleResponse {
	out := DraftingCycleResponse{
		From: optional(q.From.String()), To: q.To.String(),
		Standards: cycleLink(params, q.From, q.To, nil, nil), CycleFigures: toCycleFigures(all),
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
			Standards:    cycleLink(params, q.From, q.To, q.GroupBy, g.Keys),
			CycleFigures: toCycleFigures(g),
		}
	}
	return out
}

// cycleLink is the list URL that selects the standards whose cycle ended
// from..to and that the request's list filters select, narrowed to the
// group whose keys are given: the group's year becomes the cycle window,
// its other keys filters of their own (none for a group without an
// organization or a region).
func cycleLink(params url.Values, from, to standard.Date, by []standard.CycleGroup, keys []string) string {
	v := url.Values{}
	for _, name := range listFilterParams {
		if x := params.Get(name); x != "" {
			v.Set(name, x)
		}
	}
	orNone := func(key string) string {
		if key == "" {
			return standard.None
		}
		return key
	}
	for i, g := range by {
		key := keys[i]
		switch g {
		case standard.GroupYear:
			year, _ := strconv.Atoi(key)
			if first := (standard.Date{Year: year, Month: 1, Day: 1}); from.Before(first) {
				from = first
			}
			if last := (standard.Date{Year: year, Month: 12, Day: 31}); last.Before(to) {
				to = last
			}
		case standard.GroupKind:
			v.Set("kind", key)
		case standard.GroupOrganization:
			v.Set("organization_id", orNone(key))
		case standard.GroupRegion:
			v.Set("region", orNone(key))
		case standard.GroupCity:
			if region.IsBelowProvince(key) {
				v.Set("city", key)
			} else { // the province, a code outside Zhejiang, or none: its own
				v.Set("region", orNone(key))
			}
		}
	}
	if !from.IsZero() {
		v.Set("cycle_ended_from", from.String())
	}
	v.Set("cycle_ended_to", to.String())
	return "/api/v1/standards?" + v.Encode()
}
