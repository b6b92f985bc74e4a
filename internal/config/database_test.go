package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDatabaseURL(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Database
	}{
		{"postgres URL kept as given", "postgres://app:p%40ss@db.internal:5432/stdreg?sslmode=verify-full",
			Database{Driver: DriverPostgres, DSN: "postgres://app:p%40ss@db.internal:5432/stdreg?sslmode=verify-full"}},
		{"postgresql scheme", "postgresql://localhost/stdreg", Database{Driver: DriverPostgres, DSN: "postgresql://localhost/stdreg"}},
		{"postgres over a unix socket", "postgres:///stdreg?host=/var/run/postgresql", Database{Driver: DriverPostgres, DSN: "postgres:///stdreg?host=/var/run/postgresql"}},
		{"postgres with only a host", "postgres://db", Database{Driver: DriverPostgres, DSN: "postgres://db"}},
		{"sqlite relative path", "sqlite:stdreg.db", Database{Driver: DriverSQLite, DSN: "stdreg.db"}},
		{"sqlite nested relative path", "sqlite:data/stdreg.db", Database{Driver: DriverSQLite, DSN: "data/stdreg.db"}},
		{"sqlite absolute path", "sqlite:/var/lib/stdreg/stdreg.db", Database{Driver: DriverSQLite, DSN: "/var/lib/stdreg/stdreg.db"}},
		{"sqlite in memory", "sqlite::memory:", Database{Driver: DriverSQLite, DSN: ":memory:"}},
		{"sqlite path with driver options", "sqlite:stdreg.db?_pragma=foreign_keys(1)", Database{Driver: DriverSQLite, DSN: "stdreg.db?_pragma=foreign_keys(1)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDatabaseURL(tc.in)
			if err != nil {
				t.Fatalf("ParseDatabaseURL(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseDatabaseURL(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParseDatabaseURLRejects(t *testing.T) {
	const forms = "must start with postgres://, postgresql:// or sqlite:"
	tests := []struct {
		name string
		in   string
		want string // a substring of the error
	}{
		{"empty", "", forms},
		{"mysql", "mysql://u:p@h/db", forms},
		{"upper-case scheme", "POSTGRES://h/db", forms},
		{"libpq key-value string", "host=db user=app password=pw", forms},
		{"leading space", " postgres://h/db", forms},
		{"bare file name", "stdreg.db", forms},
		{"file URL", "file:stdreg.db", forms},
		{"postgres without slashes", "postgres:h/db", forms},
		{"sqlite without path", "sqlite:", "needs a file path"},
		{"sqlite with blank path", "sqlite:  ", "needs a file path"},
		{"sqlite with slashes", "sqlite://stdreg.db", "write sqlite:PATH"},
		{"sqlite with three slashes", "sqlite:///var/lib/stdreg.db", "write sqlite:PATH"},
		{"postgres with bad port", "postgres://h:port/db", "not a valid postgres URL"},
		{"postgres with bad escape", "postgres://u:%zz@h/db", "not a valid postgres URL"},
		{"postgres with control character", "postgres://h/db\x7f", "not a valid postgres URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDatabaseURL(tc.in)
			if err == nil {
				t.Fatalf("ParseDatabaseURL(%q) = %+v, want an error containing %q", tc.in, got, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseDatabaseURL(%q) error = %q, want it to contain %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestDatabaseURLRoundTrip(t *testing.T) {
	for _, s := range []string{"postgres://app:s3cret@db:5432/stdreg?sslmode=disable", "sqlite:stdreg.db", "sqlite:/var/lib/stdreg/stdreg.db", "sqlite::memory:"} {
		d, err := ParseDatabaseURL(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if got := d.URL(); got != s {
			t.Errorf("URL() = %q, want %q", got, s)
		}
	}
}
