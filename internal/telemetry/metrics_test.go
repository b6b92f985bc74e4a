package telemetry_test

import (
	"database/sql"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"stdreg/internal/telemetry"
)

// TestDeploymentsNameSeriesThatExist: every series the alert rules and the
// Grafana dashboard in deployments/ query is one the service exports, so
// renaming a metric cannot silently blind an alert.
func TestDeploymentsNameSeriesThatExist(t *testing.T) {
	m := telemetry.New()
	m.RequestStarted()("GET", "/api/v1/standards", 200)
	m.RateLimited("anonymous")
	m.Imported("written", telemetry.ImportRows{Created: 1})
	m.Read("replica", "replica")
	db, err := sql.Open("pgx", "postgres://127.0.0.1:1/none") // never connects: its statistics are enough
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m.WatchDB(db, "primary")
	m.WatchTurns(func() map[string]telemetry.TurnStats { return map[string]telemetry.TurnStats{"search": {Turns: 4}} })
	m.WatchReadCache("answers", func() telemetry.CacheStats { return telemetry.CacheStats{} })
	m.WatchChangeListener(func() bool { return true })
	m.WatchUp("database_up", "test", func() float64 { return 1 })
	m.WatchReplica("127.0.0.1:5433", func() (bool, bool) { return true, true })
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var exported []string
	for _, f := range families {
		exported = append(exported, f.GetName())
	}

	series := regexp.MustCompile(`\b(?:stdreg|go_sql)_[a-z_]+`)
	for _, file := range []string{"../../deployments/prometheus/alerts.yml", "../../deployments/grafana/stdreg.json"} {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		names := series.FindAllString(string(text), -1)
		if len(names) < 5 {
			t.Fatalf("%s names %d series: is it the right file?", file, len(names))
		}
		for _, name := range names {
			base := name
			for _, suffix := range []string{"_bucket", "_count", "_sum"} {
				base = strings.TrimSuffix(base, suffix)
			}
			if !slices.Contains(exported, base) && !slices.Contains(exported, name) {
				t.Errorf("%s queries %s, which the service does not export", file, name)
			}
		}
	}
}

func TestTracingWanted(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"nothing set: off", nil, false},
		{"an endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://jaeger.zj.internal:4318"}, true},
		{"the traces' own endpoint", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://10.33.0.9:4318/v1/traces"}, true},
		{"disabled", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://jaeger.zj.internal:4318", "OTEL_SDK_DISABLED": "true"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := telemetry.TracingWanted(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Errorf("TracingWanted = %v, want %v", got, tc.want)
			}
		})
	}
}
