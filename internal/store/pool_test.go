package store_test

import (
	"context"
	"log/slog"
	"testing"

	"stdreg/internal/config"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// openOwnStore opens a store of its own on db's database, with the
// settings set changes (a pool's size, the searches at once), closed
// when the test ends.
func openOwnStore(t *testing.T, db storetest.Database, set func(cfg *config.Database)) *store.Store {
	t.Helper()
	cfg := db.Config
	set(&cfg)
	st, err := store.Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// TestPoolKeepsItsConnections: STDREG_DB_MAX_CONNS bounds the pool, and
// connections opened for a burst stay open when idle, so the next burst
// opens none.
func TestPoolKeepsItsConnections(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		st := openOwnStore(t, db, func(cfg *config.Database) { cfg.MaxConns = 4 })
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
