package service_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	dto "github.com/prometheus/client_model/go"

	"stdreg/internal/access"
	"stdreg/internal/service"
	"stdreg/internal/store/storetest"
)

// scrape reads GET /metrics from h and parses it with Prometheus's own
// text parser.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(rec.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

// value is the sum of family name's samples whose labels include want.
func value(families map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f, ok := families[name]
	if !ok {
		return -1
	}
	sum := 0.0
next:
	for _, m := range f.GetMetric() {
		for k, v := range want {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == k && l.GetValue() == v {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}

// TestMetricsMove: every series the operators watch is at /metrics, parses,
// and moves with what the service does: requests by route template and
// status, their latency, the pool, the read cache, the change listener,
// an import's rows, a rate-limited request and the build.
func TestMetricsMove(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		cfg, err := service.BenchConfig(db.Config, map[string]string{"STDREG_RATE_LIMIT_ANONYMOUS": "0.001", "STDREG_RATE_BURST_ANONYMOUS": "3"})
		if err != nil {
			t.Fatal(err)
		}
		parts := service.Build(cfg, db.Store, storetest.Logger())
		operator := access.WithCaller(context.Background(), access.Operator())
		_, secret, err := parts.Registry.CreateKey(operator, access.Key{Role: access.RoleAdmin, Name: "省标准化研究院 运维"})
		if err != nil {
			t.Fatal(err)
		}
		db.WaitVouched(t)
		do := func(method, target, body string, key bool) int {
			req := httptest.NewRequest(method, target, strings.NewReader(body))
			if key {
				req.Header.Set("Authorization", "Bearer "+secret)
			}
			if body != "" {
				req.Header.Set("Content-Type", "text/csv")
			}
			rec := httptest.NewRecorder()
			parts.Handler.ServeHTTP(rec, req)
			return rec.Code
		}
		before := scrape(t, parts.Handler)

		csv := "标准号,标准名称,标准类别,状态,发布日期\r\n" +
			"DB33/T 2301-2026,茶叶加工企业 安全生产规范,local,published,2026-03-01\r\n" +
			"DB33/T 2302-2026,竹木家具 通用技术条件,local,published,2026-04-15\r\n" +
			"DB33/T 2303-2026,,local,published,2026-04-15\r\n"
		if got := do(http.MethodPost, "/api/v1/imports?mode=skip_invalid", csv, true); got != http.StatusOK {
			t.Fatalf("import: %d", got)
		}
		for range 2 { // a miss, then a hit
			if got := do(http.MethodGet, "/api/v1/standards/lookup?code=db33/t2301-2026", "", true); got != http.StatusOK {
				t.Fatalf("lookup: %d", got)
			}
		}
		if got := do(http.MethodGet, "/api/v1/standards/00000000-0000-0000-0000-000000000000", "", true); got != http.StatusNotFound {
			t.Fatalf("unknown standard: %d", got)
		}
		do(http.MethodGet, "/wp-login.php", "", false)
		limited := 0
		for range 6 {
			if do(http.MethodGet, "/api/v1/standards", "", false) == http.StatusTooManyRequests {
				limited++
			}
		}
		if limited == 0 {
			t.Fatal("no anonymous request was limited")
		}
		after := scrape(t, parts.Handler)

		lookup := map[string]string{"method": "GET", "route": "/api/v1/standards/lookup", "status": "200"}
		tests := []struct {
			name    string
			series  string
			labels  map[string]string
			want    float64 // how much it moved
			atLeast bool
		}{
			{"lookups counted by route template", "stdreg_http_requests_total", lookup, 2, false},
			{"a 404 under its template", "stdreg_http_requests_total", map[string]string{"route": "/api/v1/standards/:id", "status": "404"}, 1, false},
			{"an unknown path as unmatched", "stdreg_http_requests_total", map[string]string{"route": "unmatched", "status": "404"}, 1, false},
			{"the import's request", "stdreg_http_requests_total", map[string]string{"method": "POST", "route": "/api/v1/imports", "status": "200"}, 1, false},
			{"latency of lookups", "stdreg_http_request_duration_seconds", map[string]string{"route": "/api/v1/standards/lookup"}, 2, false},
			{"429s as rate limited", "stdreg_rate_limited_requests_total", map[string]string{"policy": "anonymous"}, float64(limited), false},
			{"429s in the requests", "stdreg_http_requests_total", map[string]string{"status": "429"}, float64(limited), false},
			{"imports written", "stdreg_imports_total", map[string]string{"result": "written"}, 1, false},
			{"rows created", "stdreg_import_rows_total", map[string]string{"outcome": "created"}, 2, false},
			{"rows rejected", "stdreg_import_rows_total", map[string]string{"outcome": "rejected"}, 1, false},
			{"read cache hit", "stdreg_read_cache_requests_total", map[string]string{"result": "hit"}, 1, true},
			{"read cache miss", "stdreg_read_cache_requests_total", map[string]string{"result": "miss"}, 1, true},
			{"pool used", "go_sql_wait_count_total", map[string]string{"db_name": "primary"}, 0, true},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				b, a := value(before, tc.series, tc.labels), value(after, tc.series, tc.labels)
				if a < 0 {
					t.Fatalf("%s%v is not at /metrics", tc.series, tc.labels)
				}
				moved := a - max(b, 0)
				if moved != tc.want && !(tc.atLeast && moved >= tc.want) {
					t.Errorf("%s%v moved by %g, want %g", tc.series, tc.labels, moved, tc.want)
				}
			})
		}
		for _, tc := range []struct {
			series string
			labels map[string]string
			want   float64
		}{
			{"stdreg_change_listener_up", nil, 1},
			{"stdreg_database_up", nil, 1},
			{"stdreg_http_requests_in_flight", nil, 1}, // the scrape itself
			{"stdreg_build_info", nil, 1},
		} {
			if got := value(after, tc.series, tc.labels); got != tc.want {
				t.Errorf("%s%v = %g, want %g", tc.series, tc.labels, got, tc.want)
			}
		}
		if got := value(after, "go_sql_max_open_connections", map[string]string{"db_name": "primary"}); got <= 0 {
			t.Errorf("go_sql_max_open_connections{db_name=primary} = %g, want the pool's size", got)
		}
		for _, work := range []string{"search", "bulk"} {
			labels := map[string]string{"work": work}
			if got := value(after, "stdreg_db_turns", labels); got < 1 {
				t.Errorf("stdreg_db_turns%v = %g, want how many may run at once", labels, got)
			}
			if got := value(after, "stdreg_db_turns_taken", labels); got != 0 {
				t.Errorf("stdreg_db_turns_taken%v = %g after every request ended, want 0", labels, got)
			}
			if got := value(after, "stdreg_db_turn_waits_total", labels); got < 0 {
				t.Errorf("stdreg_db_turn_waits_total%v is not at /metrics", labels)
			}
		}
		if got := value(after, "stdreg_read_cache_bytes", nil); got <= 0 {
			t.Errorf("stdreg_read_cache_bytes = %g, want the size of the answers kept", got)
		}
	})
}
