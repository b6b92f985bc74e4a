package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"stdreg/internal/config"
	"stdreg/internal/store/storetest"
)

// TestDatabaseDownAnswers503 takes PostgreSQL away under a running
// service: reads and writes answer 503 with Retry-After and a problem
// that names no driver, table or address, and the service answers again
// once the database is back.
func TestDatabaseDownAnswers503(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverPostgres)
	c := newClient(t, db)
	restore := db.CutOff(t)

	for _, req := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/api/v1/standards?q=%E8%8C%B6%E5%8F%B6", nil},
		{http.MethodGet, "/api/v1/standards/lookup?code=DB33/T%20537-2026", nil},
		{http.MethodGet, "/api/v1/metrics/drafting-cycle", nil},
		{http.MethodPost, "/api/v1/organizations", `{"name":"杭州市质量技术监督检测院","kind":"institute"}`},
	} {
		t.Run(req.method+" "+req.path, func(t *testing.T) {
			r := c.do(req.method, req.path, req.body)
			if r.Code != http.StatusServiceUnavailable {
				t.Fatalf("status %d, want 503: %s", r.Code, r.Body)
			}
			if got := r.Header.Get("Retry-After"); got == "" {
				t.Errorf("no Retry-After on a 503")
			}
			p := r.problem(t)
			for _, leak := range []string{"pgconn", "dial", "127.0.0.1", "5432", "SQLSTATE", "stdreg_test_", "terminating"} {
				if strings.Contains(p.Detail, leak) {
					t.Errorf("detail %q reveals %q", p.Detail, leak)
				}
			}
		})
	}

	restore()
	if r := c.do(http.MethodGet, "/api/v1/standards?q=%E8%8C%B6%E5%8F%B6", nil); r.Code != http.StatusOK {
		t.Fatalf("after the database came back: %d: %s", r.Code, r.Body)
	}
}
