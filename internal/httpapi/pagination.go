package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/pagetoken"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

const (
	defaultPageSize = 20
	maxPageSize     = 200
)

// pageState is what a page token carries: where the next page starts, and a
// fingerprint of the query it belongs to, so a token cannot be replayed
// against another filter or sort.
type pageState struct {
	Query string `json:"q"`
	Value string `json:"v,omitempty"`
	Null  bool   `json:"n,omitempty"`
	ID    string `json:"i"`
}

// pager reads page_size and page_token and writes next_page_token.
type pager struct {
	tokens *pagetoken.Codec
}

// read returns the page size and the cursor the token names.
func (p pager) read(params url.Values, fe *fault.FieldErrors) (int, *paging.Cursor) {
	size := defaultPageSize
	if v := params.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			fe.Add("page_size", "must be a whole number from 1 to %d", maxPageSize)
		}
		size = n
	}
	token := params.Get("page_token")
	if token == "" {
		return size, nil
	}
	var st pageState
	if err := p.tokens.Decode(token, &st); err != nil {
		fe.Add("page_token", "is not a token this list issued")
		return size, nil
	}
	if st.Query != fingerprint(params) {
		fe.Add("page_token", "belongs to a list with other filters or sort; start again without page_token")
		return size, nil
	}
	return size, &paging.Cursor{Value: st.Value, Null: st.Null, ID: st.ID}
}

// next encodes the token of the page after the cursor, or "" on the last page.
func (p pager) next(params url.Values, c *paging.Cursor) (string, error) {
	if c == nil {
		return "", nil
	}
	token, err := p.tokens.Encode(pageState{Query: fingerprint(params), Value: c.Value, Null: c.Null, ID: c.ID})
	if err != nil {
		return "", errors.Join(errors.New("encode page token"), err)
	}
	return token, nil
}

// fingerprint hashes the query's parameters other than the paging ones.
func fingerprint(params url.Values) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "page_token" && k != "page_size" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(strings.Join(params[k], ",")) + "&")
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:12])
}

// checkParams rejects query parameters the endpoint does not know, so a
// typo (kinf=local) is an error rather than a silently unfiltered list, and
// values that break the text rule (standard.TextProblem: NUL, other control
// characters, bytes that are not UTF-8), whatever the parameter, so none
// reaches the database. A refused value is removed from params, so the
// parsing that follows neither reports it again nor uses it. Every handler
// calls it before reading its parameters.
func checkParams(params url.Values, fe *fault.FieldErrors, known ...string) {
	for k, values := range params {
		if !contains(known, k) {
			fe.Add(k, "is not a parameter of this endpoint")
			continue
		}
		for _, v := range values {
			if problem := standard.TextProblem(v, paramLines(k)); !problem.IsZero() {
				fe.Add(k, "%s", problem)
				params.Del(k)
				break
			}
		}
	}
}

// paramLines says which parameters may hold tabs and line breaks: q, whose
// white space only separates the terms searched for.
func paramLines(name string) standard.Lines {
	if name == "q" {
		return standard.MultiLine
	}
	return standard.Line
}
