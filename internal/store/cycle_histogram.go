package store

import (
	"context"
	"fmt"
	"strings"

	"stdreg/internal/standard"
)

// CycleHistogram counts the cycles that ended in q's window by whole
// months, rounded up, fewest months first: the distribution the dashboard
// draws against the target (standard.MonthCount). It selects the cycles as
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
	// Whole months, rounded up, so that a cycle of exactly the target (15.0
	// months: within it) shares its bar with the others within, never with
	// those past it. SQLite's CAST truncates (the months are never
	// negative), so one is added where that dropped a fraction; PostgreSQL
	// has ceil.
	bucket := "(CAST(x.m AS INTEGER) + (CASE WHEN x.m > CAST(x.m AS INTEGER) THEN 1 ELSE 0 END))"
	if s.dialect.name() == "postgres" {
		bucket = "CAST(ceil(x.m) AS integer)"
	}
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
