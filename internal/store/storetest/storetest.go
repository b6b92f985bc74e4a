// Package storetest gives tests real, fresh databases: an SQLite file in a
// temporary folder, and a PostgreSQL database created for the test and
// dropped after it. Tests never run against mocks.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"stdreg/internal/config"
	"stdreg/internal/store"
)

// DefaultPostgresURL is the server tests use unless STDREG_TEST_POSTGRES_URL
// names another; its database is only used to create and drop test databases.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Drivers are the databases every storage behaviour is tested on.
var Drivers = []config.Driver{config.DriverPostgres, config.DriverSQLite}

// Each runs test once per database as a named subtest, each with its own
// fresh, migrated database.
func Each(t *testing.T, test func(t *testing.T, db Database)) {
	t.Helper()
	for _, driver := range Drivers {
		t.Run(string(driver), func(t *testing.T) {
			test(t, New(t, driver))
		})
	}
}

// EachInParallel is Each with the databases' subtests run side by side:
// for tests that touch nothing shared but their own database (no package
// variables, no environment), which is most of them. Code after it in the
// calling test runs before the subtests do.
func EachInParallel(t *testing.T, test func(t *testing.T, db Database)) {
	t.Helper()
	for _, driver := range Drivers {
		t.Run(string(driver), func(t *testing.T) {
			t.Parallel()
			test(t, New(t, driver))
		})
	}
}

// Database is a fresh, migrated database and a store on it.
type Database struct {
	Config config.Database
	Store  *store.Store
	lease  *lease // a PostgreSQL database lent by the pool, or nil
}

// New creates a fresh database of the driver, migrates it, and removes it
// when the test ends. Without a reachable PostgreSQL the test is skipped,
// except under CI=true, where it fails.
func New(t *testing.T, driver config.Driver) Database {
	t.Helper()
	if driver == config.DriverPostgres && pool.enabled() {
		return lendPostgres(t)
	}
	if driver == config.DriverSQLite {
		return newMigratedSQLite(t)
	}
	db := NewUnmigrated(t, driver)
	if err := db.Store.Migrate(context.Background(), Logger()); err != nil {
		t.Fatalf("migrate %s: %v", driver, err)
	}
	return db
}

// NewUnmigrated is New without the migrations, for tests of the migrations.
func NewUnmigrated(t *testing.T, driver config.Driver) Database {
	t.Helper()
	ctx := context.Background()
	var cfg config.Database
	switch driver {
	case config.DriverSQLite:
		cfg = config.Database{Driver: config.DriverSQLite, DSN: filepath.Join(t.TempDir(), "stdreg.db")}
	case config.DriverPostgres:
		cfg = config.Database{Driver: config.DriverPostgres, DSN: createPostgres(t)}
	default:
		t.Fatalf("unknown driver %q", driver)
	}
	st, err := store.Open(ctx, cfg, Logger())
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return Database{Config: cfg, Store: st}
}

// Logger discards logs below errors, keeping test output readable.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// createPostgres creates a database with a random name and returns its URL;
// the database is dropped (with any connections left) when the test ends.
func createPostgres(t *testing.T) string {
	t.Helper()
	name, dsn := createDatabase(t)
	t.Cleanup(func() {
		if err := dropDatabases([]string{name}); err != nil {
			t.Error(err)
		}
	})
	return dsn
}

// createDatabase creates an empty database with a random name and returns
// its name and URL. Without a reachable PostgreSQL the test is skipped,
// except under CI=true, where it fails.
func createDatabase(t *testing.T) (name, dsn string) {
	t.Helper()
	return createDatabaseFrom(t, "")
}

// createDatabaseFrom is createDatabase copying the database template
// ("": the server's default, empty).
func createDatabaseFrom(t *testing.T, template string) (name, dsn string) {
	t.Helper()
	admin := adminURL()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true: %v", err)
		}
		t.Skipf("PostgreSQL not reachable at %s: %v", admin, err)
	}
	defer conn.Close(context.Background())
	name = "stdreg_test_" + randomSuffix()
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := conn.Exec(ctx, create); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	// A test database need not survive a crash of the server, so its
	// commits do not wait for the disk: the same transactions and
	// constraints, without an fsync per write.
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+name+" SET synchronous_commit = off"); err != nil {
		t.Fatalf("relax commits of %s: %v", name, err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("parse %s: %v", admin, err)
	}
	u.Path = "/" + name
	return name, u.String()
}

func randomSuffix() string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("random: %v", err))
	}
	return hex.EncodeToString(b)
}
