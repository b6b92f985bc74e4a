package store

import (
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"stdreg/internal/search"
)

// tokenStats are what the database's statistics say of the search index:
// how many standards hold each of its most common tokens (in the name,
// anywhere), at most how many hold a token they do not list, the table's
// rows, and the bounds of its id histogram (each pair of neighbours holds
// an equal share of the rows, in id order). They are estimates, taken by
// ANALYZE from a sample: they choose how a tier is read, never what it
// holds.
type tokenStats struct {
	rows             float64
	name, anywhere   map[string]float64 // token: share of the rows holding it
	nameMin, anyMin  float64            // share at most of a token not listed
	idBounds         []string           // ascending, canonical lowercase
	fixed            float64            // tests: every token's share, when > 0
	refreshedAt      time.Time
	refreshAfter     time.Duration
	statsUnavailable bool // the database keeps none (SQLite, or never analyzed)
}

// estimate is how many standards the statistics say hold token (in the
// name when inName).
func (st *tokenStats) estimate(token string, inName bool) float64 {
	if st.fixed > 0 {
		return st.fixed * st.rows
	}
	shares, least := st.anywhere, st.anyMin
	if inName {
		shares, least = st.name, st.nameMin
	}
	if f, ok := shares[token]; ok {
		return f * st.rows
	}
	return least * st.rows
}

// rarest is the token or prefix word of probe that the fewest standards
// hold, by the statistics, and how many; ok is false when probe has none.
func (st *tokenStats) rarest(probe []indexTerm, inName bool) (rare indexTerm, n float64, ok bool) {
	for _, t := range probe {
		for _, tok := range t.tokens {
			if e := st.estimate(tok, inName); !ok || e < n {
				rare, n, ok = indexTerm{tokens: []string{tok}}, e, true
			}
		}
		for _, p := range t.prefixes {
			if e := st.prefixEstimate(p, inName) * st.rows; !ok || e < n {
				rare, n, ok = indexTerm{prefixes: []string{p}}, e, true
			}
		}
	}
	return rare, n, ok
}

// windowEnd is the id that ends a window of ids after after (all ids
// when "") holding about share of the rows, by the histogram; "" when the
// window reaches the last bound (rows added since are past it), so that
// the window is the rest of the table.
func (st *tokenStats) windowEnd(after string, share float64) string {
	b := st.idBounds
	if len(b) < 2 || share >= 1 {
		return ""
	}
	i, found := slices.BinarySearch(b, after)
	if found {
		i++
	}
	j := i + max(int(math.Ceil(share*float64(len(b)-1))), 1) // the rest of after's bucket, and as many whole ones
	if j >= len(b)-1 {
		return ""
	}
	return b[j]
}

// statsCache holds the statistics of the search index a while: they
// change when the database analyzes the table.
type statsCache struct {
	mu    sync.Mutex
	stats *tokenStats
}

// statsRefresh is how long statistics are kept before they are read again.
const statsRefresh = 5 * time.Minute

// tokenStatsOf are the search index's statistics, read from the database
// at most every statsRefresh; nil when it keeps none.
func (s *Store) tokenStatsOf(db *gorm.DB) (*tokenStats, error) {
	c := s.searchStats
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stats != nil && (c.stats.fixed > 0 || time.Since(c.stats.refreshedAt) < statsRefresh) {
		if c.stats.statsUnavailable {
			return nil, nil
		}
		return c.stats, nil
	}
	st, err := s.dialect.searchStats(db)
	if err != nil {
		return nil, err
	}
	if st == nil {
		st = &tokenStats{statsUnavailable: true}
	}
	st.refreshedAt = time.Now()
	c.stats = st
	if st.statsUnavailable {
		return nil, nil
	}
	return st, nil
}

// windowedTier reads the first n ids (in id order, after the id after) of
// the tier whose per-row form is walk, when the statistics say its
// matches are too few for a walk of the primary key to meet n of them
// soon (every row walked is a read of the table, in id order, which is not
// the table's order) and too many to read all of them: window by window
// of ids, each sized to hold about 2n matches by the estimate, growing
// by what each one showed while they fall short. The database reads a window as the
// intersection of two bitmaps, of the index's postings of token (the
// rarest of the tier's) and of the primary key's range, so that it reads
// from the table only the rows holding token within the window: about 2n
// rows, where the walk read n/density and the unordered read every
// match. A tier of at most readAll estimated matches is read at once.
// A window past the histogram's last bound is the rest of the tier, read
// by every token of the tier (all: the index intersects their postings,
// where a bounded window is better served by the rarest one and the
// primary key, as the database estimates several tokens as if they were
// independent, and would read every row holding them all in each window),
// at most limit rows; 运规 贮运 read every title holding 运规 otherwise,
// though few hold both; ok is false when that many were there
// (the statistics were wrong), and the caller reads the rest its own way
// after the returned ids' last window (resume).
//
// A window of half the ids or more of a query of several terms (several)
// is read by all its tokens too: the bitmap of the primary key's range
// would save at most half the rows there, and the planner drops it, so
// the rarest token alone read every row holding it (能中 品评: 1,256
// names for 77 that hold both words).
func (s *Store) windowedTier(db *gorm.DB, base func(*gorm.DB) *gorm.DB, walk tier, st *tokenStats, rare, all indexTerm, inName, several bool, est float64, after string, n, limit int, found map[string]standardRow) (ids []string, resume string, ok bool, err error) {
	share := 2 * float64(n) / max(est, 1)
	if est <= float64(s.relevance.readAll) {
		// Fewer matches than a window's range of the primary key costs
		// (a table page a match against some 70 index entries a page):
		// all of them at once.
		share = 1
	}
	cond, arg := s.dialect.tokenMatch(rare.tokens, rare.prefixes, inName)
	allCond, allArg := s.dialect.tokenMatch(all.tokens, all.prefixes, inName)
	for {
		end := st.windowEnd(after, share)
		q := base(db).Where(walk.cond, walk.args...)
		if end != "" && !(several && share >= 0.5) {
			q = q.Where(cond, arg)
		} else {
			q = q.Where(allCond, allArg)
		}
		if after != "" {
			q = q.Where("standards.id > ?", after)
		}
		var got []string
		if end != "" {
			// A bounded window's first matches in id order are the
			// page's: their rows are read with them (plannedRows), and
			// the database sorts the few the window holds. Read to the
			// page, a window that falls short gives all it holds, the
			// density the next one is sized by.
			got, err = s.plannedRows(db, planIndexSearch, q.Where("standards.id <= ?", end).Order("standards.id").Limit(n-len(ids)), found)
		} else {
			got, err = s.plannedIDs(db, planIndexSearch, q.Limit(limit), "standards.id")
		}
		if err != nil {
			return nil, "", false, err
		}
		if end == "" && len(got) >= limit {
			return ids, after, false, nil
		}
		slices.Sort(got) // canonical lowercase UUIDs sort as the database orders them
		ids = append(ids, got[:min(n-len(ids), len(got))]...)
		if len(ids) >= n || end == "" {
			return ids, "", true, nil
		}
		// The next window holds twice the matches still wanted at
		// the density this one showed (the estimate of a term of
		// several tokens is its rarest token's, which overstates
		// it), from twice to sixteen times as large.
		growth := 2 * float64(n-len(ids)) / max(float64(len(got)), 0.5)
		after, share = end, share*min(max(growth, 2), 16)
	}
}

// prefixEstimate is the share of the standards the statistics say hold a
// word beginning with prefix (in the name when inName): the shares of the
// common tokens that begin with it, or the least share listed when none
// does (each of the rest is rarer than that).
func (st *tokenStats) prefixEstimate(prefix string, inName bool) float64 {
	if st.fixed > 0 {
		return st.fixed
	}
	shares, least := st.anywhere, st.anyMin
	if inName {
		shares, least = st.name, st.nameMin
	}
	share := 0.0
	for token, f := range shares {
		if strings.HasPrefix(token, prefix) {
			share += f
		}
	}
	return max(share, least)
}

// rarestPrefix is the prefix word of a number's terms the index is best
// asked for: the one the statistics say the fewest standards hold, of
// those the one indexedPrefix prefers; "" when there are fewer than two.
// indexedPrefix alone asked for 101 of q/bda 101-2021 (4,587 standards
// hold a word beginning with it) where bda has 164.
func (st *tokenStats) rarestPrefix(terms []search.Term) string {
	var all []string
	for _, t := range terms {
		all = append(all, t.Prefixes...)
	}
	if len(all) < 2 {
		return ""
	}
	var rarest []string
	least := math.Inf(1)
	for _, p := range all {
		switch e := st.prefixEstimate(p, false); {
		case e < least:
			rarest, least = []string{p}, e
		case e == least:
			rarest = append(rarest, p)
		}
	}
	if len(rarest) == 1 {
		return rarest[0]
	}
	return indexedPrefix([]search.Term{{Prefixes: rarest}})
}

// allTokens is what the index is asked for when a tier is read to its
// end: every token of probe, and rare's prefix word when it is one (the
// other prefix words are tested row by row: 2026:* alone read the
// postings of every word beginning with 2026).
func allTokens(probe []indexTerm, rare indexTerm) indexTerm {
	all := indexTerm{prefixes: rare.prefixes}
	for _, t := range probe {
		all.tokens = append(all.tokens, t.tokens...)
	}
	return all
}
