package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"stdreg/internal/config"
	"stdreg/internal/store"
)

// Running every migration on a new SQLite file costs SQLite's parser more
// than most tests cost themselves (a package of a few hundred tests spent
// seconds of CPU on it). A process migrates one file once, keeps its bytes,
// and each test gets a copy: the same schema, triggers and secrets, as
// the PostgreSQL pool lends a database migrated once and emptied.
var sqliteTemplate struct {
	once  sync.Once
	bytes []byte
	err   error
}

// migratedSQLiteFile returns the bytes of a freshly migrated SQLite file.
func migratedSQLiteFile() ([]byte, error) {
	sqliteTemplate.once.Do(func() {
		sqliteTemplate.bytes, sqliteTemplate.err = migrateSQLiteTemplate()
	})
	return sqliteTemplate.bytes, sqliteTemplate.err
}

func migrateSQLiteTemplate() ([]byte, error) {
	dir, err := os.MkdirTemp("", "storetest-sqlite-")
	if err != nil {
		return nil, fmt.Errorf("sqlite template: %w", err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	path := filepath.Join(dir, "stdreg.db")
	st, err := store.OpenMigrated(ctx, config.Database{Driver: config.DriverSQLite, DSN: path}, Logger())
	if err != nil {
		return nil, fmt.Errorf("sqlite template: %w", err)
	}
	if err := st.Close(); err != nil {
		return nil, fmt.Errorf("sqlite template: close: %w", err)
	}
	// The last connection's close checkpoints the log and removes it, so
	// the main file holds everything; a log left behind would mean a copy
	// of the main file alone is not the migrated database.
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		return nil, fmt.Errorf("sqlite template: files after close: %v (%v)", entries, err)
	}
	return os.ReadFile(path)
}

// newMigratedSQLite is New for SQLite: a copy of the migrated template in
// the test's temporary folder, and a store on it.
func newMigratedSQLite(t *testing.T) Database {
	t.Helper()
	template, err := migratedSQLiteFile()
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Database{Driver: config.DriverSQLite, DSN: filepath.Join(t.TempDir(), "stdreg.db")}
	if err := os.WriteFile(cfg.DSN, template, 0o600); err != nil {
		t.Fatalf("copy the migrated sqlite template: %v", err)
	}
	// Migrating the copy finds every migration applied and does what a
	// store does on a migrated database (its backfills), as New did.
	st, err := store.OpenMigrated(context.Background(), cfg, Logger())
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return Database{Config: cfg, Store: st}
}
