package storetest

import (
	"database/sql"
	"testing"

	_ "github.com/glebarez/go-sqlite"  // registers "sqlite"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"stdreg/internal/config"
)

// Raw opens a plain database/sql connection to the test database, past the
// store, for tests that must read or tamper with the tables themselves.
func (d Database) Raw(t *testing.T) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", d.Config.DSN
	if d.Config.Driver == config.DriverSQLite {
		driver, dsn = "sqlite", "file:"+d.Config.DSN+"?_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open raw %s: %v", d.Config.Driver, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}
