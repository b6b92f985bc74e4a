package store_test

import (
	"context"
	"log/slog"
	"os"
	"strings"
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
// STDREG_BENCH_QUERIES the searches; each iteration is one search, the
// file's in turn, after one pass over all of them to warm the caches.
// docs/performance-sqlite.md (session 9) gives the commands, and how
// callgrind counts its instructions.
func BenchmarkSearchFile(b *testing.B) {
	path, list := os.Getenv("STDREG_BENCH_SQLITE"), os.Getenv("STDREG_BENCH_QUERIES")
	if path == "" || list == "" {
		b.Skip("STDREG_BENCH_SQLITE and STDREG_BENCH_QUERIES not set")
	}
	data, err := os.ReadFile(list)
	if err != nil {
		b.Fatal(err)
	}
	queries := strings.Split(strings.TrimSpace(string(data)), "\n")
	ctx := context.Background()
	s, err := store.Open(ctx, config.Database{Driver: config.DriverSQLite, DSN: path, MaxConns: 1}, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	search := func(q string) {
		query := standard.ListQuery{Filter: standard.Filter{Q: q}, Sort: standard.Sort{Key: standard.SortRelevance}, Limit: 20}
		if _, err := s.ListStandards(ctx, query); err != nil {
			b.Fatalf("q=%s: %v", q, err)
		}
	}
	if os.Getenv("STDREG_BENCH_WARM") != "0" {
		for _, q := range queries {
			search(q)
		}
	}
	b.ResetTimer()
	for i := range b.N {
		search(queries[i%len(queries)])
	}
}
