package service_test

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/service"
	"stdreg/internal/standard"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// TestTwoInstances runs two instances of the service on one PostgreSQL
// database, as two processes would (each its own store, change listener,
// read cache and limits), with neither STDREG_PAGE_TOKEN_KEY set, behind
// small reverse proxies: one that keeps each client on one instance (by
// its key, as deployments/ configure nginx and Kubernetes), one that
// alternates. A client reads its own write back at once, every time; the
// other instance's cache serves the change soon after (how soon is
// logged); a page token one instance gives, the other accepts.
func TestTwoInstances(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverPostgres)
	ctx := context.Background()
	second, err := store.Open(ctx, db.Config, storetest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	cfg, err := service.BenchConfig(db.Config, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := service.Build(cfg, db.Store, storetest.Logger()), service.Build(cfg, second, storetest.Logger())
	instances := []*httptest.Server{httptest.NewServer(a.Handler), httptest.NewServer(b.Handler)}
	for _, s := range instances {
		defer s.Close()
	}
	proxy := func(pick func(*http.Request) int) *httptest.Server {
		var backends []*httputil.ReverseProxy
		for _, s := range instances {
			u, _ := url.Parse(s.URL)
			backends = append(backends, httputil.NewSingleHostReverseProxy(u))
		}
		p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			backends[pick(r)].ServeHTTP(w, r)
		}))
		t.Cleanup(p.Close)
		return p
	}
	sticky := proxy(func(r *http.Request) int {
		h := fnv.New32a()
		h.Write([]byte(r.Header.Get("Authorization")))
		return int(h.Sum32() % 2)
	})
	var turn atomic.Uint64
	alternating := proxy(func(*http.Request) int { return int(turn.Add(1) % 2) })

	operator := access.WithCaller(ctx, access.Operator())
	key := func(name string) string {
		_, secret, err := a.Registry.CreateKey(operator, access.Key{Role: access.RoleAdmin, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	editor, reader := key("衢州市标准化研究院 录入"), key("第三方应用 标准查")
	var ids []string
	for i := range 7 {
		s, err := a.Registry.CreateStandard(operator, standard.Standard{Code: fmt.Sprintf("DB33/T %d-2026", 3101+i), Kind: standard.KindLocal,
			TitleZH: fmt.Sprintf("衢州椪柑 栽培技术规程 第%d部分", i+1), Stage: standard.StagePublished,
			ApprovedOn: standard.Date{Year: 2025, Month: 4, Day: 1}, PublishedOn: standard.Date{Year: 2026, Month: 5, Day: 20}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	do := func(base, secret, method, target, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, base+target, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		if body != "" {
			req.Header.Set("Content-Type", "application/merge-patch+json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	title := func(base, secret, id string) string {
		t.Helper()
		code, s := do(base, secret, http.MethodGet, "/api/v1/standards/"+id, "")
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d %v", id, code, s)
		}
		return s["title_zh"].(string)
	}

	t.Run("a client reads its own write at once, and the other instance soon", func(t *testing.T) {
		for _, s := range instances { // both caches hold the standard
			title(s.URL, reader, ids[0])
		}
		var slowest time.Duration
		for i := range 20 {
			want := fmt.Sprintf("衢州椪柑 栽培技术规程（修订%d）", i+1)
			if code, body := do(sticky.URL, editor, http.MethodPatch, "/api/v1/standards/"+ids[0], `{"title_zh":"`+want+`"}`); code != http.StatusOK {
				t.Fatalf("PATCH: %d %v", code, body)
			}
			written := time.Now()
			if got := title(sticky.URL, editor, ids[0]); got != want {
				t.Fatalf("the writer reads %q just after writing %q", got, want)
			}
			for _, s := range instances {
				for title(s.URL, reader, ids[0]) != want {
					if time.Since(written) > 5*time.Second {
						t.Fatalf("an instance still answers the old title 5 s after the write")
					}
					time.Sleep(time.Millisecond)
				}
			}
			slowest = max(slowest, time.Since(written))
		}
		t.Logf("every instance answered each write within %v (20 writes)", slowest.Round(time.Microsecond))
	})

	t.Run("through an alternating proxy", func(t *testing.T) {
		stale := 0
		for i := range 20 {
			want := fmt.Sprintf("衢州椪柑 栽培技术规程（第二轮修订%d）", i+1)
			if code, body := do(alternating.URL, editor, http.MethodPatch, "/api/v1/standards/"+ids[1], `{"title_zh":"`+want+`"}`); code != http.StatusOK {
				t.Fatalf("PATCH: %d %v", code, body)
			}
			if title(alternating.URL, editor, ids[1]) != want {
				stale++
			}
		}
		// Not a promise: the other instance hears of the change a moment
		// later, which is why the proxy must keep a client on one instance.
		t.Logf("without a sticky proxy, %d of 20 reads just after the client's own write were stale", stale)
	})

	t.Run("a page token of one instance is accepted by the other", func(t *testing.T) {
		seen := map[string]bool{}
		target := "/api/v1/standards?q=衢州椪柑&page_size=2"
		for pages := 0; ; pages++ {
			code, page := do(alternating.URL, reader, http.MethodGet, target, "")
			if code != http.StatusOK {
				t.Fatalf("page %d: %d %v", pages+1, code, page)
			}
			for _, it := range page["items"].([]any) {
				seen[it.(map[string]any)["id"].(string)] = true
			}
			next, _ := page["next_page_token"].(string)
			if next == "" {
				break
			}
			target = "/api/v1/standards?q=衢州椪柑&page_size=2&page_token=" + url.QueryEscape(next)
		}
		if len(seen) != len(ids) {
			t.Errorf("the pages listed %d standards, want %d", len(seen), len(ids))
		}
	})
}
