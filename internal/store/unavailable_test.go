package store_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite"

	"stdreg/internal/config"
	"stdreg/internal/fault"
	"stdreg/internal/store/storetest"
)

// TestConflictNamesTheField: a unique violation the registry did not
// foresee (another request registered the same credit code meanwhile)
// is a conflict naming the API's field, never the table or constraint.
func TestConflictNamesTheField(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		raw := db.Raw(t)
		insert := "INSERT INTO organizations (id, name, kind, region, credit_code, created_at, updated_at, version) VALUES ($1, $2, 'institute', '330000', '12330000470001234X', $3, $3, 1)"
		if db.Config.Driver == config.DriverSQLite {
			insert = strings.NewReplacer("$1", "?", "$2", "?", "$3", "?").Replace(insert)
		}
		now := time.Now().UTC()
		if _, err := raw.Exec(strings.Replace(insert, "$3, $3", "$3, $4", 1), "0190d2c4-0000-7000-8000-000000000001", "浙江省标准化研究院", now, now); err != nil {
			t.Fatalf("first insert: %v", err)
		}
		_, err := raw.Exec(strings.Replace(insert, "$3, $3", "$3, $4", 1), "0190d2c4-0000-7000-8000-000000000002", "浙江省标准化研究院（重复）", now, now)
		if err == nil {
			t.Fatal("second insert of the same credit code succeeded")
		}
		got := db.Store.TranslateImport(err)
		var de *fault.Error
		if !errors.As(got, &de) || de.Code != fault.CodeConflict {
			t.Fatalf("translated to %v, want a conflict", got)
		}
		if len(de.Fields) != 1 || de.Fields[0].Field != "credit_code" {
			t.Errorf("fields %+v, want credit_code", de.Fields)
		}
		for _, internal := range []string{"organizations", "_key", "constraint", "UNIQUE"} {
			if strings.Contains(de.Message.String(), internal) || (len(de.Fields) > 0 && strings.Contains(de.Fields[0].Message.String(), internal)) {
				t.Errorf("conflict %q / %+v names %q", de.Message, de.Fields, internal)
			}
		}
	})
}

// TestLockedSQLiteIsUnavailable: a write that finds the database locked by
// another writer past the busy timeout means "try again", not a fault.
func TestLockedSQLiteIsUnavailable(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverSQLite)
	holder := db.Raw(t)
	ctx := context.Background()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK") //nolint:errcheck // the test's end

	impatient, err := sql.Open("sqlite", "file:"+db.Config.DSN+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer impatient.Close()
	_, err = impatient.Exec("BEGIN IMMEDIATE")
	if err == nil {
		t.Fatal("a second writer took the lock")
	}
	if !db.Store.Unavailable(err) {
		t.Errorf("%v is not read as unavailable", err)
	}
	if db.Store.Unavailable(errors.New("UNIQUE constraint failed: organizations.credit_code")) {
		t.Error("an error of another kind is read as unavailable")
	}
}

// TestConnectionLostMidAnswerIsUnavailable: a connection the server ends
// while its rows are being read, as a restart ends them all, is the
// database unavailable (a 503 the client may retry), not an internal
// error, also where the rows are scanned past GORM. PostgreSQL only: a
// SQLite connection is never lost.
func TestConnectionLostMidAnswerIsUnavailable(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverPostgres)
	// The backend ends itself, as a fast shutdown does, half way through.
	read, err := db.Store.ScanMonthCounts(context.Background(), `SELECT '地方标准', '推荐性', i / 30.0,
		CASE WHEN i = 50000 THEN pg_terminate_backend(pg_backend_pid())::int ELSE 1 END
		FROM generate_series(1, 100000) AS i`)
	if err == nil {
		t.Fatalf("read %d rows of a connection ended half way", read)
	}
	if !errors.Is(err, fault.ErrUnavailable) {
		t.Errorf("%v is not unavailable", err)
	}
}
