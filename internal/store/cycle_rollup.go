package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/standard"
)

// The finished cycles of the whole registry, counted by the event that
// ends them, kind, nature and months (migration 00043, PostgreSQL): the
// rows of cycle_months plus the changes the writers' statements added
// since they were last folded in (cycle_month_changes). With them the
// drafting-cycle figures of the registry or of a kind, up to a day, read a
// few thousand counts and the few cycles that ended after that day,
// instead of every finished cycle.

// cycleMonthsEnds names the two counts of each standard in cycle_months.
var cycleMonthsEnds = map[cycleBranch]string{publicationBranch: "published", approvalBranch: "approval"}

// countCycleMonths is the count of every standard's cycles, as the
// migration first made it and recountCycleMonths makes it again.
const countCycleMonths = `INSERT INTO cycle_months (ends, kind, nature, months, n)
SELECT e.ends, r.kind, r.nature, e.months, count(*)
FROM standards r, LATERAL (VALUES ('published', r.months_to_publication),
                                  ('approval', COALESCE(r.months_to_approval, r.months_to_publication))) AS e (ends, months)
WHERE e.months IS NOT NULL
GROUP BY 1, 2, 3, 4`

// foldAfter is how many changes a reader leaves unfolded.
var foldAfter = 20000

// cycleMonthsLock is the advisory lock of whoever folds or recounts.
const cycleMonthsLock = 0x5cc1e

// usesCycleMonths reports whether q's figures may be read from the
// counts: the whole registry or one kind, no other filter, whole or by
// kind, the window open at its start.
func (s *Store) usesCycleMonths(q standard.CycleQuery) bool {
	if !s.dialect.keepsCycleCounts() || !q.From.IsZero() || q.To.IsZero() {
		return false
	}
	if len(q.GroupBy) > 1 || (len(q.GroupBy) == 1 && q.GroupBy[0] != standard.GroupKind) {
		return false
	}
	f := q.Filter
	f.Kind, f.Visible, f.Rules = "", standard.Visibility{}, standard.CycleRules{}
	return q.Filter.Visible.AllDrafts && reflect.ValueOf(f).IsZero()
}

// rollupCounts counts the cycles of q (usesCycleMonths) from
// cycle_months: every cycle counted, less those that ended after q.To (or
// on no recorded day), which the indexes on finished cycles find by their
// end.
// keptScope is what a read of kept counts of cycles (cycle_months,
// cycle_groups) keeps and takes out, for the branches with kinds in
// them (publication, approval: their rule pairs, "" for none): scope, the
// kept rows of those branches; afters, the reads of the cycles that ended
// after to or on no recorded day, which the counts hold and the answer
// must not, selecting kind, nature, what columns gives for the branch
// (each followed by a comma), and the months as m. Two ranges of the
// index on the end each, not one OR that reads it all.
func keptScope(publication, approval string, to standard.Date, columns func(cycleBranch) string) (scope string, afters []string, args []any) {
	var scopes []string
	for _, b := range []struct {
		branch cycleBranch
		pairs  string
	}{{publicationBranch, publication}, {approvalBranch, approval}} {
		if b.pairs == "" {
			continue
		}
		scopes = append(scopes, "(ends = '"+cycleMonthsEnds[b.branch]+"' AND "+b.pairs+")")
		after := "SELECT kind, nature, " + columns(b.branch) + b.branch.months + " AS m FROM standards WHERE " +
			b.branch.has + " AND " + b.pairs + " AND " + kindsOf(b.pairs) + " AND " + b.branch.ended
		afters = append(afters, after+" > ?", after+" IS NULL")
		args = append(args, dateArg(to))
	}
	return strings.Join(scopes, " OR "), afters, args
}

func (s *Store) rollupCounts(ctx context.Context, q standard.CycleQuery) ([]groupCounts, error) {
	publication, approval := rulePairs(q.Rules, q.Filter.Kind)
	var counted []monthCount
	err := s.dialect.plannedRead(s.db.WithContext(ctx), func(tx *gorm.DB) error {
		scope, afters, args := keptScope(publication, approval, q.To, func(cycleBranch) string { return "" })
		// One statement, so one snapshot: the counts and the cycles taken
		// out of them agree even while writers commit. Added up here, not
		// by the database: hashing 30,000 rows took it longer than sending
		// them.
		var err error
		counted, err = scanMonthCounts(tx.Raw(`SELECT kind, nature, months, n FROM cycle_months WHERE `+scope+`
			UNION ALL
			SELECT kind, nature, months, n FROM cycle_month_changes WHERE `+scope+`
			UNION ALL
			SELECT x.kind, x.nature, x.m, -count(*) FROM (`+strings.Join(afters, " UNION ALL ")+`) AS x GROUP BY x.kind, x.nature, x.m`, args...))
		return err
	})
	if err != nil {
		return nil, err
	}
	type key struct {
		kind, nature string
		m            float64
	}
	n := make(map[key]int, len(counted))
	for _, r := range counted {
		n[key{r.Kind, r.Nature, r.M}] += r.N
	}
	byKind := map[string][]monthCount{}
	for k, c := range n {
		switch {
		case c < 0:
			return nil, fmt.Errorf("cycle_months counts %d cycles of %s/%s at %v months: they disagree with the standards", c, k.kind, k.nature, k.m)
		case c > 0:
			groupKey := ""
			if len(q.GroupBy) > 0 {
				groupKey = k.kind
			}
			byKind[groupKey] = append(byKind[groupKey], monthCount{Kind: k.kind, Nature: k.nature, M: k.m, N: c})
		}
	}
	out := make([]groupCounts, 0, len(byKind))
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range byKind {
			if !yield(k) {
				return
			}
		}
	}) {
		out = append(out, groupCounts{key: k, counts: byKind[k]})
	}
	if err := s.foldCycleMonths(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// foldCycleMonths adds the writers' changes into cycle_months once there
// are foldAfter of them. One session folds at a time (an advisory lock,
// taken before the fold's statement, whose snapshot then sees the last
// fold's work); the fold is one statement, so the changes it deletes are
// exactly those it adds, and a change committed meanwhile stays for the
// next fold.
func (s *Store) foldCycleMonths(ctx context.Context) error {
	var pending int64
	if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM (SELECT 1 FROM cycle_month_changes LIMIT ?) AS c", foldAfter+1).Scan(&pending).Error; err != nil || pending <= int64(foldAfter) {
		return err
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var locked bool
		if err := tx.Raw("SELECT pg_try_advisory_xact_lock(?)", cycleMonthsLock).Scan(&locked).Error; err != nil || !locked {
			return err
		}
		err := tx.Exec(`WITH moved AS (DELETE FROM cycle_month_changes RETURNING ends, kind, nature, months, n),
			summed AS (SELECT ends, kind, nature, months, sum(n) AS n FROM moved GROUP BY 1, 2, 3, 4)
			INSERT INTO cycle_months (ends, kind, nature, months, n) SELECT ends, kind, nature, months, n FROM summed
			ON CONFLICT (ends, kind, nature, months) DO UPDATE SET n = cycle_months.n + EXCLUDED.n`).Error
		if err != nil {
			return err
		}
		return tx.Exec("DELETE FROM cycle_months WHERE n = 0").Error
	})
	if err != nil {
		return fmt.Errorf("fold the drafting cycles' changes: %w", err)
	}
	return nil
}

// recountCycleMonths counts every standard's cycles again, after a bulk
// load that ran with the triggers off, and keeps their months by group
// again (cycle_groups).
func recountCycleMonths(ctx context.Context, exec func(ctx context.Context, query string, args ...any) error) error {
	for _, stmt := range []string{"DELETE FROM cycle_month_changes", "DELETE FROM cycle_months", countCycleMonths,
		"DELETE FROM cycle_group_changes", "DELETE FROM cycle_groups", countCycleGroups} {
		if err := exec(ctx, stmt); err != nil {
			return fmt.Errorf("count the drafting cycles: %w", err)
		}
	}
	return nil
}

// scanMonthCounts reads the rows of a query of kind, nature, months and
// count, with database/sql's Scan: thousands of rows, where GORM's
// reflection took longer than the query.
func scanMonthCounts(query *gorm.DB) ([]monthCount, error) {
	rows, err := query.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []monthCount
	for rows.Next() {
		var c monthCount
		if err := rows.Scan(&c.Kind, &c.Nature, &c.M, &c.N); err != nil {
			return nil, rowsError(query, err)
		}
		out = append(out, c)
	}
	return out, rowsError(query, rows.Err())
}
