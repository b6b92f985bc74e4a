package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/search"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

// facetSample is a share of the standards (k/256 of them) and the sampled
// matches it takes to stand for the whole.
type facetSample struct{ share, enough int }

// defaultFacetSamples are the shares of the standards (k/256 of them, by the last
// byte of the id) that facets with q are first counted over, smallest
// first, each with the sampled matches it takes to stand for the whole:
// 100 in 1/256 (about 25,600 matches), 400 in 1/32 (about 12,800). With
// fewer, the counts are exact. A list of 10,000 matches shows about 39 and
// 312 of them, 5 standard deviations under 400, so every list under
// 10,000 is counted exactly.
//
// A search index finds the matches without reading them, but counting
// them by kind, stage or year reads each matching row: 茶叶 is in 46,670
// titles, on 44,405 pages of the table, about 0.5 s for each facet on
// PostgreSQL here. The sample is found by a BitmapAnd of the search index
// and the id's index (migration 00027), so a common word reads 1/256 of
// its rows.
var defaultFacetSamples = []facetSample{{1, 100}, {8, 400}}

// defaultFacetWalkFrom is the share of all standards a search must match,
// by the planner's estimate, for facets' first sample to be read by
// walking the sample's index and testing q on each row, rather than by
// ANDing the search index's bitmap with the sample's: that bitmap holds
// every match, and building it took 125-150 ms for the 228,363 standards
// that hold 质量 of a million (at a load average of 16), where the walk of
// the 3,900 standards of 1/256 took 30-48 ms. The walk costs 1/256 of the
// table whatever q; the bitmap grows with the matches: they cost alike
// at about 1/16 of the table.
const defaultFacetWalkFrom = 1.0 / 16

// Facets counts the standards the filter selects by each facet named: kind,
// stage, year (of publication) or designation; the most frequent first.
// All are counted in one pass over the matches; with q, over a sample of
// them when there are many, the counts then marked approximate.
//
// A sample is counted only when it can hold enough matches: where the
// search index counts (SQLite's FTS5 table, in a millisecond or two),
// not when the index holds fewer than that share of enough; and not when
// the sample before it, scaled to its share, falls under half of enough
// (5 standard deviations and more under it for a list that would fill
// it). Each pass costs a read of each sampled row, and a list of 6,000
// matches counted exactly after two samples it could not fill read 1/256
// and 1/32 of its rows for nothing. Skipping a sample only ever counts
// exactly what it would have estimated.
func (s *Store) Facets(ctx context.Context, f standard.Filter, names []string) (map[string][]standard.FacetCount, error) {
	for _, name := range names {
		if !slices.Contains(standard.FacetNames, name) {
			return nil, fmt.Errorf("facet %q: unknown", name)
		}
	}
	leave, err := s.searches.enter(ctx, "count facets")
	if err != nil {
		return nil, err
	}
	defer leave()
	var out map[string][]standard.FacetCount
	err = s.dialect.plannedRead(s.db.WithContext(ctx), func(tx *gorm.DB) error {
		if q := strings.TrimSpace(f.Q); q != "" {
			bound, bounded, err := s.matchBound(tx, q)
			if err != nil {
				return err
			}
			walk, err := s.walksFirstSample(tx, f, bounded)
			if err != nil {
				return err
			}
			seen, seenShare := 0, 0 // the last sample counted
			for i, sample := range s.facetSamples {
				if bounded && bound*sample.share < sample.enough*256 {
					continue
				}
				if seenShare > 0 && 2*seen*sample.share < sample.enough*seenShare {
					continue
				}
				counts, total, err := s.countFacets(tx, f, names, sample.share, walk && i == 0)
				if err != nil {
					return err
				}
				if total >= sample.enough {
					out = scaled(counts, 256.0/float64(sample.share))
					return nil
				}
				seen, seenShare = total, sample.share
			}
		}
		counts, _, err := s.countFacets(tx, f, names, 256, false)
		out = counts
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("count facets: %w", err)
	}
	return out, nil
}

// matchBound is, where the dialect's search index counts, how many
// standards at most match q (the index's matches, up to a bound past which
// every sample can be filled); bounded is false where it does not count,
// and for a number, which its prefix tier can match outside the index.
func (s *Store) matchBound(tx *gorm.DB, q string) (n int, bounded bool, err error) {
	probe := indexProbe(q)
	if probe == nil {
		return 0, false, nil
	}
	limit := 0
	for _, sample := range s.facetSamples {
		limit = max(limit, (sample.enough*256+sample.share-1)/sample.share)
	}
	return s.dialect.countIndexed(tx, probe, nil, false, limit)
}

// walksFirstSample says whether the first sample is walked (see
// defaultFacetWalkFrom): where the dialect does not count its index's
// matches (bounded), its planner estimates them.
func (s *Store) walksFirstSample(tx *gorm.DB, f standard.Filter, bounded bool) (bool, error) {
	if bounded || indexProbe(f.Q) == nil {
		return false, nil
	}
	share, estimated, err := s.dialect.shareEstimated(tx, s.filterStandards(tx.Model(&standardRow{}), f).Select("1"))
	return estimated && share >= s.facetWalkFrom, err
}

// indexProbe is what the search index must hold of every standard q
// matches; nil when q has no term the index holds, or is a number (which
// its prefix tier matches outside the index too).
func indexProbe(q string) []indexTerm {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	if _, err := stdcode.Parse(q); err == nil {
		return nil
	}
	return probeOf(search.Query(q), "")
}

// countFacets counts the facets over the standards f selects whose id's
// last byte is under share (all of them when share is 256), in one
// statement that reads each once, and says how many there were. With q,
// the designations are read from the row's own list (designation_list),
// not joined: the planner, which cannot tell a rare word's matches from a
// common one's (it estimates 5,000 for every word outside its statistics),
// joined 600 matches to the whole table of designations by hash, 110-140
// ms of 150 on PostgreSQL at a million standards. Without q the planner's
// estimates hold, and over the whole table the join is the faster (2.9 s
// against 4.9 s at a million: the lists make the matches' rows wider).
//
// walk tests q on each row of the sample in the form cheapest row by row
// (termMatch's perRow: a Chinese term is LIKE alone), which no index
// serves, so that the sample's index is walked; q is then not a number
// (indexProbe).
func (s *Store) countFacets(tx *gorm.DB, f standard.Filter, names []string, share int, walk bool) (map[string][]standard.FacetCount, int, error) {
	columns, fromRow := "standards.id, kind, stage, published_on", strings.TrimSpace(f.Q) != ""
	if fromRow {
		columns += ", designation_list"
	}
	matches := tx.Model(&standardRow{})
	if walk {
		for _, term := range search.Query(f.Q) {
			cond, args := s.termMatch(term, false, true, "")
			matches = matches.Where(cond, args...)
		}
		f.Q = ""
	} else if table, cond, args := s.dialect.facetMatch(indexProbe(f.Q), share); table != "" {
		// The index's matches, then what the text condition tests beyond
		// them (termMatch): each term's literal, unless its tokens say it.
		matches = tx.Table(table).Where(cond, args...)
		for _, term := range search.Query(f.Q) {
			if !term.Exact {
				matches = matches.Where("search_text LIKE ? ESCAPE '\\'", "%"+escapeLike(term.Literal)+"%")
			}
		}
		f.Q = ""
	}
	matches = s.filterStandards(matches, f).Select(columns)
	if share < 256 {
		cond, arg := s.dialect.sampleOf(share)
		matches = matches.Where(cond, arg)
	}
	parts := []string{"SELECT '' AS facet, '' AS value, count(*) AS n FROM m"}
	for _, name := range names {
		switch name {
		case "kind", "stage":
			parts = append(parts, fmt.Sprintf("SELECT '%[1]s', %[1]s, count(*) FROM m GROUP BY %[1]s", name))
		case "year":
			year := s.dialect.yearOf("published_on")
			parts = append(parts, "SELECT 'year', "+year+", count(*) FROM m WHERE published_on IS NOT NULL GROUP BY "+year)
		case "designation":
			if !fromRow {
				parts = append(parts, "SELECT 'designation', d.type, count(*) FROM m JOIN standard_designations d ON d.standard_id = m.id GROUP BY d.type")
				break
			}
			from, typ := s.dialect.designationTypes()
			parts = append(parts, "SELECT 'designation', "+typ+", count(*) FROM m "+from+" WHERE m.designation_list <> '[]' GROUP BY "+typ)
		}
	}
	var rows []struct {
		Facet, Value string
		N            int
	}
	if err := tx.Raw("WITH m AS MATERIALIZED (?) "+strings.Join(parts, " UNION ALL "), matches).Scan(&rows).Error; err != nil {
		return nil, 0, err
	}
	out := make(map[string][]standard.FacetCount, len(names))
	for _, name := range names {
		out[name] = []standard.FacetCount{}
	}
	total := 0
	for _, r := range rows {
		if r.Facet == "" {
			total = r.N
			continue
		}
		out[r.Facet] = append(out[r.Facet], standard.FacetCount{Value: r.Value, Count: r.N})
	}
	for _, counts := range out {
		sortCounts(counts)
	}
	return out, total, nil
}

// scaled estimates the whole list's counts from a sample's.
func scaled(sample map[string][]standard.FacetCount, factor float64) map[string][]standard.FacetCount {
	out := make(map[string][]standard.FacetCount, len(sample))
	for name, counts := range sample {
		est := make([]standard.FacetCount, len(counts))
		for i, c := range counts {
			est[i] = standard.FacetCount{Value: c.Value, Count: int(math.Round(float64(c.Count) * factor)), Approximate: true}
		}
		sortCounts(est)
		out[name] = est
	}
	return out
}

// sortCounts puts the most frequent first, ties by value.
func sortCounts(counts []standard.FacetCount) {
	slices.SortFunc(counts, func(a, b standard.FacetCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Value, b.Value)
	})
}
