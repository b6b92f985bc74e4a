package store_test

import (
	"context"
	"log/slog"
	"sync"
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
		burst := func() {
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					if err := st.Ping(context.Background()); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
		}
		burst()
		first := st.PoolStats()
		burst()
		again := st.PoolStats()
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
