// Command benchsearch measures the registry's search over HTTP under load,
// on a PostgreSQL database that `stdreg generate` has filled. It runs the
// real HTTP handler in this process on a loopback listener, built as
// `stdreg serve` builds it (rate limits off), drives it with wrk (a separate
// process) at 32 connections, one wrk run per scenario after a warm-up run,
// and prints a Markdown table of throughput and latency against the
// targets. The inputs come from the database: real titles, real numbers
// (and one written another way), 1,000 random published numbers to look up.
// After the lookups, the same requests go to net/http alone answering a
// fixed lookup answer: the floor of the measurement on this machine.
//
// It then runs the plain SQL an application would write without the search
// index (ILIKE, helped by pg_trgm trigram indexes it creates if missing and
// keeps) through psql, one query after another, and compares it with the
// wrk figures and with the same requests sent by one client.
//
// With -distinct it measures instead what people actually send (issue 14):
// mixes of queries sampled from the registry's own titles and numbers,
// every request a different query, read cache off and then on, one client
// and then -connections at once, and plain ILIKE SQL over the same queries
// in the same run (distinct.go):
//
//	go run ./cmd/benchsearch -distinct [-database URL] [-per-mix 500] [-connections 32] [-sql-per-mix 20] [-sql-limit 20s] [-cache=true] [-only WORDS]
//
// -database sqlite:PATH runs the distinct queries on an SQLite registry
// (no plain-SQL comparison there). -answers FILE writes, instead of
// timing, what every sampled query answers, to compare before and after a
// change to search.
//
// With -reads it measures the reads of one standard against a pgx floor
// (reads.go):
//
//	go run ./cmd/benchsearch -reads [-sample 200000] [-rounds 3] [-duration 10s] [-connections 32] [-cache=true] [-profile DIR]
//
//	go run ./cmd/benchsearch [-database URL] [-duration 20s] [-warmup 3s]
//	    [-connections 32] [-threads 2] [-lookups 1000] [-only WORDS] [-sql=true] [-cache=true] [-floor=true] [-wrk-cpu N] [-v]
//
// To keep wrk off the server's CPU: taskset -c 0 /tmp/benchsearch -wrk-cpu 1
// (Go sizes GOMAXPROCS to the CPUs taskset leaves the tool; PostgreSQL runs
// anywhere). To give the server one P of the two CPUs, as
// `GOMAXPROCS=1 stdreg serve` would: GOMAXPROCS=1 /tmp/benchsearch.
//
// wrk and psql must be on PATH (apt-get install -y wrk postgresql-client).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/service"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchsearch:", err)
		os.Exit(1)
	}
}

// deepTolerance is how much slower than the first page a deep page may be
// and still count as "as fast": runs on a shared machine vary by this much.
const deepTolerance = 1.25

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("benchsearch", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dsn := flags.String("database", "postgres://postgres@127.0.0.1:5432/stdreg_bench?sslmode=disable", "database filled by `stdreg generate`: a PostgreSQL URL, or with -distinct also sqlite:PATH")
	duration := flags.Duration("duration", 20*time.Second, "measured wrk run per scenario")
	warmup := flags.Duration("warmup", 3*time.Second, "unmeasured wrk run per scenario first (0: none)")
	connections := flags.Int("connections", 32, "wrk connections")
	threads := flags.Int("threads", 2, "wrk threads")
	only := flags.String("only", "", "run only the scenarios whose name contains one of these comma-separated words")
	withSQL := flags.Bool("sql", true, "also time the plain-SQL equivalents (ILIKE with pg_trgm) through psql")
	lookups := flags.Int("lookups", 1000, "random published numbers the lookup scenario cycles through")
	wrkCPU := flags.Int("wrk-cpu", -1, "run wrk on this CPU only (taskset), to keep it off the server's: start the tool itself with `taskset -c 0` and pass -wrk-cpu 1; -1: anywhere")
	cached := flags.Bool("cache", true, "answer from the read cache as `stdreg serve` does by default; -cache=false sends every request to the database (STDREG_READ_CACHE=0)")
	floor := flags.Bool("floor", true, "after the lookups, send their requests to net/http alone answering the first lookup's bytes: the floor sockets and HTTP set on this machine")
	verbose := flags.Bool("v", false, "log the server's errors and slow-query warnings (over 200 ms) to standard error")
	distinct := flags.Bool("distinct", false, "instead of the wrk scenarios, send each mix of issue 14 as distinct queries sampled from the registry (no wrk needed): read cache off, then on (-cache), one client then -connections, and plain SQL beside it (-sql)")
	perMix := flags.Int("per-mix", 500, "with -distinct: queries per mix for one client, and as many others for -connections")
	limit := flags.Duration("limit", 60*time.Second, "with -distinct: a run stops taking new queries after this")
	sqlPerMix := flags.Int("sql-per-mix", 20, "with -distinct: queries per mix sent as plain SQL by one client (ILIKE takes seconds each)")
	sqlLimit := flags.Duration("sql-limit", 20*time.Second, "with -distinct: how long the plain SQL runs at -connections")
	seed := flags.Uint64("seed", 7, "with -distinct: the sample's seed")
	reads := flags.Bool("reads", false, "instead of the search scenarios, measure the reads of one standard (lookup by number, read by id) of standards sampled from the whole registry against a pgx floor in the same run (reads.go): at one connection and at -connections, read cache off, then on (-cache)")
	sample := flags.Int("sample", 200000, "with -reads: standards sampled at random from the whole registry")
	rounds := flags.Int("rounds", 3, "with -reads: measured runs per server, taken in turn with the floor's")
	profile := flags.String("profile", "", "with -reads: write CPU and allocation profiles of the first round of the registry's cache-off runs into this directory")
	answers := flags.String("answers", "", "with -distinct: instead of timing, write the ids of the first -answer-pages pages of every sampled query's answer (read cache off) to this file, one line per query, to compare before and after a change")
	dbConns := flags.Int("db-conns", 0, "with -distinct: the server's STDREG_DB_MAX_CONNS (0: its default)")
	dbSearches := flags.Int("db-searches", 0, "with -distinct: the server's STDREG_DB_MAX_SEARCHES (0: its default)")
	cpuProfile := flags.String("cpuprofile", "", "with -distinct: write this process's CPU profile (server and clients) of the cache-off runs to this file, for go tool pprof")
	answerPages := flags.Int("answer-pages", 2, "with -answers: pages per query")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *reads {
		if *sample < 1 || *rounds < 1 || *connections < 1 || *threads < 1 || *duration < time.Second {
			return errors.New("-sample, -rounds, -connections and -threads must be at least 1, -duration at least 1s")
		}
		if _, err := exec.LookPath("wrk"); err != nil {
			return fmt.Errorf("%w (apt-get install -y wrk)", err)
		}
		progress := func(format string, a ...any) { fmt.Fprintf(stderr, "benchsearch: "+format+"\n", a...) }
		return runReads(ctx, readsOptions{
			dsn: *dsn, sample: *sample, duration: *duration, warmup: *warmup, connections: *connections,
			threads: *threads, cpu: *wrkCPU, cache: *cached, profile: *profile, only: *only, rounds: *rounds,
		}, stdout, progress)
	}
	if *distinct {
		if *perMix < 1 || *connections < 1 {
			return errors.New("-per-mix and -connections must be at least 1")
		}
		progress := func(format string, a ...any) { fmt.Fprintf(stderr, "benchsearch: "+format+"\n", a...) }
		o := distinctOptions{
			dsn: *dsn, perMix: *perMix, connections: *connections, limit: *limit, sqlPerMix: *sqlPerMix,
			sqlLimit: *sqlLimit, seed: *seed, cache: *cached, sql: *withSQL, only: *only,
			dbConns: *dbConns, dbSearches: *dbSearches, cpuProfile: *cpuProfile,
		}
		if *answers != "" {
			return writeAnswers(ctx, o, *answers, max(*answerPages, 1), progress)
		}
		return runDistinct(ctx, o, stdout, progress)
	}
	switch {
	case *duration < time.Second:
		return errors.New("-duration must be at least 1s")
	case *connections < 1 || *threads < 1 || *connections < *threads:
		return errors.New("-threads must be at least 1 and -connections at least -threads")
	case *lookups < 1:
		return errors.New("-lookups must be at least 1")
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return fmt.Errorf("%w (apt-get install -y wrk)", err)
	}
	if *withSQL {
		if _, err := exec.LookPath("psql"); err != nil {
			return fmt.Errorf("%w (apt-get install -y postgresql-client, or -sql=false)", err)
		}
	}
	// wrk closes its connections at the end of each run, and the handler
	// logs each request it was serving then as failed (context canceled):
	// the server's log is quiet unless asked for. A real failure shows as a
	// non-2xx count in wrk's result, which fails the scenario.
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	progress := func(format string, a ...any) { fmt.Fprintf(stderr, "benchsearch: "+format+"\n", a...) }

	progress("picking inputs from the database")
	in, err := pickInputs(ctx, *dsn, *lookups)
	if err != nil {
		return err
	}

	// The handler, exactly as `stdreg serve` builds it, with no rate limits
	// (a rate of 0 is no limit).
	progress("migrating (indexes rows not yet in the search index, if any)")
	env := map[string]string{}
	if !*cached {
		env["STDREG_READ_CACHE"] = "0"
	}
	// Migrations run first, as on serve: the schema of this code is measured.
	lb, err := service.StartBench(ctx, config.Database{Driver: config.DriverPostgres, DSN: *dsn}, env, log)
	if err != nil {
		return err
	}
	defer lb.Close()
	base := lb.URL
	client := &http.Client{Timeout: time.Minute}

	l := load{duration: *duration, connections: *connections, threads: *threads, timeout: 10 * time.Second, cpu: *wrkCPU}
	warm := l
	warm.duration = *warmup

	var (
		done     []measured
		failures []string
	)
	for _, sc := range scenarios(in) {
		if !selected(sc.name, *only) {
			continue
		}
		m := measured{scenario: sc}
		progress("%s: preparing", sc.name)
		if m.paths, m.note, err = prepare(client, base, sc); err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		if m.result, err = measure(ctx, progress, m.name, warm, l, base, m.paths); err != nil {
			return err
		}
		if f := m.result.Failure(); f != "" {
			failures = append(failures, sc.name+": "+f)
		}
		done = append(done, m)
		if sc.name != nameLookup || !*floor {
			continue
		}
		body, err := get(client, base+m.paths[0])
		if err != nil {
			return fmt.Errorf("%s: %w", nameFloor, err)
		}
		floorBase, stop, err := startFloor(body)
		if err != nil {
			return fmt.Errorf("%s: %w", nameFloor, err)
		}
		f := measured{
			scenario: scenario{name: nameFloor, shown: fmt.Sprintf("/api/v1/standards/lookup?code=… (the lookups' requests, each answered the first lookup's %d bytes by a bare net/http handler)", len(body))},
			paths:    m.paths, note: "the first lookup's answer, whatever was asked",
		}
		f.result, err = measure(ctx, progress, f.name, warm, l, floorBase, f.paths)
		_ = stop()
		if err != nil {
			return err
		}
		if failed := f.result.Failure(); failed != "" {
			failures = append(failures, f.name+": "+failed)
		}
		done = append(done, f)
	}

	fmt.Fprintf(stdout, "## Search over HTTP on %d standards\n\n", in.Standards)
	warmedUp := "no warm-up"
	if *warmup > 0 {
		warmedUp = "after a " + wrkSeconds(*warmup) + " warm-up run"
	}
	fmt.Fprintf(stdout, "PostgreSQL %s, GOMAXPROCS %d, %d CPUs shared by server, PostgreSQL and wrk. "+
		"wrk: %d threads, %d connections, %s measured %s per scenario, loopback HTTP, anonymous requests. %s\n\n",
		in.PGVersion, runtime.GOMAXPROCS(0), runtime.NumCPU(), *threads, *connections, wrkSeconds(*duration), warmedUp, cacheNote(*cached)+cpuNote(*wrkCPU))
	fmt.Fprintf(stdout, "wrk is a closed loop: each connection sends its next request when the answer arrives, so the mean latency is about "+
		"connections / throughput (Little's law). At %d connections, a mean of 5 ms takes %d req/s, and a p99 of 5 ms more.\n\n",
		*connections, *connections*200)
	writeTable(stdout, done)
	fmt.Fprintln(stdout, "\nWhat each scenario answered (first request, before the runs):")
	fmt.Fprintln(stdout)
	for _, m := range done {
		fmt.Fprintf(stdout, "- %s: %s; %d requests in the measured run\n", m.name, m.note, m.result.Requests)
	}
	hwm, rss := memory()
	fmt.Fprintf(stdout, "\nServer process (handler, database pool, and this tool's own bookkeeping; wrk runs apart) after all scenarios: peak resident memory (VmHWM) %s, resident now (VmRSS) %s.\n", hwm, rss)

	if *withSQL {
		if err := compareSQL(ctx, stdout, progress, *dsn, in, done, *connections, func(path string) (time.Duration, error) {
			began := time.Now()
			_, err := get(client, base+path)
			return time.Since(began), err
		}); err != nil {
			return fmt.Errorf("SQL comparison: %w", err)
		}
	}
	if len(failures) > 0 {
		return fmt.Errorf("failed scenarios: %s", strings.Join(failures, "; "))
	}
	return nil
}

// measure runs wrk on paths for the warm-up, unless it is 0, and then for
// the measured run, whose result it returns. A warm-up with failed
// requests stops the tool: what it measured would not be the scenario.
func measure(ctx context.Context, progress func(string, ...any), name string, warm, l load, base string, paths []string) (wrkResult, error) {
	if warm.duration > 0 {
		progress("%s: warming up for %s", name, wrkSeconds(warm.duration))
		r, err := runWrk(ctx, warm, base, paths)
		if err != nil {
			return wrkResult{}, fmt.Errorf("%s: warm-up: %w", name, err)
		}
		if r.Status > 0 || r.Connect+r.Read+r.Write+r.Timeout > 0 {
			return wrkResult{}, fmt.Errorf("%s: warm-up: %s", name, r.Failure())
		}
	}
	progress("%s: measuring for %s at %d connections", name, wrkSeconds(l.duration), l.connections)
	r, err := runWrk(ctx, l, base, paths)
	if err != nil {
		return wrkResult{}, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}

// scenario is one kind of request, measured with its own wrk run.
type scenario struct {
	name  string
	path  string   // with its query, escaped
	shown string   // the request as a person reads it
	deep  int      // follow next_page_token this many times first
	cycle []string // instead of path: paths to send in turn

	// What the first answer must be: a list with items (and, when set,
	// this number first), or a single standard.
	first  string
	single bool

	// Targets: a p95 or p99 bound, or a p95 no worse than another
	// scenario's (deepTolerance).
	p95, p99 time.Duration
	sameAs   string
}

// measured is a scenario with its run.
type measured struct {
	scenario
	paths  []string
	note   string
	result wrkResult
}

const (
	nameTea    = "two-character word 茶叶, first page"
	nameCommon = "common word 技术, first page"
	namePhrase = "long phrase (a whole title)"
	nameWord   = "English word"
	namePrefix = "English prefix"
	nameNumber = "number in another written form"
	nameFirst  = "filters, first page"
	nameDeep   = "filters, deep page 51"
	nameLookup = "lookup by number"
)

// filterPath is the filtered list the deep-page scenarios walk.
const filterPath = "/api/v1/standards?kind=local&stage=published&sort=code"

func scenarios(in inputs) []scenario {
	q := func(name, text string) scenario {
		return scenario{
			name: name, path: "/api/v1/standards?q=" + url.QueryEscape(text),
			shown: "/api/v1/standards?q=" + text,
		}
	}
	tea := q(nameTea, "茶叶")
	tea.p95 = 30 * time.Millisecond
	number := q(nameNumber, in.Variant)
	number.first = in.Number.Normalized
	number.shown += fmt.Sprintf(" (%s as registered)", in.Number.Code)
	lookup := scenario{
		name: nameLookup, single: true, p99: 5 * time.Millisecond,
		shown: fmt.Sprintf("/api/v1/standards/lookup?code=… (cycling through %d random published numbers)", len(in.Lookups)),
	}
	for _, n := range in.Lookups {
		lookup.cycle = append(lookup.cycle, "/api/v1/standards/lookup?code="+url.QueryEscape(n.Code))
	}
	return []scenario{
		tea,
		q(nameCommon, "技术"),
		q(namePhrase, in.Phrase),
		q(nameWord, in.Word),
		q(namePrefix, in.Prefix),
		number,
		{name: nameFirst, path: filterPath, shown: filterPath},
		{name: nameDeep, path: filterPath, deep: 50, sameAs: nameFirst,
			shown: filterPath + "&page_token=… (page 51: next_page_token followed 50 times)"},
		lookup,
	}
}

// selected reports whether the scenario's name contains one of the
// comma-separated words of only (all are selected when only is empty).
func selected(name, only string) bool {
	if only == "" {
		return true
	}
	for _, w := range strings.Split(only, ",") {
		if w = strings.TrimSpace(w); w != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// prepare fixes the paths wrk will send and checks, by asking once, that
// each answers 200 with something in it: a benchmark of empty answers
// measures nothing.
func prepare(client *http.Client, base string, sc scenario) ([]string, string, error) {
	if sc.single {
		for _, p := range sc.cycle {
			body, err := get(client, base+p)
			if err != nil {
				return nil, "", err
			}
			var st struct {
				Code string `json:"code"`
			}
			if err := json.Unmarshal(body, &st); err != nil || st.Code == "" {
				return nil, "", fmt.Errorf("GET %s: not a standard: %.200s", p, body)
			}
		}
		return sc.cycle, fmt.Sprintf("all %d numbers found", len(sc.cycle)), nil
	}
	path := sc.path
	for i := 0; ; i++ {
		body, err := get(client, base+path)
		if err != nil {
			return nil, "", err
		}
		var page struct {
			Items []struct {
				NormalizedCode string `json:"normalized_code"`
				TitleZH        string `json:"title_zh"`
			} `json:"items"`
			NextPageToken string `json:"next_page_token"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, "", fmt.Errorf("GET %s: %w", path, err)
		}
		if len(page.Items) == 0 {
			return nil, "", fmt.Errorf("GET %s: no items: the scenario would measure an empty answer", path)
		}
		if i == sc.deep {
			if sc.first != "" && page.Items[0].NormalizedCode != sc.first {
				return nil, "", fmt.Errorf("GET %s: first item is %q, not %q", path, page.Items[0].NormalizedCode, sc.first)
			}
			first := page.Items[0].NormalizedCode
			if first == "" {
				first = "(no number)"
			}
			note := fmt.Sprintf("%d items, first %s %s, next page: %v",
				len(page.Items), first, page.Items[0].TitleZH, page.NextPageToken != "")
			return []string{path}, note, nil
		}
		if page.NextPageToken == "" {
			return nil, "", fmt.Errorf("the list ended after %d pages", i+1)
		}
		path = sc.path + "&page_token=" + url.QueryEscape(page.NextPageToken)
	}
}

// get sends one request and reads the whole answer; anything but 200 is an error.
func get(client *http.Client, u string) ([]byte, error) {
	res, err := client.Get(u)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %.300s", u, res.Status, body)
	}
	return body, nil
}

// memory reads the process's peak and current resident memory.
func memory() (hwm, rss string) {
	hwm, rss = "unknown", "unknown"
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rss = strings.TrimSpace(v)
		}
	}
	return
}

// cacheNote says where the answers came from.
func cacheNote(cached bool) string {
	if cached {
		return "Read cache on, as `stdreg serve` runs by default: a request repeated while nothing changed is answered from memory (the warm-up fills it)."
	}
	return "Read cache off (STDREG_READ_CACHE=0): every request reads the database."
}

// cpuNote says where wrk ran, when it was pinned.
func cpuNote(cpu int) string {
	if cpu < 0 {
		return ""
	}
	return fmt.Sprintf(" wrk ran on CPU %d only, the server on the CPUs taskset left this tool (GOMAXPROCS above).", cpu)
}
