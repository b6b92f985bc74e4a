package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stdreg/api"
	"stdreg/internal/browsertest"
	"stdreg/internal/config"
	"stdreg/internal/store/storetest"
)

// TestSwaggerUIInBrowser opens /docs in headless Chromium on the real
// handler and checks what a developer sees: the page fetched
// /openapi.json (and no other document), shows no error, and lists every
// operation of api/openapi.json, each under its method and path.
func TestSwaggerUIInBrowser(t *testing.T) {
	t.Parallel()
	tab := browsertest.New(t)
	c := newClient(t, storetest.New(t, config.DriverSQLite))
	var mu sync.Mutex
	var requested []string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requested = append(requested, r.URL.Path)
		mu.Unlock()
		c.handler.ServeHTTP(w, r)
	}))
	defer server.Close()

	want := documentedOperations(t)
	tab.Run("open /docs",
		chromedp.Navigate(server.URL+"/docs"),
		chromedp.WaitVisible(chromedp.CSS(".opblock")),
	)
	// Swagger UI renders the tags one after another; wait until the count
	// stops growing rather than sleeping a fixed time.
	var shown []string
	for deadline := time.Now().Add(20 * time.Second); ; {
		shown = browsertest.Eval[[]string](tab, `[...document.querySelectorAll('.opblock')].map(b =>
			b.querySelector('.opblock-summary-method').textContent.trim() + ' ' +
			b.querySelector('.opblock-summary-path').getAttribute('data-path'))`)
		if len(shown) >= len(want) || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	path := tab.Screenshot("swagger-ui")

	slices.Sort(shown)
	if !slices.Equal(shown, want) {
		t.Errorf("Swagger UI lists %d operations, the document has %d\nshown: %v\nwant:  %v", len(shown), len(want), shown, want)
	}
	text := browsertest.Eval[string](tab, `document.body.innerText`)
	for _, bad := range []string{"Failed to load", "Fetch error", "Internal Server Error", "doc.json"} {
		if strings.Contains(text, bad) {
			t.Errorf("the page says %q (screenshot %s)", bad, path)
		}
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('.errors-wrapper').length`); n != 0 {
		t.Errorf("Swagger UI shows %d error boxes (screenshot %s)", n, path)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Contains(requested, "/openapi.json") {
		t.Errorf("the page never fetched /openapi.json; it fetched %v", requested)
	}
	for _, p := range requested {
		if strings.HasSuffix(p, "doc.json") || strings.HasSuffix(p, "doc.yaml") {
			t.Errorf("the page fetched %s, a document the service does not serve", p)
		}
	}
	tab.NoConsoleErrors()
}

// documentedOperations lists "METHOD path" for every operation of
// api/openapi.json, sorted.
func documentedOperations(t *testing.T) []string {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for p, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "options", "head", "patch", "trace":
				ops = append(ops, strings.ToUpper(method)+" "+p)
			}
		}
	}
	slices.Sort(ops)
	if len(ops) < 30 {
		t.Fatalf("api/openapi.json has only %d operations", len(ops))
	}
	return ops
}
