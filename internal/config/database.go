package config

import (
	"errors"
	"net/url"
	"strings"
)

// Driver names a supported database engine.
type Driver string

// The supported drivers.
const (
	DriverPostgres Driver = "postgres"
	DriverSQLite   Driver = "sqlite"
)

// Database is a parsed STDREG_DATABASE_URL: which driver to use and what to
// hand it.
type Database struct {
	Driver Driver
	// DSN is the postgres URL exactly as given, or the SQLite file path
	// (what follows "sqlite:").
	DSN string
	// MaxConns is the most connections the pool keeps open, idle ones
	// included; 0 is the driver's default (see store.Open).
	MaxConns int
	// MaxSearches is the most searches, lists and facet counts that run
	// on the database at once; 0 is twice the CPUs of this process (see
	// store.newSearchGate).
	MaxSearches int
	// Replicas are the DSNs of PostgreSQL streaming replicas of DSN, for
	// reads (see Config.DatabaseReplicaURLs).
	Replicas []string
}

// URL prefixes ParseDatabaseURL recognizes. Matching is case-sensitive, as
// it is in the postgres driver, so a URL accepted here is also accepted
// there.
const (
	postgresPrefix   = "postgres://"
	postgresqlPrefix = "postgresql://"
	sqlitePrefix     = "sqlite:"
)

func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, postgresPrefix) || strings.HasPrefix(s, postgresqlPrefix)
}

// ParseDatabaseURL parses the value of STDREG_DATABASE_URL. It accepts
//
//   - postgres://… and postgresql://… URLs, kept exactly as given for the
//     postgres driver (which also reads host, sslmode and the like from the
//     query string, so a host is not required here), and
//   - sqlite:PATH, where PATH is the database file, relative to the working
//     directory or absolute (sqlite:stdreg.db, sqlite:/var/lib/stdreg/db),
//     or :memory: for a throw-away in-memory database. Anything after the
//     prefix, query parameters included, is passed on as the path.
//
// sqlite://PATH is rejected rather than guessed at: tools disagree on
// whether sqlite:///x means the relative path x or the absolute path /x,
// and a wrong guess would silently open or create a different, empty
// database.
//
// Error messages never repeat s, because a postgres URL may contain a
// password.
func ParseDatabaseURL(s string) (Database, error) {
	switch {
	case isPostgresURL(s):
		if _, err := url.Parse(s); err != nil {
			return Database{}, errors.New("is not a valid postgres URL; percent-encode any special characters in the user name and password")
		}
		return Database{Driver: DriverPostgres, DSN: s}, nil
	case strings.HasPrefix(s, "sqlite://"):
		return Database{}, errors.New("sqlite:// is ambiguous between relative and absolute paths; write sqlite:PATH, such as sqlite:stdreg.db or sqlite:/var/lib/stdreg/stdreg.db")
	case strings.HasPrefix(s, sqlitePrefix):
		path := strings.TrimPrefix(s, sqlitePrefix)
		if strings.TrimSpace(path) == "" {
			return Database{}, errors.New("sqlite: needs a file path, such as sqlite:stdreg.db")
		}
		return Database{Driver: DriverSQLite, DSN: path}, nil
	default:
		return Database{}, errors.New("must start with postgres://, postgresql:// or sqlite:, such as postgres://user:password@host:5432/stdreg or sqlite:stdreg.db")
	}
}

// URL is the STDREG_DATABASE_URL that names d: ParseDatabaseURL's inverse.
func (d Database) URL() string {
	if d.Driver == DriverSQLite {
		return sqlitePrefix + d.DSN
	}
	return d.DSN
}
