package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/service"
)

// distinctOptions are the flags of the distinct-query run.
type distinctOptions struct {
	dsn         string
	perMix      int           // queries per mix and run
	connections int           // the concurrent run's clients
	limit       time.Duration // a run stops taking new queries after this
	sqlPerMix   int           // queries of each mix sent as plain SQL by one client
	sqlLimit    time.Duration // the concurrent SQL run's duration
	seed        uint64
	cache       bool // also run with the read cache on
	sql         bool
	only        string
	driver      config.Driver // the database's, from dsn
	dbConns     int           // STDREG_DB_MAX_CONNS of the server, 0: its default
	dbSearches  int           // STDREG_DB_MAX_SEARCHES of the server, 0: its default
	cpuProfile  string        // write the process's CPU profile of the cache-off runs here
}

// runStats is what one run of a list of requests measured.
type runStats struct {
	latencies []time.Duration // sorted
	elapsed   time.Duration
	// cpu is the process's CPU time (user and system, server and
	// clients) over the run: divided by the requests, a figure that
	// depends little on what else the machine runs.
	cpu time.Duration
	// dbCPU is the PostgreSQL backends' (backendMeter), 0 when not read.
	dbCPU    time.Duration
	failed   int
	firstErr error
	slowest  []timedQuery
}

type timedQuery struct {
	shown string
	took  time.Duration
}

func (r runStats) n() int { return len(r.latencies) }

// percentile is nearest-rank.
func (r runStats) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies))*p+0.999999) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

// cpuPerRequest is the process's CPU time a request, in ms, and after a
// slash the database's when it was read.
func (r runStats) cpuPerRequest() string {
	if len(r.latencies) == 0 {
		return "—"
	}
	cpu := fmtDur(r.cpu / time.Duration(len(r.latencies)))
	if r.dbCPU > 0 {
		cpu += " / " + fmtDur(r.dbCPU/time.Duration(len(r.latencies)))
	}
	return cpu
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func (r runStats) rps() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(len(r.latencies)) / r.elapsed.Seconds()
}

// drive sends the items through do from clients goroutines, each item
// once, until all are sent or limit has passed, and times each.
// backends, when not nil, reads the database's CPU over the run too.
func drive(ctx context.Context, clients int, items []mixQuery, limit time.Duration, backends *backendMeter, do func(context.Context, mixQuery) error) runStats {
	var (
		next  atomic.Int64
		mu    sync.Mutex
		stats runStats
		wg    sync.WaitGroup
	)
	var all []timedQuery
	began, cpu, dbCPU := time.Now(), processCPU(), backends.read()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(items) || time.Since(began) > limit || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				err := do(ctx, items[i])
				took := time.Since(t0)
				mu.Lock()
				if err != nil {
					stats.failed++
					if stats.firstErr == nil {
						stats.firstErr = fmt.Errorf("%s: %w", items[i].shown, err)
					}
				} else {
					stats.latencies = append(stats.latencies, took)
					all = append(all, timedQuery{items[i].shown, took})
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	stats.elapsed, stats.cpu, stats.dbCPU = time.Since(began), processCPU()-cpu, since(dbCPU, backends.read())
	slices.Sort(stats.latencies)
	slices.SortFunc(all, func(a, b timedQuery) int { return int(b.took - a.took) })
	stats.slowest = all[:min(10, len(all))]
	return stats
}

// mixResult is one mix's runs.
type mixResult struct {
	mix
	one, many           runStats // HTTP, read cache off
	cacheOne, cacheMany runStats // HTTP, read cache on
	sqlOne, sqlMany     runStats
	hasCache, hasSQL    bool
}

// runDistinct measures each mix with distinct queries: HTTP with the read
// cache off (one client, then clients at once), the same with the cache
// on, and plain ILIKE SQL over the same queries.
func runDistinct(ctx context.Context, o distinctOptions, stdout io.Writer, progress func(string, ...any)) error {
	db, err := config.ParseDatabaseURL(o.dsn)
	if err != nil {
		return fmt.Errorf("-database %w", err)
	}
	if db.Driver == config.DriverSQLite && o.sql {
		progress("no plain-SQL comparison on SQLite: it compares with ILIKE and pg_trgm")
		o.sql = false
	}
	o.driver = db.Driver
	progress("sampling the query mixes from the registry (seed %d)", o.seed)
	mixes, err := distinctMixes(ctx, db, o.perMix, o.seed)
	if err != nil {
		return err
	}
	var results []*mixResult
	for _, m := range mixes {
		if selected(m.name, o.only) {
			results = append(results, &mixResult{mix: m})
		}
	}
	half := func(m *mixResult) ([]mixQuery, []mixQuery) {
		h := len(m.items) / 2
		return m.items[:h], m.items[h:]
	}

	serve := func(cached bool, set func(*mixResult, runStats, runStats)) (string, error) {
		env := map[string]string{}
		if !cached {
			env["STDREG_READ_CACHE"] = "0"
		}
		if o.dbConns > 0 {
			env["STDREG_DB_MAX_CONNS"] = strconv.Itoa(o.dbConns)
		}
		if o.dbSearches > 0 {
			env["STDREG_DB_MAX_SEARCHES"] = strconv.Itoa(o.dbSearches)
		}
		lb, err := service.StartBench(ctx, db, env, slog.New(slog.DiscardHandler))
		if err != nil {
			return "", err
		}
		defer lb.Close()
		client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: o.connections, MaxConnsPerHost: o.connections}}
		backends := newBackendMeter(o.dsn)
		get := func(ctx context.Context, q mixQuery) error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, lb.URL+q.path, nil)
			if err != nil {
				return err
			}
			res, err := client.Do(req)
			if err != nil {
				return err
			}
			defer res.Body.Close()
			if _, err := io.Copy(io.Discard, res.Body); err != nil {
				return err
			}
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("status %s", res.Status)
			}
			return nil
		}
		what := "cache off"
		if cached {
			what = "cache on"
		}
		for _, m := range results {
			first, second := half(m)
			progress("%s, %s: %d queries, one client", m.name, what, len(first))
			one := drive(ctx, 1, first, o.limit, backends, get)
			progress("%s, %s: %d other queries, %d clients", m.name, what, len(second), o.connections)
			many := drive(ctx, o.connections, second, o.limit, backends, get)
			for _, r := range []runStats{one, many} {
				if r.failed > 0 {
					return "", fmt.Errorf("%s: %d requests failed, first: %w", m.name, r.failed, r.firstErr)
				}
			}
			set(m, one, many)
		}
		hwm, _ := memory()
		return hwm, nil
	}
	stopProfile := func() {}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		stopProfile = func() { pprof.StopCPUProfile(); _ = f.Close() }
	}
	hwmOff, err := serve(false, func(m *mixResult, one, many runStats) { m.one, m.many = one, many })
	stopProfile()
	if err != nil {
		return err
	}
	hwmOn := ""
	if o.cache {
		if hwmOn, err = serve(true, func(m *mixResult, one, many runStats) {
			m.cacheOne, m.cacheMany, m.hasCache = one, many, true
		}); err != nil {
			return err
		}
	}
	if o.sql {
		if err := compareDistinctSQL(ctx, o, results, progress); err != nil {
			return fmt.Errorf("SQL comparison: %w", err)
		}
	}
	writeDistinct(stdout, o, results, hwmOff, hwmOn)
	return nil
}

func writeDistinct(w io.Writer, o distinctOptions, results []*mixResult, hwmOff, hwmOn string) {
	fmt.Fprintf(w, "## Distinct queries, read cache off\n\n")
	fmt.Fprintf(w, "Each request a different query sampled from the registry (seed %d); %d per mix for one client, %d others for %d clients at once "+
		"(a run stops taking new queries after %s). Database: %s; %s. GOMAXPROCS %d, %d CPUs shared by server, database and the clients, which are goroutines of this process "+
		"(net/http, keep-alive). Latency is from sending to the end of the body; percentiles nearest-rank. "+
		"CPU/req is the process's CPU time (user and system: server, clients, and SQLite's when it is embedded) over the run divided by its requests, "+
		"which depends little on the machine's load; after a slash, that of the PostgreSQL backends serving the database on this machine (/proc).\n\n",
		o.seed, o.perMix, o.perMix, o.connections, o.limit, databaseNote(o.driver), connsNote(o.dbConns, o.dbSearches), runtime.GOMAXPROCS(0), runtime.NumCPU())
	fmt.Fprintf(w, "| mix | example | 1 client: n | p50 | p95 | p99 | max | CPU/req | %d clients: n | req/s | p50 | p95 | p99 | CPU/req |\n", o.connections)
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, m := range results {
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %s |\n", m.name, m.example, statsCells(m.one, true), m.one.cpuPerRequest(), manyCells(m.many), m.many.cpuPerRequest())
	}
	fmt.Fprintf(w, "\nServer process peak RSS (VmHWM, handler and this tool's clients together): %s; anonymous memory now (RssAnon, without the pages of a memory-mapped SQLite file, which the kernel's cache holds and VmHWM counts once per connection's map): %s.\n", hwmOff, anonMemory())
	if hwmOn != "" {
		fmt.Fprintf(w, "\n## The same with the read cache on (cache figures: no query repeats, so each pays the cache's bookkeeping and its full cost)\n\n")
		fmt.Fprintf(w, "| mix | 1 client: n | p50 | p95 | p99 | max | CPU/req | %d clients: n | req/s | p50 | p95 | p99 | CPU/req |\n", o.connections)
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
		for _, m := range results {
			if m.hasCache {
				fmt.Fprintf(w, "| %s (cache) | %s | %s | %s | %s |\n", m.name, statsCells(m.cacheOne, true), m.cacheOne.cpuPerRequest(), manyCells(m.cacheMany), m.cacheMany.cpuPerRequest())
			}
		}
		fmt.Fprintf(w, "\nPeak RSS after the cache-on runs too: %s.\n", hwmOn)
	}
	if o.sql {
		fmt.Fprintf(w, "\n## Plain SQL in the same run: ILIKE over title_zh, title_en, code and drafting_units with pg_trgm indexes, first 20 by id\n\n")
		fmt.Fprintf(w, "pgx, simple protocol, rows read and dropped. One client: the first %d queries of the one-client list; %d clients: the other list, for at most %s. "+
			"Beside each, the ratio to stdreg's figure (cache off) for the same list.\n\n", o.sqlPerMix, o.connections, o.sqlLimit)
		fmt.Fprintf(w, "| mix | 1 client: n | p50 | p95 | p99 | max | stdreg p95 ÷ SQL p95 | %d clients: n | req/s | p50 | p95 | p99 | stdreg req/s ÷ SQL req/s |\n", o.connections)
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
		for _, m := range results {
			if !m.hasSQL {
				fmt.Fprintf(w, "| %s | — (%s) | | | | | | | | | | | |\n", m.name, m.noSQL)
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", m.name, statsCells(m.sqlOne, true),
				ratioOf(float64(m.one.percentile(0.95)), float64(m.sqlOne.percentile(0.95))),
				manyCells(m.sqlMany), ratioOf(m.many.rps(), m.sqlMany.rps()))
		}
	}
	fmt.Fprintf(w, "\n## The slowest ten queries of each mix (one client, cache off)\n\n")
	for _, m := range results {
		var parts []string
		for _, s := range m.one.slowest {
			parts = append(parts, fmt.Sprintf("`%s` %s", s.shown, fmtDur(s.took)))
		}
		fmt.Fprintf(w, "- %s: %s\n", m.name, strings.Join(parts, ", "))
	}
}

func statsCells(r runStats, withMax bool) string {
	cells := []string{fmt.Sprint(r.n()), fmtDur(r.percentile(0.5)), fmtDur(r.percentile(0.95)), fmtDur(r.percentile(0.99))}
	if withMax {
		cells = append(cells, fmtDur(r.percentile(1)))
	}
	return strings.Join(cells, " | ")
}

func manyCells(r runStats) string {
	return fmt.Sprintf("%d | %.0f | %s | %s | %s", r.n(), r.rps(), fmtDur(r.percentile(0.5)), fmtDur(r.percentile(0.95)), fmtDur(r.percentile(0.99)))
}

func fmtDur(d time.Duration) string { return fmtMS(float64(d) / float64(time.Microsecond)) }

// databaseNote names the database the server read.
func databaseNote(d config.Driver) string {
	if d == config.DriverSQLite {
		return "SQLite, embedded in the server process (its default pool and settings)"
	}
	return "PostgreSQL, on the same machine"
}

// connsNote says how many database connections the server kept, and how
// many searches it let run on them at once.
func connsNote(conns, searches int) string {
	pool := "the server's default pool (STDREG_DB_MAX_CONNS unset)"
	if conns > 0 {
		pool = fmt.Sprintf("STDREG_DB_MAX_CONNS=%d", conns)
	}
	if searches == 0 {
		return pool + ", its default searches at once (STDREG_DB_MAX_SEARCHES unset)"
	}
	return fmt.Sprintf("%s, STDREG_DB_MAX_SEARCHES=%d", pool, searches)
}

// anonMemory is the process's resident anonymous memory (RssAnon): its
// own, without file pages mapped into it.
func anonMemory() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
