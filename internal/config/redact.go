package config

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
)

// masked replaces a secret wherever a Config or Database is printed.
const masked = "***"

// secretQueryParams are connection parameters of the postgres driver whose
// values are secrets; libpq and pgx accept the password in the query string
// as well as in the user information.
var secretQueryParams = map[string]bool{"password": true, "sslpassword": true}

// plainConfig and plainDatabase have the fields of Config and Database but
// none of their methods, so the methods below can print a redacted copy
// with fmt's usual layout without calling themselves.
type (
	plainConfig   Config
	plainDatabase Database
)

// redacted returns a copy of c that is safe to print.
func (c Config) redacted() Config {
	if c.PageTokenKey != "" {
		c.PageTokenKey = masked
	}
	c.DatabaseURL = redactDatabaseURL(c.DatabaseURL)
	c.DatabaseReplicaURLs = redactAll(c.DatabaseReplicaURLs)
	c.Database = c.Database.redacted()
	return c
}

// redacted returns a copy of d that is safe to print. A SQLite path holds no
// secret; any other DSN is treated as a postgres URL.
func (d Database) redacted() Database {
	if d.Driver != DriverSQLite {
		d.DSN = redactDatabaseURL(d.DSN)
	}
	d.Replicas = redactAll(d.Replicas)
	return d
}

// redactAll returns a redacted copy of the URLs in urls.
func redactAll(urls []string) []string {
	if urls == nil {
		return nil
	}
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = redactDatabaseURL(u)
	}
	return out
}

// String formats c like fmt's %+v, with the page-token key and database
// password replaced by "***".
func (c Config) String() string {
	return fmt.Sprintf("%+v", plainConfig(c.redacted()))
}

// GoString formats c like fmt's %#v, with secrets masked as in String.
func (c Config) GoString() string {
	return "config.Config" + strings.TrimPrefix(fmt.Sprintf("%#v", plainConfig(c.redacted())), "config.plainConfig")
}

// Format makes every fmt verb, not only %v and %s, print the masked form:
// without it, %d or %x would print the fields, secrets included.
func (c Config) Format(f fmt.State, verb rune) {
	format(f, verb, c.String(), c.GoString())
}

// LogValue makes slog log c as a group of its fields, secrets masked.
func (c Config) LogValue() slog.Value {
	r := c.redacted()
	return slog.GroupValue(
		slog.String("addr", r.Addr),
		slog.String("database_url", r.DatabaseURL),
		slog.Attr{Key: "database", Value: r.Database.LogValue()},
		slog.String("page_token_key", r.PageTokenKey),
		slog.String("log_level", r.LogLevel),
		slog.String("log_format", r.LogFormat),
		slog.Duration("read_timeout", r.ReadTimeout),
		slog.Duration("write_timeout", r.WriteTimeout),
		slog.Duration("idle_timeout", r.IdleTimeout),
		slog.Duration("shutdown_timeout", r.ShutdownTimeout),
		slog.Int64("body_limit", r.BodyLimit),
		slog.Int64("import_limit", r.ImportLimit),
		slog.Float64("rate_limit_key", r.RateLimitKey),
		slog.Int64("rate_burst_key", r.RateBurstKey),
		slog.Float64("rate_limit_anonymous", r.RateLimitAnonymous),
		slog.Int64("rate_burst_anonymous", r.RateBurstAnonymous),
		slog.Any("cors_origins", r.CORSOrigins),
		slog.Bool("trust_proxy", r.TrustProxy),
		slog.String("cycle_rules", r.CycleRulesText),
	)
}

// String formats d like fmt's %+v, with a postgres password masked.
func (d Database) String() string {
	return fmt.Sprintf("%+v", plainDatabase(d.redacted()))
}

// GoString formats d like fmt's %#v, with a postgres password masked.
func (d Database) GoString() string {
	return "config.Database" + strings.TrimPrefix(fmt.Sprintf("%#v", plainDatabase(d.redacted())), "config.plainDatabase")
}

// Format makes every fmt verb print the masked form; see Config.Format.
func (d Database) Format(f fmt.State, verb rune) {
	format(f, verb, d.String(), d.GoString())
}

// LogValue makes slog log d as a group, with a postgres password masked.
func (d Database) LogValue() slog.Value {
	r := d.redacted()
	return slog.GroupValue(
		slog.String("driver", string(r.Driver)),
		slog.String("dsn", r.DSN),
	)
}

// format writes goString for %#v and str, formatted by the verb and flags in
// f, for every other verb.
func format(f fmt.State, verb rune, str, goString string) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, goString)
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), str)
}

// redactDatabaseURL returns s with the password of a postgres URL replaced
// by "***", in the user information and in the query string. An sqlite: URL
// is returned unchanged. Anything else, including a postgres URL that does
// not parse, is replaced by "***" as a whole, since there is no telling
// which part of it is secret.
func redactDatabaseURL(s string) string {
	switch {
	case s == "" || strings.HasPrefix(s, sqlitePrefix):
		return s
	case isPostgresURL(s):
		if _, err := url.Parse(s); err != nil {
			return masked
		}
		return redactPostgresURL(s)
	default:
		return masked
	}
}

// redactPostgresURL masks the secrets of a URL that net/url accepts. It
// edits the string rather than re-serializing a url.URL, which would spell
// "***" as "%2A%2A%2A" and could re-escape other parts, so that the rest of
// the URL stays exactly as the operator wrote it.
func redactPostgresURL(s string) string {
	scheme, rest, _ := strings.Cut(s, "://")
	// net/url ends the authority at the first '/', '?' or '#', and takes the
	// user information to be everything before its last '@'.
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		if user, _, hasPassword := strings.Cut(authority[:at], ":"); hasPassword {
			authority = user + ":" + masked + authority[at:]
		}
	}
	return scheme + "://" + authority + redactQuery(tail)
}

// redactQuery masks the values of secretQueryParams in the query string of
// tail, the part of a URL after its authority.
func redactQuery(tail string) string {
	beforeFragment, fragment, hasFragment := strings.Cut(tail, "#")
	path, query, hasQuery := strings.Cut(beforeFragment, "?")
	if !hasQuery {
		return tail
	}
	params := strings.Split(query, "&")
	for i, p := range params {
		key, _, hasValue := strings.Cut(p, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			name = key
		}
		if hasValue && secretQueryParams[strings.ToLower(name)] {
			params[i] = key + "=" + masked
		}
	}
	out := path + "?" + strings.Join(params, "&")
	if hasFragment {
		out += "#" + fragment
	}
	return out
}
