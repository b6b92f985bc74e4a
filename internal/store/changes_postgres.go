package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/sethvargo/go-retry"
)

// changesChannel is the channel migration 00008's triggers notify.
const changesChannel = "stdreg_changes"

// ChangeListenerName is the application_name of the listener's session,
// by which operators (and tests) find it in pg_stat_activity.
const ChangeListenerName = "stdreg change listener"

// Timings of the listener: how long it waits for a notification before it
// checks that its session still answers (a connection cut without a word
// would otherwise leave it vouching for a generation nobody signals), and
// how it backs off between attempts to connect.
const (
	listenerHealthInterval = 30 * time.Second
	listenerPingTimeout    = 5 * time.Second
	listenerBackoffBase    = 100 * time.Millisecond
	listenerBackoffCap     = 2 * time.Second
)

// pgChanges follows the notifications migration 00008's triggers send, on a
// session of its own outside the pool (a pooled connection cannot wait for
// notifications). It starts with the first question, so commands that
// never cache (import, migrate, keys) open no extra session.
type pgChanges struct {
	dsn string
	log *slog.Logger

	// state is the generation times two, plus one while the listener is
	// connected and listening: one word, so a reader never pairs a
	// generation with the connection state of another moment.
	state atomic.Uint64

	// beforeAdvance, when set, runs on the listener's session before each
	// step of the generation (the replicas' router reads the primary's
	// WAL position there); an error ends the session.
	beforeAdvance func(ctx context.Context, conn *pgx.Conn) error

	started atomic.Bool
	mu      sync.Mutex // guards closed, cancel and done
	closed  bool
	cancel  context.CancelFunc
	done    chan struct{}
}

func newPGChanges(dsn string, log *slog.Logger) *pgChanges {
	return &pgChanges{dsn: dsn, log: log}
}

func (c *pgChanges) generation(context.Context) (uint64, bool) {
	if !c.started.Load() {
		c.start()
	}
	s := c.state.Load()
	return s >> 1, s&1 == 1
}

func (c *pgChanges) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.started.Load() {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel, c.done = cancel, make(chan struct{})
	c.started.Store(true)
	go c.run(ctx)
}

// close stops the listener and waits for it to end.
func (c *pgChanges) close() {
	c.mu.Lock()
	c.closed = true
	cancel, done := c.cancel, c.done
	c.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// Only the listener's goroutine writes state, so load-then-store is safe.

// advance moves the generation on and marks the listener up.
func (c *pgChanges) advance() { c.state.Store((c.state.Load()>>1+1)<<1 | 1) }

// down marks the listener down: nothing is vouched for until it is back.
func (c *pgChanges) down() { c.state.Store(c.state.Load() &^ 1) }

// run keeps a listening session until ctx ends, reconnecting with backoff.
func (c *pgChanges) run(ctx context.Context) {
	defer close(c.done)
	backoff := newListenerBackoff()
	failing := false // since the last session: the first failure is worth a warning, the retries are not
	for {
		listened, err := c.listen(ctx)
		c.down()
		if ctx.Err() != nil {
			return
		}
		switch {
		case listened:
			backoff, failing = newListenerBackoff(), false // it worked for a while: start over
			c.log.Warn("change listener lost its session; read cache bypassed until it is back", "error", err)
		case !failing:
			// Never connected, or not since it was lost: without a warning a
			// listener that cannot work here (a pooler in transaction mode,
			// no connection left) would leave the cache off unseen.
			failing = true
			c.log.Warn("change listener cannot connect; read cache bypassed until it does (retrying)", "error", err)
		default:
			c.log.Debug("change listener cannot connect", "error", err)
		}
		wait, _ := backoff.Next()
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

func newListenerBackoff() retry.Backoff {
	return retry.WithJitterPercent(20, retry.WithCappedDuration(listenerBackoffCap, retry.NewExponential(listenerBackoffBase)))
}

// listen connects, listens, and advances the generation with every
// notification until the session fails or ctx ends; listened reports
// whether it got as far as listening.
func (c *pgChanges) listen(ctx context.Context) (listened bool, err error) {
	cfg, err := pgx.ParseConfig(c.dsn)
	if err != nil {
		return false, fmt.Errorf("change listener: %w", err)
	}
	cfg.RuntimeParams["application_name"] = ChangeListenerName
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, fmt.Errorf("change listener: connect: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return false, fmt.Errorf("change listener: listen: %w", err)
	}
	// Whatever changed while nobody listened was not signalled to us: one
	// step of the generation stands for all of it. It comes after LISTEN,
	// so a change committed from here on is signalled as well.
	if err := c.step(ctx, conn); err != nil {
		return false, err
	}
	for {
		wait, cancel := context.WithTimeout(ctx, listenerHealthInterval)
		_, err := conn.WaitForNotification(wait)
		cancel()
		switch {
		case err == nil:
			if err := c.step(ctx, conn); err != nil {
				return true, err
			}
		case ctx.Err() != nil:
			return true, ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err):
			if err := c.ping(ctx, conn); err != nil {
				return true, err
			}
		default:
			return true, fmt.Errorf("change listener: wait: %w", err)
		}
	}
}

// step advances the generation, after beforeAdvance.
func (c *pgChanges) step(ctx context.Context, conn *pgx.Conn) error {
	if c.beforeAdvance != nil {
		if err := c.beforeAdvance(ctx, conn); err != nil {
			return fmt.Errorf("change listener: %w", err)
		}
	}
	c.advance()
	return nil
}

// ping checks that an idle session still answers.
func (c *pgChanges) ping(ctx context.Context, conn *pgx.Conn) error {
	ctx, cancel := context.WithTimeout(ctx, listenerPingTimeout)
	defer cancel()
	if err := conn.Ping(ctx); err != nil {
		return fmt.Errorf("change listener: ping: %w", err)
	}
	return nil
}
