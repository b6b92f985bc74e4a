package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/search"
	"stdreg/internal/standard"
)

// indexSearch writes a standard's search document, in the transaction of
// the write that changed it.
func (s *Store) indexSearch(tx *gorm.DB, st standard.Standard) error {
	if err := s.dialect.indexSearch(tx, st.ID, search.DocumentOf(st)); err != nil {
		return fmt.Errorf("index standard %s for search: %w", st.ID, err)
	}
	return nil
}

// searchMatch narrows a query to the standards every term of q matches.
func (s *Store) searchMatch(db *gorm.DB, q string) *gorm.DB {
	for _, term := range search.Query(q) {
		cond, args := s.termMatch(term, false, false)
		db = db.Where(cond, args...)
	}
	return db
}

// textCondition is searchMatch as one condition, for combining with
// another; "" when q has no term.
func (s *Store) textCondition(q string) (string, []any) {
	var conds []string
	var args []any
	for _, term := range search.Query(q) {
		cond, a := s.termMatch(term, false, false)
		conds, args = append(conds, "("+cond+")"), append(args, a...)
	}
	return strings.Join(conds, " AND "), args
}

// termMatch is the condition that a standard's text (its name alone when
// inName) matches term: by the index (its tokens exactly, its words as
// prefixes), and, unless the tokens already say so, literally in the
// folded text, so that punctuation counts as itself and the pairs of a
// longer Chinese word must stand together. perRow asks for the form that
// is cheapest tested row by row, when rows are walked rather than found in
// the index: a Chinese term (one run of CJK characters, of any length)
// matches exactly when the text holds it literally, and LIKE costs a tenth
// of a tsvector match a row (about 1.7 µs against 16 µs on PostgreSQL
// here; docs/performance.md).
func (s *Store) termMatch(term search.Term, inName, perRow bool) (string, []any) {
	column := "search_text"
	if inName {
		column = "name_text"
	}
	like := column + " LIKE ? ESCAPE '\\'"
	literal := "%" + escapeLike(term.Literal) + "%"
	if perRow && term.Han && len(term.Prefixes) == 0 && len(term.Tokens) > 0 {
		return like, []any{literal}
	}
	var conds []string
	var args []any
	if len(term.Tokens) > 0 || len(term.Prefixes) > 0 {
		cond, arg := s.dialect.tokenMatch(term.Tokens, term.Prefixes, inName)
		conds, args = append(conds, cond), append(args, arg)
	}
	if !term.Exact {
		conds, args = append(conds, like), append(args, literal)
	}
	return strings.Join(conds, " AND "), args
}

// backfillSearch indexes the rows written before the search index existed.
func (s *Store) backfillSearch(ctx context.Context) error {
	for {
		var rows []standardRow
		if err := s.db.WithContext(ctx).Where("search_text IS NULL").Limit(1000).Find(&rows).Error; err != nil {
			return fmt.Errorf("backfill search index: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		all, err := toStandards(rows)
		if err != nil {
			return fmt.Errorf("backfill search index: %w", err)
		}
		err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			for _, st := range all {
				if err := s.indexSearch(tx, st); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("backfill search index: %w", err)
		}
	}
}
