package config

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"stdreg/internal/standard"
)

// Accepted values of LogLevel and LogFormat, in the order error messages
// list them.
var (
	logLevels  = []string{"debug", "info", "warn", "error"}
	logFormats = []string{"json", "text"}
)

// variable describes one Config field read from the environment.
type variable struct {
	field string // Go field name
	name  string // environment variable
}

// variables lists the fields with an env tag, in field order. It is read
// from the struct tags so the tags stay the only place a name is written.
var variables = func() []variable {
	var vs []variable
	for _, f := range reflect.VisibleFields(reflect.TypeFor[Config]()) {
		name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		if name != "" && name != "-" {
			vs = append(vs, variable{field: f.Name, name: name})
		}
	}
	return vs
}()

// varIndex returns the position of field in variables, or -1.
func varIndex(field string) int {
	return slices.IndexFunc(variables, func(v variable) bool { return v.field == field })
}

// problem is one thing wrong with the configuration.
type problem struct {
	field string
	err   error
}

// Load reads the configuration through getenv, which is os.Getenv in the
// service and a map lookup in tests. Only the STDREG_* variables named in
// Config's tags are looked up, and nothing else in the process environment
// is consulted, so tests can run in parallel without setting variables.
//
// A variable that is unset or empty takes its default. Load checks every
// value and reports all problems at once, one line each in field order,
// each starting with the variable's name, for example:
//
//	STDREG_LOG_LEVEL: must be one of debug, info, warn, error, got "verbose"
//
// Error messages never repeat the database URL or the page-token key.
func Load(getenv func(string) string) (Config, error) {
	if getenv == nil {
		return Config{}, errors.New("config: Load needs a getenv function such as os.Getenv")
	}
	environ := make(map[string]string, len(variables))
	for _, v := range variables {
		if s := getenv(v.name); s != "" {
			environ[v.name] = s
		}
	}

	var c Config
	problems := parseProblems(env.ParseWithOptions(&c, env.Options{Environment: environ}), environ)
	failed := make(map[string]bool, len(problems))
	for _, p := range problems {
		failed[p.field] = true
	}
	problems = append(problems, c.check(failed)...)
	if len(problems) == 0 {
		return c, nil
	}

	// The env package reports in its own order; sort so the messages follow
	// the fields, as an operator reading them top to bottom would expect.
	slices.SortStableFunc(problems, func(a, b problem) int {
		return cmp.Compare(varIndex(a.field), varIndex(b.field))
	})
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p.err
	}
	return Config{}, errors.Join(errs...)
}

// parseProblems rewrites the env package's errors, which name struct fields
// and Go types, into messages that name the variable and say what kind of
// value it takes.
func parseProblems(err error, environ map[string]string) []problem {
	if err == nil {
		return nil
	}
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return []problem{{err: err}}
	}
	problems := make([]problem, 0, len(agg.Errors))
	for _, e := range agg.Errors {
		var pe env.ParseError
		if !errors.As(e, &pe) {
			problems = append(problems, problem{err: e})
			continue
		}
		i := varIndex(pe.Name)
		if i < 0 {
			problems = append(problems, problem{err: e})
			continue
		}
		name := variables[i].name
		var msg error
		switch pe.Type {
		case reflect.TypeFor[time.Duration]():
			msg = fmt.Errorf("%s: must be a duration such as 15s, 2m or 1h30m, got %q", name, environ[name])
		case reflect.TypeFor[int64]():
			msg = fmt.Errorf("%s: must be a whole number, got %q", name, environ[name])
		case reflect.TypeFor[float64]():
			msg = fmt.Errorf("%s: must be a number, got %q", name, environ[name])
		case reflect.TypeFor[bool]():
			msg = fmt.Errorf("%s: must be true or false, got %q", name, environ[name])
		default:
			msg = fmt.Errorf("%s: %w", name, pe.Err)
		}
		problems = append(problems, problem{field: pe.Name, err: msg})
	}
	return problems
}

// check validates the fields of c that parsed (those not in skip), fills
// c.Database and lower-cases the log settings.
func (c *Config) check(skip map[string]bool) []problem {
	var problems []problem
	fail := func(field, format string, args ...any) {
		if skip[field] {
			return
		}
		name := variables[varIndex(field)].name
		problems = append(problems, problem{field, fmt.Errorf("%s: "+format, append([]any{name}, args...)...)})
	}

	if strings.TrimSpace(c.Addr) == "" {
		fail("Addr", "must not be blank")
	} else if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		fail("Addr", "must be host:port or :port, such as :8080, got %q", c.Addr)
	}

	if db, err := ParseDatabaseURL(c.DatabaseURL); err != nil {
		fail("DatabaseURL", "%w", err)
	} else {
		c.Database = db
	}
	for i, u := range c.DatabaseReplicaURLs {
		u = strings.TrimSpace(u)
		switch {
		case !isPostgresURL(u):
			fail("DatabaseReplicaURLs", "replica %d must start with postgres:// or postgresql://", i+1)
		case c.Database.Driver != DriverPostgres:
			fail("DatabaseReplicaURLs", "replicas need a PostgreSQL primary in STDREG_DATABASE_URL")
		default:
			c.Database.Replicas = append(c.Database.Replicas, u)
		}
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			fail("MetricsAddr", "must be host:port or :port, such as :9090, got %q", c.MetricsAddr)
		}
	}
	if c.DBMaxConns < 0 {
		fail("DBMaxConns", "must be 0 (the database's default) or a positive number of connections, got %d", c.DBMaxConns)
	} else {
		c.Database.MaxConns = int(c.DBMaxConns)
	}
	if c.DBMaxSearches < 0 {
		fail("DBMaxSearches", "must be 0 (twice the CPUs) or a positive number of searches, got %d", c.DBMaxSearches)
	} else {
		c.Database.MaxSearches = int(c.DBMaxSearches)
	}

	if v, ok := oneOf(c.LogLevel, logLevels); ok {
		c.LogLevel = v
	} else {
		fail("LogLevel", "must be one of %s, got %q", strings.Join(logLevels, ", "), c.LogLevel)
	}
	if v, ok := oneOf(c.LogFormat, logFormats); ok {
		c.LogFormat = v
	} else {
		fail("LogFormat", "must be one of %s, got %q", strings.Join(logFormats, ", "), c.LogFormat)
	}

	for _, d := range []struct {
		field string
		value time.Duration
	}{
		{"ReadTimeout", c.ReadTimeout},
		{"WriteTimeout", c.WriteTimeout},
		{"IdleTimeout", c.IdleTimeout},
		{"ShutdownTimeout", c.ShutdownTimeout},
	} {
		if d.value <= 0 {
			fail(d.field, "must be a positive duration, got %s", d.value)
		}
	}

	if c.BodyLimit <= 0 {
		fail("BodyLimit", "must be a positive number of bytes, got %d", c.BodyLimit)
	}
	if c.ImportLimit <= 0 {
		fail("ImportLimit", "must be a positive number of bytes, got %d", c.ImportLimit)
	}
	if c.ReadCache < 0 {
		fail("ReadCache", "must be 0 (no cache) or a positive number of bytes, got %d", c.ReadCache)
	}
	for _, r := range []struct {
		rate, burst string
		perSecond   float64
		n           int64
	}{
		{"RateLimitKey", "RateBurstKey", c.RateLimitKey, c.RateBurstKey},
		{"RateLimitAnonymous", "RateBurstAnonymous", c.RateLimitAnonymous, c.RateBurstAnonymous},
	} {
		if r.perSecond < 0 {
			fail(r.rate, "must be 0 (no limit) or a positive number of requests per second, got %g", r.perSecond)
		}
		if r.perSecond > 0 && r.n < 1 {
			fail(r.burst, "must be at least 1, got %d", r.n)
		}
	}
	if rules, err := standard.ParseCycleRules(c.CycleRulesText); err != nil {
		fail("CycleRulesText", "%v", err)
	} else {
		c.CycleRules = rules
	}
	for i, origin := range c.CORSOrigins {
		c.CORSOrigins[i] = strings.TrimSpace(origin)
		if o := c.CORSOrigins[i]; o != "*" && !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") {
			fail("CORSOrigins", "each origin must be * or start with https:// or http://, got %q", o)
		}
	}
	return problems
}

// oneOf returns s in lower case and whether that is one of allowed.
func oneOf(s string, allowed []string) (string, bool) {
	lower := strings.ToLower(s)
	return lower, slices.Contains(allowed, lower)
}
