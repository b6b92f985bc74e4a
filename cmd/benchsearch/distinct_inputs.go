package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"unicode"

	"stdreg/internal/config"
)

// mix is one kind of query people send, as a list of requests that are
// each a different query, sampled from the registry itself.
type mix struct {
	name    string
	example string     // one request, as a person reads it
	items   []mixQuery // twice the size asked: one half per run
	facets  bool       // the SQL comparison counts facets
	lookup  bool       // the SQL comparison is an exact lookup
	noSQL   string     // why plain SQL has no comparison, when it has none
}

// mixQuery is one request and what plain SQL would send for it.
type mixQuery struct {
	path  string // escaped, for HTTP
	shown string // as a person reads it
	terms []string
	kind  string // a filter of the request, for the SQL
	code  string // normalized number, for a lookup
}

// sampledTitle is a standard whose title and number the queries are cut from.
type sampledTitle struct {
	Title, Kind, Code, Normalized string
}

// distinctMixes samples the query mixes of issue 14 from the registry
// (PostgreSQL or SQLite, as db names it): per mix n requests for one
// client and n others for 32 connections, no two the same. seed makes the
// sample repeatable.
func distinctMixes(ctx context.Context, db config.Database, n int, seed uint64) ([]mix, error) {
	s, err := openSampler(ctx, db)
	if err != nil {
		return nil, err
	}
	defer s.close()
	titles, err := s.titles(ctx, seed)
	if err != nil {
		return nil, fmt.Errorf("sample titles: %w", err)
	}
	if len(titles) < 100 {
		return nil, fmt.Errorf("sampled %d titles: the registry is too small for distinct queries", len(titles))
	}
	r := rand.New(rand.NewPCG(seed, 14))
	r.Shuffle(len(titles), func(i, j int) { titles[i], titles[j] = titles[j], titles[i] })
	absent, err := absentCharacters(ctx, s, r, 60)
	if err != nil {
		return nil, err
	}

	q := func(query string, extra url.Values) mixQuery {
		v := url.Values{"q": {query}}
		for k, vs := range extra {
			v[k] = vs
		}
		shown := "/api/v1/standards?q=" + query
		for k := range extra {
			shown += "&" + k + "=" + extra.Get(k)
		}
		return mixQuery{path: "/api/v1/standards?" + v.Encode(), shown: shown, terms: strings.Fields(query)}
	}
	size := 2 * n
	collect := func(make func(t sampledTitle) (mixQuery, bool)) []mixQuery {
		seen := map[string]bool{}
		var out []mixQuery
		for round := 0; round < 20 && len(out) < size; round++ {
			for _, t := range titles {
				m, ok := make(t)
				if !ok || seen[m.path] {
					continue
				}
				seen[m.path] = true
				out = append(out, m)
				if len(out) == size {
					break
				}
			}
		}
		return out
	}
	word := func(t sampledTitle) (string, bool) { return hanCut(r, t.Title, 2) }

	facets := url.Values{"facets": {"kind,stage,year,designation"}}
	mixes := []mix{
		{name: "two-character words", items: collect(func(t sampledTitle) (mixQuery, bool) {
			w, ok := word(t)
			return q(w, nil), ok
		})},
		{name: "title beginnings, 4–6 characters", items: collect(func(t sampledTitle) (mixQuery, bool) {
			b, ok := hanBeginning(t.Title, 4+r.IntN(3))
			return q(b, nil), ok
		})},
		{name: "two words of one title", items: collect(func(t sampledTitle) (mixQuery, bool) {
			a, ok1 := word(t)
			b, ok2 := word(t)
			return q(a+" "+b, nil), ok1 && ok2 && a != b
		})},
		{name: "no match (two rare characters)", items: noMatch(absent, r, size, q)},
		{name: "a number typed another way", items: collect(func(t sampledTitle) (mixQuery, bool) {
			if t.Code == "" {
				return mixQuery{}, false
			}
			return q(retyped(r, t.Code), nil), true
		})},
		{name: "a number without its year", items: collect(func(t sampledTitle) (mixQuery, bool) {
			undated, ok := withoutYear(t.Code)
			return q(undated, nil), ok
		})},
		{name: "filters and q", items: collect(func(t sampledTitle) (mixQuery, bool) {
			w, ok := word(t)
			m := q(w, url.Values{"kind": {t.Kind}})
			m.kind = t.Kind
			return m, ok
		})},
		{name: "facets with q", facets: true, items: collect(func(t sampledTitle) (mixQuery, bool) {
			w, ok := word(t)
			return q(w, facets), ok
		})},
		{name: "lookup by number", lookup: true, items: collect(func(t sampledTitle) (mixQuery, bool) {
			if t.Code == "" {
				return mixQuery{}, false
			}
			return mixQuery{
				path:  "/api/v1/standards/lookup?code=" + url.QueryEscape(t.Code),
				shown: "/api/v1/standards/lookup?code=" + t.Code, code: t.Normalized,
			}, true
		})},
	}
	mixes[4].noSQL = "ILIKE on the typed form finds nothing"
	for i := range mixes {
		if len(mixes[i].items) < 2 {
			return nil, fmt.Errorf("%s: sampled only %d queries", mixes[i].name, len(mixes[i].items))
		}
		mixes[i].example = mixes[i].items[0].shown
	}
	return mixes, nil
}

// hanCut is n adjacent Han characters cut at random from title, if it
// has any.
func hanCut(r *rand.Rand, title string, n int) (string, bool) {
	chars := []rune(title)
	var starts []int
	for i := 0; i+n <= len(chars); i++ {
		if allHan(chars[i : i+n]) {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return "", false
	}
	i := starts[r.IntN(len(starts))]
	return string(chars[i : i+n]), true
}

// hanBeginning is the title's first n characters, when they are all Han.
func hanBeginning(title string, n int) (string, bool) {
	chars := []rune(title)
	if len(chars) < n || !allHan(chars[:n]) {
		return "", false
	}
	return string(chars[:n]), true
}

func allHan(rs []rune) bool {
	for _, c := range rs {
		if !unicode.Is(unicode.Han, c) {
			return false
		}
	}
	return true
}

// absentCharacters finds n common-block Han characters in no standard's
// text, by asking the search index for each.
func absentCharacters(ctx context.Context, s sampler, r *rand.Rand, n int) ([]rune, error) {
	var out []rune
	for tries := 0; len(out) < n && tries < 20*n; tries++ {
		c := rune(0x4E00 + r.IntN(0x9FA5-0x4E00))
		found, err := s.indexed(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("find absent characters: %w", err)
		}
		if !found {
			out = append(out, c)
		}
	}
	if len(out) < 2 {
		return nil, fmt.Errorf("found only %d characters absent from the registry", len(out))
	}
	return out, nil
}

// noMatch pairs absent characters: queries that match nothing.
func noMatch(absent []rune, r *rand.Rand, size int, q func(string, url.Values) mixQuery) []mixQuery {
	seen := map[string]bool{}
	var out []mixQuery
	for tries := 0; len(out) < size && tries < 50*size; tries++ {
		pair := string([]rune{absent[r.IntN(len(absent))], absent[r.IntN(len(absent))]})
		if !seen[pair] {
			seen[pair] = true
			out = append(out, q(pair, nil))
		}
	}
	return out
}

// retyped writes a number the way one of several users might type it:
// lower case, no spaces, a full-width slash, a hyphen for the dash.
func retyped(r *rand.Rand, code string) string {
	switch r.IntN(4) {
	case 0:
		return typedForm(code)
	case 1:
		return strings.ToLower(strings.NewReplacer("—", "-").Replace(code))
	case 2:
		return strings.NewReplacer(" ", "", "—", "-").Replace(code)
	default:
		return strings.NewReplacer("/", "／", "—", "－").Replace(code)
	}
}

// withoutYear is a number less its year (GB/T 19001—2016: GB/T 19001),
// when it has one.
func withoutYear(code string) (string, bool) {
	for _, sep := range []string{"—", ":"} {
		if i := strings.LastIndex(code, sep); i > 0 {
			return code[:i], true
		}
	}
	return "", false
}
