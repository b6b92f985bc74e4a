package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/store"
)

// CutChangeListener ends the PostgreSQL session on which the stores of d
// follow changes, and keeps it from coming back (the database refuses new
// connections) until the returned function is called; sessions already
// open, such as the stores' pooled ones, carry on. The database takes
// connections again when the test ends in any case.
func (d Database) CutChangeListener(t *testing.T) (reconnect func()) {
	t.Helper()
	name, admin, reconnect := d.refuseConnections(t, "CutChangeListener")
	var ended int
	err := admin.QueryRowContext(context.Background(), "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
		name, store.ChangeListenerName).Scan(&ended)
	if err != nil || ended == 0 {
		t.Fatalf("cut change listener: ended %d sessions (%v), want at least 1", ended, err)
	}
	return reconnect
}

// refuseConnections closes d's PostgreSQL database to new connections
// until the returned function is called (and in any case when the test
// ends), and gives its name and a session on the admin database, since a
// session cannot close its own database. The database is not lent again.
func (d Database) refuseConnections(t *testing.T, what string) (name string, admin *sql.DB, allow func()) {
	t.Helper()
	d.lease.spoil()
	if d.Config.Driver != config.DriverPostgres {
		t.Fatalf("%s on %s: only PostgreSQL runs apart from the process", what, d.Config.Driver)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.Raw(t).QueryRowContext(ctx, "SELECT current_database()").Scan(&name); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	admin = adminDB(t)
	set := func(allowed bool) {
		if _, err := admin.ExecContext(context.Background(), fmt.Sprintf("ALTER DATABASE %s ALLOW_CONNECTIONS %t", name, allowed)); err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}
	set(false)
	t.Cleanup(func() { set(true) })
	return name, admin, func() { set(true) }
}

// adminDB connects to the database test databases are created from.
func adminDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", adminURL())
	if err != nil {
		t.Fatalf("open %s: %v", adminURL(), err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func adminURL() string {
	if url := os.Getenv("STDREG_TEST_POSTGRES_URL"); url != "" {
		return url
	}
	return DefaultPostgresURL
}

// signalTables are the tables whose changes migration 00008 signals.
var signalTables = []string{"standards", "standard_ics", "standard_designations", "organizations"}

// SilenceChangeSignal turns off the triggers that signal changes (migration
// 00008), so that only what a process knows of its own writes can tell its
// cache that the data changed: tests use it to see whether answers come
// from memory, and whether a process's own writes are seen without help.
func (d Database) SilenceChangeSignal(t *testing.T) {
	t.Helper()
	d.lease.spoil()
	raw := d.Raw(t)
	for _, table := range signalTables {
		stmts := []string{"ALTER TABLE " + table + " DISABLE TRIGGER " + table + "_signal_change"}
		if d.Config.Driver == config.DriverSQLite {
			stmts = nil
			for _, op := range []string{"insert", "update", "delete"} {
				stmts = append(stmts, "DROP TRIGGER "+table+"_"+op+"_signal_change")
			}
		}
		for _, stmt := range stmts {
			if _, err := raw.Exec(stmt); err != nil {
				t.Fatalf("silence change signal: %v", err)
			}
		}
	}
}

// signalWait is how long a committed change may take to be signalled:
// nothing on SQLite, a notification's trip on PostgreSQL.
const signalWait = 5 * time.Second

// WaitVouched waits until d's store vouches for its change generation (on
// PostgreSQL, until its listener listens), so that a cache on it is in use.
func (d Database) WaitVouched(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(signalWait)
	for {
		if _, ok := d.Store.Generation(context.Background()); ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the store never vouched for a change generation")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// WaitSignalled waits until every change committed so far has been
// signalled to d's store. On PostgreSQL it sends a notification of its own
// and waits for the generation to move and then stand still for 100 ms:
// notifications arrive in commit order, so once the probe's is in, the
// earlier ones are too. On SQLite the counter is read at once: nothing to wait for.
func (d Database) WaitSignalled(t *testing.T) {
	t.Helper()
	if d.Config.Driver != config.DriverPostgres {
		return
	}
	d.WaitVouched(t)
	before, _ := d.Store.Generation(context.Background())
	if _, err := d.Raw(t).Exec("SELECT pg_notify('stdreg_changes', '')"); err != nil {
		t.Fatalf("wait for change signals: %v", err)
	}
	// The generation moving does not say which notification moved it: a
	// write's may arrive after the probe was sent and before the probe's
	// own. So wait until it has moved and then stood still a while.
	const quiet = 100 * time.Millisecond
	deadline := time.Now().Add(signalWait)
	last, lastChange := before, time.Now()
	for {
		gen, ok := d.Store.Generation(context.Background())
		if ok && gen != last {
			last, lastChange = gen, time.Now()
		}
		if ok && last != before && time.Since(lastChange) >= quiet {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("wait for change signals: the notification never arrived")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// CutOff takes the PostgreSQL database away from the stores of d, as a
// server restart does: it refuses new connections and every open session
// is ended, until the returned function is called (and in any case when
// the test ends).
func (d Database) CutOff(t *testing.T) (restore func()) {
	t.Helper()
	name, admin, restore := d.refuseConnections(t, "CutOff")
	if _, err := admin.ExecContext(context.Background(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name); err != nil {
		t.Fatalf("cut off: %v", err)
	}
	return restore
}
