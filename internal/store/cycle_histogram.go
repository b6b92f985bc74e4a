package store

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"stdreg/internal/standard"
)

// CycleHistogram counts the cycles that ended in q's window by whole
// months (rounded down), fewest months first: the distribution the
// dashboard draws against the target. It selects and counts the cycles as
// DraftingCycle does (q.GroupBy is ignored).
func (s *Store) CycleHistogram(ctx context.Context, q standard.CycleQuery) ([]standard.MonthCount, error) {
	counts, err := s.cycleCounts(ctx, standard.CycleQuery{Filter: q.Filter, From: q.From, To: q.To, Rules: q.Rules})
	if err != nil {
		return nil, fmt.Errorf("drafting cycle histogram: %w", err)
	}
	byMonths := map[int]int{}
	for _, g := range counts {
		for _, c := range g.counts {
			byMonths[int(math.Floor(c.M))] += c.N
		}
	}
	out := make([]standard.MonthCount, 0, len(byMonths))
	for _, m := range slices.Sorted(maps.Keys(byMonths)) {
		out = append(out, standard.MonthCount{Months: m, Count: byMonths[m]})
	}
	return out, nil
}
