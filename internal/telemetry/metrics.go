// Package telemetry is what the service tells its operators beyond its
// logs: Prometheus metrics (this file) and OpenTelemetry traces
// (tracing.go). A nil *Metrics records nothing, so code that takes one
// needs no switch of its own.
package telemetry

import (
	"database/sql"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every series of the service's own.
const Namespace = "stdreg"

// Metrics holds the service's series in a registry of its own (not the
// global one, so two services in one test process do not collide).
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	rateLimited *prometheus.CounterVec
	imports     *prometheus.CounterVec
	importRows  *prometheus.CounterVec
	replicaRead *prometheus.CounterVec
}

// New returns the service's metrics with the Go runtime's and the
// process's, and stdreg_build_info for the build that runs.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "http_requests_total",
			Help: "HTTP requests answered, by method, route template and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "http_request_duration_seconds",
			Help:    "Time from a request's arrival to its answer, by method and route template.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "http_requests_in_flight",
			Help: "HTTP requests being served now.",
		}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "rate_limited_requests_total",
			Help: "Requests refused with 429, by the policy that refused them (key, reader, anonymous, failed_keys).",
		}, []string{"policy"}),
		imports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "imports_total",
			Help: "Imports of files that ran to a report, by result (written, refused, dry_run).",
		}, []string{"result"}),
		importRows: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "import_rows_total",
			Help: "Rows of imported files, by outcome (created, updated, unchanged, rejected).",
		}, []string{"outcome"}),
		replicaRead: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "db_reads_total",
			Help: "Reads outside transactions, by where they went (replica, primary) and why (replica, sticky, no_replica, fallback).",
		}, []string{"target", "reason"}),
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		buildInfo(),
		m.requests, m.duration, m.inFlight, m.rateLimited, m.imports, m.importRows, m.replicaRead,
	)
	return m
}

// buildInfo is stdreg_build_info{version, revision, goversion} 1.
func buildInfo() prometheus.Collector {
	version, revision, goVersion := "(devel)", "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				revision = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "build_info",
		Help:        "The build that runs: always 1, its version, VCS revision and Go version as labels.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": goVersion},
	})
	g.Set(1)
	return g
}

// Handler answers the Prometheus text format (or OpenMetrics, when asked).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{EnableOpenMetrics: true})
}

// Registry is where the series are registered, for collectors of other
// packages.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// RequestStarted counts a request in flight; call the returned function
// when it has been answered with status.
func (m *Metrics) RequestStarted() func(method, route string, status int) {
	if m == nil {
		return func(string, string, int) {}
	}
	start := time.Now()
	m.inFlight.Inc()
	return func(method, route string, status int) {
		m.inFlight.Dec()
		m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
	}
}

// RateLimited counts a request refused by policy.
func (m *Metrics) RateLimited(policy string) {
	if m != nil {
		m.rateLimited.WithLabelValues(policy).Inc()
	}
}

// ImportRows are the outcomes of an import's rows.
type ImportRows struct{ Created, Updated, Unchanged, Rejected int }

// Imported counts an import that ended with a report.
func (m *Metrics) Imported(result string, rows ImportRows) {
	if m == nil {
		return
	}
	m.imports.WithLabelValues(result).Inc()
	for outcome, n := range map[string]int{"created": rows.Created, "updated": rows.Updated, "unchanged": rows.Unchanged, "rejected": rows.Rejected} {
		m.importRows.WithLabelValues(outcome).Add(float64(n))
	}
}

// Read counts a read sent to target ("replica" or "primary") for reason.
func (m *Metrics) Read(target, reason string) {
	if m != nil {
		m.replicaRead.WithLabelValues(target, reason).Inc()
	}
}

// WatchDB reports the pool statistics of db (open, in use, idle
// connections, waits) as go_sql_* series labelled db_name=name.
func (m *Metrics) WatchDB(db *sql.DB, name string) {
	if m != nil {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
}

// TurnStats are how many of one kind of database work may run at once
// (Turns), how many run now (Taken), and the waits for a turn so far.
type TurnStats struct {
	Turns, Taken int
	Waits        int64
	Waited       time.Duration
}

// WatchTurns reports stats, read once at every scrape, as
// stdreg_db_turns, stdreg_db_turns_taken, stdreg_db_turn_waits_total and
// stdreg_db_turn_wait_seconds_total labelled work= each key: a search
// that waits for its turn waits here, not for a pooled connection.
func (m *Metrics) WatchTurns(stats func() map[string]TurnStats) {
	if m != nil {
		m.registry.MustRegister(turnsCollector{stats: stats})
	}
}

// CacheStats are a read cache's counters.
type CacheStats struct {
	Hits, Misses, Bypassed uint64 // reads answered from memory, loaded, and not cacheable right now
	Bytes, Entries         uint64
}

// WatchReadCache reports stats, read at every scrape, as
// stdreg_read_cache_* series labelled cache=name.
func (m *Metrics) WatchReadCache(name string, stats func() CacheStats) {
	if m != nil {
		m.registry.MustRegister(cacheCollector{name: name, stats: stats})
	}
}

// WatchChangeListener reports stdreg_change_listener_up: 1 while the
// store can vouch for its change generation (PostgreSQL's listener is
// connected and listening), 0 while the read cache is bypassed for want
// of it.
func (m *Metrics) WatchChangeListener(up func() bool) {
	if m == nil {
		return
	}
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "change_listener_up",
		Help: "1 while the change listener vouches for the read cache (connected and listening), else 0.",
	}, func() float64 {
		if up() {
			return 1
		}
		return 0
	}))
}

// WatchUp reports stdreg_<name>_up as up() says at each scrape.
func (m *Metrics) WatchUp(name, help string, up func() float64) {
	if m != nil {
		m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: Namespace, Name: name, Help: help}, up))
	}
}

// WatchReplica reports stdreg_replica_up and stdreg_replica_current for
// the replica name as state says at each scrape.
func (m *Metrics) WatchReplica(name string, state func() (up, current bool)) {
	if m == nil {
		return
	}
	labels := prometheus.Labels{"replica": name}
	m.registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "replica_up", ConstLabels: labels,
			Help: "1 while the replica answers its checks (and follows the primary), else 0.",
		}, func() float64 { up, _ := state(); return b2f(up) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "replica_current", ConstLabels: labels,
			Help: "1 while the replica serves reads: up, and replayed up to the latest change heard of.",
		}, func() float64 { _, cur := state(); return b2f(cur) }),
	)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

type cacheCollector struct {
	name  string
	stats func() CacheStats
}

var (
	cacheReads = prometheus.NewDesc(Namespace+"_read_cache_requests_total",
		"Reads that could be cached, by result: hit (from memory), miss (loaded and kept), bypass (the cache could not vouch for anything).",
		[]string{"cache", "result"}, nil)
	cacheBytes   = prometheus.NewDesc(Namespace+"_read_cache_bytes", "Estimated bytes of the answers kept.", []string{"cache"}, nil)
	cacheEntries = prometheus.NewDesc(Namespace+"_read_cache_entries", "Answers kept.", []string{"cache"}, nil)
)

func (c cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- cacheReads
	ch <- cacheBytes
	ch <- cacheEntries
}

// turnsCollector is cacheCollector's like for the gates' turns, by work.
type turnsCollector struct {
	stats func() map[string]TurnStats
}

var (
	turns = prometheus.NewDesc(Namespace+"_db_turns",
		"How many of this work may run on the database at once (STDREG_DB_MAX_SEARCHES for searches).", []string{"work"}, nil)
	turnsTaken  = prometheus.NewDesc(Namespace+"_db_turns_taken", "How many of this work run on the database now.", []string{"work"}, nil)
	turnWaits   = prometheus.NewDesc(Namespace+"_db_turn_waits_total", "Times this work found every turn taken and waited.", []string{"work"}, nil)
	turnWaiting = prometheus.NewDesc(Namespace+"_db_turn_wait_seconds_total", "Seconds this work spent waiting for a turn.", []string{"work"}, nil)
)

func (c turnsCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- turns
	ch <- turnsTaken
	ch <- turnWaits
	ch <- turnWaiting
}

func (c turnsCollector) Collect(ch chan<- prometheus.Metric) {
	for work, s := range c.stats() {
		ch <- prometheus.MustNewConstMetric(turns, prometheus.GaugeValue, float64(s.Turns), work)
		ch <- prometheus.MustNewConstMetric(turnsTaken, prometheus.GaugeValue, float64(s.Taken), work)
		ch <- prometheus.MustNewConstMetric(turnWaits, prometheus.CounterValue, float64(s.Waits), work)
		ch <- prometheus.MustNewConstMetric(turnWaiting, prometheus.CounterValue, s.Waited.Seconds(), work)
	}
}

func (c cacheCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	ch <- prometheus.MustNewConstMetric(cacheReads, prometheus.CounterValue, float64(s.Hits), c.name, "hit")
	ch <- prometheus.MustNewConstMetric(cacheReads, prometheus.CounterValue, float64(s.Misses), c.name, "miss")
	ch <- prometheus.MustNewConstMetric(cacheReads, prometheus.CounterValue, float64(s.Bypassed), c.name, "bypass")
	ch <- prometheus.MustNewConstMetric(cacheBytes, prometheus.GaugeValue, float64(s.Bytes), c.name)
	ch <- prometheus.MustNewConstMetric(cacheEntries, prometheus.GaugeValue, float64(s.Entries), c.name)
}
