package main

import (
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/tabular"
)

// result is what one operation did.
type result struct {
	op      string
	db      config.Driver
	rows    int64
	bytes   int64
	took    time.Duration
	cpu     time.Duration // this process's CPU time (server and client), user and system
	startKB int64         // VmRSS when it began
	peakKB  int64         // the largest VmRSS sampled
	hwmKB   int64         // VmHWM when it ended
	// hwmReset: VmHWM was reset when it began, so hwmKB is its own peak.
	hwmReset bool
	target   target
	problem  string // a wrong row count or report; the target is then not met
}

func (r *result) rate() float64 {
	if r.took <= 0 {
		return 0
	}
	return float64(r.rows) / r.took.Seconds()
}

// peakBytes is the operation's peak resident memory: VmHWM when it was
// reset for the operation (it misses nothing), else the sampled peak.
func (r *result) peakBytes() int64 {
	if r.hwmReset {
		return max(r.peakKB, r.hwmKB) * 1024
	}
	return r.peakKB * 1024
}

// target is what an operation must achieve; zero fields do not apply.
type target struct {
	maxTook time.Duration
	minRate float64 // rows per second
	maxRSS  int64   // bytes
}

// The targets of the issue, on PostgreSQL; SQLite may take 3× as long.
const (
	importTook   = 20 * time.Second // per importPer rows
	importPer    = 100000
	exportRate   = 50000 // rows per second
	exportRSS    = 150e6 // bytes, resident
	sqliteFactor = 3
)

// importTarget is 20 s per 100,000 rows for the import itself; the dry run
// and the second run are reported only.
func importTarget(d config.Driver, rows int, op string) target {
	if op != opImport {
		return target{}
	}
	t := importTook * time.Duration(rows) / importPer
	if d == config.DriverSQLite {
		t *= sqliteFactor
	}
	return target{maxTook: t}
}

// exportTarget is for CSV; the other formats are reported only. The memory
// bound does not depend on the database: the export streams either way.
func exportTarget(d config.Driver, f tabular.Format) target {
	if f != tabular.CSV {
		return target{}
	}
	rate := float64(exportRate)
	if d == config.DriverSQLite {
		rate /= sqliteFactor
	}
	return target{minRate: rate, maxRSS: exportRSS}
}

func (t target) String() string {
	var parts []string
	if t.maxTook > 0 {
		parts = append(parts, fmt.Sprintf("≤ %.1f s", t.maxTook.Seconds()))
	}
	if t.minRate > 0 {
		parts = append(parts, fmt.Sprintf("≥ %s rows/s", thousands(int64(t.minRate))))
	}
	if t.maxRSS > 0 {
		parts = append(parts, "RSS < "+megabytes(t.maxRSS))
	}
	if len(parts) == 0 {
		return "report only"
	}
	return strings.Join(parts, ", ")
}

// met says whether r met its target: "yes", "**no**", or "" for report only.
func (t target) met(r *result) string {
	var missed []string
	if r.problem != "" {
		missed = append(missed, r.problem)
	}
	if t.maxTook > 0 && r.took > t.maxTook {
		missed = append(missed, "too slow")
	}
	if t.minRate > 0 && r.rate() < t.minRate {
		missed = append(missed, "too slow")
	}
	if t.maxRSS > 0 && r.peakBytes() >= t.maxRSS {
		missed = append(missed, "too much memory")
	}
	switch {
	case len(missed) > 0:
		return "**no** (" + strings.Join(missed, "; ") + ")"
	case t == target{}:
		return ""
	}
	return "yes"
}

// print writes the Markdown report.
func (b *bench) print(w io.Writer) {
	fmt.Fprintf(w, "## Bulk import and export over HTTP\n\n")
	fmt.Fprintf(w, "%s; load average at start %s; run began %s.\n", goInfo(), b.load, b.began.UTC().Format(time.RFC3339))
	for _, v := range b.versions {
		fmt.Fprintf(w, "%s.\n", v)
	}
	if b.file.rows > 0 {
		fmt.Fprintf(w, "Imports: a CSV file of %s new published standards (%s, generator seed %d; %s generated drafts and terminated projects left out) into a fresh, migrated, empty database, as an admin.\n",
			thousands(int64(b.file.rows)), megabytes(b.file.bytes), b.opts.seed, thousands(int64(b.file.skipped)))
	}
	fmt.Fprintf(w, "\nThe handler runs in this process: peak RSS is the process's (server, plus the client counting rows), VmRSS sampled every 100 ms; VmHWM is reset before each operation.\n\n")
	fmt.Fprintln(w, "| operation | database | rows | seconds | rows/s | peak RSS (sampled) | VmHWM | target | met |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---|---|")
	for _, r := range b.results {
		hwm := megabytes(r.hwmKB * 1024)
		if !r.hwmReset {
			hwm += " (process lifetime)"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %.2f | %s | %s | %s | %s | %s |\n",
			r.op, r.db, thousands(r.rows), r.took.Seconds(), thousands(int64(r.rate())),
			megabytes(r.peakKB*1024), hwm, r.target, r.target.met(r))
	}
	if len(b.notes) > 0 {
		fmt.Fprintf(w, "\n- %s\n", strings.Join(b.notes, "\n- "))
	}
}

// thousands writes n with comma separators: 1,000,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out.WriteByte(',')
		}
		out.WriteRune(c)
	}
	if neg {
		return "-" + out.String()
	}
	return out.String()
}

// megabytes writes a size in decimal megabytes, one decimal.
func megabytes(bytes int64) string {
	return fmt.Sprintf("%.1f MB", float64(bytes)/1e6)
}

// redacted names a database without its password.
func redacted(db config.Database) string {
	if db.Driver == config.DriverSQLite {
		return "sqlite:" + db.DSN
	}
	if u, err := url.Parse(db.DSN); err == nil {
		return u.Redacted()
	}
	return "postgres://…"
}
