package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"syscall"
	"time"

	"stdreg/internal/config"
)

// The operations, named as the table and -only name them.
const (
	opExport      = "export "
	opImportDry   = "import: dry run"
	opImport      = "import: new rows"
	opImportAgain = "import: again (all unchanged)"
)

var importOps = []string{opImportDry, opImport, opImportAgain}

// bench is one run: its options, its import file and the results so far.
type bench struct {
	opts     options
	log      *slog.Logger
	progress io.Writer
	dir      string
	file     importFile
	began    time.Time
	load     string

	results  []*result
	versions []string
	notes    []string
}

// database runs the exports from db, then the imports into a fresh
// database of its kind: exports first, so that their memory figures start
// from a process that has not yet held an import.
func (b *bench) database(ctx context.Context, db config.Database) error {
	if b.opts.export && b.selected(opExport+"csv", opExport+"ndjson", opExport+"xlsx") {
		if err := b.exports(ctx, db); err != nil {
			return err
		}
	}
	if b.opts.importRows > 0 && b.selected(importOps...) {
		if err := b.imports(ctx, db); err != nil {
			return err
		}
	}
	return nil
}

// measure runs fn, timing it and sampling this process's resident memory,
// then after (if any), untimed, and records the result.
func (b *bench) measure(op string, db config.Driver, t target, fn, after func(r *result) error) (*result, error) {
	fmt.Fprintf(b.progress, "%s: %s…\n", db, op)
	r := &result{op: op, db: db, target: t}
	r.hwmReset = resetPeak()
	r.startKB = selfKB("VmRSS")
	watch := watchRSS(100 * time.Millisecond)
	cpu := cpuTime()
	began := time.Now()
	err := fn(r)
	r.took = time.Since(began)
	r.cpu = cpuTime() - cpu
	r.peakKB = watch.stop()
	r.hwmKB = selfKB("VmHWM")
	if err == nil && after != nil {
		err = after(r)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	fmt.Fprintf(b.progress, "%s: %s: %d rows in %s (%s rows/s), this process's CPU %s, RSS %s at start, peak %s\n",
		db, op, r.rows, r.took.Round(time.Millisecond), thousands(int64(r.rate())), r.cpu.Round(time.Millisecond), megabytes(r.startKB*1024), megabytes(r.peakKB*1024))
	b.results = append(b.results, r)
	return r, nil
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
