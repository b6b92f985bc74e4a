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
//	go run ./cmd/benchsearch -reads [-sample 50000] [-duration 10s] [-connections 32] [-profile DIR]
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
}

// readScenario is one kind of read with the paths it cycles through.
type readScenario struct {
	name  string
	paths []string
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
	for _, sc := range []readScenario{{readLookup, in.lookups}, {readByID, in.ids}} {
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
	measureOne := func(sc readScenario, server, base string, conns int, profile string) error {
		l := load{duration: o.duration, connections: conns, threads: min(o.threads, conns), timeout: 10 * time.Second, cpu: o.cpu}
		warm := l
		warm.duration = o.warmup
		name := fmt.Sprintf("%s, %s, %d connections", sc.name, server, conns)
		if warm.duration > 0 {
			progress("%s: warming up", name)
			if r, err := runWrk(ctx, warm, base, sc.paths); err != nil {
				return fmt.Errorf("%s: warm-up: %w", name, err)
			} else if f := r.Failure(); f != "" {
				return fmt.Errorf("%s: warm-up: %s", name, f)
			}
		}
		stopProfile, err := startProfiles(profile)
		if err != nil {
			return err
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		progress("%s: measuring for %s", name, wrkSeconds(l.duration))
		r, err := runWrk(ctx, l, base, sc.paths)
		runtime.ReadMemStats(&after)
		if perr := stopProfile(); err == nil {
			err = perr
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if f := r.Failure(); f != "" {
			return fmt.Errorf("%s: %s", name, f)
		}
		run := readRun{read: sc.name, server: server, connections: conns, result: r}
		if r.Requests > 0 {
			run.allocs = float64(after.Mallocs-before.Mallocs) / float64(r.Requests)
			run.allocBytes = float64(after.TotalAlloc-before.TotalAlloc) / float64(r.Requests)
		}
		runs = append(runs, run)
		return nil
	}
	profileOf := func(sc readScenario, conns int) string {
		if o.profile == "" || conns != o.connections {
			return ""
		}
		return filepath.Join(o.profile, strings.ReplaceAll(sc.name, " ", "-"))
	}
	for _, sc := range scenarios {
		for _, conns := range levels {
			if err := measureOne(sc, serverFloor, floorBase, conns, ""); err != nil {
				return err
			}
			if err := measureOne(sc, serverNoCache, lb.URL, conns, profileOf(sc, conns)); err != nil {
				return err
			}
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
		err = measureOne(scenarios[0], serverBare, bareBase, o.connections, "")
		_ = stop()
		if err != nil {
			return err
		}
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
				if err := measureOne(sc, serverCache, cached.URL, conns, ""); err != nil {
					return err
				}
			}
		}
	}
	writeReads(stdout, o, in, poolSize, runs)
	return nil
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
	fmt.Fprintf(w, "## Reads of one standard on %d standards, against a pgx floor\n\n", in.standards)
	fmt.Fprintf(w, "PostgreSQL %s, GOMAXPROCS %d, %d CPUs shared by the servers, PostgreSQL and wrk. "+
		"%d standards sampled at random from the whole table (%d ids, %d dated numbers), every request the next of them; "+
		"wrk: %s measured after a %s warm-up per run; pool of %d connections for the registry and the floor alike.%s\n\n",
		in.pgVersion, runtime.GOMAXPROCS(0), runtime.NumCPU(), in.sampled, len(in.ids), len(in.lookups),
		wrkSeconds(o.duration), wrkSeconds(o.warmup), poolSize, cpuNote(o.cpu))
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
