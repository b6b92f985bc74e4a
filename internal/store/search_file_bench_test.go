package store_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"stdreg/internal/config"
	"stdreg/internal/standard"
	"stdreg/internal/store"
)

// BenchmarkSearchFile runs the searches of a file, one a line, as the
// list of standards by relevance asks them (a page of 20, drafts hidden),
// on one connection to an existing SQLite file, through the store alone
// (no HTTP): the CPU of the search itself, which the machine's load
// changes little. Skipped unless STDREG_BENCH_SQLITE names the file and
// STDREG_BENCH_QUERIES the searches; iteration i is the file's search
// i modulo its length. The store is opened, and every search run once to
// warm the caches, once in the process (searchFile). docs/performance-sqlite.md
// (session 9) gives the commands, and how callgrind counts its
// instructions.
func BenchmarkSearchFile(b *testing.B) {
	path, list := os.Getenv("STDREG_BENCH_SQLITE"), os.Getenv("STDREG_BENCH_QUERIES")
	if path == "" || list == "" {
		b.Skip("STDREG_BENCH_SQLITE and STDREG_BENCH_QUERIES not set")
	}
	f := &searchFile
	f.once.Do(func() { f.err = f.open(path, list) })
	if f.err != nil {
		b.Fatal(f.err)
	}
	b.ResetTimer()
	for i := range b.N {
		if err := f.search(f.queries[i%len(f.queries)]); err != nil {
			b.Fatal(err)
		}
	}
}

// fileSearches are BenchmarkSearchFile's store and searches. testing
// calls a benchmark once with one iteration, then, with -benchtime Nx,
// again with N: opened once, the run of 21x less the run of 1x under
// callgrind is the file's first 21 searches, and nothing else.
type fileSearches struct {
	once    sync.Once
	err     error
	store   *store.Store
	queries []string
}

var searchFile fileSearches

func (f *fileSearches) open(path, list string) error {
	data, err := os.ReadFile(list)
	if err != nil {
		return err
	}
	f.queries = strings.Split(strings.TrimSpace(string(data)), "\n")
	f.store, err = store.Open(context.Background(), config.Database{Driver: config.DriverSQLite, DSN: path, MaxConns: 1}, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	for _, q := range f.queries {
		if err := f.search(q); err != nil {
			return err
		}
	}
	return nil
}

func (f *fileSearches) search(q string) error {
	query := standard.ListQuery{Filter: standard.Filter{Q: q}, Sort: standard.Sort{Key: standard.SortRelevance}, Limit: 20}
	if _, err := f.store.ListStandards(context.Background(), query); err != nil {
		return fmt.Errorf("q=%s: %w", q, err)
	}
	return nil
}
