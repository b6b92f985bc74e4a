package httpapi_test

import (
	"bytes"
	"net/http"
	"net/url"
	"testing"

	"stdreg/internal/httpapi"
	"stdreg/internal/store/storetest"
)

// TestEncodedAnswersFollowChanges: with encoded answers kept, a standard
// read again is the same bytes as without them, and a change is seen at
// once by id and by number, whether the cache holds everything or almost
// nothing.
func TestEncodedAnswersFollowChanges(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		bytes int64
	}{
		{"room for all", 1 << 20},
		{"room for one", 2048},
		{"room for none", 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
				cached := newClientWith(t, db, httpapi.Options{EncodedCache: tc.bytes})
				plain := newClient(t, db)
				local, national := create(t, cached, db33()), create(t, cached, gb17761())
				byID := func(id string) string { return "/api/v1/standards/" + id }
				byCode := func(code string) string { return "/api/v1/standards/lookup?code=" + url.QueryEscape(code) }

				read := func(c *client, path string) response {
					t.Helper()
					r := c.do(http.MethodGet, path, nil)
					if r.Code != http.StatusOK {
						t.Fatalf("GET %s: %d %s", path, r.Code, r.Body)
					}
					return r
				}
				same := func(path string) response {
					t.Helper()
					first, again, want := read(cached, path), read(cached, path), read(plain, path)
					for _, got := range []response{first, again} {
						if !bytes.Equal(got.Body, want.Body) {
							t.Fatalf("GET %s with encoded answers:\n%s\nwithout:\n%s", path, got.Body, want.Body)
						}
						if got.Header.Get("Content-Type") != want.Header.Get("Content-Type") || got.Header.Get("ETag") != want.Header.Get("ETag") {
							t.Errorf("GET %s headers %v, want %v", path, got.Header, want.Header)
						}
					}
					return first
				}
				// Both records read in turn, so a small cache evicts between reads.
				for range 2 {
					for _, p := range []string{byID(local.ID), byCode("db33/t2349-2021"), byID(national.ID), byCode("GB 17761-2018")} {
						same(p)
					}
				}

				r := cached.do(http.MethodPatch, byID(local.ID), `{"title_zh": "数字化改革 术语"}`, "Content-Type", "application/merge-patch+json")
				if r.Code != http.StatusOK {
					t.Fatalf("patch: %d %s", r.Code, r.Body)
				}
				for _, p := range []string{byID(local.ID), byCode("DB33/T 2349—2021")} {
					var st httpapi.StandardResponse
					got := same(p)
					got.decode(t, &st)
					if st.TitleZH != "数字化改革 术语" || got.Header.Get("ETag") != `"2"` {
						t.Errorf("GET %s after the change: title %q, ETag %s; want the new title at \"2\"", p, st.TitleZH, got.Header.Get("ETag"))
					}
				}

				// A change made past the registry keeps the version: the
				// answer must follow the record, not its version.
				if _, err := db.Raw(t).Exec("UPDATE standards SET title_en = 'Terms of the digital reform' WHERE id = '" + local.ID + "'"); err != nil {
					t.Fatal(err)
				}
				var st httpapi.StandardResponse
				same(byID(local.ID)).decode(t, &st)
				if st.TitleEN != "Terms of the digital reform" {
					t.Errorf("GET after an UPDATE past the registry: title_en %q", st.TitleEN)
				}

				// Indented JSON is asked for, not served from the cache.
				pretty := read(cached, byID(national.ID)+"?pretty")
				if !bytes.Contains(pretty.Body, []byte("\n  \"id\"")) {
					t.Errorf("GET ?pretty is not indented: %s", pretty.Body)
				}
			})
		})
	}
}
