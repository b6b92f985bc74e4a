package store

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// cycleFigures are the figures of one group's cycles, as the dialect's
// query answers them (cycleFigures of dialect).
type cycleFigures struct {
	Key                       string
	N                         int
	Mean, Median, P90, Within *float64
	TMin, TMax                int
}

// DraftingCycleReference is the drafting-cycle figures as the store
// computed them before cycleCounts, kept for the tests that compare the two:
// one aggregate over the rules spelt out per row (cycleExpressions), the
// whole set first, then one row per group.
func (s *Store) DraftingCycleReference(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error) {
	all, err := s.cycleStatsReference(ctx, q, nil)
	if err != nil || len(all) == 0 {
		return standard.CycleStats{}, nil, err
	}
	if len(q.GroupBy) == 0 {
		return all[0], nil, nil
	}
	groups, err := s.cycleStatsReference(ctx, q, q.GroupBy)
	return all[0], groups, err
}

func (s *Store) cycleStatsReference(ctx context.Context, q standard.CycleQuery, g []standard.CycleGroup) ([]standard.CycleStats, error) {
	c := cycleExpressions(q.Rules, q.Filter.Kind)
	db := s.db.WithContext(ctx)
	inner := s.filterStandards(db.Model(&standardRow{}), q.Filter).
		Select(c.months + " AS m, " + c.ended + " AS ended, " + c.target + " AS target, kind, organization_id, region")
	window := []string{"x.m IS NOT NULL"}
	var args []any
	if !q.From.IsZero() {
		window, args = append(window, "x.ended >= ?"), append(args, dateArg(q.From))
	}
	if !q.To.IsZero() {
		window, args = append(window, "x.ended <= ?"), append(args, dateArg(q.To))
	}
	cycles := db.Table("(?) AS x", inner).Where(strings.Join(window, " AND "), args...)
	figures := postgresCycleFigures
	if s.dialect.name() != "postgres" {
		figures = sqliteCycleFigures
	}
	rows, err := figures(cycles, s.groupKeys(g), len(g) > 0)
	if err != nil {
		return nil, fmt.Errorf("drafting cycle figures: %w", err)
	}
	if len(g) == 0 && len(rows) == 0 {
		rows = []cycleFigures{{}}
	}
	out := make([]standard.CycleStats, len(rows))
	for i, r := range rows {
		out[i] = toCycleStats(r)
		if len(g) > 0 {
			out[i].Keys = strings.Split(r.Key, groupSeparator)
		}
	}
	return out, nil
}

func toCycleStats(r cycleFigures) standard.CycleStats {
	st := standard.CycleStats{Count: r.N, WithinShare: r.Within}
	if r.TMin == r.TMax {
		st.TargetMonths = r.TMin
	}
	if r.N == 0 {
		return st
	}
	st.Mean, st.Median, st.P90 = deref64(r.Mean), deref64(r.Median), deref64(r.P90)
	return st
}

func deref64(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// cycleFigures asks percentile_cont for the median and the 90th
// percentile. Without groups it answers a row even for no cycles.
func postgresCycleFigures(cycles *gorm.DB, key string, grouped bool) ([]cycleFigures, error) {
	query := cycles.Select(key + ` AS key, count(*) AS n, avg(x.m) AS mean,
		percentile_cont(0.5) WITHIN GROUP (ORDER BY x.m) AS median,
		percentile_cont(0.9) WITHIN GROUP (ORDER BY x.m) AS p90,
		avg(CASE WHEN x.target > 0 THEN CASE WHEN x.m <= x.target THEN 1.0 ELSE 0.0 END END) AS within,
		COALESCE(min(x.target), 0) AS t_min, COALESCE(max(x.target), 0) AS t_max`)
	if grouped { // PostgreSQL refuses to group by a constant
		query = query.Group(key).Order(key)
	}
	var rows []cycleFigures
	err := query.Scan(&rows).Error
	return rows, err
}

// cycleFigures ranks the cycles in each group with window functions, as
// SQLite has no percentile aggregate, and keeps the two neighbours of the
// median's and the 90th percentile's ranks, which interpolate interpolates
// between as PERCENTILE_CONT does.
func sqliteCycleFigures(cycles *gorm.DB, key string, _ bool) ([]cycleFigures, error) {
	ranked := cycles.Select(key + ` AS key, x.m AS m, x.target AS target,
		row_number() OVER (PARTITION BY ` + key + ` ORDER BY x.m) - 1 AS i,
		count(*) OVER (PARTITION BY ` + key + `) AS cnt`)
	var rows []struct {
		Key                    string
		N                      int
		Mean, Within           *float64
		Lo50, Hi50, Lo90, Hi90 *float64 // the neighbours of the ranks
		TMin, TMax             int
	}
	outer := cycles.Session(&gorm.Session{NewDB: true}) // a query of its own, around ranked
	err := outer.Table("(?) AS r", ranked).
		Select(`r.key AS key, count(*) AS n, avg(r.m) AS mean,
			max(CASE WHEN r.i = CAST((r.cnt - 1) * 0.5 AS INTEGER) THEN r.m END) AS lo50,
			max(CASE WHEN r.i = CAST((r.cnt - 1) * 0.5 AS INTEGER) + 1 THEN r.m END) AS hi50,
			max(CASE WHEN r.i = CAST((r.cnt - 1) * 0.9 AS INTEGER) THEN r.m END) AS lo90,
			max(CASE WHEN r.i = CAST((r.cnt - 1) * 0.9 AS INTEGER) + 1 THEN r.m END) AS hi90,
			avg(CASE WHEN r.target > 0 THEN CASE WHEN r.m <= r.target THEN 1.0 ELSE 0.0 END END) AS within,
			COALESCE(min(r.target), 0) AS t_min, COALESCE(max(r.target), 0) AS t_max`).
		Group("r.key").Order("r.key").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]cycleFigures, len(rows))
	for i, r := range rows {
		median, p90 := interpolate(r.N, 0.5, r.Lo50, r.Hi50), interpolate(r.N, 0.9, r.Lo90, r.Hi90)
		out[i] = cycleFigures{Key: r.Key, N: r.N, Mean: r.Mean, Median: &median, P90: &p90, Within: r.Within, TMin: r.TMin, TMax: r.TMax}
	}
	return out, nil
}

// interpolate is PERCENTILE_CONT from the values at ranks floor((n-1)p) and
// the one after.
func interpolate(n int, p float64, lo, hi *float64) float64 {
	pos := float64(n-1) * p
	frac := pos - math.Floor(pos)
	if hi == nil || frac == 0 {
		return deref64(lo)
	}
	return *lo + frac*(*hi-*lo)
}

// PlanCountsReference is PlanCounts as the store counted before the
// indexes of migration 00043, for the tests that compare the two: what the
// plan's indicators need, over the plan period from..to, of the records
// visible shows.
func (s *Store) PlanCountsReference(ctx context.Context, from, to standard.Date, visible standard.Visibility) (standard.PlanCounts, error) {
	db := s.db.WithContext(ctx)
	var c standard.PlanCounts
	count := func(into *int, q *gorm.DB) error {
		var n int64
		if err := q.Count(&n).Error; err != nil {
			return err
		}
		*into = int(n)
		return nil
	}
	standards := func() *gorm.DB {
		return s.filterStandards(db.Model(&standardRow{}), standard.Filter{Visible: visible})
	}
	published := func() *gorm.DB {
		return standards().Where("published_on >= ? AND published_on <= ?", dateArg(from), dateArg(to))
	}
	// Designations granted in the period's years: a standard has one of
	// each type, so this counts the standards the list selects with
	// designation and designated_from/to, read from the designations
	// alone.
	designated := func(t standard.DesignationType) *gorm.DB {
		q := db.Model(&designationRow{}).Where("type = ? AND year >= ? AND year <= ?", string(t), from.Year, to.Year)
		if !visible.AllDrafts { // a draft may carry a designation
			q = q.Where("standard_id IN (?)", standards().Select("id"))
		}
		return q
	}
	for _, q := range []struct {
		into  *int
		query *gorm.DB
	}{
		{&c.NationalLed, published().Where("kind = ? AND zhejiang_role = ?", string(standard.KindNational), string(standard.RoleLead))},
		{&c.International, published().Where("kind = ? AND zhejiang_role IN ?", string(standard.KindInternational), []string{string(standard.RoleLead), string(standard.RoleParticipant)})},
		{&c.ZhejiangStandard, designated(standard.DesignationZhejiangStandard)},
		{&c.Forerunner, designated(standard.DesignationForerunner)},
		{&c.MadeInZhejiang, standards().Where("published_on <= ?", dateArg(to)).
			Where("EXISTS (SELECT 1 FROM standard_designations d WHERE d.standard_id = standards.id AND d.type = ?)", string(standard.DesignationMadeInZhejiang))},
	} {
		if err := count(q.into, q.query); err != nil {
			return standard.PlanCounts{}, fmt.Errorf("plan counts: %w", err)
		}
	}
	return c, nil
}
