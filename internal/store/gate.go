package store

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"stdreg/internal/telemetry"
)

// gate bounds how many of one kind of work run at once, and counts the
// waits for a turn (for the metrics: a wait here is no wait for a pooled
// connection, which go_sql_wait_duration_seconds_total counts); a nil
// gate bounds nothing.
type gate struct {
	turns  chan struct{}
	waits  atomic.Int64 // turns that were not free at once
	waited atomic.Int64 // nanoseconds spent waiting, given up or not
}

// newBulkGate bounds the imports and exports that run at once: each
// holds a connection and takes a second from the same pool. An import
// holds one for its transaction and, on PostgreSQL, takes another for its
// lookups (bulkTransaction); an export holds one for the cursor that
// streams its rows and takes another, every 500 rows, to look up the
// numbers that replace them (registry.ExportStandards). As many of them
// as the pool has connections would each hold one and wait for a second
// that never comes free, and every request after them would wait too.
// With at most (size-1)/2 of them, each holding two, one connection is
// always left to the rest. Each waits for its turn before it takes any.
func newBulkGate(poolSize int) *gate {
	return &gate{turns: make(chan struct{}, max(1, (poolSize-1)/2))}
}

// newSearchGate bounds the searches and facet counts that run at once
// (n, or defaultSearchesAtOnce when n is 0). They are CPU work in the
// database, which more of them at once than it has cores only slows: on
// the 2-core test machine, 32 clients of distinct two-character searches
// got 348-390 req/s at p99 171-193 ms with the pool's 20 at once, and
// 368-400 req/s at p99 109-114 ms with 4 (docs/performance.md, session
// 12). The pool itself stays larger, for
// what holds a connection without working it (an export streaming to a
// slow client, an import's transaction), so that those never starve the
// searches, nor the searches them.
func newSearchGate(n int) *gate {
	if n == 0 {
		n = defaultSearchesAtOnce()
	}
	return &gate{turns: make(chan struct{}, n)}
}

// defaultSearchesAtOnce is twice the CPUs this process may use, at least
// 2: a database on a machine like the service's (the same one, often)
// keeps its cores busy with that many, one waiting on the network or the
// disk while the other works.
func defaultSearchesAtOnce() int { return max(2, 2*runtime.GOMAXPROCS(0)) }

// enter waits for a turn to do what; the returned func gives it back.
// A wait the context ends is fault.ErrUnavailable.
func (g *gate) enter(ctx context.Context, what string) (func(), error) {
	if g == nil {
		return func() {}, nil
	}
	leave := func() { <-g.turns }
	select {
	case g.turns <- struct{}{}:
		return leave, nil
	default:
	}
	g.waits.Add(1)
	start := time.Now()
	defer func() { g.waited.Add(int64(time.Since(start))) }()
	select {
	case g.turns <- struct{}{}:
		return leave, nil
	case <-ctx.Done():
		// As a wait for a pooled connection that ends with the request:
		// the database is too busy (a 503 with Retry-After).
		return nil, unavailableError{fmt.Errorf("wait for a turn to %s: %w", what, ctx.Err())}
	}
}

// stats are the gate's turns, those taken now, and its waits so far.
func (g *gate) stats() telemetry.TurnStats {
	return telemetry.TurnStats{Turns: cap(g.turns), Taken: len(g.turns), Waits: g.waits.Load(), Waited: time.Duration(g.waited.Load())}
}
