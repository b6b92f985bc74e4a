package service

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"stdreg/internal/config"
	"stdreg/internal/registry"
	"stdreg/internal/store"
)

// Loopback is the service on a loopback port of this process, for tools
// that measure it over real HTTP.
type Loopback struct {
	Store    *store.Store
	Registry *registry.Service
	URL      string // http://127.0.0.1:port
	server   *http.Server
}

// BenchConfig is the configuration `stdreg serve` would load on db (its
// defaults) with the rate limits off and the given environment besides.
func BenchConfig(db config.Database, env map[string]string) (config.Config, error) {
	all := map[string]string{"STDREG_DATABASE_URL": db.URL(), "STDREG_RATE_LIMIT_KEY": "0", "STDREG_RATE_LIMIT_ANONYMOUS": "0"}
	for k, v := range env {
		all[k] = v
	}
	return config.Load(func(k string) string { return all[k] })
}

// StartBench serves db on loopback as the benchmark tools measure it: the
// configuration of BenchConfig, with env besides.
func StartBench(ctx context.Context, db config.Database, env map[string]string, log *slog.Logger) (*Loopback, error) {
	cfg, err := BenchConfig(db, env)
	if err != nil {
		return nil, err
	}
	return StartLoopback(ctx, cfg, log)
}

// StartLoopback opens and migrates cfg's database (as serve does: the
// schema of this code) and serves it on 127.0.0.1 at a free port.
func StartLoopback(ctx context.Context, cfg config.Config, log *slog.Logger) (*Loopback, error) {
	st, err := store.OpenMigrated(ctx, cfg.Database, log)
	if err != nil {
		return nil, err
	}
	svc, handler := New(cfg, st, log)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	srv := Server(cfg, handler, log)
	go func() { _ = srv.Serve(ln) }()
	return &Loopback{Store: st, Registry: svc, URL: "http://" + ln.Addr().String(), server: srv}, nil
}

// Close stops serving, then closes the database.
func (l *Loopback) Close() error {
	_ = l.server.Close()
	return l.Store.Close()
}
