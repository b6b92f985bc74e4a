package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"stdreg/internal/config"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// signalWait is how long a change may take to be signalled: at once on
// SQLite, a notification's trip on PostgreSQL.
const signalWait = 5 * time.Second

// vouched waits until st vouches for a generation and returns it.
func vouched(t *testing.T, st *store.Store) uint64 {
	t.Helper()
	deadline := time.Now().Add(signalWait)
	for {
		if gen, ok := st.Generation(context.Background()); ok {
			return gen
		}
		if time.Now().After(deadline) {
			t.Fatal("the store never vouched for a generation")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// advancedFrom waits until st's generation differs from before and returns
// it; on SQLite the change must show at once.
func advancedFrom(t *testing.T, db storetest.Database, st *store.Store, before uint64) uint64 {
	t.Helper()
	wait := signalWait
	if db.Config.Driver == config.DriverSQLite {
		wait = 0
	}
	deadline := time.Now().Add(wait)
	for {
		if gen, ok := st.Generation(context.Background()); ok && gen != before {
			return gen
		}
		if time.Now().After(deadline) {
			t.Fatalf("generation still %d after %s", before, wait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func orgInsert(name string) string {
	return fmt.Sprintf("INSERT INTO organizations (id, name, kind, region, created_at, updated_at, version) "+
		"VALUES ('%s', '%s', 'institute', '330000', '2026-01-05 08:00:00', '2026-01-05 08:00:00', 1)", uuid.Must(uuid.NewV7()), name)
}

// TestGenerationMovesWithEveryChange writes as another process would,
// past the store, to every table a read of standards depends on.
func TestGenerationMovesWithEveryChange(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		st := teaStandard()
		register(t, db, st)
		raw := db.Raw(t)
		for _, tc := range []struct {
			name, sql string
		}{
			{"organization registered", orgInsert("浙江省茶叶产业协会")},
			{"organization renamed", "UPDATE organizations SET name = '浙江省茶叶学会'"},
			{"title changed", fmt.Sprintf("UPDATE standards SET title_zh = '龙井茶 加工技术规程' WHERE id = '%s'", st.ID)},
			{"ICS class removed", fmt.Sprintf("DELETE FROM standard_ics WHERE standard_id = '%s' AND code = '65.020'", st.ID)},
			{"designation removed", fmt.Sprintf("DELETE FROM standard_designations WHERE standard_id = '%s'", st.ID)},
			{"organization deleted", "DELETE FROM organizations WHERE name = '浙江省茶叶学会'"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := vouched(t, db.Store)
				res, err := raw.ExecContext(ctx, tc.sql)
				if err != nil {
					t.Fatal(err)
				}
				if n, _ := res.RowsAffected(); n == 0 {
					t.Fatalf("%s changed no row", tc.sql)
				}
				advancedFrom(t, db, db.Store, before)
			})
		}
	})
}

// TestGenerationIgnoresWhatReadsDoNotSee: a rolled-back change and a
// change to keys do not move the generation. On PostgreSQL each committed
// transaction sends one notification, so after one signalled change the
// generation must have moved by exactly one.
func TestGenerationIgnoresWhatReadsDoNotSee(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx := context.Background()
		raw := db.Raw(t)
		before := vouched(t, db.Store)

		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, orgInsert("杭州市标准化研究院")); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, fmt.Sprintf("INSERT INTO api_keys (id, name, role, prefix, hash, created_at) "+
			"VALUES ('%s', '审计员', 'auditor', 'stdreg_ab', 'hash-1', '2026-01-05 08:00:00')", uuid.Must(uuid.NewV7()))); err != nil {
			t.Fatal(err)
		}
		if gen, ok := db.Store.Generation(ctx); !ok || gen != before {
			t.Fatalf("after a rollback and a key: generation %d (ok %v), want %d", gen, ok, before)
		}
		if _, err := raw.ExecContext(ctx, orgInsert("宁波市标准化研究院")); err != nil {
			t.Fatal(err)
		}
		after := advancedFrom(t, db, db.Store, before)
		if after != before+1 {
			t.Errorf("one organization registered moved the generation from %d to %d, want one step", before, after)
		}
	})
}

// TestBulkLoadsAreSignalled: `stdreg generate` loads with the foreign-key
// triggers off (session_replication_role = replica), and the change signal
// must fire all the same, once per statement.
func TestBulkLoadsAreSignalled(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverPostgres)
	ctx := context.Background()
	conn, err := db.Raw(t).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.ExecContext(ctx, "SET session_replication_role = replica"); err != nil {
		t.Fatal(err)
	}
	before := vouched(t, db.Store)
	if _, err := conn.ExecContext(ctx, orgInsert("浙江制造品牌建设促进会")); err != nil {
		t.Fatal(err)
	}
	advancedFrom(t, db, db.Store, before)
}

// listenerSessions counts the change listener's sessions on db's database.
func listenerSessions(t *testing.T, raw *sql.DB) int {
	t.Helper()
	var n int
	err := raw.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", store.ChangeListenerName).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestListenerLossIsReported: while the listener's session is gone the
// store vouches for nothing; back, it vouches for a new generation, which
// stands for whatever changed unheard.
func TestListenerLossIsReported(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverPostgres)
	ctx := context.Background()
	raw := db.Raw(t)
	before := vouched(t, db.Store)

	if n := listenerSessions(t, raw); n != 1 { // also opens raw's session before the cut
		t.Fatalf("%d listener sessions, want 1", n)
	}
	allow := db.CutChangeListener(t)
	deadline := time.Now().Add(signalWait)
	for {
		if _, ok := db.Store.Generation(ctx); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the store still vouches for its generation with its listener gone")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A change while nobody listens is never signalled...
	if _, err := raw.ExecContext(ctx, orgInsert("温州市标准化研究院")); err != nil {
		t.Fatal(err)
	}
	allow()
	// ...but the reconnection counts as one.
	if after := vouched(t, db.Store); after == before {
		t.Errorf("generation %d after reconnecting, want it moved", after)
	}
	if n := listenerSessions(t, raw); n != 1 {
		t.Errorf("%d listener sessions after reconnecting, want 1", n)
	}
}

// TestCloseStopsTheListener: a closed store leaves no session behind (and
// Close waits for the listener's goroutine, so none leaks either).
func TestCloseStopsTheListener(t *testing.T) {
	t.Parallel()
	db := storetest.New(t, config.DriverPostgres)
	ctx := context.Background()
	raw := db.Raw(t)
	second, err := store.Open(ctx, db.Config, storetest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	vouched(t, second)
	if n := listenerSessions(t, raw); n != 1 {
		t.Fatalf("%d listener sessions, want 1 (the first store has not asked yet)", n)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := second.Generation(ctx); ok {
		t.Error("a closed store still vouches for a generation")
	}
	deadline := time.Now().Add(signalWait)
	for listenerSessions(t, raw) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the listener's session outlived its store")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
