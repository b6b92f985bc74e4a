package storetest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"stdreg/internal/config"
	"stdreg/internal/store"
)

// Creating a PostgreSQL database costs about 0.4 s and dropping it 0.2 s,
// and creations from one template wait for each other, so a package of a
// hundred tests spent most of its time there. A package whose TestMain
// calls Main lends each test a migrated database from a pool instead,
// emptied when the test ends and lent again, and drops them all
// when its tests are done.
var pool dbPool

type dbPool struct {
	sync.Mutex
	on   bool
	free []string // DSNs of empty, migrated databases
	all  []string // names of every database the pool made
	// emptiers hold a session on each pooled database that empties it
	// between tests. A new session's first statements pay for reading the
	// catalog (about 20 ms of the server's CPU to plan a DELETE on
	// standards); a kept one plans them from its warm caches.
	emptiers map[string]*pgx.Conn
	// template is a database migrated once, which the pool's databases
	// are copied from (migratedTemplate).
	template     string
	templateLock sync.Mutex // held while the template is made
	// sessions keeps the sessions the tests' clients end, for the next
	// client of the same database (sessionPool); nil until the first
	// database is lent, or if it could not listen.
	sessions     *sessionPool
	sessionsOnce sync.Once
}

// sessionURL is dsn reached through the pool of sessions, when there is one.
func (p *dbPool) sessionURL(dsn string) string {
	p.sessionsOnce.Do(func() {
		sessions, err := startSessionPool(adminURL())
		if err != nil {
			fmt.Fprintf(os.Stderr, "storetest: no pool of sessions: %v\n", err)
			return
		}
		p.Lock()
		p.sessions = sessions
		p.Unlock()
	})
	p.Lock()
	defer p.Unlock()
	if p.sessions == nil {
		return dsn
	}
	return p.sessions.url(dsn)
}

// forgetSessions closes the sessions kept on database, which is dropped or
// spoiled; spoiled, it keeps none again.
func (p *dbPool) forgetSessions(database string, spoiled bool) {
	p.Lock()
	sessions := p.sessions
	p.Unlock()
	switch {
	case sessions == nil:
	case spoiled:
		sessions.stopPooling(database)
	default:
		sessions.forget(database)
	}
}

// migratedTemplate makes, once per process, a migrated database that the
// pool's databases are copied from (CREATE DATABASE … TEMPLATE): a copy
// costs the server what an empty database does, where migrating each
// database ran every migration again, about 0.4 s of the server's CPU
// for each of the 31 databases a run of the suite made. It is dropped
// with the pool's databases.
func migratedTemplate(t *testing.T) string {
	t.Helper()
	pool.templateLock.Lock()
	defer pool.templateLock.Unlock()
	pool.Lock()
	name := pool.template
	pool.Unlock()
	if name != "" {
		return name
	}
	name, dsn := createDatabase(t)
	pool.Lock()
	pool.all = append(pool.all, name)
	pool.Unlock()
	cfg := config.Database{Driver: config.DriverPostgres, DSN: dsn}
	st, err := store.Open(context.Background(), cfg, Logger())
	if err != nil {
		t.Fatalf("open %s: %v", cfg.Driver, err)
	}
	err = st.Migrate(context.Background(), Logger())
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatalf("migrate the template database: %v", err)
	}
	pool.Lock()
	pool.template = name
	pool.Unlock()
	return name
}

// emptier takes the session that empties dsn, or opens one.
func (p *dbPool) emptier(ctx context.Context, dsn string) (*pgx.Conn, error) {
	p.Lock()
	conn := p.emptiers[dsn]
	delete(p.emptiers, dsn)
	p.Unlock()
	if conn != nil && !conn.IsClosed() {
		return conn, nil
	}
	return pgx.Connect(ctx, dsn)
}

// keepEmptier keeps conn for the next time dsn is emptied.
func (p *dbPool) keepEmptier(dsn string, conn *pgx.Conn) {
	p.Lock()
	defer p.Unlock()
	if p.emptiers == nil {
		p.emptiers = map[string]*pgx.Conn{}
	}
	p.emptiers[dsn] = conn
}

func (p *dbPool) enabled() bool {
	p.Lock()
	defer p.Unlock()
	return p.on
}

// lease is a pooled database's state: a test that changes more than rows
// (its triggers, whether it takes connections) marks it spoiled, and it is
// dropped rather than lent again.
type lease struct {
	mu       sync.Mutex
	spoiled  bool
	database string
}

// spoil marks the database not to be lent again, and its sessions not to
// be kept: the test is about to refuse it connections or end them.
func (l *lease) spoil() {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.spoiled = true
	l.mu.Unlock()
	pool.forgetSessions(l.database, true)
}

// Main runs a package's tests with pooled PostgreSQL databases; call it
// from TestMain: os.Exit(storetest.Main(m)).
//
// It also lets the heap grow to five times what is live before the
// collector runs (GOGC=400), unless GOGC is set: these packages' tests make
// short-lived garbage by the gigabyte (every request's JSON, every row)
// and keep little, so the default spent about a quarter of their CPU in
// the collector for a heap of tens of megabytes.
func Main(m *testing.M) int {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	pool.Lock()
	pool.on = true
	pool.Unlock()
	code := m.Run()
	pool.Lock()
	names, emptiers, sessions := pool.all, pool.emptiers, pool.sessions
	pool.all, pool.free, pool.emptiers, pool.on, pool.template, pool.sessions = nil, nil, nil, false, "", nil
	pool.sessionsOnce = sync.Once{}
	pool.Unlock()
	if sessions != nil {
		sessions.close()
	}
	for _, conn := range emptiers {
		_ = conn.Close(context.Background())
	}
	if err := dropDatabases(names); err != nil {
		fmt.Fprintf(os.Stderr, "storetest: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// lendPostgres opens a store on a pooled database, or a new one.
func lendPostgres(t *testing.T) Database {
	t.Helper()
	pool.Lock()
	var dsn string
	if n := len(pool.free); n > 0 {
		dsn, pool.free = pool.free[n-1], pool.free[:n-1]
	}
	pool.Unlock()
	if dsn == "" {
		dsn = createPooled(t)
	}
	// Every pooled database is a copy of the migrated template, emptied
	// when lent again: migrating it would find nothing to do, for a dozen
	// statements.
	cfg := config.Database{Driver: config.DriverPostgres, DSN: pool.sessionURL(dsn)}
	st, err := store.Open(context.Background(), cfg, Logger())
	if err != nil {
		t.Fatalf("open %s: %v", cfg.Driver, err)
	}
	l := &lease{database: nameOf(dsn)}
	t.Cleanup(func() {
		_ = st.Close()
		l.mu.Lock()
		spoiled := l.spoiled
		l.mu.Unlock()
		if !spoiled && !t.Failed() {
			if err := empty(dsn); err == nil {
				pool.Lock()
				pool.free = append(pool.free, dsn)
				pool.Unlock()
				return
			}
		}
		pool.Lock()
		pool.all = removed(pool.all, nameOf(dsn))
		conn := pool.emptiers[dsn]
		delete(pool.emptiers, dsn)
		pool.Unlock()
		if conn != nil {
			_ = conn.Close(context.Background())
		}
		pool.forgetSessions(nameOf(dsn), false)
		if err := dropDatabases([]string{nameOf(dsn)}); err != nil {
			t.Errorf("drop pooled database: %v", err)
		}
	})
	return Database{Config: cfg, Store: st, lease: l}
}

// createPooled creates a migrated database for the pool.
func createPooled(t *testing.T) string {
	t.Helper()
	name, dsn := createDatabaseFrom(t, migratedTemplate(t))
	pool.Lock()
	pool.all = append(pool.all, name)
	pool.Unlock()
	return dsn
}

// empty deletes every row of a pooled database but the migrations' own
// record and the secrets a migration made (service_secrets: every
// instance on a database signs page tokens with them), so it is as a
// fresh migrated database is.
func empty(dsn string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pool.emptier(ctx, dsn)
	if err != nil {
		return err
	}
	if err := deleteRows(ctx, conn); err != nil {
		_ = conn.Close(context.Background())
		return err
	}
	pool.keepEmptier(dsn, conn)
	return nil
}

// deleteRows deletes every row of conn's database but the migrations'
// and service_secrets'.
func deleteRows(ctx context.Context, conn *pgx.Conn) error {
	rows, err := conn.Query(ctx, "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('goose_db_version', 'service_secrets')")
	if err != nil {
		return err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(tables) == 0 {
		return err
	}
	// DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE makes
	// every table and index new files, a fifth of a second of fsyncs. The
	// audit log refuses both by a trigger; a session in replica mode fires
	// no ordinary trigger, the foreign keys' included (the test server's
	// user is a superuser).
	batch := &pgx.Batch{}
	batch.Queue("SET session_replication_role = replica")
	for _, table := range tables {
		batch.Queue("DELETE FROM " + table)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it does nothing
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// dropDatabases drops databases, with any connections left to them. Each
// DROP DATABASE waits for a checkpoint of the whole server; dropped at
// once, on a session each, they share one instead of waiting in turn.
func dropDatabases(names []string) error {
	if len(names) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			conn, err := pgx.Connect(ctx, adminURL())
			if err != nil {
				errs[i] = fmt.Errorf("drop test database %s: %w", name, err)
				return
			}
			defer conn.Close(context.Background())
			if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
				errs[i] = fmt.Errorf("drop database %s: %w", name, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func nameOf(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

func removed(names []string, name string) []string {
	out := names[:0]
	for _, n := range names {
		if n != name {
			out = append(out, n)
		}
	}
	return out
}
