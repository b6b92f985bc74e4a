package httpapi_test

import (
	"net/http"
	"testing"
)

// TestConditionalReads: a read with If-None-Match naming the current
// version is 304 with no body; any change, or another version, gives the
// record again; a record the caller may not see stays 404 whatever it
// sends.
func TestConditionalReads(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		st := create(t, c, tea())
		org := createOrganization(t, c, zjInstitute())
		draft := draftOf(t, c, "未来社区建设指南")
		standardPath := "/api/v1/standards/" + st.ID
		cases := []struct {
			name, path, ifNoneMatch string
			want                    int
		}{
			{"the current version", standardPath, `"1"`, http.StatusNotModified},
			{"the current version, weak", standardPath, `W/"1"`, http.StatusNotModified},
			{"one of several", standardPath, `"7", "1"`, http.StatusNotModified},
			{"any version", standardPath, `*`, http.StatusNotModified},
			{"an older version", standardPath, `"0"`, http.StatusOK},
			{"not a tag of ours", standardPath, `"abc"`, http.StatusOK},
			{"an organization's current version", "/api/v1/organizations/" + org.ID, `"1"`, http.StatusNotModified},
			{"a draft the caller may not see", "/api/v1/standards/" + draft, `*`, http.StatusNotFound},
		}
		anonymous := c.as("")
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := anonymous.do(http.MethodGet, tc.path, nil, "If-None-Match", tc.ifNoneMatch)
				if r.Code != tc.want {
					t.Fatalf("If-None-Match %s: %d, want %d: %s", tc.ifNoneMatch, r.Code, tc.want, r.Body)
				}
				if r.Code == http.StatusNotModified {
					if len(r.Body) != 0 {
						t.Errorf("304 with a body: %s", r.Body)
					}
					if r.Header.Get("ETag") == "" {
						t.Errorf("304 without the ETag")
					}
				}
			})
		}
		// A change makes the tag read before stale.
		r := c.do(http.MethodPatch, standardPath, map[string]any{"title_en": "Tea processing, revised"},
			"Content-Type", "application/merge-patch+json", "If-Match", `"1"`)
		if r.Code != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Code, r.Body)
		}
		if r := c.do(http.MethodGet, standardPath, nil, "If-None-Match", `"1"`); r.Code != http.StatusOK || r.Header.Get("ETag") != `"2"` {
			t.Errorf("after a change, If-None-Match \"1\": %d, ETag %s", r.Code, r.Header.Get("ETag"))
		}
	})
}
