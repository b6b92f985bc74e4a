package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"math/big"
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

// groupBy is what the cycles subquery x is grouped by for one or two
// groupings, and their key as one text computed from those expressions
// alone (groupKeys' key): a uuid and a year's number compare cheaper than
// their text, per row of a sort of every finished cycle (the figures by
// organization of a million standards: backend CPU 1,600 ms grouped by
// the text, 720 ms by the uuid).
func (s *Store) groupBy(groups []standard.CycleGroup) (by, key string) {
	exprs := make([]string, len(groups))
	keys := make([]string, len(groups))
	for i, g := range groups {
		switch g {
		case standard.GroupYear:
			exprs[i], keys[i] = s.dialect.yearGroup("x.ended")
		case standard.GroupOrganization:
			exprs[i], keys[i] = "x.organization_id", s.groupKey(g)
		default:
			exprs[i], keys[i] = s.groupKey(g), s.groupKey(g)
		}
	}
	return strings.Join(exprs, ", "), strings.Join(keys, " || '"+groupSeparator+"' || ")
}

// DraftingCycle computes the figures of the cycles that ended in the window:
// the database counts the cycles of each group by their months (one pass,
// on the rows' stored months, without an expression of the rules per row),
// and the figures of the whole set and of each group are computed here
// from those counts (cycleFiguresOf), as PERCENTILE_CONT does. The figures
// of the whole registry or of a kind, whole or by kind, up to a day, read
// the counts the database keeps of every finished cycle instead
// (rollupCounts, on PostgreSQL).
func (s *Store) DraftingCycle(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error) {
	whole := q
	whole.GroupBy = nil
	var all standard.CycleStats
	var groups []standard.CycleStats
	var err error
	switch {
	case s.usesCycleMonths(q): // the whole set and its kinds from the kept counts
		all, groups, err = s.figuresFromCounts(ctx, q, s.rollupCounts)
	case s.usesCycleMonths(whole): // the whole set from them, the groups by percentile_cont
		if all, _, err = s.figuresFromCounts(ctx, whole, s.rollupCounts); err == nil {
			_, groups, err = s.sqlFigures(ctx, q, false)
		}
	case s.dialect.hasPercentileCont(): // the whole set and its groups in one pass
		all, groups, err = s.sqlFigures(ctx, q, true)
	default:
		all, groups, err = s.figuresFromCounts(ctx, q, s.cycleCounts)
	}
	if err != nil {
		return standard.CycleStats{}, nil, fmt.Errorf("drafting cycle figures: %w", err)
	}
	return all, groups, nil
}

// figuresFromCounts computes the figures of the whole set and of each
// group of q from the counts count gives.
func (s *Store) figuresFromCounts(ctx context.Context, q standard.CycleQuery, count func(context.Context, standard.CycleQuery) ([]groupCounts, error)) (standard.CycleStats, []standard.CycleStats, error) {
	counts, err := count(ctx, q)
	if err != nil {
		return standard.CycleStats{}, nil, err
	}
	var whole []monthCount
	var groups []standard.CycleStats
	for _, g := range counts {
		whole = append(whole, g.counts...)
		if len(q.GroupBy) > 0 {
			st := cycleFiguresOf(q.Rules, g.counts)
			st.Keys = strings.Split(g.key, groupSeparator)
			groups = append(groups, st)
		}
	}
	return cycleFiguresOf(q.Rules, whole), groups, nil
}

// sqlFigures asks PostgreSQL for the figures of each group of q and,
// when whole is set, of the whole set (even with no cycles), in the same
// pass over the cycles (GROUPING SETS): percentile_cont sorts each
// group's months, and each cycle's target is
// read once from its kind and nature (targetSQL), so that the group's
// targets and the cycles within them are four plain aggregates. (One
// count per target, each with its condition on kind and nature, took a
// fifth of the figures by organization of a million standards.)
func (s *Store) sqlFigures(ctx context.Context, q standard.CycleQuery, whole bool) (standard.CycleStats, []standard.CycleStats, error) {
	grouped := len(q.GroupBy) > 0
	columns := []string{"count(*) AS n", "avg(x.m) AS mean",
		"percentile_cont(0.5) WITHIN GROUP (ORDER BY x.m) AS median",
		"percentile_cont(0.9) WITHIN GROUP (ORDER BY x.m) AS p90",
		"min(x.t) AS tmin", "max(x.t) AS tmax",
		"count(*) FILTER (WHERE x.t > 0) AS targeted",
		"count(*) FILTER (WHERE x.t > 0 AND x.m <= x.t) AS within"}
	by, key := s.groupBy(q.GroupBy)
	if grouped {
		// The whole set's row first (GROUPING is not 0 on it), then the
		// groups by their key.
		columns = append([]string{"GROUPING(" + by + ") <> 0 AS whole", key + " AS key"}, columns...)
	}
	var all standard.CycleStats
	var groups []standard.CycleStats
	err := s.dialect.plannedRead(s.db.WithContext(ctx), func(tx *gorm.DB) error {
		from, args := s.cycleBranches(tx, q, targetSQL(ruleTargets(q.Rules, q.Filter.Kind))+" AS t")
		query := "SELECT " + strings.Join(columns, ", ") + " FROM " + from
		switch {
		case grouped && whole:
			query += " GROUP BY GROUPING SETS ((), (" + by + ")) ORDER BY whole DESC, key"
		case grouped:
			query += " GROUP BY " + by + " ORDER BY key"
		}
		rows, err := tx.Raw(query, args...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var st standard.CycleStats
			var isWhole bool
			var keyText *string
			var mean, median, p90 *float64
			var tmin, tmax *int
			var targeted, within int
			dest := []any{&st.Count, &mean, &median, &p90, &tmin, &tmax, &targeted, &within}
			if grouped {
				dest = append([]any{&isWhole, &keyText}, dest...)
			}
			if err := rows.Scan(dest...); err != nil {
				return rowsError(tx, err)
			}
			if grouped && !isWhole {
				st.Keys = strings.Split(deref(keyText), groupSeparator)
			}
			st.Mean, st.Median, st.P90 = orZero(mean), orZero(median), orZero(p90)
			if tmin != nil && tmax != nil && *tmin == *tmax { // every cycle has the same target
				st.TargetMonths = *tmin
			}
			if targeted > 0 {
				share := float64(within) / float64(targeted)
				st.WithinShare = &share
			}
			if grouped && !isWhole {
				groups = append(groups, st)
			} else {
				all = st
			}
		}
		return rowsError(tx, rows.Err())
	})
	return all, groups, err
}

// targetSQL is the target in months of a cycle's kind and nature, from
// ruleTargets' conditions: a constant when every kind and nature in scope
// has the same.
func targetSQL(targets map[int]string) string {
	months := slices.Sorted(maps.Keys(targets))
	if len(months) == 1 {
		return fmt.Sprint(months[0])
	}
	var b strings.Builder
	b.WriteString("CASE")
	for _, m := range months[:len(months)-1] {
		fmt.Fprintf(&b, " WHEN %s THEN %d", targets[m], m)
	}
	fmt.Fprintf(&b, " ELSE %d END", months[len(months)-1])
	return b.String()
}

func orZero(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// monthCount is how many cycles of a kind and nature lasted m months.
type monthCount struct {
	Kind, Nature string
	M            float64
	N            int
}

// groupCounts are one group's month counts.
type groupCounts struct {
	key    string
	counts []monthCount
}

// cycleBranch is how the cycles ending with one event are read from the
// rows: their months, their end and the rows that have one.
type cycleBranch struct {
	months, ended, has string
}

var (
	publicationBranch = cycleBranch{months: "months_to_publication", ended: "published_on", has: "months_to_publication IS NOT NULL"}
	approvalBranch    = cycleBranch{
		months: "COALESCE(months_to_approval, months_to_publication)",
		ended:  "COALESCE(submitted_on, published_on)",
		has:    "(months_to_approval IS NOT NULL OR months_to_publication IS NOT NULL)",
	}
)

// rulePairs splits the kinds and natures in scope (one kind when kind is
// set) by the event that ends their cycle, each as an SQL condition on
// kind and nature; "" when none ends with it.
func rulePairs(rules standard.CycleRules, kind standard.Kind) (publication, approval string) {
	by := splitPairs(rules, kind, func(rule standard.CycleRule) string { return string(rule.EndsWith) })
	return by[string(standard.EndsWithPublication)], by[string(standard.EndsWithApproval)]
}

// ruleTargets splits the kinds and natures in scope by their target in
// months, each as an SQL condition on kind and nature ("" for every pair
// in scope, when they all have the same target).
func ruleTargets(rules standard.CycleRules, kind standard.Kind) map[int]string {
	by := splitPairs(rules, kind, func(rule standard.CycleRule) string { return fmt.Sprint(rule.TargetMonths) })
	out := make(map[int]string, len(by))
	for t, cond := range by {
		var months int
		fmt.Sscan(t, &months)
		if len(by) == 1 {
			cond = ""
		}
		out[months] = cond
	}
	return out
}

// splitPairs splits the kinds and natures in scope by what of their rule
// split names, each part as an SQL condition on kind and nature: whole
// kinds by kind alone, the others by kind and nature.
func splitPairs(rules standard.CycleRules, kind standard.Kind, split func(standard.CycleRule) string) map[string]string {
	pairs := map[string]map[standard.Kind][]string{}
	natures := map[standard.Kind]int{}
	rules.Each(func(k standard.Kind, n standard.Nature, rule standard.CycleRule) {
		if kind != "" && k != kind {
			return
		}
		natures[k]++
		part := split(rule)
		if pairs[part] == nil {
			pairs[part] = map[standard.Kind][]string{}
		}
		pairs[part][k] = append(pairs[part][k], string(n))
	})
	out := make(map[string]string, len(pairs))
	for part, byKind := range pairs {
		var whole, parts []string
		for _, k := range standard.Kinds { // in a fixed order: the same text every time
			ns, ok := byKind[k]
			switch {
			case !ok:
			case len(ns) == natures[k]:
				whole = append(whole, "'"+string(k)+"'")
			default:
				parts = append(parts, fmt.Sprintf("(kind = '%s' AND nature IN ('%s'))", k, strings.Join(ns, "', '")))
			}
		}
		if len(whole) > 0 {
			parts = append([]string{"kind IN (" + strings.Join(whole, ", ") + ")"}, parts...)
		}
		out[part] = "(" + strings.Join(parts, " OR ") + ")"
	}
	return out
}

// cycleBranches is the FROM of the cycles that ended in q's window, as a
// table x of their months m, end, kind, nature, organization and region,
// and the columns extra adds (none when ""):
// each event that ends a cycle under the rules reads its own columns, so
// that the cycles come from the partial indexes on finished cycles alone.
func (s *Store) cycleBranches(tx *gorm.DB, q standard.CycleQuery, extra string) (string, []any) {
	if extra != "" {
		extra = ", " + extra
	}
	publication, approval := rulePairs(q.Rules, q.Filter.Kind)
	var branches []any
	var unions []string
	for _, b := range []struct {
		branch cycleBranch
		pairs  string
	}{{publicationBranch, publication}, {approvalBranch, approval}} {
		if b.pairs == "" {
			continue
		}
		sel := s.filterStandards(tx.Session(&gorm.Session{NewDB: true}).Model(&standardRow{}), q.Filter).
			Select(b.branch.months + " AS m, " + b.branch.ended + " AS ended, kind, nature, organization_id, region" + extra).
			Where(b.branch.has).Where(b.pairs).Where(kindsOf(b.pairs))
		if !q.From.IsZero() {
			sel = sel.Where(b.branch.ended+" >= ?", dateArg(q.From))
		}
		if !q.To.IsZero() {
			sel = sel.Where(b.branch.ended+" <= ?", dateArg(q.To))
		}
		branches, unions = append(branches, sel), append(unions, "?")
	}
	return "(" + strings.Join(unions, " UNION ALL ") + ") AS x", branches
}

// kindsOf is the kinds a condition of splitPairs names, as a condition of
// its own: the indexes on finished cycles lead with the kind, and an OR
// of kinds and natures leaves the planner no range of them to read, so it
// read the whole index (1.2 s for all kinds from 2021 to 2025).
func kindsOf(pairs string) string {
	var kinds []string
	for _, k := range standard.Kinds {
		if strings.Contains(pairs, "'"+string(k)+"'") {
			kinds = append(kinds, "'"+string(k)+"'")
		}
	}
	return "kind IN (" + strings.Join(kinds, ", ") + ")"
}

// cycleCounts counts the cycles that ended in q's window by group, kind,
// nature and months, the groups in the database's order of their keys.
func (s *Store) cycleCounts(ctx context.Context, q standard.CycleQuery) ([]groupCounts, error) {
	by, key := s.groupBy(q.GroupBy)
	columns := "x.kind AS kind, x.nature AS nature, x.m AS m, count(*) AS n"
	group := "x.kind, x.nature, x.m"
	if len(q.GroupBy) > 0 {
		columns, group = key+" AS key, "+columns, by+", "+group
	}
	var out []groupCounts
	err := s.dialect.plannedRead(s.db.WithContext(ctx), func(tx *gorm.DB) error {
		from, args := s.cycleBranches(tx, q, "")
		query := tx.Table(from, args...).Select(columns).Group(group)
		if len(q.GroupBy) > 0 {
			query = query.Order("key")
		}
		rows, err := query.Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var key string
			var c monthCount
			dest := []any{&c.Kind, &c.Nature, &c.M, &c.N}
			if len(q.GroupBy) > 0 {
				dest = append([]any{&key}, dest...)
			}
			if err := rows.Scan(dest...); err != nil {
				return rowsError(tx, err)
			}
			if len(out) == 0 || out[len(out)-1].key != key {
				out = append(out, groupCounts{key: key})
			}
			last := &out[len(out)-1]
			last.counts = append(last.counts, c)
		}
		return rowsError(tx, rows.Err())
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// cycleFiguresOf computes the figures of the cycles counted: the count,
// the mean (its sum exact, rounded once), PERCENTILE_CONT's median and
// 90th percentile, the share within target of the cycles with one, and
// the target when every cycle has the same.
func cycleFiguresOf(rules standard.CycleRules, counts []monthCount) standard.CycleStats {
	counts = slices.Clone(counts)
	slices.SortFunc(counts, func(a, b monthCount) int { return cmp.Compare(a.M, b.M) })
	var st standard.CycleStats
	// Exact: a float64 times a count of cycles, and their sum, fit in 256
	// bits for any months and count a registry holds.
	sum, term, n := new(big.Float).SetPrec(256), new(big.Float).SetPrec(256), new(big.Float).SetPrec(256)
	var targeted, within int
	targets := map[int]bool{}
	targetOf := map[[2]string]int{}
	for _, c := range counts {
		st.Count += c.N
		term.SetFloat64(c.M)
		n.SetInt64(int64(c.N))
		sum.Add(sum, term.Mul(term, n))
		pair := [2]string{c.Kind, c.Nature}
		target, ok := targetOf[pair]
		if !ok {
			target = rules.For(standard.Kind(c.Kind), standard.Nature(c.Nature)).TargetMonths
			targetOf[pair] = target
		}
		targets[target] = true
		if target > 0 {
			targeted += c.N
			if c.M <= float64(target) {
				within += c.N
			}
		}
	}
	if len(targets) == 1 {
		for m := range targets {
			st.TargetMonths = m
		}
	}
	if targeted > 0 {
		share := float64(within) / float64(targeted)
		st.WithinShare = &share
	}
	if st.Count == 0 {
		return st
	}
	st.Mean, _ = sum.Quo(sum, new(big.Float).SetInt64(int64(st.Count))).Float64()
	st.Median, st.P90 = percentileOf(counts, st.Count, 0.5), percentileOf(counts, st.Count, 0.9)
	return st
}

// percentileOf is PERCENTILE_CONT(p) of n values counted in ascending
// order: the value at rank floor((n-1)p), moved towards the next by the
// fraction, with PostgreSQL's arithmetic.
func percentileOf(sorted []monthCount, n int, p float64) float64 {
	pos := p * float64(n-1)
	first := int(math.Floor(pos))
	second := int(math.Ceil(pos))
	at := func(rank int) float64 {
		for _, c := range sorted {
			if rank < c.N {
				return c.M
			}
			rank -= c.N
		}
		return sorted[len(sorted)-1].M
	}
	lo := at(first)
	if second == first {
		return lo
	}
	hi := at(second)
	return lo + (hi-lo)*(pos-float64(first))
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
			return fmt.Errorf("export overdue drafts: read row: %w", rowsError(query, err))
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
		return fmt.Errorf("export overdue drafts: %w", rowsError(query, err))
	}
	return nil
}

// PlanCounts counts what the plan's indicators need, over the plan period
// from..to, of the records visible shows. Each count reads one index alone
// at a million standards (migration 00043): the role counts the index on
// kind, role and day with the stage beside it; the designations of a year
// those by type and year, less those of records the caller may not see
// (the partial index on private records); the made_in_zhejiang standards
// the partial index on the rows whose designation list names it.
func (s *Store) PlanCounts(ctx context.Context, from, to standard.Date, visible standard.Visibility) (standard.PlanCounts, error) {
	var c standard.PlanCounts
	err := s.dialect.plannedRead(s.db.WithContext(ctx), func(db *gorm.DB) error {
		count := func(into *int, q *gorm.DB) error {
			var n int64
			if err := q.Count(&n).Error; err != nil {
				return err
			}
			*into = int(n)
			return nil
		}
		standards := func() *gorm.DB {
			return s.filterStandards(db.Session(&gorm.Session{NewDB: true}).Model(&standardRow{}), standard.Filter{Visible: visible})
		}
		published := func() *gorm.DB {
			return standards().Where("published_on >= ? AND published_on <= ?", dateArg(from), dateArg(to))
		}
		// Designations granted in the period's years: a standard has one of
		// each type, so this counts the standards the list selects with
		// designation and designated_from/to, read from the designations
		// alone, less those of the records visible hides.
		designated := func(t standard.DesignationType) *gorm.DB {
			q := db.Session(&gorm.Session{NewDB: true}).Table("standard_designations AS d").
				Where("d.type = ? AND d.year >= ? AND d.year <= ?", string(t), from.Year, to.Year)
			if hidden, args := hiddenCondition(visible); hidden != "" { // a draft may carry a designation
				q = q.Where("NOT EXISTS (SELECT 1 FROM standards h WHERE h.id = d.standard_id AND "+hidden+")", args...)
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
			{&c.MadeInZhejiang, standards().Where("published_on <= ?", dateArg(to)).Where(madeInZhejiangRows)},
		} {
			if err := count(q.into, q.query); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return standard.PlanCounts{}, fmt.Errorf("plan counts: %w", err)
	}
	return c, nil
}

// madeInZhejiangRows keeps the standards whose designations (kept on the
// row as JSON, in step with standard_designations) include made_in_zhejiang;
// the partial index standards_made_in_zhejiang is on exactly these rows.
// (LIKE's _ matches any character: the designation types are a closed
// list, and no other type reads like this one.)
const madeInZhejiangRows = `designation_list LIKE '%"type":"made_in_zhejiang"%'`

// hiddenCondition is the condition on a standards row h that visible does
// not show (the opposite of filterStandards' visibility), "" when it shows
// every record. The private stages are written out, so that the planner
// matches the partial index on them (standards_private) whatever the
// statement's parameters.
func hiddenCondition(visible standard.Visibility) (string, []any) {
	private := "h.stage IN ('" + strings.Join(privateStages, "', '") + "')"
	switch {
	case visible.AllDrafts:
		return "", nil
	case visible.DraftsOf != "":
		return private + " AND (h.organization_id IS NULL OR h.organization_id <> ?)", []any{visible.DraftsOf}
	default:
		return private, nil
	}
}
