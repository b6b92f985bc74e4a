package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/fault"
	"stdreg/internal/generate"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
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
		st := openOwnStore(t, db, func(cfg *config.Database) { cfg.MaxConns = 3 })
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

// TestSearchesWaitTheirTurn: while as many searches run as the store lets
// run at once, a list or facet count waits, and gives up when its request
// ends; one inside a transaction does not wait (it holds a connection
// already); once a turn is free, it runs.
func TestSearchesWaitTheirTurn(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		st := openOwnStore(t, db, func(cfg *config.Database) { cfg.MaxSearches = 2 })
		list := standard.ListQuery{Filter: standard.Filter{Q: "龙井茶"}, Sort: standard.Sort{Key: standard.SortRelevance}, Limit: 20}
		reads := []struct {
			name string
			read func(ctx context.Context, s registry.Store) error
		}{
			{"search", func(ctx context.Context, s registry.Store) error { _, err := s.ListStandards(ctx, list); return err }},
			{"list", func(ctx context.Context, s registry.Store) error {
				_, err := s.ListStandards(ctx, standard.ListQuery{Sort: standard.DefaultSort, Limit: 20})
				return err
			}},
			{"facets", func(ctx context.Context, s registry.Store) error {
				_, err := s.Facets(ctx, standard.Filter{Q: "龙井茶"}, []string{"kind", "stage"})
				return err
			}},
		}
		release := st.TakeSearchTurns()
		if got := st.SearchTurns(); got.Turns != 2 || got.Taken != 2 || got.Waits != 0 {
			t.Errorf("turns with every one taken: %+v, want 2 of 2 taken and no wait", got)
		}
		for _, r := range reads {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			err := r.read(ctx, st)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, fault.ErrUnavailable) {
				t.Errorf("%s while every turn is taken: %v, want it to wait until its deadline, then the database unavailable", r.name, err)
			}
			ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
			err = st.InTransaction(ctx, func(tx registry.Store) error { return r.read(ctx, tx) })
			cancel()
			if err != nil {
				t.Errorf("%s in a transaction while every turn is taken: %v", r.name, err)
			}
		}
		release()
		// The three that waited, each until its deadline; those in a
		// transaction did not wait.
		if got := st.SearchTurns(); got.Waits != int64(len(reads)) || got.Waited < time.Duration(len(reads))*100*time.Millisecond || got.Taken != 0 {
			t.Errorf("turns after %d waits of 100 ms: %+v", len(reads), got)
		}
		var wg sync.WaitGroup
		errs := make([]error, 4*len(reads))
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				errs[i] = reads[i%len(reads)].read(ctx, st)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("%s %d with turns free: %v", reads[i%len(reads)].name, i, err)
			}
		}
	})
}

// TestExportsAtOnceOnASmallPool: more exports at once than the pool has
// connections all finish. An export holds a connection for the cursor
// that streams its rows and, every 500 rows, takes another to look up
// the numbers that replace them (registry.ExportStandards): three
// exports on a pool of three each held one and waited for a second
// until their deadline (on SQLite every time; on PostgreSQL the exports
// seldom overlap so).
func TestExportsAtOnceOnASmallPool(t *testing.T) {
	t.Parallel()
	storetest.EachInParallel(t, func(t *testing.T, db storetest.Database) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := generate.Run(ctx, db.Config, generate.Config{Standards: 700, Organizations: 20, Seed: 7, Until: standard.Date{Year: 2026, Month: 6, Day: 30}}); err != nil {
			t.Fatal(err)
		}
		st := openOwnStore(t, db, func(cfg *config.Database) { cfg.MaxConns = 3 })
		svc := registry.New(st, time.Now, standard.DefaultCycleRules())
		admin := access.WithCaller(ctx, access.Operator())
		const exports = 3
		counts := make([]int, exports)
		errs := make([]error, exports)
		var wg sync.WaitGroup
		for i := range exports {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = svc.ExportStandards(admin, standard.ListQuery{Sort: standard.DefaultSort}, func(standard.Standard) error {
					counts[i]++
					return nil
				})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil || counts[i] < 700 {
				t.Errorf("export %d: %d standards, %v", i, counts[i], err)
			}
		}
	})
}
