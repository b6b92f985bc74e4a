package httpapi

import (
	"strings"

	"stdreg/internal/standard"
)

// toDraftingCycleResponse is the figures of q with, for the whole set and
// each group, the list of the standards behind them.
func toDraftingCycleResponse(q standard.CycleQuery, all standard.CycleStats, groups []standard.CycleStats) DraftingCycleResponse {
	out := DraftingCycleResponse{
		From: optional(q.From.String()), To: q.To.String(),
		Standards: listURL(q.Behind(nil)), CycleFigures: toCycleFigures(all),
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
			Standards:    listURL(q.Behind(g.Keys)),
			CycleFigures: toCycleFigures(g),
		}
	}
	return out
}
