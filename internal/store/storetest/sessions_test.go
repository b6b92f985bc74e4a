package storetest

import (
	"context"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"stdreg/internal/config"
)

// TestMain lends the tests pooled PostgreSQL databases (Main).
func TestMain(m *testing.M) { os.Exit(Main(m)) }

// TestKeptSessionsAreAsNew: a session a client ended is lent to the next
// client of its database (the same backend), with nothing of the first
// client's left: settings, prepared statements, temporary tables,
// channels listened to. A session started under an application name
// carries it only while a client holds it. Once the database is spoiled,
// every client has a session of its own.
func TestKeptSessionsAreAsNew(t *testing.T) {
	db := New(t, config.DriverPostgres)
	if pool.sessions == nil {
		t.Skip("no pool of sessions (the server is not named by a TCP address)")
	}
	ctx := context.Background()
	connect := func(dsn string) (*pgx.Conn, int) {
		t.Helper()
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		var pid int
		if err := c.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			t.Fatal(err)
		}
		return c, pid
	}
	exec := func(c *pgx.Conn, sql string) {
		t.Helper()
		if _, err := c.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	// end ends c's session and waits until the pool keeps it.
	end := func(c *pgx.Conn) {
		t.Helper()
		kept := func() int {
			pool.sessions.mu.Lock()
			defer pool.sessions.mu.Unlock()
			n := 0
			for _, s := range pool.sessions.idle {
				n += len(s)
			}
			return n
		}
		before := kept()
		if err := c.Close(ctx); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); kept() == before; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the ended session was not kept")
			}
		}
	}

	first, pid := connect(db.Config.DSN)
	exec(first, "SET statement_timeout = '123s'")
	exec(first, "PREPARE probe AS SELECT 1")
	exec(first, "CREATE TEMPORARY TABLE left_behind (x int)")
	exec(first, "LISTEN stdreg_probe")
	end(first)
	second, again := connect(db.Config.DSN)
	if again != pid {
		t.Fatalf("the second client has backend %d, want the kept %d", again, pid)
	}
	var timeout string
	var prepared, listening int
	var temp *string
	err := second.QueryRow(ctx, `SELECT current_setting('statement_timeout'),
		(SELECT count(*) FROM pg_prepared_statements WHERE name = 'probe'), (SELECT count(*) FROM pg_listening_channels()),
		to_regclass('pg_temp.left_behind')::text`).Scan(&timeout, &prepared, &listening, &temp)
	if err != nil {
		t.Fatal(err)
	}
	if timeout != "0" || prepared != 0 || listening != 0 || temp != nil {
		t.Errorf("the kept session has statement_timeout %s, %d prepared statements, %d channels, temporary table %v; want none of the first client's",
			timeout, prepared, listening, temp)
	}
	end(second)

	// An application name: cleared while kept, given back.
	u, err := url.Parse(db.Config.DSN)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", "stdreg_probe")
	u.RawQuery = q.Encode()
	named, namedPID := connect(u.String())
	end(named)
	admin, _ := connect(adminURL())
	defer admin.Close(ctx)
	var n int
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'stdreg_probe'").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d kept sessions show the application name (%v), want 0", n, err)
	}
	named, again = connect(u.String())
	var name string
	if err := named.QueryRow(ctx, "SELECT current_setting('application_name')").Scan(&name); err != nil || name != "stdreg_probe" || again != namedPID {
		t.Errorf("the kept session is named %q (%v), backend %d; want %q on %d", name, err, again, "stdreg_probe", namedPID)
	}
	_ = named.Close(ctx)

	// Spoiled: a session of its own.
	db.lease.spoil()
	own, ownPID := connect(db.Config.DSN)
	defer own.Close(ctx)
	if ownPID == pid {
		t.Errorf("after spoil the client has the kept backend %d", pid)
	}
}
