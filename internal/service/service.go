// Package service assembles the registry's HTTP service from its
// configuration, the one way `stdreg serve` and the benchmark tools run it:
// the handler with its limits, and the http.Server with its timeouts.
package service

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"go.opentelemetry.io/otel/trace"

	"stdreg/api"
	"stdreg/internal/config"
	"stdreg/internal/httpapi"
	"stdreg/internal/readcache"
	"stdreg/internal/registry"
	"stdreg/internal/store"
	"stdreg/internal/telemetry"
)

// New returns the registry on st and its HTTP handler, configured by cfg.
// The registry reads through a cache of answers kept valid by st's change
// generation, whose listener lives until st is closed. cfg.ReadCache bytes
// (0: none) are shared: three quarters for the answers, a quarter for the
// handler's encoded single standards.
func New(cfg config.Config, st *store.Store, log *slog.Logger) (*registry.Service, http.Handler) {
	p := Build(cfg, st, log)
	return p.Registry, p.Handler
}

// Parts are the service's pieces as Build assembles them.
type Parts struct {
	Registry *registry.Service
	Handler  http.Handler       // the API and the pages, and /metrics unless cfg.MetricsAddr is set
	Metrics  *telemetry.Metrics // the service's metrics, whichever listener serves them
}

// Build assembles the service as New does, and reports it in Parts.Metrics:
// the HTTP requests, st's pools, change listener and replicas, and the
// read cache.
func Build(cfg config.Config, st *store.Store, log *slog.Logger) Parts {
	m := telemetry.New()
	st.Instrument(m)
	encoded := cfg.ReadCache / 4
	cached := readcache.Wrap(st, st, readcache.Options{MaxBytes: cfg.ReadCache - encoded})
	if c, ok := cached.(*readcache.Store); ok {
		m.WatchReadCache("answers", func() telemetry.CacheStats {
			s := c.Stats()
			return telemetry.CacheStats{Hits: s.Hits, Misses: s.Misses, Bypassed: s.Bypassed, Bytes: s.Bytes, Entries: s.Entries}
		})
	}
	svc := registry.New(cached, time.Now, cfg.CycleRules)
	pageTokenKey := []byte(cfg.PageTokenKey)
	if len(pageTokenKey) == 0 {
		// Shared by every instance on the database, so a token one gives
		// another accepts, and tokens outlive a restart.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		secret, err := st.PageTokenSecret(ctx)
		cancel()
		if err != nil {
			log.Warn("page tokens signed with a key of this process only: set STDREG_PAGE_TOKEN_KEY", "error", err)
		}
		pageTokenKey = []byte(secret)
	}
	return Parts{Registry: svc, Metrics: m, Handler: httpapi.New(svc, st.Ping, log, httpapi.Options{
		Metrics: m, ServeMetrics: cfg.MetricsAddr == "",
		// With replicas, a client's reads just after its own write go to
		// the primary, which has it for sure.
		ReadYourWrites: len(cfg.Database.Replicas) > 0,
		EncodedCache:   encoded,
		BodyLimit:      cfg.BodyLimit, ImportLimit: cfg.ImportLimit, PageTokenKey: pageTokenKey, OpenAPI: api.OpenAPI,
		KeyRate: cfg.RateLimitKey, KeyBurst: int(cfg.RateBurstKey),
		ReaderRate: cfg.RateLimitReader, ReaderBurst: int(cfg.RateBurstReader),
		AnonymousRate: cfg.RateLimitAnonymous, AnonymousBurst: int(cfg.RateBurstAnonymous),
		CORSOrigins: cfg.CORSOrigins, TrustProxy: cfg.TrustProxy,
	})}
}

// Server is the http.Server for handler with cfg's address and timeouts.
func Server(cfg config.Config, handler http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Traced is handler with every request a server span of tp (see
// telemetry.TraceHTTP).
func Traced(handler http.Handler, tp trace.TracerProvider) http.Handler {
	return telemetry.TraceHTTP(handler, tp)
}
