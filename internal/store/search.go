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
		cond, args := s.termMatch(term, false, false, "")
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
		cond, a := s.termMatch(term, false, false, "")
		conds, args = append(conds, "("+cond+")"), append(args, a...)
	}
	return strings.Join(conds, " AND "), args
}

// likeContains is the condition that column holds folded literally, as
// LIKE.
func likeContains(column, folded string) (string, any) {
	return column + " LIKE ? ESCAPE '\\'", "%" + escapeLike(folded) + "%"
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
//
// keep, when not "", is the one prefix word of the query the index is asked
// for (see indexedPrefix); the term's other prefix words are tested on the
// rows the index gives, which selects the same standards.
func (s *Store) termMatch(term search.Term, inName, perRow bool, keep string) (string, []any) {
	column := "search_text"
	if inName {
		column = "name_text"
	}
	like, literal := s.dialect.contains(column, term.Literal)
	if perRow && term.Han && len(term.Prefixes) == 0 && len(term.Tokens) > 0 {
		return like, []any{literal}
	}
	var conds []string
	var args []any
	indexed, perRowPrefixes := splitPrefixes(term, keep)
	if len(term.Tokens) > 0 || len(indexed) > 0 {
		cond, arg := s.dialect.tokenMatch(term.Tokens, indexed, inName)
		conds, args = append(conds, cond), append(args, arg)
	}
	if len(perRowPrefixes) > 0 {
		cond, arg := s.dialect.rowTokenMatch(perRowPrefixes, inName)
		conds, args = append(conds, cond), append(args, arg)
	}
	if !term.Exact {
		conds, args = append(conds, like), append(args, literal)
	}
	return strings.Join(conds, " AND "), args
}

// splitPrefixes divides term's prefix words into those asked of the index
// and those tested row by row (keep is termMatch's).
func splitPrefixes(term search.Term, keep string) (indexed, perRow []string) {
	if keep == "" {
		return term.Prefixes, nil
	}
	for _, p := range term.Prefixes {
		if p == keep {
			indexed = append(indexed, p)
		} else {
			perRow = append(perRow, p)
		}
	}
	return indexed, perRow
}

// indexTerm is what the search index holds of one term of a query: its
// tokens, and the prefix words asked of the index.
type indexTerm struct {
	tokens, prefixes []string
}

// probeOf is what the index must hold of a standard that matches terms
// (keep as termMatch's): every term's tokens and indexed prefix words;
// nil when no term has any (a query of punctuation alone).
func probeOf(terms []search.Term, keep string) []indexTerm {
	var out []indexTerm
	for _, t := range terms {
		indexed, _ := splitPrefixes(t, keep)
		if len(t.Tokens) > 0 || len(indexed) > 0 {
			out = append(out, indexTerm{t.Tokens, indexed})
		}
	}
	return out
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

// indexedPrefix is the prefix word of a number typed as a query that the
// index is asked for on PostgreSQL (pickPrefix), the others tested row by row: the one with the most
// digits, then the longest, a year (four digits from 1900) only when
// there is nothing else (the sequence number: 3948 of DB33/T 3948, t2349
// of db33/t2349-2021, til153 of q/til153-2007). Asking the index for every word of a number
// made it merge the postings of every word beginning with t or db33
// (hundreds of thousands of rows) in each tier: 100 ms where the sequence
// number alone takes 0.6 ms. "" when the query has fewer than two.
func indexedPrefix(terms []search.Term) string {
	var all []string
	for _, t := range terms {
		all = append(all, t.Prefixes...)
	}
	if len(all) < 2 {
		return ""
	}
	digits := func(w string) int {
		n := 0
		for _, r := range w {
			if r >= '0' && r <= '9' {
				n++
			}
		}
		return n
	}
	year := func(w string) bool {
		return len(w) == 4 && digits(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20"))
	}
	best := all[0]
	for _, w := range all[1:] {
		if year(w) != year(best) {
			if year(best) {
				best = w
			}
			continue
		}
		if d, b := digits(w), digits(best); d > b || d == b && len(w) > len(best) {
			best = w
		}
	}
	return best
}
