package store

import (
	"context"
	"fmt"
	"strings"

	"stdreg/internal/standard"
)

// CycleHistogram counts the cycles that ended in q's window by whole
// months, rounded up, fewest months first: the distribution the dashboard
// draws against the target (standard.MonthCount: rounded up, a cycle of
// exactly 15.0 months, within the target, shares its bar with the others
// within it, never with those past it). It selects the cycles as
// DraftingCycle does (q.GroupBy is ignored), and counts them in the
// database.
func (s *Store) CycleHistogram(ctx context.Context, q standard.CycleQuery) ([]standard.MonthCount, error) {
	c := cycleExpressions(q.Rules, q.Filter.Kind)
	db := s.db.WithContext(ctx)
	inner := s.filterStandards(db.Model(&standardRow{}), q.Filter).
		Select(c.months + " AS m, " + c.ended + " AS ended")
	window := []string{"x.m IS NOT NULL"}
	var args []any
	if !q.From.IsZero() {
		window, args = append(window, "x.ended >= ?"), append(args, dateArg(q.From))
	}
	if !q.To.IsZero() {
		window, args = append(window, "x.ended <= ?"), append(args, dateArg(q.To))
	}
	bucket := s.dialect.monthsRoundedUp("x.m")
	var rows []struct {
		Months int
		Count  int
	}
	err := db.Table("(?) AS x", inner).Where(strings.Join(window, " AND "), args...).
		Select(bucket + " AS months, COUNT(*) AS count").Group("months").Order("months").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("drafting cycle histogram: %w", err)
	}
	out := make([]standard.MonthCount, len(rows))
	for i, r := range rows {
		out[i] = standard.MonthCount{Months: r.Months, Count: r.Count}
	}
	return out, nil
}
