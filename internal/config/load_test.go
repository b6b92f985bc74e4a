package config

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/standard"
)

// mapEnv returns a getenv function backed by m, so tests never read or
// change the process environment.
func mapEnv(m map[string]string) func(string) string {
	return func(name string) string { return m[name] }
}

// defaults is the configuration Load returns when no variable is set,
// written out from the values documented for each variable.
func defaults() Config {
	return Config{
		Addr:            ":8080",
		DatabaseURL:     "sqlite:stdreg.db",
		Database:        Database{Driver: DriverSQLite, DSN: "stdreg.db"},
		PageTokenKey:    "",
		LogLevel:        "info",
		LogFormat:       "json",
		ReadTimeout:     15 * time.Second,
		WriteTimeout:    60 * time.Second,
		IdleTimeout:     120 * time.Second,
		ShutdownTimeout: 20 * time.Second,
		BodyLimit:       1 << 20,
		ImportLimit:     64 << 20,
		ReadCache:       64 << 20,

		RateLimitKey:       50,
		RateBurstKey:       100,
		RateLimitReader:    100,
		RateBurstReader:    200,
		RateLimitAnonymous: 10,
		RateBurstAnonymous: 40,

		CycleRulesText: defaultCycleRules,
		CycleRules:     standard.DefaultCycleRules(),
	}
}

const defaultCycleRules = "local=15:published,national/recommended=18:approval,national/mandatory=24:approval"

func TestLoadDefaults(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"nothing set", nil},
		{"everything empty", map[string]string{
			"STDREG_ADDR": "", "STDREG_DATABASE_URL": "", "STDREG_PAGE_TOKEN_KEY": "",
			"STDREG_LOG_LEVEL": "", "STDREG_LOG_FORMAT": "", "STDREG_READ_TIMEOUT": "",
			"STDREG_WRITE_TIMEOUT": "", "STDREG_IDLE_TIMEOUT": "", "STDREG_SHUTDOWN_TIMEOUT": "",
			"STDREG_BODY_LIMIT": "",
		}},
		{"unrelated variables ignored", map[string]string{"ADDR": ":1", "STDREG_PORT": "1", "DATABASE_URL": "mysql://x"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Load(mapEnv(tc.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if diff := cmp.Diff(defaults(), got); diff != "" {
				t.Errorf("Load mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadOverrides(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  func(*Config)
	}{
		{"STDREG_ADDR", "127.0.0.1:9090", func(c *Config) { c.Addr = "127.0.0.1:9090" }},
		{"STDREG_ADDR", "[::1]:0", func(c *Config) { c.Addr = "[::1]:0" }},
		{"STDREG_DATABASE_URL", "postgres://app:pw@db:5432/stdreg?sslmode=require", func(c *Config) {
			c.DatabaseURL = "postgres://app:pw@db:5432/stdreg?sslmode=require"
			c.Database = Database{Driver: DriverPostgres, DSN: "postgres://app:pw@db:5432/stdreg?sslmode=require"}
		}},
		{"STDREG_DATABASE_URL", "sqlite:/var/lib/stdreg/stdreg.db", func(c *Config) {
			c.DatabaseURL = "sqlite:/var/lib/stdreg/stdreg.db"
			c.Database = Database{Driver: DriverSQLite, DSN: "/var/lib/stdreg/stdreg.db"}
		}},
		{"STDREG_PAGE_TOKEN_KEY", "k3y", func(c *Config) { c.PageTokenKey = "k3y" }},
		{"STDREG_LOG_LEVEL", "debug", func(c *Config) { c.LogLevel = "debug" }},
		{"STDREG_LOG_LEVEL", "warn", func(c *Config) { c.LogLevel = "warn" }},
		{"STDREG_LOG_LEVEL", "error", func(c *Config) { c.LogLevel = "error" }},
		{"STDREG_LOG_LEVEL", "WARN", func(c *Config) { c.LogLevel = "warn" }},
		{"STDREG_LOG_FORMAT", "text", func(c *Config) { c.LogFormat = "text" }},
		{"STDREG_LOG_FORMAT", "Text", func(c *Config) { c.LogFormat = "text" }},
		{"STDREG_READ_TIMEOUT", "1m30s", func(c *Config) { c.ReadTimeout = 90 * time.Second }},
		{"STDREG_WRITE_TIMEOUT", "2m", func(c *Config) { c.WriteTimeout = 2 * time.Minute }},
		{"STDREG_IDLE_TIMEOUT", "500ms", func(c *Config) { c.IdleTimeout = 500 * time.Millisecond }},
		{"STDREG_SHUTDOWN_TIMEOUT", "1h", func(c *Config) { c.ShutdownTimeout = time.Hour }},
		{"STDREG_BODY_LIMIT", "1", func(c *Config) { c.BodyLimit = 1 }},
		{"STDREG_BODY_LIMIT", "10737418240", func(c *Config) { c.BodyLimit = 10 << 30 }},
		{"STDREG_IMPORT_LIMIT", "1000", func(c *Config) { c.ImportLimit = 1000 }},
		{"STDREG_READ_CACHE", "0", func(c *Config) { c.ReadCache = 0 }},
		{"STDREG_READ_CACHE", "268435456", func(c *Config) { c.ReadCache = 256 << 20 }},
		{"STDREG_DB_MAX_CONNS", "64", func(c *Config) { c.DBMaxConns = 64; c.Database.MaxConns = 64 }},
		{"STDREG_DB_MAX_SEARCHES", "6", func(c *Config) { c.DBMaxSearches = 6; c.Database.MaxSearches = 6 }},
	}
	for _, tc := range tests {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			got, err := Load(mapEnv(map[string]string{tc.name: tc.value}))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			want := defaults()
			tc.want(&want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Load mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadAllOverridesTogether(t *testing.T) {
	got, err := Load(mapEnv(map[string]string{
		"STDREG_ADDR":             ":9000",
		"STDREG_DATABASE_URL":     "postgresql://localhost/stdreg",
		"STDREG_PAGE_TOKEN_KEY":   "secret",
		"STDREG_LOG_LEVEL":        "debug",
		"STDREG_LOG_FORMAT":       "text",
		"STDREG_READ_TIMEOUT":     "1s",
		"STDREG_WRITE_TIMEOUT":    "2s",
		"STDREG_IDLE_TIMEOUT":     "3s",
		"STDREG_SHUTDOWN_TIMEOUT": "4s",
		"STDREG_BODY_LIMIT":       "5",
		"STDREG_IMPORT_LIMIT":     "7",
		"STDREG_READ_CACHE":       "8",

		"STDREG_RATE_LIMIT_KEY":       "2.5",
		"STDREG_RATE_BURST_KEY":       "6",
		"STDREG_RATE_LIMIT_READER":    "3.5",
		"STDREG_RATE_BURST_READER":    "9",
		"STDREG_RATE_LIMIT_ANONYMOUS": "0",
		"STDREG_RATE_BURST_ANONYMOUS": "7",
		"STDREG_CORS_ORIGINS":         "https://app.zjamr.zj.gov.cn, http://localhost:5173",
		"STDREG_TRUST_PROXY":          "true",
		"STDREG_CYCLE_RULES":          "local=12:published,group=24:published",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := Config{
		Addr:            ":9000",
		DatabaseURL:     "postgresql://localhost/stdreg",
		Database:        Database{Driver: DriverPostgres, DSN: "postgresql://localhost/stdreg"},
		PageTokenKey:    "secret",
		LogLevel:        "debug",
		LogFormat:       "text",
		ReadTimeout:     time.Second,
		WriteTimeout:    2 * time.Second,
		IdleTimeout:     3 * time.Second,
		ShutdownTimeout: 4 * time.Second,
		BodyLimit:       5,
		ImportLimit:     7,
		ReadCache:       8,

		RateLimitKey:       2.5,
		RateBurstKey:       6,
		RateLimitReader:    3.5,
		RateBurstReader:    9,
		RateLimitAnonymous: 0,
		RateBurstAnonymous: 7,
		CORSOrigins:        []string{"https://app.zjamr.zj.gov.cn", "http://localhost:5173"},
		TrustProxy:         true,
		CycleRulesText:     "local=12:published,group=24:published",
		CycleRules:         mustRules(t, "local=12:published,group=24:published"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name  string
		value string
		want  string // the whole error message
	}{
		{"STDREG_ADDR", "   ", "STDREG_ADDR: must not be blank"},
		{"STDREG_ADDR", "8080", `STDREG_ADDR: must be host:port or :port, such as :8080, got "8080"`},
		{"STDREG_ADDR", "localhost", `STDREG_ADDR: must be host:port or :port, such as :8080, got "localhost"`},
		{"STDREG_DATABASE_URL", "mysql://u:p@h/db", "STDREG_DATABASE_URL: must start with postgres://, postgresql:// or sqlite:, such as postgres://user:password@host:5432/stdreg or sqlite:stdreg.db"},
		{"STDREG_DATABASE_URL", "sqlite:", "STDREG_DATABASE_URL: sqlite: needs a file path, such as sqlite:stdreg.db"},
		{"STDREG_LOG_LEVEL", "verbose", `STDREG_LOG_LEVEL: must be one of debug, info, warn, error, got "verbose"`},
		{"STDREG_LOG_LEVEL", "warning", `STDREG_LOG_LEVEL: must be one of debug, info, warn, error, got "warning"`},
		{"STDREG_LOG_LEVEL", " info", `STDREG_LOG_LEVEL: must be one of debug, info, warn, error, got " info"`},
		{"STDREG_LOG_FORMAT", "logfmt", `STDREG_LOG_FORMAT: must be one of json, text, got "logfmt"`},
		{"STDREG_READ_TIMEOUT", "15", `STDREG_READ_TIMEOUT: must be a duration such as 15s, 2m or 1h30m, got "15"`},
		{"STDREG_READ_TIMEOUT", "0s", "STDREG_READ_TIMEOUT: must be a positive duration, got 0s"},
		{"STDREG_WRITE_TIMEOUT", "-1s", "STDREG_WRITE_TIMEOUT: must be a positive duration, got -1s"},
		{"STDREG_WRITE_TIMEOUT", "soon", `STDREG_WRITE_TIMEOUT: must be a duration such as 15s, 2m or 1h30m, got "soon"`},
		{"STDREG_IDLE_TIMEOUT", "0", "STDREG_IDLE_TIMEOUT: must be a positive duration, got 0s"},
		{"STDREG_SHUTDOWN_TIMEOUT", "-5m", "STDREG_SHUTDOWN_TIMEOUT: must be a positive duration, got -5m0s"},
		{"STDREG_BODY_LIMIT", "0", "STDREG_BODY_LIMIT: must be a positive number of bytes, got 0"},
		{"STDREG_BODY_LIMIT", "-1", "STDREG_BODY_LIMIT: must be a positive number of bytes, got -1"},
		{"STDREG_BODY_LIMIT", "1MB", `STDREG_BODY_LIMIT: must be a whole number, got "1MB"`},
		{"STDREG_BODY_LIMIT", "9223372036854775808", `STDREG_BODY_LIMIT: must be a whole number, got "9223372036854775808"`},
		{"STDREG_READ_CACHE", "-1", "STDREG_READ_CACHE: must be 0 (no cache) or a positive number of bytes, got -1"},
		{"STDREG_READ_CACHE", "64MiB", `STDREG_READ_CACHE: must be a whole number, got "64MiB"`},
		{"STDREG_DB_MAX_CONNS", "-2", "STDREG_DB_MAX_CONNS: must be 0 (the database's default) or a positive number of connections, got -2"},
		{"STDREG_DB_MAX_CONNS", "twenty", `STDREG_DB_MAX_CONNS: must be a whole number, got "twenty"`},
		{"STDREG_DB_MAX_SEARCHES", "-1", "STDREG_DB_MAX_SEARCHES: must be 0 (twice the CPUs) or a positive number of searches, got -1"},
		{"STDREG_DB_MAX_SEARCHES", "四", `STDREG_DB_MAX_SEARCHES: must be a whole number, got "四"`},
	}
	for _, tc := range tests {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			got, err := Load(mapEnv(map[string]string{tc.name: tc.value}))
			if err == nil {
				t.Fatalf("Load succeeded with %s=%q, want error %q", tc.name, tc.value, tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("Load error = %q, want %q", err, tc.want)
			}
			if diff := cmp.Diff(Config{}, got); diff != "" {
				t.Errorf("Load returned a non-zero Config with its error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want []string // one line per problem, in field order
	}{
		{
			name: "validation errors",
			env: map[string]string{
				"STDREG_ADDR":       "8080",
				"STDREG_LOG_LEVEL":  "loud",
				"STDREG_LOG_FORMAT": "xml",
				"STDREG_BODY_LIMIT": "0",
			},
			want: []string{
				`STDREG_ADDR: must be host:port or :port, such as :8080, got "8080"`,
				`STDREG_LOG_LEVEL: must be one of debug, info, warn, error, got "loud"`,
				`STDREG_LOG_FORMAT: must be one of json, text, got "xml"`,
				"STDREG_BODY_LIMIT: must be a positive number of bytes, got 0",
			},
		},
		{
			name: "parse and validation errors mixed, in field order",
			env: map[string]string{
				"STDREG_BODY_LIMIT":    "lots",
				"STDREG_ADDR":          "8080",
				"STDREG_READ_TIMEOUT":  "x",
				"STDREG_WRITE_TIMEOUT": "0s",
				"STDREG_LOG_LEVEL":     "loud",
			},
			want: []string{
				`STDREG_ADDR: must be host:port or :port, such as :8080, got "8080"`,
				`STDREG_LOG_LEVEL: must be one of debug, info, warn, error, got "loud"`,
				`STDREG_READ_TIMEOUT: must be a duration such as 15s, 2m or 1h30m, got "x"`,
				"STDREG_WRITE_TIMEOUT: must be a positive duration, got 0s",
				`STDREG_BODY_LIMIT: must be a whole number, got "lots"`,
			},
		},
		{
			name: "parse errors",
			env: map[string]string{
				"STDREG_READ_TIMEOUT": "x",
				"STDREG_IDLE_TIMEOUT": "y",
				"STDREG_BODY_LIMIT":   "z",
			},
			want: []string{
				`STDREG_READ_TIMEOUT: must be a duration such as 15s, 2m or 1h30m, got "x"`,
				`STDREG_IDLE_TIMEOUT: must be a duration such as 15s, 2m or 1h30m, got "y"`,
				`STDREG_BODY_LIMIT: must be a whole number, got "z"`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(mapEnv(tc.env))
			if err == nil {
				t.Fatal("Load succeeded, want errors")
			}
			if diff := cmp.Diff(tc.want, strings.Split(err.Error(), "\n")); diff != "" {
				t.Errorf("error lines mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadErrorsDoNotLeakSecrets(t *testing.T) {
	tests := []struct {
		name string
		url  string
	}{
		{"bad port", "postgres://app:hunter2-secret@db:notaport/stdreg"},
		{"unescaped character in password", "postgres://app:hunter2-secret%zz@db/stdreg"},
		{"unsupported scheme", "mysql://app:hunter2-secret@db/stdreg"},
		{"ambiguous sqlite form", "sqlite://app:hunter2-secret@x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(mapEnv(map[string]string{
				"STDREG_DATABASE_URL":   tc.url,
				"STDREG_PAGE_TOKEN_KEY": "hunter2-secret",
			}))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !strings.HasPrefix(err.Error(), "STDREG_DATABASE_URL: ") {
				t.Errorf("error %q does not name STDREG_DATABASE_URL", err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q contains the secret", err)
			}
		})
	}
}

func TestLoadReadsOnlyKnownVariables(t *testing.T) {
	var asked []string
	_, err := Load(func(name string) string {
		asked = append(asked, name)
		return ""
	})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := []string{
		"STDREG_ADDR", "STDREG_BODY_LIMIT", "STDREG_DATABASE_URL", "STDREG_DB_MAX_CONNS", "STDREG_DB_MAX_SEARCHES", "STDREG_IDLE_TIMEOUT", "STDREG_IMPORT_LIMIT",
		"STDREG_LOG_FORMAT", "STDREG_LOG_LEVEL", "STDREG_PAGE_TOKEN_KEY", "STDREG_READ_TIMEOUT",
		"STDREG_SHUTDOWN_TIMEOUT", "STDREG_WRITE_TIMEOUT", "STDREG_READ_CACHE",
		"STDREG_RATE_LIMIT_KEY", "STDREG_RATE_BURST_KEY", "STDREG_RATE_LIMIT_READER", "STDREG_RATE_BURST_READER", "STDREG_RATE_LIMIT_ANONYMOUS", "STDREG_RATE_BURST_ANONYMOUS",
		"STDREG_CORS_ORIGINS", "STDREG_TRUST_PROXY", "STDREG_CYCLE_RULES", "STDREG_DATABASE_REPLICA_URLS", "STDREG_METRICS_ADDR",
	}
	slices.Sort(want)
	slices.Sort(asked)
	if diff := cmp.Diff(want, asked); diff != "" {
		t.Errorf("variables looked up (-want +got):\n%s", diff)
	}
}

func TestLoadNilGetenv(t *testing.T) {
	if _, err := Load(nil); err == nil {
		t.Error("Load(nil) succeeded, want an error")
	}
}

func TestLoadRejectsBadAccessSettings(t *testing.T) {
	for _, tc := range []struct{ variable, value, want string }{
		{"STDREG_RATE_LIMIT_KEY", "-1", "STDREG_RATE_LIMIT_KEY: must be 0 (no limit) or a positive number"},
		{"STDREG_RATE_LIMIT_KEY", "fast", "STDREG_RATE_LIMIT_KEY: must be a number"},
		{"STDREG_RATE_BURST_ANONYMOUS", "0", "STDREG_RATE_BURST_ANONYMOUS: must be at least 1"},
		{"STDREG_CORS_ORIGINS", "app.example.cn", "STDREG_CORS_ORIGINS: each origin must be *"},
		{"STDREG_TRUST_PROXY", "yes please", "STDREG_TRUST_PROXY: must be true or false"},
		{"STDREG_CYCLE_RULES", "local=15", "STDREG_CYCLE_RULES: rule \"local=15\""},
		{"STDREG_CYCLE_RULES", "city=15:published", "kind must be one of"},
		{"STDREG_CYCLE_RULES", "local=15:forever", "the event must be published or approval"},
	} {
		t.Run(tc.variable+"="+tc.value, func(t *testing.T) {
			_, err := Load(mapEnv(map[string]string{tc.variable: tc.value}))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func mustRules(t *testing.T, s string) standard.CycleRules {
	t.Helper()
	r, err := standard.ParseCycleRules(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReplicaURLsAreChecked(t *testing.T) {
	tests := []struct {
		name, primary, replicas, want string
	}{
		{"on SQLite", "sqlite:浙江.db", "postgres://10.33.1.2/stdreg", "STDREG_DATABASE_REPLICA_URLS: replicas need a PostgreSQL primary"},
		{"not postgres", "postgres://10.33.1.1/stdreg", "mysql://10.33.1.2/stdreg", "STDREG_DATABASE_REPLICA_URLS: replica 1 must start with postgres://"},
		{"bad metrics address", "postgres://10.33.1.1/stdreg", "", "STDREG_METRICS_ADDR: must be host:port"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"STDREG_DATABASE_URL": tc.primary, "STDREG_DATABASE_REPLICA_URLS": tc.replicas}
			if tc.replicas == "" {
				env["STDREG_METRICS_ADDR"] = "9090"
			}
			_, err := Load(mapEnv(env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
