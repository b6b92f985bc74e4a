package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"stdreg/internal/consistency"
	"stdreg/internal/telemetry"
)

// How often the replicas are checked, and how long a check may take.
const (
	replicaCheckInterval = 200 * time.Millisecond
	replicaCheckTimeout  = time.Second
)

// walPosition reads a WAL position as a number of bytes: the primary's
// insert position, or how far a replica has replayed (NULL on a server
// that is not in recovery). The insert position, not pg_current_wal_lsn
// (the write position): with synchronous_commit off, a commit returns
// before its record is written, and a replica that has replayed up to the
// write position may not have it yet.
const (
	primaryWALPosition = "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint"
	replicaWALPosition = "SELECT pg_is_in_recovery(), COALESCE((pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint, 0)"
)

// replicaRouter is the one connection pool dbresolver is given for reads.
// It sends each read to a replica that answers and has replayed the WAL
// up to where the primary was when this process last heard of a change
// (so a read is never older than the change generation the read cache
// stamps it with), and otherwise, or when the context asks for the
// primary (a client that has just written), to the primary. A replica
// that fails a read is left out at once, and the read runs again on the
// primary: losing a replica costs the clients nothing. Writes never come
// here: dbresolver sends them, and every transaction, to the primary.
type replicaRouter struct {
	primary  *sql.DB
	replicas []*replica
	changes  *pgChanges
	log      *slog.Logger
	metrics  atomic.Pointer[telemetry.Metrics]

	next     atomic.Uint64 // round robin among the eligible replicas
	required atomic.Int64  // WAL position a replica must have replayed

	cancel context.CancelFunc
	done   chan struct{}
}

// replica is one replica's pool and what its last check found.
type replica struct {
	name string // host:port, for logs
	db   *sql.DB
	// checks is a pool of one connection of its own for the checks, so a
	// check never waits behind busy reads, nor reads for a check.
	checks   *sql.DB
	maxConns int
	up       atomic.Bool
	replayed atomic.Int64 // WAL position replayed at the last check
}

var _ gorm.ConnPool = (*replicaRouter)(nil)

// useReplicas puts the replicas named by dsns behind s's reads.
func (s *Store) useReplicas(dsns []string, primary *sql.DB, changes *pgChanges, maxConns int, log *slog.Logger) error {
	r := &replicaRouter{primary: primary, changes: changes, log: log, done: make(chan struct{})}
	for _, dsn := range dsns {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			r.closeReplicas()
			return fmt.Errorf("open replica: %w", err)
		}
		db.SetMaxOpenConns(maxConns)
		db.SetMaxIdleConns(maxConns)
		checks, err := sql.Open("pgx", dsn)
		if err != nil {
			_ = db.Close()
			r.closeReplicas()
			return fmt.Errorf("open replica: %w", err)
		}
		checks.SetMaxOpenConns(1)
		checks.SetMaxIdleConns(1)
		name := "replica"
		if u, err := url.Parse(dsn); err == nil && u.Host != "" {
			name = u.Host
		}
		r.replicas = append(r.replicas, &replica{name: name, db: db, checks: checks, maxConns: maxConns})
	}
	// Before any change is heard of, nothing is required beyond what the
	// primary has now: a replica must first catch up with it.
	ctx, cancel := context.WithTimeout(context.Background(), replicaCheckTimeout)
	defer cancel()
	var now int64
	if err := primary.QueryRowContext(ctx, primaryWALPosition).Scan(&now); err != nil {
		r.closeReplicas()
		return fmt.Errorf("read the primary's WAL position: %w", err)
	}
	r.required.Store(now)
	changes.beforeAdvance = func(ctx context.Context, conn *pgx.Conn) error {
		var at int64
		if err := conn.QueryRow(ctx, primaryWALPosition).Scan(&at); err != nil {
			return fmt.Errorf("read the primary's WAL position: %w", err)
		}
		r.require(at)
		return nil
	}
	err := s.db.Use(dbresolver.Register(dbresolver.Config{
		Replicas: []gorm.Dialector{postgres.New(postgres.Config{Conn: r})},
	}))
	if err != nil {
		r.closeReplicas()
		return fmt.Errorf("register replicas: %w", err)
	}
	r.check(context.Background())
	var loop context.Context
	loop, r.cancel = context.WithCancel(context.Background())
	go r.watch(loop)
	s.replicas = r
	return nil
}

// require raises the WAL position replicas must have replayed to at.
func (r *replicaRouter) require(at int64) {
	for {
		cur := r.required.Load()
		if at <= cur || r.required.CompareAndSwap(cur, at) {
			return
		}
	}
}

// watch checks the replicas until ctx ends.
func (r *replicaRouter) watch(ctx context.Context) {
	defer close(r.done)
	t := time.NewTicker(replicaCheckInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.check(ctx)
		}
	}
}

// check asks every replica how far it has replayed. One that does not
// answer, or is no longer in recovery (promoted: it no longer follows this
// primary), is down until a check finds it well.
func (r *replicaRouter) check(ctx context.Context) {
	var wg sync.WaitGroup
	for _, rep := range r.replicas {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(ctx, replicaCheckTimeout)
			defer cancel()
			var (
				recovering bool
				replayed   int64
			)
			err := rep.checks.QueryRowContext(ctx, replicaWALPosition).Scan(&recovering, &replayed)
			if err == nil && !recovering {
				err = errors.New("not in recovery: it is no replica of the primary")
			}
			if err != nil {
				r.markDown(rep, err)
				return
			}
			rep.replayed.Store(replayed)
			if !rep.up.Load() {
				// Its idle connections may be from before it went away,
				// and pgx pings a connection before reuse only after a
				// second idle: a replica restarted within a second would
				// fail its first reads on them and send them to the
				// primary.
				(postgresDialect{}).renewConnections(rep.db, rep.maxConns)
				rep.up.Store(true)
				r.log.Info("replica serves reads", "replica", rep.name)
			}
		})
	}
	wg.Wait()
}

func (r *replicaRouter) markDown(rep *replica, err error) {
	if rep.up.Swap(false) {
		r.log.Warn("replica left out of reads until it answers again", "replica", rep.name, "error", err)
	}
}

// pick chooses where a read of ctx goes, and says why.
func (r *replicaRouter) pick(ctx context.Context) (*replica, string) {
	if consistency.Primary(ctx) {
		return nil, "sticky"
	}
	// Without the listener nothing says which changes a replica must have:
	// only the primary is sure to be current.
	if _, ok := r.changes.generation(ctx); !ok {
		return nil, "no_listener"
	}
	required := r.required.Load()
	n := uint64(len(r.replicas))
	start := r.next.Add(1)
	for i := range n {
		rep := r.replicas[(start+i)%n]
		if rep.up.Load() && rep.replayed.Load() >= required {
			return rep, "replica"
		}
	}
	return nil, "no_replica"
}

// failed reports whether a read on rep that returned err must run again
// on the primary: whenever it failed and the client still waits. A replica
// may cancel a read that conflicts with what it replays, which the
// primary answers; a read the primary refuses too costs one more try.
// When the replica itself failed (not the query), it is left out until a
// check finds it well.
func (r *replicaRouter) failed(ctx context.Context, rep *replica, err error) bool {
	if err == nil || ctx.Err() != nil {
		return false
	}
	r.judge(rep, err)
	r.metrics.Load().Read("primary", "fallback")
	return true
}

// judge leaves rep out of reads when err, a read's failure there, is the
// replica's (it does not answer) and not the query's.
func (r *replicaRouter) judge(rep *replica, err error) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || (postgresDialect{}).unavailable(err) {
		r.markDown(rep, err)
	}
}

func (r *replicaRouter) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rep, why := r.pick(ctx)
	if rep != nil {
		rows, err := rep.db.QueryContext(ctx, query, args...)
		if !r.failed(ctx, rep, err) {
			r.metrics.Load().Read("replica", why)
			return rows, err
		}
	} else {
		r.metrics.Load().Read("primary", why)
	}
	return r.primary.QueryContext(ctx, query, args...)
}

func (r *replicaRouter) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	rep, why := r.pick(ctx)
	if rep != nil {
		row := rep.db.QueryRowContext(ctx, query, args...)
		if !r.failed(ctx, rep, row.Err()) {
			r.metrics.Load().Read("replica", why)
			return row
		}
	} else {
		r.metrics.Load().Read("primary", why)
	}
	return r.primary.QueryRowContext(ctx, query, args...)
}

// ExecContext and PrepareContext go to the primary: dbresolver sends no
// write here, and a statement prepared here could not follow a read to
// whichever database serves it.
func (r *replicaRouter) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.primary.ExecContext(ctx, query, args...)
}

func (r *replicaRouter) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return r.primary.PrepareContext(ctx, query)
}

// close stops the checks and closes the replicas' pools.
func (r *replicaRouter) close() {
	if r.cancel != nil {
		r.cancel()
		<-r.done
	}
	r.closeReplicas()
}

func (r *replicaRouter) closeReplicas() {
	for _, rep := range r.replicas {
		_ = rep.db.Close()
		_ = rep.checks.Close()
	}
}

// ReplicaState is what the last check found of each replica: up, and
// serving reads (up and not behind the latest change heard of).
type ReplicaState struct {
	Name          string
	Up, Current   bool
	ReplayedBytes int64 // WAL position replayed
}

// Replicas reports the replicas' state; none without replicas.
func (s *Store) Replicas() []ReplicaState {
	if s.replicas == nil {
		return nil
	}
	required := s.replicas.required.Load()
	var out []ReplicaState
	for _, rep := range s.replicas.replicas {
		up, replayed := rep.up.Load(), rep.replayed.Load()
		out = append(out, ReplicaState{Name: rep.name, Up: up, Current: up && replayed >= required, ReplayedBytes: replayed})
	}
	return out
}
