package store_test

import (
	"context"
	"log/slog"
	"testing"

	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// TestPoolKeepsItsConnections: STDREG_DB_MAX_CONNS bounds the pool, and
// connections opened for a burst stay open when idle, so the next burst
// opens none.
func TestPoolKeepsItsConnections(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		cfg := db.Config
		cfg.MaxConns = 4
		st, err := store.Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		// A burst that holds every connection at once, so the pool opens
		// all it may (pings alone may finish one after another on one).
		burst := func() {
			release, err := st.HoldConnections(context.Background(), 4)
			if err != nil {
				t.Fatal(err)
			}
			release()
		}
		burst()
		first := st.PoolStats()
		burst()
		again := st.PoolStats()
		if first.OpenConnections != 4 {
			t.Errorf("open connections after a burst %d, want 4", first.OpenConnections)
		}
		if first.MaxOpenConnections != 4 {
			t.Errorf("max open connections %d, want 4", first.MaxOpenConnections)
		}
		if again.MaxIdleClosed != 0 {
			t.Errorf("%d idle connections closed, want none", again.MaxIdleClosed)
		}
		if again.OpenConnections != first.OpenConnections {
			t.Errorf("open connections went from %d to %d", first.OpenConnections, again.OpenConnections)
		}
	})
}
