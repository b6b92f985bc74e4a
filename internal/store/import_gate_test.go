package store_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"stdreg/internal/registry"
	"stdreg/internal/store"
	"stdreg/internal/store/storetest"
)

// TestImportsAtOnceOnASmallPool: more imports at once than the pool has
// connections all finish. On PostgreSQL each import holds a connection for
// its transaction and takes another for its lookups; without the gate
// three imports on a pool of three each held one and waited for a second
// until their deadline.
func TestImportsAtOnceOnASmallPool(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		cfg := db.Config
		cfg.MaxConns = 3
		st, err := store.Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		const imports = 6
		errs := make([]error, imports)
		var wg sync.WaitGroup
		for i := range imports {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = st.Import(ctx, func(w registry.ImportWriter) error {
					// Every import that runs holds its transaction before
					// any looks a number up.
					time.Sleep(100 * time.Millisecond)
					_, err := w.Existing([]string{"DB33/T 2349-2021"}, nil, []string{"西湖龙井茶 加工技术规程"})
					return err
				})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("import %d: %v", i, err)
			}
		}
	})
}
