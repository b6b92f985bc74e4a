package store

import (
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"stdreg/internal/search"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"
)

// rankedPage finds one page of matches by rank (ids and ranks only), then
// reads those rows.
func (s *Store) rankedPage(db, query *gorm.DB, q standard.ListQuery) ([]standardRow, *standard.Cursor, error) {
	rank, args := s.relevance(q.Filter.Q)
	query = keysetRank(query.Select("standards.id AS id, "+rank+" AS rank", args...), rank, args, q.After)
	type ranked struct {
		ID   string
		Rank int
	}
	page, next, err := fetchPage(query, q.Limit, func(r ranked) *standard.Cursor {
		return &standard.Cursor{Value: strconv.Itoa(r.Rank), ID: r.ID}
	})
	if err != nil || len(page) == 0 {
		return nil, next, err
	}
	ids := make([]string, len(page))
	for i, r := range page {
		ids[i] = r.ID
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

// relevance is the SQL of a match's rank for q, lower first: 0 the exact
// number, 1 a title holding the whole query, 2 titles or number holding
// every term, 3 the rest (matched through a drafting unit).
func (s *Store) relevance(q string) (string, []any) {
	q = strings.TrimSpace(q)
	if c, err := stdcode.Parse(q); err == nil {
		return "CASE WHEN normalized_code = ? THEN 0 ELSE 1 END", []any{c.Normalized}
	}
	phrase := "%" + escapeLike(search.Fold(q)) + "%"
	sql := "CASE WHEN lower(title_zh) LIKE ? ESCAPE '\\' OR lower(title_en) LIKE ? ESCAPE '\\' THEN 1"
	args := []any{phrase, phrase}
	var all []string
	for _, t := range search.Query(q) {
		term := "%" + escapeLike(t.Literal) + "%"
		all = append(all, "(lower(title_zh) LIKE ? ESCAPE '\\' OR lower(title_en) LIKE ? ESCAPE '\\' OR lower(normalized_code) LIKE ? ESCAPE '\\')")
		args = append(args, term, term, term)
	}
	if len(all) > 0 {
		sql += " WHEN " + strings.Join(all, " AND ") + " THEN 2"
	}
	return sql + " ELSE 3 END", args
}

// keysetRank orders by rank then id, and keeps the rows after the cursor.
func keysetRank(db *gorm.DB, rank string, args []any, after *standard.Cursor) *gorm.DB {
	if after != nil {
		r, _ := strconv.Atoi(after.Value)
		cond := "(" + rank + " > ? OR (" + rank + " = ? AND standards.id > ?))"
		vars := append(append(append([]any{}, args...), r), args...)
		vars = append(vars, r, after.ID)
		db = db.Where(cond, vars...)
	}
	return db.Clauses(clause.OrderBy{Expression: clause.Expr{SQL: "rank ASC, standards.id ASC"}})
}
