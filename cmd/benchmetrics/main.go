// Command benchmetrics measures the latency of the registry's metrics
// endpoints on a PostgreSQL database that `stdreg generate` has filled. It
// runs the real HTTP handler in this process, on a loopback listener, built
// as `stdreg serve` builds it (rate limits off), sends sequential requests
// through net/http, and prints a Markdown table of the latencies against
// the targets of issue 4.
//
//	go run ./cmd/benchmetrics [-database URL] [-n 200] [-warmup 10] [-cache=false] [-only WORDS]
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
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"stdreg/internal/config"
	"stdreg/internal/service"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchmetrics:", err)
		os.Exit(1)
	}
}

// endpoint is one measured request.
type endpoint struct {
	name   string
	path   string        // with its query
	target time.Duration // p95 target; 0: report only
	deep   int           // follow next_page_token this many times first
}

// endpoints: issue 14 holds every metrics endpoint, grouped or not, to
// p95 <= 300 ms at 1,000,000 standards; the overdue list's first page to
// issue 4's 100 ms.
var endpoints = []endpoint{
	{name: "drafting-cycle, local", path: "/api/v1/metrics/drafting-cycle?kind=local", target: 300 * time.Millisecond},
	{name: "drafting-cycle, local, by year", path: "/api/v1/metrics/drafting-cycle?kind=local&group_by=year", target: 300 * time.Millisecond},
	{name: "drafting-cycle, local, by region", path: "/api/v1/metrics/drafting-cycle?kind=local&group_by=region", target: 300 * time.Millisecond},
	{name: "drafting-cycle, local, by city and year", path: "/api/v1/metrics/drafting-cycle?kind=local&group_by=city,year", target: 300 * time.Millisecond},
	{name: "drafting-cycle, all kinds", path: "/api/v1/metrics/drafting-cycle", target: 300 * time.Millisecond},
	{name: "drafting-cycle, all kinds, by kind", path: "/api/v1/metrics/drafting-cycle?group_by=kind", target: 300 * time.Millisecond},
	{name: "drafting-cycle, all kinds, by year", path: "/api/v1/metrics/drafting-cycle?group_by=year", target: 300 * time.Millisecond},
	{name: "drafting-cycle, all kinds, by organization", path: "/api/v1/metrics/drafting-cycle?group_by=organization", target: 300 * time.Millisecond},
	{name: "drafting-cycle, all kinds, 2021-2025", path: "/api/v1/metrics/drafting-cycle?from=2021-01-01&to=2025-12-31", target: 300 * time.Millisecond},
	{name: "overdue, first page", path: "/api/v1/metrics/overdue", target: 100 * time.Millisecond},
	{name: "overdue, within 90 days", path: "/api/v1/metrics/overdue?within_days=90", target: 300 * time.Millisecond},
	{name: "overdue, page 51", path: "/api/v1/metrics/overdue", deep: 50, target: 300 * time.Millisecond},
	{name: "plan-targets", path: "/api/v1/metrics/plan-targets", target: 300 * time.Millisecond},
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("benchmetrics", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dsn := flags.String("database", "postgres://postgres@127.0.0.1:5432/stdreg_bench?sslmode=disable", "PostgreSQL URL of a database filled by `stdreg generate`")
	n := flags.Int("n", 200, "measured requests per endpoint")
	warmup := flags.Int("warmup", 10, "unmeasured requests per endpoint first")
	only := flags.String("only", "", "measure only the endpoints whose name contains one of these comma-separated words")
	cached := flags.Bool("cache", true, "answer from the read cache as `stdreg serve` does by default (the same request repeated is then a cache hit); -cache=false sends every request to the database (STDREG_READ_CACHE=0)")
	verbose := flags.Bool("v", false, "also log the store's slow-query warnings (over 200 ms) to standard error")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *n < 1 || *warmup < 0 {
		return errors.New("-n must be at least 1 and -warmup at least 0")
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	counts, pgVersion, err := describe(ctx, *dsn)
	if err != nil {
		return err
	}

	// The handler, exactly as `stdreg serve` builds it, with no rate limits.
	// Migrations run first, as on serve: the schema of this code is measured.
	var env map[string]string
	if !*cached {
		env = map[string]string{"STDREG_READ_CACHE": "0"}
	}
	lb, err := service.StartBench(ctx, config.Database{Driver: config.DriverPostgres, DSN: *dsn}, env, log)
	if err != nil {
		return err
	}
	defer lb.Close()
	base := lb.URL
	client := &http.Client{Timeout: time.Minute}

	fmt.Fprintf(stdout, "## Metrics endpoints on %d standards, %d transitions\n\n", counts.standards, counts.transitions)
	cache := "read cache on (a repeated request is a cache hit)"
	if !*cached {
		cache = "read cache off"
	}
	fmt.Fprintf(stdout, "PostgreSQL %s, GOMAXPROCS %d, %d warm-up and %d measured sequential requests per endpoint, loopback HTTP, %s.\n\n", pgVersion, runtime.GOMAXPROCS(0), *warmup, *n, cache)
	fmt.Fprintln(stdout, "| endpoint | request | count | p50 | p95 | p99 | max | p95 target | met |")
	fmt.Fprintln(stdout, "|---|---|---:|---:|---:|---:|---:|---:|---|")
	var notes []string
	for _, e := range endpoints {
		if !selected(e.name, *only) {
			continue
		}
		path := e.path
		if e.deep > 0 {
			if path, err = deepPage(client, base, e.path, e.deep); err != nil {
				return fmt.Errorf("%s: %w", e.name, err)
			}
		}
		var body []byte
		for i := 0; i < *warmup; i++ {
			if _, body, err = get(client, base+path); err != nil {
				return fmt.Errorf("%s: %w", e.name, err)
			}
		}
		took := make([]time.Duration, *n)
		for i := range took {
			if took[i], body, err = get(client, base+path); err != nil {
				return fmt.Errorf("%s: %w", e.name, err)
			}
		}
		slices.Sort(took)
		p95 := percentile(took, 0.95)
		target, met := "report only", ""
		if e.target > 0 {
			target, met = ms(e.target), "yes"
			if p95 > e.target {
				met = "**no**"
			}
		}
		shown := e.path
		if e.deep > 0 {
			shown += fmt.Sprintf(" (after following next_page_token %d times)", e.deep)
		}
		fmt.Fprintf(stdout, "| %s | `GET %s` | %d | %s | %s | %s | %s | %s | %s |\n",
			e.name, shown, len(took), ms(percentile(took, 0.5)), ms(p95), ms(percentile(took, 0.99)), ms(took[len(took)-1]), target, met)
		notes = append(notes, fmt.Sprintf("- %s: %s", e.name, summarize(body)))
	}
	fmt.Fprintf(stdout, "\nWhat the last response of each said:\n\n%s\n", strings.Join(notes, "\n"))
	fmt.Fprintf(stdout, "\nPeak resident memory of this process (server and client, VmHWM): %s\n", peakRSS())
	return nil
}

type rowCounts struct{ standards, transitions int64 }

// describe counts the rows and reads the server's version.
func describe(ctx context.Context, dsn string) (rowCounts, string, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return rowCounts{}, "", fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	var c rowCounts
	var version string
	err = conn.QueryRow(ctx, "SELECT (SELECT count(*) FROM standards), (SELECT count(*) FROM standard_transitions), current_setting('server_version')").
		Scan(&c.standards, &c.transitions, &version)
	if err != nil {
		return rowCounts{}, "", fmt.Errorf("count rows: %w", err)
	}
	if c.standards == 0 {
		return rowCounts{}, "", errors.New("the database holds no standards: fill it with `stdreg generate --standards N` first")
	}
	return c, version, nil
}

// selected reports whether the endpoint's name contains one of the
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

// get sends one request and reads the whole answer; anything but 200 is an error.
func get(client *http.Client, u string) (time.Duration, []byte, error) {
	began := time.Now()
	res, err := client.Get(u)
	if err != nil {
		return 0, nil, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	took := time.Since(began)
	if err != nil {
		return 0, nil, err
	}
	if res.StatusCode != http.StatusOK {
		return 0, nil, fmt.Errorf("GET %s: %s: %s", u, res.Status, body)
	}
	return took, body, nil
}

// deepPage follows next_page_token pages times and returns the path of the
// page it arrives at.
func deepPage(client *http.Client, base, path string, pages int) (string, error) {
	current := path
	for i := 0; i < pages; i++ {
		_, body, err := get(client, base+current)
		if err != nil {
			return "", err
		}
		var page struct {
			NextPageToken string `json:"next_page_token"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return "", err
		}
		if page.NextPageToken == "" {
			return "", fmt.Errorf("the list ended after %d pages", i+1)
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		current = path + sep + "page_token=" + url.QueryEscape(page.NextPageToken)
	}
	return current, nil
}

// summarize says in a few words what a response held.
func summarize(body []byte) string {
	var v struct {
		Count      *int              `json:"count"`
		Mean       *float64          `json:"mean_months"`
		Groups     []json.RawMessage `json:"groups"`
		Items      []json.RawMessage `json:"items"`
		Next       string            `json:"next_page_token"`
		Indicators []struct {
			Key    string   `json:"key"`
			Actual *float64 `json:"actual"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return "unreadable: " + err.Error()
	}
	switch {
	case v.Count != nil:
		s := fmt.Sprintf("count %d", *v.Count)
		if v.Mean != nil {
			s += fmt.Sprintf(", mean %.2f months", *v.Mean)
		}
		if v.Groups != nil {
			s += fmt.Sprintf(", %d groups", len(v.Groups))
		}
		return s
	case v.Indicators != nil:
		var parts []string
		for _, ind := range v.Indicators {
			if ind.Actual != nil {
				parts = append(parts, fmt.Sprintf("%s %.4g", ind.Key, *ind.Actual))
			}
		}
		return strings.Join(parts, ", ")
	default:
		return fmt.Sprintf("%d items, next page: %v", len(v.Items), v.Next != "")
	}
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// peakRSS reads the process's high-water mark of resident memory.
func peakRSS() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
