package config

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRedactDatabaseURL(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"sqlite unchanged", "sqlite:stdreg.db", "sqlite:stdreg.db"},
		{"password masked", "postgres://app:pw@db:5432/stdreg", "postgres://app:***@db:5432/stdreg"},
		{"postgresql scheme", "postgresql://app:pw@db/stdreg", "postgresql://app:***@db/stdreg"},
		{"no password unchanged", "postgres://app@db/stdreg", "postgres://app@db/stdreg"},
		{"no user information unchanged", "postgres://db/stdreg?sslmode=require", "postgres://db/stdreg?sslmode=require"},
		{"empty password masked", "postgres://app:@db/stdreg", "postgres://app:***@db/stdreg"},
		{"escaped password", "postgres://app:p%40ss%2Fw@db/stdreg", "postgres://app:***@db/stdreg"},
		{"password with raw @", "postgres://app:p@ss@db/stdreg", "postgres://app:***@db/stdreg"},
		{"no path", "postgres://app:pw@db", "postgres://app:***@db"},
		{"query password", "postgres://db/stdreg?password=qpw&sslmode=require", "postgres://db/stdreg?password=***&sslmode=require"},
		{"both passwords", "postgres://app:pw@db/stdreg?sslmode=require&password=qpw", "postgres://app:***@db/stdreg?sslmode=require&password=***"},
		{"unix socket with query password", "postgres:///stdreg?host=/tmp&user=app&password=qpw", "postgres:///stdreg?host=/tmp&user=app&password=***"},
		{"sslpassword and upper case", "postgres://db/s?sslpassword=k&PASSWORD=x", "postgres://db/s?sslpassword=***&PASSWORD=***"},
		{"escaped parameter name", "postgres://db/s?pass%77ord=x", "postgres://db/s?pass%77ord=***"},
		{"parameter without value", "postgres://db/s?password", "postgres://db/s?password"},
		{"fragment kept", "postgres://app:pw@db/s?password=x#top", "postgres://app:***@db/s?password=***#top"},
		{"question mark in fragment", "postgres://db/s#a?password=x", "postgres://db/s#a?password=x"},
		{"unparsable postgres URL", "postgres://app:pw@db:port/stdreg", "***"},
		{"key-value string", "host=db password=pw", "***"},
		{"other scheme", "mysql://u:pw@h/db", "***"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := redactDatabaseURL(tc.in); got != tc.want {
				t.Errorf("redactDatabaseURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// secrets are planted in the configuration below; none may appear in any
// rendering of it, neither as text nor hex-encoded (for %x).
var secrets = []string{"pw-S3CRET", "q-S3CRET", "key-S3CRET"}

func secretConfig(t *testing.T) Config {
	t.Helper()
	c, err := Load(mapEnv(map[string]string{
		"STDREG_ADDR":           ":9000",
		"STDREG_DATABASE_URL":   "postgres://app:pw-S3CRET@db.internal:5432/stdreg?sslmode=require&password=q-S3CRET",
		"STDREG_PAGE_TOKEN_KEY": "key-S3CRET",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func assertNoSecrets(t *testing.T, out string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s) || strings.Contains(strings.ToLower(out), hex.EncodeToString([]byte(s))) {
			t.Errorf("output contains secret %q:\n%s", s, out)
		}
	}
}

func TestFmtMasksSecrets(t *testing.T) {
	c := secretConfig(t)
	tests := []struct {
		name     string
		out      string
		contains []string // non-secret parts that must still be shown
	}{
		{"Sprint", fmt.Sprint(c), []string{"Addr::9000", "DatabaseURL:postgres://app:***@db.internal:5432/stdreg?sslmode=require&password=***", "PageTokenKey:***", "ReadTimeout:15s"}},
		{"%v", fmt.Sprintf("%v", c), []string{"PageTokenKey:***", "Database:{Driver:postgres DSN:postgres://app:***@db.internal"}},
		{"%+v", fmt.Sprintf("%+v", c), []string{"PageTokenKey:***"}},
		{"%s", fmt.Sprintf("%s", c), []string{"PageTokenKey:***"}},
		{"%#v", fmt.Sprintf("%#v", c), []string{`config.Config{Addr:":9000"`, `PageTokenKey:"***"`, `config.Database{Driver:"postgres"`}},
		{"%q", fmt.Sprintf("%q", c), []string{"PageTokenKey:***"}},
		{"%d", fmt.Sprintf("%d", c), nil},
		{"%x", fmt.Sprintf("%x", c), nil},
		{"pointer", fmt.Sprint(&c), []string{"PageTokenKey:***"}},
		{"in a slice", fmt.Sprint([]Config{c}), []string{"PageTokenKey:***"}},
		{"in a struct", fmt.Sprintf("%+v", struct{ C Config }{c}), []string{"PageTokenKey:***"}},
		{"in a struct with %#v", fmt.Sprintf("%#v", struct{ C Config }{c}), []string{`PageTokenKey:"***"`}},
		{"Database", fmt.Sprint(c.Database), []string{"{Driver:postgres DSN:postgres://app:***@db.internal:5432/stdreg?sslmode=require&password=*** MaxConns:0 MaxSearches:0 Replicas:[]}"}},
		{"Database %#v", fmt.Sprintf("%#v", c.Database), []string{`config.Database{Driver:"postgres", DSN:"postgres://app:***@db.internal`}},
		{"Database %d", fmt.Sprintf("%d", c.Database), nil},
		{"String", c.String(), []string{"LogLevel:info"}},
		{"GoString", c.GoString(), []string{`LogFormat:"json"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertNoSecrets(t, tc.out)
			for _, want := range tc.contains {
				if !strings.Contains(tc.out, want) {
					t.Errorf("output lacks %q:\n%s", want, tc.out)
				}
			}
		})
	}
}

func TestPrintingDoesNotModify(t *testing.T) {
	c := secretConfig(t)
	before := c
	_ = c.String()
	_ = c.GoString()
	_ = c.LogValue()
	if diff := cmp.Diff(before, c); diff != "" {
		t.Errorf("printing changed the Config (-before +after):\n%s", diff)
	}
}

func TestSlogMasksSecrets(t *testing.T) {
	c := secretConfig(t)
	tests := []struct {
		name    string
		handler func(*bytes.Buffer) slog.Handler
	}{
		{"json", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
		{"text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			logger := slog.New(tc.handler(&buf))
			logger.Info("starting", "config", c)
			logger.Info("starting", slog.Any("config", &c))
			logger.Info("starting", "database", c.Database)
			logger.With("config", c).Info("with")
			logger.Info("starting", slog.Group("nested", "config", c))
			out := buf.String()
			assertNoSecrets(t, out)
			for _, want := range []string{"db.internal", "***", "9000"} {
				if !strings.Contains(out, want) {
					t.Errorf("log output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestSlogFields(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want map[string]any
	}{
		{
			name: "secrets set",
			env: map[string]string{
				"STDREG_DATABASE_URL":   "postgres://app:pw-S3CRET@db/stdreg",
				"STDREG_PAGE_TOKEN_KEY": "key-S3CRET",
			},
			want: map[string]any{
				"addr":           ":8080",
				"database_url":   "postgres://app:***@db/stdreg",
				"database":       map[string]any{"driver": "postgres", "dsn": "postgres://app:***@db/stdreg"},
				"page_token_key": "***",
				"log_level":      "info",
				"log_format":     "json",
				// The JSON handler writes durations as nanoseconds.
				"read_timeout":     float64(15e9),
				"write_timeout":    float64(60e9),
				"idle_timeout":     float64(120e9),
				"shutdown_timeout": float64(20e9),
				"body_limit":       float64(1 << 20),
				"import_limit":     float64(64 << 20),

				"rate_limit_key": float64(50), "rate_burst_key": float64(100),
				"rate_limit_anonymous": float64(10), "rate_burst_anonymous": float64(40),
				"cors_origins": nil, "trust_proxy": false, "cycle_rules": defaultCycleRules,
			},
		},
		{
			// An empty key is shown as empty, so an operator can tell that
			// the service will generate one.
			name: "defaults",
			env:  nil,
			want: map[string]any{
				"addr":             ":8080",
				"database_url":     "sqlite:stdreg.db",
				"database":         map[string]any{"driver": "sqlite", "dsn": "stdreg.db"},
				"page_token_key":   "",
				"log_level":        "info",
				"log_format":       "json",
				"read_timeout":     float64(15e9),
				"write_timeout":    float64(60e9),
				"idle_timeout":     float64(120e9),
				"shutdown_timeout": float64(20e9),
				"body_limit":       float64(1 << 20),
				"import_limit":     float64(64 << 20),

				"rate_limit_key": float64(50), "rate_burst_key": float64(100),
				"rate_limit_anonymous": float64(10), "rate_burst_anonymous": float64(40),
				"cors_origins": nil, "trust_proxy": false, "cycle_rules": defaultCycleRules,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(mapEnv(tc.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var buf bytes.Buffer
			slog.New(slog.NewJSONHandler(&buf, nil)).Info("starting", "config", c)
			var record struct {
				Config map[string]any `json:"config"`
			}
			if err := json.Unmarshal(buf.Bytes(), &record); err != nil {
				t.Fatalf("decoding log line %q: %v", buf.String(), err)
			}
			if diff := cmp.Diff(tc.want, record.Config); diff != "" {
				t.Errorf("logged config mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDatabaseRedaction(t *testing.T) {
	tests := []struct {
		name string
		in   Database
		want Database
	}{
		{"sqlite path kept", Database{Driver: DriverSQLite, DSN: "/var/lib/stdreg/pw.db"}, Database{Driver: DriverSQLite, DSN: "/var/lib/stdreg/pw.db"}},
		{"postgres password masked", Database{Driver: DriverPostgres, DSN: "postgres://u:pw@h/db"}, Database{Driver: DriverPostgres, DSN: "postgres://u:***@h/db"}},
		{"unknown driver masked whole", Database{DSN: "host=h password=pw"}, Database{DSN: "***"}},
		{"zero value", Database{}, Database{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.in.redacted()); diff != "" {
				t.Errorf("redacted mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReplicaURLsAreMasked(t *testing.T) {
	c, err := Load(mapEnv(map[string]string{
		"STDREG_DATABASE_URL":          "postgres://app:pw-S3CRET@杭州-primary:5432/stdreg",
		"STDREG_DATABASE_REPLICA_URLS": "postgres://app:pw-S3CRET@10.33.1.2:5432/stdreg, postgres://reader:q-S3CRET@10.33.1.3:5432/stdreg",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := len(c.Database.Replicas); got != 2 {
		t.Fatalf("Database.Replicas has %d URLs, want 2", got)
	}
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%#v", c), fmt.Sprint(c.Database)} {
		assertNoSecrets(t, out)
		if !strings.Contains(out, "10.33.1.3:5432") {
			t.Errorf("output lacks the replica's host:\n%s", out)
		}
	}
}
