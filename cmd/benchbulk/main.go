// Command benchbulk measures bulk import and export over HTTP against the
// registry's real handler, built as `stdreg serve` builds it (rate limits
// off, an import limit of 1 GiB), running in this process on a loopback
// listener. It prints a Markdown table against the targets of the bulk
// import/export issue: import 100,000 CSV rows in at most 20 s; export
// 1,000,000 rows as CSV at 50,000 rows/s or more with the server's resident
// memory under 150 MB; SQLite within 3× of the time targets (the memory
// bound stays 150 MB: the export streams on either database).
//
// Import: it writes a CSV file of -import-rows new published standards from
// the generator (a seed other than the database's), creates a fresh empty
// database (on PostgreSQL, stdreg_bulk_<random> on the server of -database,
// dropped afterwards; on SQLite a temporary file), migrates it, and POSTs the
// file to /api/v1/imports with an admin key: first with dry_run=true, then
// for real, then again (every row unchanged).
//
// Export: it GETs /api/v1/standards/export?format=csv (then ndjson, xlsx)
// from the database -database names, filled by `stdreg generate`, and
// counts the rows as they stream in. An admin key is created there for it
// (one key and its audit event), so every standard is exported; with
// -anonymous nothing is written and private drafts are left out.
//
// The server runs in this process, so the resident memory it samples
// (VmRSS every 100 ms, and VmHWM reset before each operation) covers the
// server and the small client that counts the rows. The CPU time it reports
// is this process's: on SQLite that includes the database, on PostgreSQL not.
// With -bombs it does none of that: it posts the import bombs of issue 12
// (tabular/bombs: zip bombs in XLSX form, a CSV cell and an NDJSON line of
// 100 MB) to a server on a fresh SQLite database, and reports how soon
// each is refused, and the resident memory before, at its peak and after.
//
// -only runs the operations whose names hold one of the words ("csv", "new
// rows", "dry run", "xlsx"); -cpuprofile profiles them for `go tool pprof`.
//
//	go run ./cmd/benchbulk                    # PostgreSQL: -database URL
//	go run ./cmd/benchbulk -database '' -sqlite /tmp/bench200k.db
//	go run ./cmd/benchbulk -bombs
//	    [-import-rows 100000] [-export-rows N] [-seed 20261201] [-xlsx=false]
//	    [-export=false] [-anonymous] [-keep] [-only WORDS] [-cpuprofile FILE] [-v]
//
// Fill the export databases first:
//
//	STDREG_DATABASE_URL='postgres://postgres@127.0.0.1:5432/stdreg_bench?sslmode=disable' \
//	    go run ./cmd/stdreg generate --standards 1000000
//	STDREG_DATABASE_URL=sqlite:/tmp/bench200k.db go run ./cmd/stdreg generate --standards 200000
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"stdreg/internal/config"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchbulk:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	postgres, sqlite string
	importRows       int
	exportRows       int64
	seed             uint64
	export, xlsx     bool
	anonymous        bool
	keep             bool
	bombs            bool
	only             string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("benchbulk", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var o options
	flags.StringVar(&o.postgres, "database", "postgres://postgres@127.0.0.1:5432/stdreg_bench?sslmode=disable", "PostgreSQL URL of a database filled by `stdreg generate` (exported from; imports go to a fresh database on its server); '' skips PostgreSQL")
	flags.StringVar(&o.sqlite, "sqlite", "", "a SQLite file filled by `stdreg generate` (exported from; imports go to a fresh temporary file)")
	flags.IntVar(&o.importRows, "import-rows", 100000, "rows of the imported CSV file; 0 skips the imports")
	flags.Int64Var(&o.exportRows, "export-rows", 0, "rows each export must have; 0: as many as the database holds (that the caller may see)")
	flags.Uint64Var(&o.seed, "seed", 20261201, "generator seed of the imported rows (not the export database's)")
	flags.BoolVar(&o.export, "export", true, "run the exports")
	flags.BoolVar(&o.xlsx, "xlsx", true, "also export XLSX (slow on a million rows)")
	flags.BoolVar(&o.anonymous, "anonymous", false, "export as an anonymous caller (no key written to the export database; private drafts are left out)")
	flags.BoolVar(&o.keep, "keep", false, "keep the fresh import database (its URL is printed) instead of dropping it")
	flags.StringVar(&o.only, "only", "", "run only the operations whose name contains one of these comma-separated words (such as csv,ndjson)")
	cpuProfile := flags.String("cpuprofile", "", "write a CPU profile of the measured operations (server and client; not the import file's generation) to this file")
	flags.BoolVar(&o.bombs, "bombs", false, "instead, post the import bombs of issue 12 (tabular/bombs) to a server on a fresh SQLite database, and report how soon each is refused and the resident memory")
	verbose := flags.Bool("v", false, "also log the server's warnings (slow queries over 200 ms) to standard error")
	if err := flags.Parse(args); err != nil {
		return err
	}
	switch {
	case flags.NArg() > 0:
		return fmt.Errorf("unexpected arguments %q", flags.Args())
	case o.postgres == "" && o.sqlite == "" && !o.bombs:
		return errors.New("nothing to measure: give -database or -sqlite")
	case o.importRows < 0 || o.exportRows < 0:
		return errors.New("-import-rows and -export-rows must not be negative")
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	dir, err := os.MkdirTemp("", "benchbulk-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b := &bench{opts: o, log: log, progress: stderr, dir: dir, began: time.Now(), load: loadAverage()}
	if o.bombs {
		return b.runBombs(ctx, stdout)
	}
	if o.importRows > 0 && b.selected(importOps...) {
		if b.file, err = writeImportFile(ctx, filepath.Join(dir, "import.csv"), o.importRows, o.seed); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "import file: %d rows, %s, written in %s\n", b.file.rows, megabytes(b.file.bytes), b.file.took.Round(time.Millisecond))
	}
	var dbs []config.Database
	if o.postgres != "" {
		dbs = append(dbs, config.Database{Driver: config.DriverPostgres, DSN: o.postgres})
	}
	if o.sqlite != "" {
		dbs = append(dbs, config.Database{Driver: config.DriverSQLite, DSN: o.sqlite})
	}
	if *cpuProfile != "" { // after the import file is written
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for _, db := range dbs {
		if err := b.database(ctx, db); err != nil {
			return fmt.Errorf("%s: %w", db.Driver, err)
		}
	}
	b.print(stdout)
	return nil
}

// selected reports whether one of the named operations is to run: all are
// when -only is empty.
func (b *bench) selected(names ...string) bool {
	for _, name := range names {
		if b.opts.only == "" {
			return true
		}
		for _, w := range strings.Split(b.opts.only, ",") {
			if w = strings.TrimSpace(w); w != "" && strings.Contains(name, w) {
				return true
			}
		}
	}
	return false
}

// loadAverage is the first line of /proc/loadavg, to show how busy the
// shared machine was.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func goInfo() string {
	return fmt.Sprintf("%s %s/%s, GOMAXPROCS %d, %d CPUs", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU())
}
