package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/paging"
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
	case standard.GroupCity:
		return cityOf("x.region")
	}
	return "''"
}

// cityOf is region.CityOf in SQL: a Zhejiang code below the province
// names its city in its first four digits; any other is its own city.
func cityOf(region string) string {
	return "CASE WHEN " + region + " LIKE '33____' AND " + region + " NOT LIKE '3300%' THEN substr(" + region + ", 1, 4) || '00' ELSE " + region + " END"
}

// groupSeparator joins the keys of two groupings into one SQL key; no key
// (a year, kind, uuid or division code) holds it.
const groupSeparator = "|"

// groupKeys is the SQL of one or two groupings as one key.
func (s *Store) groupKeys(groups []standard.CycleGroup) string {
	if len(groups) == 0 {
		return "''"
	}
	keys := make([]string, len(groups))
	for i, g := range groups {
		keys[i] = s.groupKey(g)
	}
	return strings.Join(keys, " || '"+groupSeparator+"' || ")
}

// cycleFigures are the figures of one group's cycles, as the dialect's
// query answers them (cycleFigures of dialect).
type cycleFigures struct {
	Key                       string
	N                         int
	Mean, Median, P90, Within *float64
	TMin, TMax                int
}

// DraftingCycle computes the figures of the cycles that ended in the window
// in the database: one aggregate over the finished cycles' stored months,
// the whole set first, then one row per group when asked.
func (s *Store) DraftingCycle(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error) {
	all, err := s.cycleStats(ctx, q, nil)
	if err != nil || len(all) == 0 {
		return standard.CycleStats{}, nil, err
	}
	if len(q.GroupBy) == 0 {
		return all[0], nil, nil
	}
	groups, err := s.cycleStats(ctx, q, q.GroupBy)
	return all[0], groups, err
}

func (s *Store) cycleStats(ctx context.Context, q standard.CycleQuery, g []standard.CycleGroup) ([]standard.CycleStats, error) {
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
	rows, err := s.dialect.cycleFigures(cycles, s.groupKeys(g), len(g) > 0)
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

// runningStages are the stages of a draft whose cycle runs.
var runningStages = []string{string(standard.StageDrafting), string(standard.StageConsultation), string(standard.StageReview), string(standard.StageApproval)}

// Overdue lists the running drafts past their target on the day asked (or
// within the days asked), oldest start first. For each rule with a target,
// "past it" is a range on the start day (standard.StartedBefore), which
// the partial index on running drafts serves.
func (s *Store) Overdue(ctx context.Context, q standard.OverdueQuery) (paging.Page[standard.Overdue], error) {
	var page paging.Page[standard.Overdue]
	query, ok := s.overdueDrafts(s.db.WithContext(ctx), q)
	if !ok {
		page.Items = []standard.Overdue{}
		return page, nil
	}
	rows, next, err := fetchKeysetPage(query, "approved_on", false, q.After, q.Limit, func(r standardRow) *paging.Cursor {
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

// overdueDrafts selects the drafts Overdue lists; false when no rule has a
// target, so none can be overdue.
func (s *Store) overdueDrafts(db *gorm.DB, q standard.OverdueQuery) (*gorm.DB, bool) {
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
	if len(conds) == 0 {
		return nil, false
	}
	return s.filterStandards(db.Model(&standardRow{}), q.Filter).
		Where("stage IN ?", runningStages).
		Where("approved_on IS NOT NULL").
		Where("("+strings.Join(conds, " OR ")+")", args...), true
}

// overdueRow is what a download of the overdue drafts shows of each: the
// few columns it needs, and its organization's name read in the same
// statement.
type overdueRow struct {
	ID               string
	Code             *string
	TitleZH          string `gorm:"column:title_zh"`
	Kind             string
	Nature           string
	Stage            string
	OrganizationID   *string
	OrganizationName *string
	Region           string
	ApprovedOn       dbDate
}

// ExportOverdue calls each with every draft Overdue would list, in its
// order (q.After and q.Limit are ignored), with the name of its
// organization (Standard.OrganizationName) and only the fields a list of
// late drafts shows. It is one statement whose rows are read as they arrive,
// the names looked up by the database alongside (by primary key): no
// pages, no second query, memory flat however many drafts are late.
func (s *Store) ExportOverdue(ctx context.Context, q standard.OverdueQuery, each func(standard.Overdue) error) error {
	query, ok := s.overdueDrafts(s.db.WithContext(ctx), q)
	if !ok {
		return nil
	}
	rows, err := query.Select("id, code, title_zh, kind, nature, stage, organization_id, region, approved_on, " +
		"(SELECT o.name FROM organizations o WHERE o.id = standards.organization_id) AS organization_name").
		Order("approved_on ASC").Order("id ASC").Rows()
	if err != nil {
		return fmt.Errorf("export overdue drafts: %w", err)
	}
	defer rows.Close()
	var r overdueRow
	dest := []any{&r.ID, &r.Code, &r.TitleZH, &r.Kind, &r.Nature, &r.Stage, &r.OrganizationID, &r.Region, &r.ApprovedOn, &r.OrganizationName}
	for rows.Next() {
		r = overdueRow{}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("export overdue drafts: read row: %w", err)
		}
		st := standard.Standard{ID: r.ID, Code: deref(r.Code), TitleZH: r.TitleZH, Kind: standard.Kind(r.Kind), Nature: standard.Nature(r.Nature),
			Stage: standard.Stage(r.Stage), OrganizationID: deref(r.OrganizationID), OrganizationName: deref(r.OrganizationName),
			Region: r.Region, ApprovedOn: r.ApprovedOn.Date}
		rule := q.Rules.For(st.Kind, st.Nature)
		if err := each(standard.Overdue{Standard: st, TargetMonths: rule.TargetMonths, EndsWith: rule.EndsWith}); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export overdue drafts: %w", err)
	}
	return nil
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
