// Package search turns text into the tokens the search index holds and
// queries into the tokens they must match, the way search engines index
// CJK text without a dictionary: every Han character and every pair of
// adjacent ones (bigrams), so that two-character words such as 茶叶 are
// found anywhere in a title; and Latin words and numbers lower-cased, so
// that English is matched case-insensitively and by prefix.
package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// fold makes text comparable: full-width forms become half-width, letters
// lower case.
func fold(s string) string {
	return strings.ToLower(width.Fold.String(s))
}

// isCJK reports whether r is written without spaces between words.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// isWord reports whether r belongs to a Latin word or a number.
func isWord(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isCJK(r)
}

// run is a stretch of text of one class.
type run struct {
	text string
	cjk  bool
}

// runs splits folded text into CJK runs and words; everything else
// (spaces, punctuation, symbols) separates them. A dot between digits stays
// in the number, so part numbers such as 20000.1 are one token.
func runs(s string) []run {
	var out []run
	rs := []rune(fold(s))
	for i := 0; i < len(rs); {
		switch {
		case isCJK(rs[i]):
			j := i
			for j < len(rs) && isCJK(rs[j]) {
				j++
			}
			out = append(out, run{string(rs[i:j]), true})
			i = j
		case isWord(rs[i]):
			j := i
			for j < len(rs) && (isWord(rs[j]) || (rs[j] == '.' && j > i && j+1 < len(rs) && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]))) {
				j++
			}
			out = append(out, run{string(rs[i:j]), false})
			i = j
		default:
			i++
		}
	}
	return out
}

// IndexTokens are the tokens a text is indexed under: each CJK character and
// each adjacent pair, and each word; sorted and without repeats.
func IndexTokens(texts ...string) []string {
	seen := map[string]bool{}
	for _, t := range texts {
		for _, r := range runs(t) {
			if !r.cjk {
				seen[r.text] = true
				continue
			}
			chars := []rune(r.text)
			for i, c := range chars {
				seen[string(c)] = true
				if i+1 < len(chars) {
					seen[string(chars[i:i+2])] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// Term is what one space-separated part of a query must match: all of
// Tokens exactly, and the words in Prefixes as the beginning of a word.
// Literal is the term as typed (folded), which the text must contain, so
// that punctuation counts literally and bigrams must stand together.
type Term struct {
	Literal  string
	Tokens   []string
	Prefixes []string
	// Exact reports that matching the tokens already means holding the
	// literal text: the term is one word, or one or two Han characters
	// (whose pair is a token). Longer Chinese terms need the literal check,
	// since their pairs may stand apart.
	Exact bool
}

// Query splits a query into terms. A CJK run of one character matches that
// character; a longer one matches all its bigrams; a word matches as a
// prefix. A term with nothing to index (only punctuation) has only its
// literal text.
func Query(q string) []Term {
	var terms []Term
	for _, part := range strings.Fields(q) {
		t := Term{Literal: fold(part)}
		rs := runs(part)
		t.Exact = len(rs) == 1 && rs[0].text == t.Literal && (!rs[0].cjk || utf8.RuneCountInString(rs[0].text) <= 2)
		for _, r := range rs {
			if !r.cjk {
				t.Prefixes = append(t.Prefixes, r.text)
				continue
			}
			chars := []rune(r.text)
			if len(chars) == 1 {
				t.Tokens = append(t.Tokens, r.text)
			}
			for i := 0; i+1 < len(chars); i++ {
				t.Tokens = append(t.Tokens, string(chars[i:i+2]))
			}
		}
		terms = append(terms, t)
	}
	return terms
}

// Fold is the form text is searched in: half width, lower case.
func Fold(s string) string { return fold(s) }
