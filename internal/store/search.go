package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"stdreg/internal/search"
	"stdreg/internal/standard"
)

// searchable is what a standard is found by: its number (as registered and
// normalized), both titles and its drafting units.
func searchable(st standard.Standard) []string {
	return append([]string{st.Code, st.NormalizedCode, st.TitleZH, st.TitleEN}, st.DraftingUnits...)
}

// indexSearch writes a standard's search tokens and folded text, in the
// transaction of the write that changed them.
func (s *Store) indexSearch(tx *gorm.DB, st standard.Standard) error {
	tokens := search.IndexTokens(searchable(st)...)
	text := search.Fold(strings.Join(searchable(st), "\n"))
	if err := s.dialect.indexSearch(tx, st.ID, tokens, text); err != nil {
		return fmt.Errorf("index standard %s for search: %w", st.ID, err)
	}
	return nil
}

// searchMatch narrows a query to the standards every term of q matches: by
// the index (its tokens exactly, its words as prefixes), and literally in
// the folded text, so that punctuation counts as itself and the pairs of a
// longer Chinese word must stand together.
func (s *Store) searchMatch(db *gorm.DB, q string) *gorm.DB {
	for _, term := range search.Query(q) {
		if len(term.Tokens) > 0 || len(term.Prefixes) > 0 {
			db = s.dialect.matchTokens(db, term.Tokens, term.Prefixes)
		}
		db = db.Where("search_text LIKE ? ESCAPE '\\'", "%"+escapeLike(term.Literal)+"%")
	}
	return db
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
		all, err := withChildren(s.db.WithContext(ctx), rows)
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
