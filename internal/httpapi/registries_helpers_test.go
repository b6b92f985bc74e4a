package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// walkIDs follows next_page_token from the first page of a list at path
// (with its query) to the last, failing on a repeated id, and returns
// the ids in order and the number of pages read.
func walkIDs(t *testing.T, c *client, path string) (ids []string, pages int) {
	t.Helper()
	seen := map[string]bool{}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	token := ""
	for {
		p := path
		if token != "" {
			p += sep + "page_token=" + url.QueryEscape(token)
		}
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			NextPageToken string `json:"next_page_token"`
		}
		mustDo(t, c, http.StatusOK, http.MethodGet, p, nil).decode(t, &page)
		pages++
		for _, it := range page.Items {
			if seen[it.ID] {
				t.Fatalf("%s: %s appears on two pages", path, it.ID)
			}
			seen[it.ID] = true
			ids = append(ids, it.ID)
		}
		if page.NextPageToken == "" {
			return ids, pages
		}
		if pages > 100 {
			t.Fatalf("%s: more than 100 pages", path)
		}
		token = page.NextPageToken
	}
}
