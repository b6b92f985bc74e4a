package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

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
}

// relevanceTiers are the ranks of the matches of q, best first:
//
//	0 the exact number (when q is a number)
//	1 a title or the number holds the whole query (or begins with the number)
//	2 the titles and number hold every term
//	3 the rest: matched through a drafting unit
//
// Each tier is its own condition, so that a page is read tier by tier in id
// order, from the name index or the whole-text index, and stops when it is
// full: a common word such as 技术 (in over a quarter of a million titles)
// costs what a rare one does, where ranking every match would sort them
// all.
func (s *Store) relevanceTiers(q string) []tier {
	q = strings.TrimSpace(q)
	if c, err := stdcode.Parse(q); err == nil {
		return []tier{
			{0, "normalized_code = ?", []any{c.Normalized}},
			{1, "normalized_code LIKE ? ESCAPE '\\' AND normalized_code <> ?", []any{escapeLike(c.Normalized) + "%", c.Normalized}},
		}
	}
	terms := search.Query(q)
	if len(terms) == 0 {
		return []tier{{0, "1 = 1", nil}}
	}
	var inName, anywhere []string
	var nameArgs, anyArgs []any
	for _, t := range terms {
		cond, args := s.termMatch(t, true)
		inName, nameArgs = append(inName, cond), append(nameArgs, args...)
		cond, args = s.termMatch(t, false)
		anywhere, anyArgs = append(anywhere, cond), append(anyArgs, args...)
	}
	name := "(" + strings.Join(inName, " AND ") + ")"
	rest := tier{3, strings.Join(anywhere, " AND ") + " AND NOT " + name, append(anyArgs, nameArgs...)}
	if len(terms) == 1 { // the whole query is the one term
		return []tier{{1, name, nameArgs}, rest}
	}
	phrase, phraseArg := "name_text LIKE ? ESCAPE '\\'", "%"+escapeLike(search.Fold(q))+"%"
	return []tier{
		{1, name + " AND " + phrase, append(append([]any{}, nameArgs...), phraseArg)},
		{2, name + " AND NOT " + phrase, append(append([]any{}, nameArgs...), phraseArg)},
		rest,
	}
}

// rankedPage finds one page of matches of q.Filter.Q by relevance, tier by
// tier, each in id order after the cursor, then reads those rows. base
// gives a new query with the list's other filters.
func (s *Store) rankedPage(db *gorm.DB, base func() *gorm.DB, q standard.ListQuery) ([]standardRow, *standard.Cursor, error) {
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
	for _, t := range s.relevanceTiers(q.Filter.Q) {
		if t.rank < afterRank {
			continue
		}
		after := ""
		if t.rank == afterRank {
			after = q.After.ID
		}
		ids, err := firstInTier(base, t, after, q.Limit+1-len(hits))
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
	var next *standard.Cursor
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
		last := hits[len(hits)-1]
		next = &standard.Cursor{Value: strconv.Itoa(last.rank), ID: last.id}
	}
	if len(hits) == 0 {
		return nil, nil, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	var rows []standardRow
	if err := db.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, nil, err
	}
	byID := make(map[string]standardRow, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	ordered := make([]standardRow, 0, len(ids))
	for _, id := range ids {
		ordered = append(ordered, byID[id])
	}
	return ordered, next, nil
}

// candidateCap is how many matches of a tier are read unordered before a
// tier counts as dense (see firstInTier).
var candidateCap = 2000 // a variable for tests of the dense path

// firstInTier returns the first n ids (in id order, after the id after) of
// the standards meeting tier t. A database plans "ORDER BY id LIMIT n" over
// a text match as a walk of the primary key that filters each row, which is
// quick when matches are dense and reads the whole table when they are
// rare or absent; or as an index search that sorts every match, which is
// the reverse. So the tier's matches are first read unordered, at most
// candidateCap of them, from the text index: fewer means they are all, and
// are sorted here; a full set means they are dense, and only then is the
// table walked in id order, which then finds n within about
// n/candidateCap of the table.
func firstInTier(base func() *gorm.DB, t tier, after string, n int) ([]string, error) {
	query := func() *gorm.DB {
		q := base().Where(t.cond, t.args...)
		if after != "" {
			q = q.Where("standards.id > ?", after)
		}
		return q
	}
	var ids []string
	if err := query().Limit(candidateCap).Pluck("standards.id", &ids).Error; err != nil {
		return nil, err
	}
	if len(ids) < candidateCap {
		slices.Sort(ids) // canonical lowercase UUIDs sort as the database orders them
		return ids[:min(n, len(ids))], nil
	}
	ids = nil
	if err := query().Order("standards.id").Limit(n).Pluck("standards.id", &ids).Error; err != nil {
		return nil, err
	}
	return ids, nil
}
