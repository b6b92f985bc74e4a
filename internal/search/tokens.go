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

	"golang.org/x/text/unicode/norm"
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

// runs splits text, folded, into CJK runs and words.
func runs(s string) []run {
	var out []run
	eachRun(fold(s), func(text string, cjk bool) { out = append(out, run{text, cjk}) })
	return out
}

// eachRun calls f with each CJK run and each word of folded text, as parts
// of it (no copies); everything else (spaces, punctuation, symbols)
// separates them. A dot between digits stays in the number, so part
// numbers such as 20000.1 are one token.
func eachRun(folded string, f func(text string, cjk bool)) {
	for i := 0; i < len(folded); {
		r, n := utf8.DecodeRuneInString(folded[i:])
		switch {
		case isCJK(r):
			j := i + n
			for j < len(folded) {
				r, m := utf8.DecodeRuneInString(folded[j:])
				if !isCJK(r) {
					break
				}
				j += m
			}
			f(folded[i:j], true)
			i = j
		case isWord(r):
			j, prev := i+n, r
			for j < len(folded) {
				r, m := utf8.DecodeRuneInString(folded[j:])
				if !isWord(r) && (r != '.' || !unicode.IsDigit(prev) || !digitAt(folded, j+m)) {
					break
				}
				j, prev = j+m, r
			}
			f(folded[i:j], false)
			i = j
		default:
			i += n
		}
	}
}

// digitAt reports whether a digit begins at byte i of s.
func digitAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsDigit(r)
}

// IndexTokens are the tokens a text is indexed under: each CJK character and
// each adjacent pair, and each word; sorted and without repeats.
func IndexTokens(texts ...string) []string {
	var out []string
	for _, t := range texts {
		out = appendTokens(out, fold(t))
	}
	return sortedSet(out)
}

// appendTokens appends the tokens of folded text, repeats and all. They
// are parts of the text, not copies: tokenizing is on every write's path
// and was the largest share of an import's CPU when each token was a new
// string.
func appendTokens(out []string, folded string) []string {
	eachRun(folded, func(text string, cjk bool) {
		if !cjk {
			out = append(out, text)
			return
		}
		for i := 0; i < len(text); {
			_, n := utf8.DecodeRuneInString(text[i:])
			out = append(out, text[i:i+n])
			if i+n < len(text) {
				_, m := utf8.DecodeRuneInString(text[i+n:])
				out = append(out, text[i:i+n+m])
			}
			i += n
		}
	})
	return out
}

// sortedSet sorts tokens and drops repeats; never nil.
func sortedSet(tokens []string) []string {
	if tokens == nil {
		return []string{}
	}
	slices.Sort(tokens)
	return slices.Compact(tokens)
}

// union merges two sorted sets into one.
func union(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case b[0] < a[0]:
			out, b = append(out, b[0]), b[1:]
		default:
			out, a, b = append(out, a[0]), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
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
	// Han reports that the term is one run of CJK characters, so that
	// holding Literal already means matching Tokens (the characters of a
	// run and their pairs are all tokens of a text that holds it): tested
	// row by row, the literal check alone decides.
	Han bool
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
		t.Han = len(rs) == 1 && rs[0].text == t.Literal && rs[0].cjk
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

// HasWordPrefixes reports whether folded text (a Document's Text or
// NameText) has, for each of prefixes, a word that begins with it: what
// the search index answers to the prefix words of a query, tested on one
// standard's text. Words are compared as SQLite's FTS5 tokenizer
// (unicode61) compares them, a Latin letter with one diacritic as the
// letter without it.
func HasWordPrefixes(folded string, prefixes []string) bool {
	found := make([]bool, len(prefixes))
	left := len(prefixes)
	eachRun(folded, func(text string, cjk bool) {
		if cjk || left == 0 {
			return
		}
		word := withoutDiacritics(text)
		for i, p := range prefixes {
			if !found[i] && strings.HasPrefix(word, p) {
				found[i] = true
				left--
			}
		}
	})
	return left == 0
}

// withoutDiacritics is s with each Latin letter of one diacritic (é, ť)
// written as the letter alone, as unicode61's remove_diacritics 1 does;
// s itself when it is ASCII.
func withoutDiacritics(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 0xC0 && r < 0x1F00 {
			d := []rune(norm.NFD.String(string(r)))
			if len(d) == 2 && unicode.Is(unicode.Mn, d[1]) {
				r = d[0]
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SpacePairs are the pairs across a space that every text holding the
// folded phrase holds, as PostgreSQL's stdreg_space_pairs indexes a
// standard's name (migration 00066): for each run of spaces between two
// other characters, the two characters before it, one space and the two
// after, where either character next to the spaces is not ASCII (so that
// English words and numbers, whose pairs are common, are left out). A
// pair at either end of the phrase is known only when the phrase has two
// characters there: 茶 规程 may stand in 绿茶 规程. nil when there is none,
// or the phrase is not valid UTF-8.
//
// 技术 安全 gives the one pair 技术 安全: a title holds the phrase exactly
// when it holds that pair, which the index answers without reading the
// titles that hold both words apart.
func SpacePairs(phrase string) []string {
	if !utf8.ValidString(phrase) {
		return nil
	}
	pieces := strings.Split(phrase, " ")
	var out []string
	for i := 0; i+1 < len(pieces); i++ {
		left := []rune(pieces[i])
		if len(left) == 0 {
			continue
		}
		j := i + 1
		for j < len(pieces) && pieces[j] == "" {
			j++
		}
		if j == len(pieces) {
			break
		}
		right := []rune(pieces[j])
		first, last := i == 0, j == len(pieces)-1
		if (first && len(left) < 2) || (last && len(right) < 2) ||
			(left[len(left)-1] < 128 && right[0] < 128) {
			i = j - 1
			continue
		}
		pair := string(left[max(len(left)-2, 0):]) + " " + string(right[:min(2, len(right))])
		if !slices.Contains(out, pair) {
			out = append(out, pair)
		}
		i = j - 1
	}
	return out
}
