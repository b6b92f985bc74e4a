package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"stdreg/internal/config"
	"stdreg/internal/service"
	"stdreg/internal/stdcode"
)

// With -reads the tool measures the two reads of one standard (issue 20),
// a lookup by number and a read by id, each request for a different
// standard sampled at random from the whole registry, against a pgx floor
// (readfloor.go) answering the same requests in the same run:
//
//	go run ./cmd/benchsearch -reads [-sample 200000] [-rounds 3] [-duration 5s] [-connections 32] [-profile DIR]
//
// For each read, at one connection and at -connections: the floor, then
// the registry with its read cache off; then the registry with the cache
// on (as `stdreg serve` runs by default). Allocations per request are the
// process's (server and floor live in this process, wrk apart) over the
// measured run, divided by the requests answered.

type readsOptions struct {
	dsn                  string
	sample               int
	duration, warmup     time.Duration
	connections, threads int
	cpu                  int
	cache                bool
	profile              string
	only                 string
	rounds               int
}

// readScenario is one kind of read with the paths it cycles through. Each
// run of wrk goes on where the one before stopped (next), so no run, and
// no server, asks again for what a warm-up or another run asked for, until
// the sample runs out and starts again.
type readScenario struct {
	name  string
	paths []string
	next  *int
}

const (
	readLookup = "lookup by number"
	readByID   = "read by id"
)

// Servers compared.
const (
	serverFloor   = "pgx floor"
	serverBare    = "net/http alone (a fixed answer)"
	serverNoCache = "stdreg, read cache off"
	serverCache   = "stdreg, read cache on"
)

// readRun is one measured run.
type readRun struct {
	read, server string
	connections  int
	result       wrkResult
	allocs       float64 // heap allocations per request, whole process
	allocBytes   float64
}

func runReads(ctx context.Context, o readsOptions, stdout io.Writer, progress func(string, ...any)) error {
	progress("sampling %d standards from the whole registry", o.sample)
	in, err := pickReadInputs(ctx, o.dsn, o.sample)
	if err != nil {
		return err
	}
	var scenarios []readScenario
	// The reads by id start half way through the sample, away from the
	// standards looked up.
	lookupNext, idNext := 0, len(in.ids)/2
	for _, sc := range []readScenario{{readLookup, in.lookups, &lookupNext}, {readByID, in.ids, &idNext}} {
		if selected(sc.name, o.only) {
			scenarios = append(scenarios, sc)
		}
	}
	log := slog.New(slog.DiscardHandler)
	db := config.Database{Driver: config.DriverPostgres, DSN: o.dsn}
	lb, err := service.StartBench(ctx, db, map[string]string{"STDREG_READ_CACHE": "0"}, log)
	if err != nil {
		return err
	}
	defer lb.Close()
	poolSize := lb.Store.MaxConns()
	_, floorBase, stopFloor, err := startPGXFloor(ctx, o.dsn, poolSize)
	if err != nil {
		return fmt.Errorf("pgx floor: %w", err)
	}
	defer stopFloor()

	client := &http.Client{Timeout: time.Minute}
	for _, sc := range scenarios {
		if err := compareAnswers(client, floorBase, lb.URL, sc); err != nil {
			return err
		}
	}
	levels := []int{1, o.connections}
	var runs []readRun
	for _, sc := range scenarios {
		for _, conns := range levels {
			rs, err := measureRounds(ctx, o, progress, sc, conns, []readServer{
				{name: serverFloor, base: floorBase},
				{name: serverNoCache, base: lb.URL, profile: profileOf(o, sc, conns)},
			})
			if err != nil {
				return err
			}
			runs = append(runs, rs...)
		}
	}
	if len(scenarios) > 0 && scenarios[0].name == readLookup {
		body, err := get(client, lb.URL+scenarios[0].paths[0])
		if err != nil {
			return err
		}
		bareBase, stop, err := startFloor(body)
		if err != nil {
			return err
		}
		rs, err := measureRounds(ctx, o, progress, scenarios[0], o.connections, []readServer{{name: serverBare, base: bareBase}})
		_ = stop()
		if err != nil {
			return err
		}
		runs = append(runs, rs...)
	}
	_ = lb.Close()
	if o.cache {
		cached, err := service.StartBench(ctx, db, nil, log)
		if err != nil {
			return err
		}
		defer cached.Close()
		for _, sc := range scenarios {
			for _, conns := range levels {
				rs, err := measureRounds(ctx, o, progress, sc, conns, []readServer{{name: serverCache, base: cached.URL, profile: profileOf(o, readScenario{name: sc.name + " cached"}, conns)}})
				if err != nil {
					return err
				}
				runs = append(runs, rs...)
			}
		}
	}
	writeReads(stdout, o, in, poolSize, runs)
	return nil
}

// readServer is one server a scenario is sent to.
type readServer struct {
	name, base string
	profile    string // profile its runs under this prefix (startProfiles), or ""
}

// measureRounds warms each server up with the scenario, then measures them
// in turn, o.rounds times over: on a machine shared with others, what
// slows one run down then falls on every server alike. A server's figure
// is the whole of its rounds: requests over their time, the median of
// their p50s and of their p99s, allocations over requests.
func measureRounds(ctx context.Context, o readsOptions, progress func(string, ...any), sc readScenario, conns int, servers []readServer) ([]readRun, error) {
	l := load{duration: o.duration, connections: conns, threads: min(o.threads, conns), timeout: 10 * time.Second, cpu: o.cpu}
	// The script is written before anything is counted: for a sample of
	// 200,000 paths it is a million allocations.
	script, err := writeScript(sc.paths, l.threads)
	if err != nil {
		return nil, err
	}
	defer os.Remove(script)
	l.script = script
	warm := l
	warm.duration = o.warmup
	name := func(server string) string { return fmt.Sprintf("%s, %s, %d connections", sc.name, server, conns) }
	if warm.duration > 0 {
		for _, srv := range servers {
			progress("%s: warming up", name(srv.name))
			warm.start = *sc.next
			r, err := runWrk(ctx, warm, srv.base, sc.paths)
			if err != nil {
				return nil, fmt.Errorf("%s: warm-up: %w", name(srv.name), err)
			} else if f := r.Failure(); f != "" {
				return nil, fmt.Errorf("%s: warm-up: %s", name(srv.name), f)
			}
			*sc.next = (*sc.next + int(r.Requests) + conns) % len(sc.paths)
		}
	}
	type tally struct {
		results        []wrkResult
		mallocs, bytes uint64
	}
	tallies := make([]tally, len(servers))
	for round := range o.rounds {
		for i, srv := range servers {
			profile := ""
			if srv.profile != "" && round == 0 {
				profile = srv.profile
			}
			stopProfile, err := startProfiles(profile)
			if err != nil {
				return nil, err
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			progress("%s: round %d of %d, %s", name(srv.name), round+1, o.rounds, wrkSeconds(l.duration))
			l.start = *sc.next
			r, err := runWrk(ctx, l, srv.base, sc.paths)
			*sc.next = (*sc.next + int(r.Requests) + conns) % len(sc.paths)
			runtime.ReadMemStats(&after)
			if perr := stopProfile(); err == nil {
				err = perr
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name(srv.name), err)
			}
			if f := r.Failure(); f != "" {
				return nil, fmt.Errorf("%s: %s", name(srv.name), f)
			}
			t := &tallies[i]
			t.results = append(t.results, r)
			t.mallocs += after.Mallocs - before.Mallocs
			t.bytes += after.TotalAlloc - before.TotalAlloc
		}
	}
	runs := make([]readRun, len(servers))
	for i, srv := range servers {
		t := tallies[i]
		var all wrkResult
		var p50s, p99s []float64
		for _, r := range t.results {
			all.Requests += r.Requests
			all.DurationUS += r.DurationUS
			p50s, p99s = append(p50s, r.P50), append(p99s, r.P99)
		}
		all.P50, all.P99 = median(p50s), median(p99s)
		runs[i] = readRun{read: sc.name, server: srv.name, connections: conns, result: all}
		if all.Requests > 0 {
			runs[i].allocs = float64(t.mallocs) / float64(all.Requests)
			runs[i].allocBytes = float64(t.bytes) / float64(all.Requests)
		}
	}
	return runs, nil
}

// profileOf is where the first round of the registry's cache-off runs of
// sc at conns is profiled, with -profile.
func profileOf(o readsOptions, sc readScenario, conns int) string {
	if o.profile == "" {
		return ""
	}
	return filepath.Join(o.profile, fmt.Sprintf("%s-%d", strings.ReplaceAll(sc.name, " ", "-"), conns))
}

// readInputs are the sampled paths.
type readInputs struct {
	standards, sampled int64
	pgVersion          string
	ids, lookups       []string
}

// pickReadInputs samples n standards an anonymous caller may read (not an
// unapproved draft) at random from the whole table: their ids, and the
// dated numbers among them, as registered.
func pickReadInputs(ctx context.Context, dsn string, n int) (readInputs, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return readInputs{}, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	var in readInputs
	if err := conn.QueryRow(ctx, "SELECT count(*), current_setting('server_version') FROM standards").Scan(&in.standards, &in.pgVersion); err != nil {
		return readInputs{}, fmt.Errorf("count standards: %w", err)
	}
	rows, err := conn.Query(ctx, `SELECT id::text, coalesce(code, '') FROM standards
		WHERE stage NOT IN ('preliminary', 'proposal') ORDER BY random() LIMIT $1`, n)
	if err != nil {
		return readInputs{}, fmt.Errorf("sample standards: %w", err)
	}
	var id, code string
	_, err = pgx.ForEachRow(rows, []any{&id, &code}, func() error {
		in.sampled++
		in.ids = append(in.ids, "/api/v1/standards/"+id)
		if c, err := stdcode.ParseTyped(code); err == nil && c.Year != 0 {
			in.lookups = append(in.lookups, "/api/v1/standards/lookup?code="+url.QueryEscape(code))
		}
		return nil
	})
	if err != nil {
		return readInputs{}, fmt.Errorf("sample standards: %w", err)
	}
	if len(in.ids) == 0 || len(in.lookups) == 0 {
		return readInputs{}, fmt.Errorf("sampled %d standards, %d with a dated number: fill the database with `stdreg generate` first", len(in.ids), len(in.lookups))
	}
	return in, nil
}

// compareAnswers asks the floor and the registry the scenario's first
// requests and fails when they answer differently: a floor that does less
// work than the registry is no floor.
func compareAnswers(client *http.Client, floorBase, base string, sc readScenario) error {
	for _, p := range sc.paths[:min(100, len(sc.paths))] {
		f, err := get(client, floorBase+p)
		if err != nil {
			return fmt.Errorf("pgx floor: %w", err)
		}
		r, err := get(client, base+p)
		if err != nil {
			return err
		}
		differ, err := sameAnswer(f, r)
		if err != nil {
			return fmt.Errorf("GET %s: %w", p, err)
		}
		if len(differ) > 0 {
			return fmt.Errorf("GET %s: the pgx floor's answer differs from the registry's in %s:\nfloor:    %s\nregistry: %s", p, strings.Join(differ, ", "), f, r)
		}
	}
	return nil
}

// startProfiles starts a CPU profile and notes the allocations so far, to
// write both to prefix-cpu.pprof and prefix-allocs-{before,after}.pprof
// (go tool pprof -sample_index=alloc_objects -base …-before …-after).
// An empty prefix profiles nothing.
func startProfiles(prefix string) (stop func() error, err error) {
	if prefix == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(filepath.Dir(prefix), 0o755); err != nil {
		return nil, err
	}
	writeHeap := func(name string) error {
		f, err := os.Create(prefix + name)
		if err != nil {
			return err
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if err := writeHeap("-allocs-before.pprof"); err != nil {
		return nil, err
	}
	cpu, err := os.Create(prefix + "-cpu.pprof")
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := cpu.Close(); err != nil {
			return err
		}
		return writeHeap("-allocs-after.pprof")
	}, nil
}

// writeReads prints the runs as a Markdown table with each run's ratio to
// the pgx floor of the same read at the same connections, and the targets.
func writeReads(w io.Writer, o readsOptions, in readInputs, poolSize int, runs []readRun) {
	sent := map[string]int64{}
	for _, r := range runs {
		sent[r.read] += r.result.Requests
	}
	fmt.Fprintf(w, "## Reads of one standard on %d standards, against a pgx floor\n\n", in.standards)
	fmt.Fprintf(w, "PostgreSQL %s, GOMAXPROCS %d, %d CPUs shared by the servers, PostgreSQL and wrk. "+
		"%d standards sampled at random from the whole table (%d ids, %d dated numbers), every request the next of them, every run going on where the last stopped "+
		"(%d lookups and %d reads by id measured in all, warm-ups aside: a sample asked for more than once wraps around); "+
		"wrk: %d rounds of %s per server, the servers of a row group in turn, after a %s warm-up each; p50 and p99 are the medians of the rounds'; pool of %d connections for the registry and the floor alike.%s\n\n",
		in.pgVersion, runtime.GOMAXPROCS(0), runtime.NumCPU(), in.sampled, len(in.ids), len(in.lookups), sent[readLookup], sent[readByID],
		o.rounds, wrkSeconds(o.duration), wrkSeconds(o.warmup), poolSize, cpuNote(o.cpu))
	floors := map[string]wrkResult{}
	for _, r := range runs {
		if r.server == serverFloor {
			floors[fmt.Sprint(r.read, r.connections)] = r.result
		}
	}
	fmt.Fprintln(w, "| read | server | connections | req/s | p50 | p99 | allocs/req | KB alloc/req | req/s vs floor | p50 vs floor | p99 vs floor | target | met |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
	for _, r := range runs {
		f, hasFloor := floors[fmt.Sprint(r.read, r.connections)]
		ratios := "| | |"
		if hasFloor && r.server != serverFloor {
			ratios = fmt.Sprintf("%.0f %% | %s | %s |", 100*r.result.RPS()/f.RPS(), fmtRatio(r.result.P50/f.P50), fmtRatio(r.result.P99/f.P99))
		}
		target, met := readTarget(r, f, hasFloor)
		fmt.Fprintf(w, "| %s | %s | %d | %.0f | %s | %s | %.0f | %.1f | %s %s | %s |\n",
			r.read, r.server, r.connections, r.result.RPS(), fmtMS(r.result.P50), fmtMS(r.result.P99),
			r.allocs, r.allocBytes/1024, ratios, target, met)
	}
}

// readTarget is issue 20's target for a run of the registry with its
// cache off: at one connection a p50 within 1.5× the floor's; at more, 70 %
// of the floor's throughput and a p99 within twice its own.
func readTarget(r readRun, floor wrkResult, hasFloor bool) (target, met string) {
	if r.server != serverNoCache || !hasFloor {
		return "", ""
	}
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	if r.connections == 1 {
		return "p50 ≤ 1.5× floor", yes(r.result.P50 <= 1.5*floor.P50)
	}
	return "req/s ≥ 70 % of floor, p99 ≤ 2× floor", yes(r.result.RPS() >= 0.7*floor.RPS() && r.result.P99 <= 2*floor.P99)
}
