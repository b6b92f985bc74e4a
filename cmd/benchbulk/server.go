package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"stdreg/api"
	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/httpapi"
	"stdreg/internal/registry"
	"stdreg/internal/store"
)

// importLimit is the import size limit the server is given: far above any
// file measured here.
const importLimit = 1 << 30

// server is the registry's HTTP handler on a loopback port, and a client.
type server struct {
	st     *store.Store
	svc    *registry.Service
	srv    *http.Server
	base   string
	client *http.Client
}

// startServer opens and migrates db and serves it as `stdreg serve` does,
// from the configuration serve would load (its defaults), with rate limits
// off and an import limit of 1 GiB.
func startServer(ctx context.Context, db config.Database, log *slog.Logger) (*server, error) {
	url := db.DSN
	if db.Driver == config.DriverSQLite {
		url = "sqlite:" + db.DSN
	}
	env := map[string]string{
		"STDREG_DATABASE_URL":         url,
		"STDREG_RATE_LIMIT_KEY":       "0",
		"STDREG_RATE_LIMIT_ANONYMOUS": "0",
		"STDREG_IMPORT_LIMIT":         strconv.Itoa(importLimit),
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.Database, log)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx, log); err != nil {
		_ = st.Close()
		return nil, err
	}
	svc := registry.New(st, time.Now, cfg.CycleRules)
	handler := httpapi.New(svc, st.Ping, log, httpapi.Options{
		BodyLimit: cfg.BodyLimit, ImportLimit: cfg.ImportLimit, PageTokenKey: []byte(cfg.PageTokenKey), OpenAPI: api.OpenAPI,
		KeyRate: cfg.RateLimitKey, KeyBurst: int(cfg.RateBurstKey),
		AnonymousRate: cfg.RateLimitAnonymous, AnonymousBurst: int(cfg.RateBurstAnonymous),
		CORSOrigins: cfg.CORSOrigins, TrustProxy: cfg.TrustProxy,
	})
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	go func() { _ = srv.Serve(ln) }()
	client := &http.Client{
		Timeout:   30 * time.Minute,
		Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 2},
	}
	return &server{st: st, svc: svc, srv: srv, base: "http://" + ln.Addr().String(), client: client}, nil
}

// adminKey creates an admin key the way `stdreg keys create` does.
func (s *server) adminKey(ctx context.Context) (string, error) {
	ctx = access.WithCaller(ctx, access.Operator())
	_, secret, err := s.svc.CreateKey(ctx, access.Key{Role: access.RoleAdmin, Name: "benchbulk"})
	if err != nil {
		return "", fmt.Errorf("create an admin key: %w", err)
	}
	return secret, nil
}

// close stops the server, then closes the database.
func (s *server) close() {
	_ = s.srv.Close()
	s.client.CloseIdleConnections()
	_ = s.st.Close()
}
