package service_test

import (
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"reflect"
	"testing"

	"stdreg/internal/config"
	"stdreg/internal/service"
)

// TestLoopbackServesAsServe: the benchmark tools' server answers over real
// HTTP with serve's defaults, its rate limits off.
func TestLoopbackServesAsServe(t *testing.T) {
	t.Parallel()
	db := config.Database{Driver: config.DriverSQLite, DSN: filepath.Join(t.TempDir(), "stdreg.db")}
	env := map[string]string{"STDREG_IMPORT_LIMIT": "1234"}
	cfg, err := service.BenchConfig(db, env)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RateLimitAnonymous != 0 || cfg.RateLimitKey != 0 || cfg.ImportLimit != 1234 || !reflect.DeepEqual(cfg.Database, db) {
		t.Fatalf("config %+v", cfg)
	}
	lb, err := service.StartBench(context.Background(), db, env, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer lb.Close()
	// More anonymous requests than the default burst (40): none is refused.
	for i := range 60 {
		res, err := http.Get(lb.URL + "/api/v1/standards")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %s", i+1, res.Status)
		}
	}
}
