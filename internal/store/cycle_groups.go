package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// The months of the finished cycles by year and by organization
// (migration 00062, PostgreSQL): for each group, event that ends the
// cycle, kind and nature, the months of its cycles sorted and packed
// (cycle_groups), plus the changes the writers' statements added since
// they were last folded in (cycle_group_changes). With them the figures
// of the registry or of a kind grouped by year or by organization read
// about 20,000 rows of packed numbers, instead of sorting every finished
// cycle by its group (534,280 at a million standards: backend CPU
// 650–730 ms). The figures stay exact: every cycle's months are there.

// cycleGroupDims names the groupings cycle_groups keeps, and the column
// of cycle_group_changes that holds each one's key.
var cycleGroupDims = map[standard.CycleGroup]struct{ dim, column string }{
	standard.GroupYear:         {"year", "year"},
	standard.GroupOrganization: {"organization", "org"},
}

// countCycleGroups is cycle_groups made from every standard, as the
// migration first made it and recountCycleMonths makes it again.
const countCycleGroups = `INSERT INTO cycle_groups (dim, grp, ends, kind, nature, months)
SELECT g.dim, g.grp, e.ends, r.kind, r.nature, string_agg(float8send(e.months), ''::bytea ORDER BY e.months)
FROM standards r,
     LATERAL (VALUES ('published', r.months_to_publication, r.published_on),
                     ('approval', COALESCE(r.months_to_approval, r.months_to_publication), COALESCE(r.submitted_on, r.published_on))) AS e (ends, months, ended),
     LATERAL (VALUES ('year', COALESCE(to_char(e.ended, 'YYYY'), '')), ('organization', COALESCE(r.organization_id::text, ''))) AS g (dim, grp)
WHERE e.months IS NOT NULL
GROUP BY 1, 2, 3, 4, 5`

// cycleGroupsLock is the advisory lock of whoever folds cycle_group_changes.
const cycleGroupsLock = 0x5cc1f

// usesCycleGroups reports whether the figures of q may be read from
// cycle_groups: over what cycle_months answers whole (the registry or one
// kind, no other filter, the window open at its start), grouped by year,
// organization or kind alone, or not grouped.
func (s *Store) usesCycleGroups(q standard.CycleQuery) bool {
	if len(q.GroupBy) > 1 {
		return false
	}
	if len(q.GroupBy) == 1 && q.GroupBy[0] != standard.GroupKind {
		if _, ok := cycleGroupDims[q.GroupBy[0]]; !ok {
			return false
		}
	}
	whole := q
	whole.GroupBy = nil
	return s.usesCycleMonths(whole)
}

// keptGroup is a group's months in cycle_groups, by kind and nature.
type keptGroup struct {
	key   string
	pairs []keptPair
}

// pair is the group's months of kind and nature, added when missing.
func (g *keptGroup) pair(kind, nature string) *keptPair {
	for i := range g.pairs {
		if g.pairs[i].kind == kind && g.pairs[i].nature == nature {
			return &g.pairs[i]
		}
	}
	g.pairs = append(g.pairs, keptPair{kind: kind, nature: nature})
	return &g.pairs[len(g.pairs)-1]
}

// keptKey is one row of cycle_groups within a grouping.
type keptKey struct{ grp, kind, nature string }

// keptFigures computes the figures of the whole set and of each group of
// q (usesCycleGroups) from cycle_groups: every cycle kept, plus the
// changes not folded in yet, less those that ended after q.To (or on no
// recorded day), which the indexes on finished cycles find by their end.
// The groups come in the order of their keys. Without a grouping, and
// by kind, the months kept by year are read (the fewest rows).
func (s *Store) keptFigures(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error) {
	by := standard.GroupYear // the grouping read
	if len(q.GroupBy) == 1 && q.GroupBy[0] != standard.GroupKind {
		by = q.GroupBy[0]
	}
	dim := cycleGroupDims[by]
	publication, approval := rulePairs(q.Rules, q.Filter.Kind)
	groups := map[string]*keptGroup{}
	names := map[string]string{} // kinds and natures, one string each
	name := func(b []byte) string {
		if n, ok := names[string(b)]; ok {
			return n
		}
		n := string(b)
		names[n] = n
		return n
	}
	deltas := map[keptKey]map[float64]int{}
	err := s.dialect.plannedRead(s.db.WithContext(ctx), func(tx *gorm.DB) error {
		scope, afters, args := keptScope(publication, approval, q.To, func(b cycleBranch) string {
			if by == standard.GroupYear {
				return "COALESCE(to_char(" + b.ended + ", 'YYYY'), '') AS grp, "
			}
			return "COALESCE(organization_id::text, '') AS grp, "
		})
		// One statement, so one snapshot: the rows, the changes and the
		// cycles taken out of them agree even while writers commit. Each
		// kind and nature in scope has one event, so one row per group.
		rows, err := tx.Raw(`SELECT grp, kind, nature, months, 0::float8 AS m, 0::bigint AS n FROM cycle_groups WHERE dim = '`+dim.dim+`' AND (`+scope+`)
			UNION ALL
			SELECT `+dim.column+`, kind, nature, NULL, months, n FROM cycle_group_changes WHERE `+scope+`
			UNION ALL
			SELECT x.grp, x.kind, x.nature, NULL, x.m, -count(*) FROM (`+strings.Join(afters, " UNION ALL ")+`) AS x
			GROUP BY x.grp, x.kind, x.nature, x.m`, args...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		var grp, kind, nature, packed sql.RawBytes
		var arena []float64
		var m float64
		var n int64
		for rows.Next() {
			if err := rows.Scan(&grp, &kind, &nature, &packed, &m, &n); err != nil {
				return rowsError(tx, err)
			}
			g := groups[string(grp)]
			if g == nil {
				g = &keptGroup{key: string(grp)}
				groups[g.key] = g
			}
			if packed == nil {
				k := keptKey{g.key, name(kind), name(nature)}
				if deltas[k] == nil {
					deltas[k] = map[float64]int{}
				}
				deltas[k][m] += int(n)
				continue
			}
			if len(packed)%8 != 0 {
				return fmt.Errorf("cycle_groups: %d bytes of months", len(packed))
			}
			// Into one large slice, not one per row (31,834 rows by organization).
			if len(packed)/8 > cap(arena)-len(arena) {
				arena = make([]float64, 0, max(1<<16, len(packed)/8))
			}
			start := len(arena)
			arena = arena[:start+len(packed)/8]
			months := arena[start:len(arena):len(arena)]
			for i := range months {
				months[i] = math.Float64frombits(binary.BigEndian.Uint64(packed[8*i:]))
			}
			g.pairs = append(g.pairs, keptPair{kind: name(kind), nature: name(nature), months: months})
		}
		return rowsError(tx, rows.Err())
	})
	if err != nil {
		return standard.CycleStats{}, nil, err
	}
	for k, d := range deltas {
		p := groups[k.grp].pair(k.kind, k.nature)
		months, err := applyMonthDeltas(p.months, d)
		if err != nil {
			return standard.CycleStats{}, nil, fmt.Errorf("cycle_groups %s %q %s/%s: %w", dim.dim, k.grp, k.kind, k.nature, err)
		}
		p.months = months
	}
	targets := map[[2]string]int{}
	for _, g := range groups {
		for i := range g.pairs {
			p := &g.pairs[i]
			t, ok := targets[[2]string{p.kind, p.nature}]
			if !ok {
				t = q.Rules.For(standard.Kind(p.kind), standard.Nature(p.nature)).TargetMonths
				targets[[2]string{p.kind, p.nature}] = t
			}
			p.target = t
		}
	}
	if len(q.GroupBy) == 1 && q.GroupBy[0] == standard.GroupKind { // the years' rows, by kind
		byKind := map[string]*keptGroup{}
		for _, g := range groups {
			for _, p := range g.pairs {
				k := byKind[p.kind]
				if k == nil {
					k = &keptGroup{key: p.kind}
					byKind[p.kind] = k
				}
				k.pairs = append(k.pairs, p)
			}
		}
		groups = byKind
	}
	keys := make([]string, 0, len(groups))
	var every []keptPair
	for key, g := range groups {
		keys = append(keys, key)
		every = append(every, g.pairs...)
	}
	all := keptFiguresOf(every, nil)
	var scratch []float64
	var out []standard.CycleStats
	if len(q.GroupBy) > 0 {
		slices.Sort(keys) // a year's digits, a uuid's hex, a kind's letters: the database's order too
		for _, key := range keys {
			st := keptFiguresOf(groups[key].pairs, &scratch)
			if st.Count == 0 {
				continue // every cycle of the group taken out
			}
			st.Keys = []string{key}
			out = append(out, st)
		}
	}
	if err := s.foldCycleGroups(ctx); err != nil {
		return standard.CycleStats{}, nil, err
	}
	return all, out, nil
}

// keptPair is the months of one kind and nature's cycles in a group,
// sorted.
type keptPair struct {
	kind, nature string
	months       []float64
	target       int // the rule's, in months (keptFigures sets it)
}

// keptFiguresOf computes the figures of a group's cycles, as sqlFigures
// has PostgreSQL compute them: the count, the mean, PERCENTILE_CONT's
// median and 90th percentile, the share within target of the cycles with
// one, and the target when every cycle has the same. scratch is reused
// from group to group; without it (the whole set: many months), the
// percentiles come from percentilesOfRuns.
func keptFiguresOf(pairs []keptPair, scratch *[]float64) standard.CycleStats {
	var st standard.CycleStats
	var targeted, within int
	tmin, tmax := math.MaxInt, math.MinInt
	runs := 0
	var run []float64
	for _, p := range pairs {
		if len(p.months) == 0 {
			continue
		}
		tmin, tmax = min(tmin, p.target), max(tmax, p.target)
		st.Count += len(p.months)
		if p.target > 0 {
			targeted += len(p.months)
			// months <= target: the cycles up to the first past it.
			within += sortedCountAtMost(p.months, float64(p.target))
		}
		runs, run = runs+1, p.months
	}
	if tmin == tmax { // every cycle has the same target
		st.TargetMonths = tmin
	}
	if targeted > 0 {
		share := float64(within) / float64(targeted)
		st.WithinShare = &share
	}
	if st.Count == 0 {
		return st
	}
	if runs == 1 { // sorted
		st.Mean = sumOf(run) / float64(st.Count)
		st.Median, st.P90 = percentileOfSorted(run, 0.5), percentileOfSorted(run, 0.9)
		return st
	}
	if scratch == nil { // many: find the ranks by a histogram
		var sum sumOfMonths
		runs := make([][]float64, 0, len(pairs))
		for _, p := range pairs {
			sum.add(p.months)
			runs = append(runs, p.months)
		}
		st.Mean = sum.total() / float64(st.Count)
		st.Median, st.P90 = percentilesOfRuns(runs, st.Count)
		return st
	}
	if cap(*scratch) < st.Count {
		*scratch = make([]float64, 0, st.Count)
	}
	all := (*scratch)[:0]
	for _, p := range pairs {
		all = append(all, p.months...)
	}
	*scratch = all
	st.Mean = sumOf(all) / float64(st.Count)
	st.Median, st.P90 = percentileOfUnsorted(all, 0.5), percentileOfUnsorted(all, 0.9)
	return st
}

// monthBuckets is how percentilesOfRuns buckets months: by an eighth of
// a month up to 1,024 months, and all longer ones in the last bucket.
const monthBuckets = 8 * 1024

// bucketOf is the bucket of months m (a month count is never negative;
// were it, its bucket would be the first, still in order).
func bucketOf(m float64) int {
	switch {
	case !(m > 0):
		return 0
	case m >= 1024:
		return monthBuckets
	}
	return int(m * 8)
}

// percentilesOfRuns is percentileOfSorted(0.5) and (0.9) of the n months
// of runs, without sorting or copying them all: one pass counts them by
// bucket (bucketOf, which keeps their order), a second takes the months
// of the buckets that hold the ranks wanted, which alone are sorted.
func percentilesOfRuns(runs [][]float64, n int) (median, p90 float64) {
	hist := make([]int, monthBuckets+1)
	for _, r := range runs {
		for _, m := range r {
			hist[bucketOf(m)]++
		}
	}
	ps := [2]float64{0.5, 0.9}
	var ranks [4]int // the first and second rank of each
	for i, p := range ps {
		pos := p * float64(n-1)
		ranks[2*i], ranks[2*i+1] = int(math.Floor(pos)), int(math.Ceil(pos))
	}
	var bucket, offset [4]int
	need := make([]bool, monthBuckets+1)
	for i, rank := range ranks {
		cum := 0
		for b, c := range hist {
			if rank < cum+c {
				bucket[i], offset[i] = b, rank-cum
				need[b] = true
				break
			}
			cum += c
		}
	}
	in := map[int][]float64{}
	for _, r := range runs {
		for _, m := range r {
			if b := bucketOf(m); need[b] {
				in[b] = append(in[b], m)
			}
		}
	}
	for _, ms := range in {
		slices.Sort(ms)
	}
	var at [4]float64
	for i := range ranks {
		at[i] = in[bucket[i]][offset[i]]
	}
	var out [2]float64
	for i, p := range ps {
		pos := p * float64(n-1)
		lo, hi := at[2*i], at[2*i+1]
		out[i] = lo
		if ranks[2*i+1] != ranks[2*i] {
			out[i] = lo + (hi-lo)*(pos-float64(ranks[2*i]))
		}
	}
	return out[0], out[1]
}

// sortedCountAtMost is how many of the sorted months are at most limit.
func sortedCountAtMost(sorted []float64, limit float64) int {
	n, _ := slices.BinarySearchFunc(sorted, limit, func(m, limit float64) int {
		if m <= limit {
			return -1
		}
		return 1
	})
	return n
}

// sumOf adds the months with Neumaier's compensation: as exact as a sum
// rounded once, in any order, for the counts a registry holds.
func sumOf(months []float64) float64 {
	var sum sumOfMonths
	sum.add(months)
	return sum.total()
}

// sumOfMonths is a sum with Neumaier's compensation.
type sumOfMonths struct{ sum, c float64 }

func (s *sumOfMonths) add(months []float64) {
	for _, m := range months {
		t := s.sum + m
		if math.Abs(s.sum) >= math.Abs(m) {
			s.c += (s.sum - t) + m
		} else {
			s.c += (m - t) + s.sum
		}
		s.sum = t
	}
}

func (s *sumOfMonths) total() float64 { return s.sum + s.c }

// percentileOfSorted is PERCENTILE_CONT(p) of sorted months, with
// PostgreSQL's arithmetic (percentileOf's).
func percentileOfSorted(sorted []float64, p float64) float64 {
	pos := p * float64(len(sorted)-1)
	first, second := int(math.Floor(pos)), int(math.Ceil(pos))
	lo := sorted[first]
	if second == first {
		return lo
	}
	hi := sorted[second]
	return lo + (hi-lo)*(pos-float64(first))
}

// percentileOfUnsorted is percentileOfSorted of the months sorted; it
// reorders them.
func percentileOfUnsorted(months []float64, p float64) float64 {
	pos := p * float64(len(months)-1)
	first, second := int(math.Floor(pos)), int(math.Ceil(pos))
	lo := selectRank(months, first)
	if second == first {
		return lo
	}
	hi := slices.Min(months[first+1:]) // the next rank: none after first is smaller
	return lo + (hi-lo)*(pos-float64(first))
}

// selectRank is the month of rank k (from 0) of months, which it
// reorders so that none before k is larger and none after it smaller
// (quickselect, partitioned three ways: the months repeat a lot).
func selectRank(months []float64, k int) float64 {
	lo, hi := 0, len(months)
	for hi-lo > 16 {
		a, b, c := months[lo], months[lo+(hi-lo)/2], months[hi-1]
		pivot := max(min(a, b), min(max(a, b), c)) // the median of three
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch m := months[i]; {
			case m < pivot:
				months[lt], months[i] = m, months[lt]
				lt++
				i++
			case m > pivot:
				gt--
				months[i], months[gt] = months[gt], m
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k >= gt:
			lo = gt
		default:
			return pivot
		}
	}
	slices.Sort(months[lo:hi])
	return months[k]
}

// unpackMonths reads months packed as float8send writes each (8 bytes,
// big-endian IEEE 754).
func unpackMonths(packed []byte) ([]float64, error) {
	if len(packed)%8 != 0 {
		return nil, fmt.Errorf("cycle_groups: %d bytes of months", len(packed))
	}
	out := make([]float64, len(packed)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.BigEndian.Uint64(packed[8*i:]))
	}
	return out, nil
}

// packMonths is unpackMonths' inverse.
func packMonths(months []float64) []byte {
	out := make([]byte, 8*len(months))
	for i, m := range months {
		binary.BigEndian.PutUint64(out[8*i:], math.Float64bits(m))
	}
	return out
}

// applyMonthDeltas adds to the sorted months the cycles deltas counts
// (n > 0: n more cycles of those months; n < 0: n fewer), and returns
// them sorted; an error when it takes out cycles that are not there.
func applyMonthDeltas(sorted []float64, deltas map[float64]int) ([]float64, error) {
	changes := make([]float64, 0, len(deltas))
	for m, n := range deltas {
		if n != 0 {
			changes = append(changes, m)
		}
	}
	if len(changes) == 0 {
		return sorted, nil
	}
	slices.SortFunc(changes, cmp.Compare[float64])
	out := make([]float64, 0, len(sorted)+len(changes))
	i := 0
	for _, m := range changes {
		for i < len(sorted) && sorted[i] < m {
			out = append(out, sorted[i])
			i++
		}
		same := 0
		for i+same < len(sorted) && sorted[i+same] == m {
			same++
		}
		n := same + deltas[m]
		if n < 0 {
			return nil, fmt.Errorf("%d cycles of %v months taken out, %d kept: they disagree with the standards", -deltas[m], m, same)
		}
		for range n {
			out = append(out, m)
		}
		i += same
	}
	return append(out, sorted[i:]...), nil
}

// foldCycleGroups adds the writers' changes into cycle_groups once there
// are foldAfter of them. One session folds at a time (an advisory lock);
// in its transaction, one statement takes the changes out and the rows
// they change are read after it, rewritten and written back, so that the
// changes taken out are exactly those added, and a change committed
// meanwhile stays for the next fold.
func (s *Store) foldCycleGroups(ctx context.Context) error {
	var pending int64
	if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM (SELECT 1 FROM cycle_group_changes LIMIT ?) AS c", foldAfter+1).Scan(&pending).Error; err != nil || pending <= int64(foldAfter) {
		return err
	}
	pool, err := s.db.DB()
	if err != nil {
		return err
	}
	if err := foldCycleGroupsIn(ctx, pool); err != nil {
		return fmt.Errorf("fold the drafting cycles' changes by group: %w", err)
	}
	return nil
}

// cycleGroupKey is one row of cycle_groups.
type cycleGroupKey struct{ dim, grp, ends, kind, nature string }

func foldCycleGroupsIn(ctx context.Context, pool *sql.DB) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	var locked bool
	if err := tx.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock($1)", cycleGroupsLock).Scan(&locked); err != nil || !locked {
		return err
	}
	rows, err := tx.QueryContext(ctx, "DELETE FROM cycle_group_changes RETURNING ends, kind, nature, year, org, months, n")
	if err != nil {
		return err
	}
	deltas := map[cycleGroupKey]map[float64]int{}
	for rows.Next() {
		var ends, kind, nature, year, org string
		var m float64
		var n int
		if err := rows.Scan(&ends, &kind, &nature, &year, &org, &m, &n); err != nil {
			rows.Close()
			return err
		}
		for _, k := range []cycleGroupKey{{"year", year, ends, kind, nature}, {"organization", org, ends, kind, nature}} {
			if deltas[k] == nil {
				deltas[k] = map[float64]int{}
			}
			deltas[k][m] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(deltas) == 0 {
		return tx.Commit()
	}
	// The rows changed, read after the changes were taken out: only a
	// fold writes them, and this session holds the lock.
	var changed cycleGroupRows
	for k := range deltas {
		changed.add(k, nil)
	}
	kept := map[cycleGroupKey][]float64{}
	rows, err = tx.QueryContext(ctx, `SELECT dim, grp, ends, kind, nature, months FROM cycle_groups
		WHERE (dim, grp, ends, kind, nature) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]))`,
		changed.dim, changed.grp, changed.ends, changed.kind, changed.nature)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k cycleGroupKey
		var packed sql.RawBytes
		if err := rows.Scan(&k.dim, &k.grp, &k.ends, &k.kind, &k.nature, &packed); err != nil {
			rows.Close()
			return err
		}
		if kept[k], err = unpackMonths(packed); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var put, gone cycleGroupRows
	for k, d := range deltas {
		months, err := applyMonthDeltas(kept[k], d)
		if err != nil {
			return fmt.Errorf("%s %q %s/%s: %w", k.dim, k.grp, k.kind, k.nature, err)
		}
		if len(months) == 0 {
			gone.add(k, nil)
		} else {
			put.add(k, packMonths(months))
		}
	}
	if len(put.dim) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO cycle_groups (dim, grp, ends, kind, nature, months)
			SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[])
			ON CONFLICT (dim, grp, ends, kind, nature) DO UPDATE SET months = EXCLUDED.months`,
			put.dim, put.grp, put.ends, put.kind, put.nature, put.months); err != nil {
			return err
		}
	}
	if len(gone.dim) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM cycle_groups
			WHERE (dim, grp, ends, kind, nature) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]))`,
			gone.dim, gone.grp, gone.ends, gone.kind, gone.nature); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// cycleGroupRows are rows of cycle_groups, column by column, as arrays
// to unnest.
type cycleGroupRows struct {
	dim, grp, ends, kind, nature []string
	months                       [][]byte
}

func (r *cycleGroupRows) add(k cycleGroupKey, months []byte) {
	r.dim, r.grp, r.ends = append(r.dim, k.dim), append(r.grp, k.grp), append(r.ends, k.ends)
	r.kind, r.nature, r.months = append(r.kind, k.kind), append(r.nature, k.nature), append(r.months, months)
}
