// Package config holds the service's typed configuration, read once at
// start-up from STDREG_* environment variables.
//
// Everything that can be wrong with the configuration is reported by Load,
// before the service opens a port or a database, with the name of the
// variable to fix. Secrets (the page-token key and any database password)
// are masked whenever a Config is printed or logged.
package config

import (
	"time"

	"stdreg/internal/standard"
)

// Config is the service configuration. Use Load to obtain one: it applies
// the defaults, fills Database and validates every field.
type Config struct {
	// Addr is the TCP address the HTTP server listens on, host:port or :port.
	Addr string `env:"STDREG_ADDR" envDefault:":8080"`
	// DatabaseURL says which database to use: a postgres:// or
	// postgresql:// URL, or sqlite:PATH. See ParseDatabaseURL.
	DatabaseURL string `env:"STDREG_DATABASE_URL" envDefault:"sqlite:stdreg.db"`
	// DatabaseReplicaURLs are postgres:// URLs of streaming replicas of
	// the PostgreSQL primary DatabaseURL names, comma-separated: reads
	// outside transactions go to one that is up and has replayed the
	// latest change this process heard of; writes, transactions, and a
	// client's reads just after its own write go to the primary.
	DatabaseReplicaURLs []string `env:"STDREG_DATABASE_REPLICA_URLS" envSeparator:","`
	// Database is DatabaseURL parsed by Load, with DBMaxConns.
	Database Database `env:"-"`
	// DBMaxConns is how many connections to the database the service
	// keeps open at most, all of them kept when idle so no request pays
	// for a new connection (on PostgreSQL a new backend process and its
	// cache of prepared statements). 0 takes the database's default: 20
	// on PostgreSQL, 8 on SQLite. See the README's "Database connections".
	DBMaxConns int64 `env:"STDREG_DB_MAX_CONNS" envDefault:"0"`
	// DBMaxSearches is how many searches, lists and facet counts run on
	// the database at once; the others wait their turn. 0 takes twice
	// the CPUs the service may use (GOMAXPROCS), at least 2: searches are
	// CPU work in the database, and more at once than it has cores only
	// contend. See the README's "Database connections".
	DBMaxSearches int64 `env:"STDREG_DB_MAX_SEARCHES" envDefault:"0"`
	// MetricsAddr, when set, serves GET /metrics on a listener of its own
	// (such as 127.0.0.1:9090 or :9090) and not on Addr.
	MetricsAddr string `env:"STDREG_METRICS_ADDR"`
	// PageTokenKey is the secret that signs page tokens. When empty, the
	// service uses the key migration 00052 made in the database, shared by
	// every instance on it (see store.Store.PageTokenSecret).
	PageTokenKey string `env:"STDREG_PAGE_TOKEN_KEY"`
	// LogLevel is debug, info, warn or error. Load accepts any letter case
	// and stores it in lower case.
	LogLevel string `env:"STDREG_LOG_LEVEL" envDefault:"info"`
	// LogFormat is json (for log collectors) or text (for people). Load
	// accepts any letter case and stores it in lower case.
	LogFormat string `env:"STDREG_LOG_FORMAT" envDefault:"json"`
	// ReadTimeout bounds reading a whole request, body included.
	ReadTimeout time.Duration `env:"STDREG_READ_TIMEOUT" envDefault:"15s"`
	// WriteTimeout bounds handling a request and writing its response.
	WriteTimeout time.Duration `env:"STDREG_WRITE_TIMEOUT" envDefault:"60s"`
	// IdleTimeout bounds how long a keep-alive connection waits for the next
	// request.
	IdleTimeout time.Duration `env:"STDREG_IDLE_TIMEOUT" envDefault:"120s"`
	// ShutdownTimeout bounds how long a graceful shutdown waits for requests
	// in flight.
	ShutdownTimeout time.Duration `env:"STDREG_SHUTDOWN_TIMEOUT" envDefault:"20s"`
	// BodyLimit is the largest request body accepted, in bytes.
	BodyLimit int64 `env:"STDREG_BODY_LIMIT" envDefault:"1048576"`
	// ImportLimit is the largest file POST /api/v1/imports accepts, in bytes.
	ImportLimit int64 `env:"STDREG_IMPORT_LIMIT" envDefault:"67108864"`
	// ReadCache bounds, in bytes (as estimated), the memory of the answers
	// to lookups, lists, searches and facet counts kept to serve again while
	// the data has not changed, a quarter of it for the encoded JSON of
	// single standards. 0 turns the cache off.
	ReadCache int64 `env:"STDREG_READ_CACHE" envDefault:"67108864"`
	// RateLimitKey is how many requests per second one API key may make on
	// average; RateBurstKey how many it may make at once. 0 turns the limit off.
	RateLimitKey float64 `env:"STDREG_RATE_LIMIT_KEY" envDefault:"50"`
	RateBurstKey int64   `env:"STDREG_RATE_BURST_KEY" envDefault:"100"`
	// RateLimitReader and RateBurstReader limit each key of role reader,
	// the key third-party applications get: public reads only, so it may
	// read faster than an anonymous address.
	RateLimitReader float64 `env:"STDREG_RATE_LIMIT_READER" envDefault:"100"`
	RateBurstReader int64   `env:"STDREG_RATE_BURST_READER" envDefault:"200"`
	// RateLimitAnonymous and RateBurstAnonymous limit callers without a key,
	// per client address.
	RateLimitAnonymous float64 `env:"STDREG_RATE_LIMIT_ANONYMOUS" envDefault:"10"`
	RateBurstAnonymous int64   `env:"STDREG_RATE_BURST_ANONYMOUS" envDefault:"40"`
	// CORSOrigins lists the web origins (https://app.example.cn) whose pages
	// may call the API from a browser; "*" allows any. Empty: none.
	CORSOrigins []string `env:"STDREG_CORS_ORIGINS" envSeparator:","`
	// TrustProxy takes the client address from X-Forwarded-For, for a
	// service behind a reverse proxy; otherwise the connection's address.
	TrustProxy bool `env:"STDREG_TRUST_PROXY" envDefault:"false"`
	// CycleRulesText sets each kind's drafting-cycle target and the event
	// that ends the cycle: KIND[/NATURE]=MONTHS:EVENT, comma-separated
	// (see standard.ParseCycleRules). Load parses it into CycleRules.
	CycleRulesText string              `env:"STDREG_CYCLE_RULES" envDefault:"local=15:published,national/recommended=18:approval,national/mandatory=24:approval"`
	CycleRules     standard.CycleRules `env:"-"`
}
