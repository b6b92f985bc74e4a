package store

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// cycleSQL spells the cycle rules out as SQL over a standards row: the
// cycle's months, the day it ended and its target. Kinds and natures are
// closed enumerations, so they are written as literals.
type cycleSQL struct {
	months, ended, target string
}

// cycleExpressions writes the rules of the kinds in scope (one kind when the
// query names one). When every kind and nature in scope ends its cycle with
// publication under the same target — local standards, the plan's measure —
// the expressions are plain columns and a constant, so the partial index on
// finished cycles answers the query alone.
func cycleExpressions(rules standard.CycleRules, kind standard.Kind) cycleSQL {
	var approval []string
	targets := map[int][]string{}
	rules.Each(func(k standard.Kind, n standard.Nature, rule standard.CycleRule) {
		if kind != "" && k != kind {
			return
		}
		cond := fmt.Sprintf("(kind = '%s' AND nature = '%s')", k, n)
		if rule.EndsWith == standard.EndsWithApproval {
			approval = append(approval, cond)
		}
		targets[rule.TargetMonths] = append(targets[rule.TargetMonths], cond)
	})
	c := cycleSQL{months: "months_to_publication", ended: "published_on", target: "0"}
	if len(approval) > 0 {
		cond := strings.Join(approval, " OR ")
		c.months = "CASE WHEN " + cond + " THEN COALESCE(months_to_approval, months_to_publication) ELSE months_to_publication END"
		c.ended = "CASE WHEN " + cond + " THEN COALESCE(submitted_on, published_on) ELSE published_on END"
	}
	switch {
	case len(targets) == 1:
		for months := range targets {
			c.target = fmt.Sprint(months)
		}
	default:
		// In a fixed order, so the statement's text is the same every time.
		months := slices.Sorted(maps.Keys(targets))
		var b strings.Builder
		b.WriteString("CASE")
		for _, m := range months {
			if m > 0 {
				fmt.Fprintf(&b, " WHEN %s THEN %d", strings.Join(targets[m], " OR "), m)
			}
		}
		b.WriteString(" ELSE 0 END")
		c.target = b.String()
	}
	return c
}

// groupKey is the SQL of a grouping over the cycles subquery x.
func (s *Store) groupKey(g standard.CycleGroup) string {
	switch g {
	case standard.GroupYear:
		return s.dialect.yearOf("x.ended")
	case standard.GroupKind:
		return "x.kind"
	case standard.GroupOrganization:
		return "COALESCE(" + s.dialect.text("x.organization_id") + ", '')"
	case standard.GroupRegion:
		return "x.region"
	}
	return "''"
}

// statsRow is what the aggregate query answers for one group.
type statsRow struct {
	Key        string
	N          int
	Mean       *float64
	Median     *float64 // PostgreSQL's percentile_cont
	P90        *float64
	Lo50, Hi50 *float64 // SQLite's neighbours of the ranks, interpolated in Go
	Lo90, Hi90 *float64
	Within     *float64
	TMin, TMax int
}

// DraftingCycle computes the figures of the cycles that ended in the window
// in the database: one aggregate over the finished cycles' stored months,
// the whole set first, then one row per group when asked.
func (s *Store) DraftingCycle(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error) {
	all, err := s.cycleStats(ctx, q, standard.GroupNone)
	if err != nil || len(all) == 0 {
		return standard.CycleStats{}, nil, err
	}
	if q.GroupBy == standard.GroupNone {
		return all[0], nil, nil
	}
	groups, err := s.cycleStats(ctx, q, q.GroupBy)
	return all[0], groups, err
}

func (s *Store) cycleStats(ctx context.Context, q standard.CycleQuery, g standard.CycleGroup) ([]standard.CycleStats, error) {
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
	key := s.groupKey(g)
	var rows []statsRow
	var err error
	if s.dialect.name() == "postgres" {
		query := db.Table("(?) AS x", inner).Where(strings.Join(window, " AND "), args...).
			Select(key + ` AS key, count(*) AS n, avg(x.m) AS mean,
				percentile_cont(0.5) WITHIN GROUP (ORDER BY x.m) AS median,
				percentile_cont(0.9) WITHIN GROUP (ORDER BY x.m) AS p90,
				avg(CASE WHEN x.target > 0 THEN CASE WHEN x.m <= x.target THEN 1.0 ELSE 0.0 END END) AS within,
				COALESCE(min(x.target), 0) AS t_min, COALESCE(max(x.target), 0) AS t_max`)
		if g != standard.GroupNone { // PostgreSQL refuses to group by a constant
			query = query.Group(key).Order(key)
		}
		err = query.Scan(&rows).Error
	} else {
		// SQLite has no percentile aggregate: rank the cycles in each group
		// with window functions and keep the two neighbours of each rank.
		ranked := db.Table("(?) AS x", inner).Where(strings.Join(window, " AND "), args...).
			Select(key + ` AS key, x.m AS m, x.target AS target,
				row_number() OVER (PARTITION BY ` + key + ` ORDER BY x.m) - 1 AS i,
				count(*) OVER (PARTITION BY ` + key + `) AS cnt`)
		err = db.Table("(?) AS r", ranked).
			Select(`r.key AS key, count(*) AS n, avg(r.m) AS mean,
				max(CASE WHEN r.i = CAST((r.cnt - 1) * 0.5 AS INTEGER) THEN r.m END) AS lo50,
				max(CASE WHEN r.i = CAST((r.cnt - 1) * 0.5 AS INTEGER) + 1 THEN r.m END) AS hi50,
				max(CASE WHEN r.i = CAST((r.cnt - 1) * 0.9 AS INTEGER) THEN r.m END) AS lo90,
				max(CASE WHEN r.i = CAST((r.cnt - 1) * 0.9 AS INTEGER) + 1 THEN r.m END) AS hi90,
				avg(CASE WHEN r.target > 0 THEN CASE WHEN r.m <= r.target THEN 1.0 ELSE 0.0 END END) AS within,
				COALESCE(min(r.target), 0) AS t_min, COALESCE(max(r.target), 0) AS t_max`).
			Group("r.key").Order("r.key").Scan(&rows).Error
	}
	if err != nil {
		return nil, fmt.Errorf("drafting cycle figures: %w", err)
	}
	if g == standard.GroupNone && len(rows) == 0 {
		rows = []statsRow{{}}
	}
	out := make([]standard.CycleStats, len(rows))
	for i, r := range rows {
		out[i] = toCycleStats(r)
	}
	return out, nil
}

func toCycleStats(r statsRow) standard.CycleStats {
	st := standard.CycleStats{Key: r.Key, Count: r.N, WithinShare: r.Within}
	if r.TMin == r.TMax {
		st.TargetMonths = r.TMin
	}
	if r.N == 0 {
		return st
	}
	st.Mean = deref64(r.Mean)
	st.Median, st.P90 = deref64(r.Median), deref64(r.P90)
	if r.Median == nil { // SQLite: interpolate between the neighbours
		st.Median = interpolate(r.N, 0.5, r.Lo50, r.Hi50)
		st.P90 = interpolate(r.N, 0.9, r.Lo90, r.Hi90)
	}
	return st
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

func deref64(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// runningStages are the stages of a draft whose cycle runs.
var runningStages = []string{string(standard.StageDrafting), string(standard.StageConsultation), string(standard.StageReview), string(standard.StageApproval)}

// Overdue lists the running drafts past their target on the day asked (or
// within the days asked), oldest start first. For each rule with a target,
// "past it" is a range on the start day (standard.StartedBefore), which
// the partial index on running drafts serves.
func (s *Store) Overdue(ctx context.Context, q standard.OverdueQuery) (standard.Page[standard.Overdue], error) {
	db := s.db.WithContext(ctx)
	by := standard.AddDays(q.AsOf, q.WithinDays)
	var conds []string
	var args []any
	q.Rules.Each(func(k standard.Kind, n standard.Nature, rule standard.CycleRule) {
		if rule.TargetMonths == 0 {
			return
		}
		cond := "(kind = ? AND nature = ? AND approved_on < ?"
		if rule.EndsWith == standard.EndsWithApproval {
			cond += " AND stage <> 'approval'" // submitted: this cycle has ended
		}
		conds = append(conds, cond+")")
		args = append(args, string(k), string(n), dateArg(standard.StartedBefore(by, rule.TargetMonths)))
	})
	var page standard.Page[standard.Overdue]
	if len(conds) == 0 {
		page.Items = []standard.Overdue{}
		return page, nil
	}
	query := s.filterStandards(db.Model(&standardRow{}), q.Filter).
		Where("stage IN ?", runningStages).
		Where("approved_on IS NOT NULL").
		Where("("+strings.Join(conds, " OR ")+")", args...)
	rows, next, err := fetchKeysetPage(query, "approved_on", false, q.After, q.Limit, func(r standardRow) *standard.Cursor {
		return cursorOf(r, standard.SortApprovedOn)
	})
	if err != nil {
		return page, fmt.Errorf("overdue drafts: %w", err)
	}
	page.Next = next
	items, err := toStandards(rows)
	if err != nil {
		return page, fmt.Errorf("overdue drafts: %w", err)
	}
	page.Items = make([]standard.Overdue, len(items))
	for i, st := range items {
		rule := q.Rules.For(st.Kind, st.Nature)
		page.Items[i] = standard.Overdue{Standard: st, TargetMonths: rule.TargetMonths, EndsWith: rule.EndsWith}
	}
	return page, nil
}

// PlanCounts counts what the plan's indicators need, over the plan period
// from..to, of the records visible shows.
func (s *Store) PlanCounts(ctx context.Context, from, to standard.Date, visible standard.Visibility) (standard.PlanCounts, error) {
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
