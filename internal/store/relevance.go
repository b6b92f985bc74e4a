package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/paging"
	"stdreg/internal/search"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

// tier is one rank of relevance, lower first, and the condition a match of
// that rank meets. A standard matching the query meets exactly one tier.
type tier struct {
	rank int
	cond string
	args []any
	// sparse says the tier's matches are few wherever they are (the
	// tiers of a number: its own and those it begins, and texts that
	// hold its sequence number), so its first matches are read from the
	// index at once, without walking the window first (see firstInTier).
	sparse bool
	// probe, when not nil, is what the search index holds of every
	// standard of the tier (in the name alone when probeInName), less
	// those it holds of probeNot in the name, where the dialect can count
	// that cheaply (countIndexed): a tier the index has nothing for is
	// empty, and one it has few for is sparse.
	probe, probeNot []indexTerm
	probeInName     bool
	// phrase, in the tier of a name holding a query of several terms as
	// typed, is that query folded (see phraseByPairs).
	phrase string
}

// relevanceTiers are the ranks of the matches of q, best first:
//
//	0 the exact number (when q is a number)
//	1 the numbers q begins (when q is a number); otherwise a title or the
//	  number holds the whole query
//	2 the titles and number hold every term
//	3 the rest: matched through a drafting unit
//
// When q is a number, the text tiers follow its two, ranked 3 to 5, less
// the standards the number already found.
//
// Each tier is its own condition, so that a page is read tier by tier in id
// order, from the name index or the whole-text index, and stops when it is
// full: a common word such as 技术 (in over a quarter of a million titles)
// costs what a rare one does, where ranking every match would sort them
// all.
//
// perRow gives each tier's condition in the form cheapest to test row by
// row, for walks (see termMatch); it selects the same standards.
//
// keep, when q is a number and keep is not "", is the one prefix word of
// it the index is asked for (numberKeep), the others tested row by row;
// with "", every word is asked of the index: the same standards, the
// plainest form of the tiers.
func (s *Store) relevanceTiers(q string, perRow bool, keep string) []tier {
	q = strings.TrimSpace(q)
	c, err := stdcode.ParseTyped(q) // also DB33T537, gbt19001
	if err != nil {
		if keep != rowsOnly {
			keep = ""
		}
		return s.textTiers(q, perRow, keep)
	}
	// A number first (the exact one, then those it begins), then the text
	// tiers less what the number found: KPG19 is an enterprise number and
	// also the start of titles.
	number, numberArgs := s.dialect.numberPrefix(c.Normalized)
	tiers := []tier{
		{rank: 0, cond: "normalized_code = ?", args: []any{c.Normalized}, sparse: true},
		{rank: 1, cond: number + " AND normalized_code <> ?", args: append(slices.Clone(numberArgs), c.Normalized), sparse: true},
	}
	for _, t := range s.textTiers(q, perRow, keep) {
		if t.cond == "1 = 1" {
			continue
		}
		// Drafts have no number: NULL LIKE … is NULL, and NOT NULL too.
		t.rank, t.cond, t.args, t.sparse = t.rank+2, "("+t.cond+") AND (normalized_code IS NULL OR NOT ("+number+"))", append(slices.Clone(t.args), numberArgs...), keep != ""
		tiers = append(tiers, t)
	}
	return tiers
}

// textTiers are the relevance tiers of q searched as text.
// keep is termMatch's: the one prefix word the index is asked for, or "".
func (s *Store) textTiers(q string, perRow bool, keep string) []tier {
	terms := search.Query(q)
	if len(terms) == 0 {
		return []tier{{rank: 0, cond: "1 = 1"}}
	}
	var inName, anywhere []string
	var nameArgs, anyArgs []any
	for _, t := range terms {
		cond, args := s.termMatch(t, true, perRow, keep)
		inName, nameArgs = append(inName, cond), append(nameArgs, args...)
		cond, args = s.termMatch(t, false, perRow, keep)
		anywhere, anyArgs = append(anywhere, cond), append(anyArgs, args...)
	}
	name := "(" + strings.Join(inName, " AND ") + ")"
	probe := probeOf(terms, keep)
	rest := tier{rank: 3, cond: strings.Join(anywhere, " AND ") + " AND NOT " + name, args: append(anyArgs, nameArgs...), probe: probe}
	if nameIsIndexed(terms, keep) {
		// Then NOT name is exactly "the index does not hold the terms in
		// the name", which the probe can say too.
		rest.probeNot = probe
	}
	if len(terms) == 1 { // the whole query is the one term
		return []tier{{rank: 1, cond: name, args: nameArgs, probe: probe, probeInName: true}, rest}
	}
	phrase, phraseArg := s.dialect.contains("name_text", search.Fold(q))
	return []tier{
		{rank: 1, cond: name + " AND " + phrase, args: append(append([]any{}, nameArgs...), phraseArg), probe: probe, probeInName: true, phrase: search.Fold(q)},
		{rank: 2, cond: name + " AND NOT " + phrase, args: append(append([]any{}, nameArgs...), phraseArg), probe: probe, probeInName: true},
		rest,
	}
}

// phraseByPairs is t, when it is the tier of a phrase whose pairs across
// its spaces the dialect indexes (spacePairMatch), as a read of those
// pairs' index, the rest tested on the rows it gives in their per-row
// form (walk): technical words' index could only give every name holding
// the words apart, which took the phrase tier of 技术 安全 reading
// thousands of names to find none or a few. Otherwise t as it is.
func (s *Store) phraseByPairs(t, walk tier) tier {
	if t.phrase == "" {
		return t
	}
	cond, args := s.dialect.spacePairMatch(search.SpacePairs(t.phrase))
	if cond == "" {
		return t
	}
	t.cond, t.args, t.sparse = cond+" AND "+walk.cond, append(args, walk.args...), true
	return t
}

// nameIsIndexed reports whether matching terms in the name is exactly
// what the index holds of them there (probeOf): every term is exact and
// has something indexed, and no prefix word is left to the rows.
func nameIsIndexed(terms []search.Term, keep string) bool {
	for _, t := range terms {
		indexed, perRow := splitPrefixes(t, keep)
		if !t.Exact || len(perRow) > 0 || len(t.Tokens)+len(indexed) == 0 {
			return false
		}
	}
	return true
}

// rankedPage finds one page of matches of q.Filter.Q by relevance, tier by
// tier, each in id order after the cursor, then reads those rows. base
// gives a new query with the list's other filters.
func (s *Store) rankedPage(db *gorm.DB, base func(*gorm.DB) *gorm.DB, q standard.ListQuery) ([]standardRow, *paging.Cursor, error) {
	type hit struct {
		id   string
		rank int
	}
	afterRank := -1
	if q.After != nil {
		r, err := strconv.Atoi(q.After.Value)
		if err != nil {
			return nil, nil, fmt.Errorf("relevance cursor %q: %w", q.After.Value, err)
		}
		afterRank = r
	}
	var hits []hit
	found := map[string]standardRow{} // the rows the tiers read (plannedRows)
	keep, err := s.numberKeep(db, q.Filter.Q)
	if err != nil {
		return nil, nil, err
	}
	walks := s.relevanceTiers(q.Filter.Q, true, keep)
	rowForms := s.relevanceTiers(q.Filter.Q, true, rowsOnly)
	tiers := s.relevanceTiers(q.Filter.Q, false, keep)
	for i := range tiers {
		tiers[i] = s.phraseByPairs(tiers[i], walks[i])
	}
	for i, t := range tiers {
		if t.rank < afterRank {
			continue
		}
		after := ""
		if t.rank == afterRank {
			after = q.After.ID
		}
		ids, err := s.firstInTier(db, base, t, walks[i], rowForms[i], after, q.Limit+1-len(hits), found)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range ids {
			hits = append(hits, hit{id, t.rank})
		}
		if len(hits) > q.Limit {
			break
		}
	}
	var next *paging.Cursor
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
		last := hits[len(hits)-1]
		next = &paging.Cursor{Value: strconv.Itoa(last.rank), ID: last.id}
	}
	if len(hits) == 0 {
		return nil, nil, nil
	}
	var missing []string
	for _, h := range hits {
		if _, ok := found[h.id]; !ok {
			missing = append(missing, h.id)
		}
	}
	if len(missing) > 0 {
		rows, err := s.rowsByID(db, missing)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rows {
			found[r.ID] = r
		}
	}
	ordered := make([]standardRow, 0, len(hits))
	for _, h := range hits {
		ordered = append(ordered, found[h.id])
	}
	return ordered, next, nil
}

// relevanceBounds are how many rows, in id order, a tier's first matches
// are looked for among before the tier counts as sparse (window), how
// many matches of a sparse tier are then read unordered (candidates), and
// how many candidates the index may give a tier, where the dialect counts
// them, for all of them to be read rather than the table walked past the
// window (indexRead); see firstInTier. They are the store's own so that
// tests of each path, which set small ones, do not change another store's.
//
// Walking is no cheaper than reading candidates when the page does not
// fill: on SQLite the walk of all 200,000 names for the phrase 定值 值及
// (none holds it) took 190 ms even through an index of (id, stage,
// name_text) that held all it tests, reading its 12,371 candidates
// about 40 ms.
//
// walkRows is how many rows a walk may be expected to read, by the
// statistics of the index, to find a page of a tier: past it, the tier is
// read window by window instead, or all at once when the statistics say
// it holds at most readAll matches (windowedTier). At a million
// standards, on a machine where a page of the table not in shared
// buffers costs about 30 µs and decoding a posting of the text index
// 0.7 µs, a walk of 700 rows costs what decoding 30,000 postings does.
type relevanceBounds struct {
	window, candidates, indexRead, walkRows, readAll int
}

var defaultRelevanceBounds = relevanceBounds{window: 5000, candidates: 2000, indexRead: 50000, walkRows: 800, readAll: 800}

// rowsOnly, as termMatch's keep, is a prefix word no query has: every
// prefix word is tested row by row, none asked of the index.
const rowsOnly = "\x00"

// numberKeep is the one prefix word of q, when q is a number, that the
// index is asked for (the others are tested row by row); "" when q is no
// number or has fewer than two words.
func (s *Store) numberKeep(db *gorm.DB, q string) (string, error) {
	if _, err := stdcode.ParseTyped(strings.TrimSpace(q)); err != nil {
		return "", nil
	}
	terms := search.Query(q)
	st, err := s.tokenStatsOf(db)
	if err != nil {
		return "", err
	}
	if st != nil {
		return st.rarestPrefix(terms), nil
	}
	return s.dialect.pickPrefix(db, terms)
}

// firstInTier returns the first n ids (in id order, after the id after) of
// the standards meeting tier t (walk is the same tier in its per-row form). Asked plainly ("ORDER BY id LIMIT n"), a
// database either walks the primary key filtering each row, quick when
// matches are dense and a read of the whole table when they are rare or
// absent, or sorts every match the text index finds, the reverse. So:
//
//  1. the walk, bounded to the next window of ids: a dense tier (a common
//     word such as 技术) fills the page there;
//  2. otherwise the tier is sparse past the window: its matches there are
//     read from the text index unordered, at most candidates of them, and
//     sorted here;
//  3. only if that cap is reached (the tier was dense after all, past the
//     window) is the rest walked in id order.
//
// Every step reads a bounded part of the table, provided the database does
// each the way it is meant: a planner misled by its estimates (it cannot
// know how rare the pair 研究 in a title is) would otherwise search the
// index for the walk or scan the table for the unordered read, so the
// dialect says which (readPlanned: planWalk, planIndexSearch).
//
// rows is the tier in its per-row form with no prefix word asked of the
// index (rowsOnly), for windowedTier, which adds the one it asks for.
// The reads that read the rows in id order up to the page read their
// columns too, into found (plannedRows).
func (s *Store) firstInTier(db *gorm.DB, base func(*gorm.DB) *gorm.DB, t, walk, rows tier, after string, n int, found map[string]standardRow) ([]string, error) {
	query := func(tx *gorm.DB, t tier, after string) *gorm.DB {
		q := base(tx).Where(t.cond, t.args...)
		if after != "" {
			q = q.Where("standards.id > ?", after)
		}
		return q
	}
	var ids, windowed []string // windowed: what windowedTier found before it gave up
	st, err := s.tokenStatsOf(db)
	if err != nil {
		return nil, err
	}
	if !t.sparse && len(t.probe) > 0 {
		if st != nil {
			rare, est, ok := st.rarest(t.probe, t.probeInName)
			if ok && float64(n)*st.rows > float64(s.relevance.walkRows)*est {
				got, resume, done, err := s.windowedTier(db, base, rows, st, rare, allTokens(t.probe, rare), t.probeInName, len(t.probe) > 1, est, after, n, max(s.relevance.candidates, 4*n), found)
				if err != nil || done {
					return got, err
				}
				windowed, after, n = got, resume, n-len(got)
			}
		}
	}
	sparse, limit, inOrder, counted := t.sparse, s.relevance.candidates, false, false
	// readCandidates reads past the window all the candidates of an index
	// that counted found of them, when they are not too many: where the
	// walk would read the rest of the table when the tier's other
	// conditions (a phrase, a filter) leave few of them. Where the index
	// gives its candidates in id order, that read is exact: the first ones
	// that meet the tier, their rows alone read.
	readCandidates := func(found int) {
		if found < s.relevance.indexRead {
			limit = s.relevance.indexRead
			from, _ := s.dialect.probeInIDOrder(t.probe, t.probeNot, t.probeInName, "")
			inOrder = from != ""
		}
	}
	if !sparse && len(t.probe) > 0 {
		// What the index holds of the tier bounds it: nothing there, and
		// the tier is empty (a query that matches nothing stops here);
		// few, and the tier is sparse, read from the index at once. It
		// is counted up to the bound of few first: counting the 57,000
		// names with 技术 takes 5 ms, where the walk finds the first page
		// in a tenth of that; all of them are counted only if the walk
		// did not fill the page (below).
		found, ok, err := s.dialect.countIndexed(db, t.probe, t.probeNot, t.probeInName, s.relevance.candidates)
		if err != nil {
			return nil, err
		}
		if counted = ok; counted && found == 0 {
			return windowed, nil
		}
		if sparse = counted && found < s.relevance.candidates; sparse {
			readCandidates(found)
		}
	}
	// walkRest walks the rest of the table after after, in id order, for
	// the rest of the page.
	walkRest := func() error {
		rest, err := s.plannedRows(db, planWalk, query(db, walk, after).Order("standards.id").Limit(n-len(ids)), found)
		ids = append(ids, rest...)
		return err
	}
	// Each read is a statement of its own with its own planner settings
	// (readPlanned): no transaction, as none needs another's snapshot.
	err = func() error {
		var windowEnd []string // none: no walk first, as at the end of the table
		switch {
		case sparse:
		case st != nil:
			// The histogram of ids bounds a window of about as many
			// rows, where the statistics are kept: no statement to
			// find its end (which read as many entries of the primary
			// key). Past its last bound, the rest is read as at the
			// end of the table.
			if end := st.windowEnd(after, float64(s.relevance.window)/max(st.rows, 1)); end != "" {
				windowEnd = []string{end}
			}
		default:
			window := db.Table("standards").Order("id").Offset(s.relevance.window - 1).Limit(1)
			if after != "" {
				window = window.Where("id > ?", after)
			}
			var err error
			if windowEnd, err = s.plannedIDs(db, planPlain, window, "id"); err != nil {
				return err
			}
		}
		if len(windowEnd) == 1 {
			var err error
			ids, err = s.plannedRows(db, planWalk, query(db, walk, after).Where("standards.id <= ?", windowEnd[0]).Order("standards.id").Limit(n), found)
			if err != nil {
				return err
			}
			if len(ids) == n {
				return nil
			}
			after = windowEnd[0]
			if !counted && st != nil && len(t.probe) <= 1 && 2*len(ids) >= n {
				// The window held half the page or more: at that
				// density the next window likely holds the rest, and
				// walking it costs what the first did. The unordered
				// read would stop at its cap of candidates first, to
				// walk on from here anyway (q=量追&kind=international:
				// 18 of 21 in the window, then 2,000 candidates read in
				// 80–131 ms, then 3 more found in the next 600 rows).
				// Bounded by one window, whatever the density after.
				if end := st.windowEnd(after, float64(s.relevance.window)/max(st.rows, 1)); end != "" {
					more, err := s.plannedRows(db, planWalk, query(db, walk, after).Where("standards.id <= ?", end).Order("standards.id").Limit(n-len(ids)), found)
					if err != nil {
						return err
					}
					if ids = append(ids, more...); len(ids) == n {
						return nil
					}
					after = end
				}
			}
			if !counted && len(ids) > 0 && len(t.probe) > 1 {
				// Where nothing counts (PostgreSQL), the walk's density
				// sizes windows of ids read by all the terms' tokens:
				// the index intersects their postings, and a window
				// reads from the table only the rows holding them all.
				// 离子 溯规: the walk found 9 in 5,000 rows; the
				// unordered read stopped at its cap of 2,000 and the
				// walk went on 2,000 rows more, where a window reads
				// some 30.
				if st != nil {
					all := allTokens(t.probe, indexTerm{})
					est := float64(len(ids)) / float64(s.relevance.window) * st.rows
					got, resume, done, err := s.windowedTier(db, base, rows, st, all, all, t.probeInName, true, est, after, n-len(ids), max(s.relevance.candidates, 4*n), found)
					if err != nil {
						return err
					}
					ids = append(ids, got...)
					if done {
						return nil
					}
					after = resume
				}
			}
			if counted {
				found, _, err := s.dialect.countIndexed(db, t.probe, t.probeNot, t.probeInName, s.relevance.indexRead)
				if err != nil {
					return err
				}
				if found >= s.relevance.indexRead {
					// Too many to read: walk the rest, as after a
					// capped read below that found its cap (which
					// would read 2,000 rows to find out).
					return walkRest()
				}
				readCandidates(found)
			}
		}
		if inOrder {
			from, args := s.dialect.probeInIDOrder(t.probe, t.probeNot, t.probeInName, after)
			rest, err := s.plannedIDs(db, planPlain, query(db, walk, after).Table(from, args...).Order("c.id").Limit(n-len(ids)), "standards.id")
			ids = append(ids, rest...)
			return err
		}
		// Where the dialect asks its index for the whole tier at once,
		// the rows it gives are tested in the walk's form.
		read := query(db, t, after)
		if cond, arg := s.dialect.probeMatch(t.probe, t.probeNot, t.probeInName); cond != "" {
			read = query(db, walk, after).Where(cond, arg)
		}
		rest, err := s.plannedIDs(db, planIndexSearch, read.Limit(limit), "standards.id")
		if err != nil {
			return err
		}
		if len(rest) < limit {
			slices.Sort(rest) // canonical lowercase UUIDs sort as the database orders them
			ids = append(ids, rest[:min(n-len(ids), len(rest))]...)
			return nil
		}
		return walkRest()
	}()
	return append(windowed, ids...), err
}

// plannedIDs reads column (an id) of the rows q selects, under the
// planner settings of plan (readPlanned): GORM builds the statement, and
// the dialect runs it, with its settings, in one round trip, where GORM's
// reads go (onReadPool: on a current replica when there are replicas).
func (s *Store) plannedIDs(db *gorm.DB, plan readPlan, q *gorm.DB, column string) ([]string, error) {
	var ids []string
	err := s.plannedScan(db, plan, q.Session(&gorm.Session{DryRun: true}).Pluck(column, &[]string{}), func(scan func(dest ...any) error) error {
		var id string
		if err := scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	return ids, err
}

// plannedRows is plannedIDs reading the rows themselves (standardColumns
// and replaced_by, as rowsByID), adding them to found by id: the read of a tier that
// reads the table's rows anyway, in id order, up to the page, so that the
// page's rows need no read of their own after the tiers.
func (s *Store) plannedRows(db *gorm.DB, plan readPlan, q *gorm.DB, found map[string]standardRow) ([]string, error) {
	var ids []string
	err := s.plannedScan(db, plan, q.Session(&gorm.Session{DryRun: true}).Select(s.reads.withReplacedBy).Find(&[]standardRow{}), func(scan func(dest ...any) error) error {
		var scanned scannedStandard
		if err := scan(scanned.fields()...); err != nil {
			return err
		}
		r, err := scanned.rowWithReplacedBy()
		if err != nil {
			return err
		}
		found[r.ID] = r
		ids = append(ids, r.ID)
		return nil
	})
	return ids, err
}

// plannedScan runs the statement built (dry run) with plan's settings.
func (s *Store) plannedScan(db *gorm.DB, plan readPlan, built *gorm.DB, row func(scan func(dest ...any) error) error) error {
	if built.Error != nil {
		return built.Error
	}
	query, args := built.Statement.SQL.String(), built.Statement.Vars
	return s.tracedRow(db.Statement.Context, query, func(ctx context.Context) error {
		rows := 0
		counted := func(scan func(dest ...any) error) error {
			rows++
			return row(scan)
		}
		return s.onReadPool(ctx, func(pool *sql.DB) error {
			return s.dialect.readPlanned(ctx, pool, plan, query, args, counted)
		}, func() bool { return rows > 0 })
	})
}
