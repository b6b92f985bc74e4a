package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"

	"time"

	"github.com/spf13/cobra"

	"stdreg/internal/config"
	"stdreg/internal/service"
	"stdreg/internal/store"
	"stdreg/internal/telemetry"
)

func serveCommand(getenv func(string) string, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API (the default); migrations run first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, log, err := setup(getenv, stderr)
			if err != nil {
				return err
			}
			var tracing func(string) string // the OTEL_* variables, when they ask for traces
			if telemetry.TracingWanted(getenv) {
				tracing = getenv
			}
			return serve(cmd.Context(), cfg, log, tracing)
		},
	}
}

// serve runs the HTTP server until ctx ends (SIGINT or SIGTERM), then lets
// requests in flight finish within the shutdown timeout and closes the
// database last.
//
// With tracing (a getenv for the OTEL_EXPORTER_OTLP_* variables), requests
// and their SQL statements are exported as OpenTelemetry traces over OTLP.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, tracing func(string) string) error {
	log.InfoContext(ctx, "starting", "config", cfg)
	st, err := store.OpenMigrated(ctx, cfg.Database, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close database", "error", err)
		}
		log.Info("database closed")
	}()

	parts := service.Build(cfg, st, log)
	handler := parts.Handler
	if tracing != nil {
		tp, shutdown, err := telemetry.StartTracing(ctx, tracing, buildVersion(), log)
		if err != nil {
			return err
		}
		defer func() {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := shutdown(ctx); err != nil {
				log.Warn("send the last traces", "error", err)
			}
		}()
		if err := st.Trace(tp); err != nil {
			return fmt.Errorf("trace SQL statements: %w", err)
		}
		handler = service.Traced(handler, tp)
		log.InfoContext(ctx, "exporting traces over OTLP")
	}
	srv := service.Server(cfg, handler, log)
	srv.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	log.InfoContext(ctx, "serving", "addr", ln.Addr().String())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if cfg.MetricsAddr != "" {
		stop, err := serveMetrics(cfg.MetricsAddr, parts.Metrics.Handler(), log)
		if err != nil {
			_ = srv.Close()
			return err
		}
		defer stop()
	}
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	log.Info("shutting down: waiting for requests in flight", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("server stopped")
	return nil
}

// serveMetrics serves GET /metrics on addr, a listener of its own, until
// stop is called.
func serveMetrics(addr string, metrics http.Handler, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() { _ = srv.Serve(ln) }()
	log.Info("serving metrics", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}

// buildVersion is the module's version as built, or "(devel)".
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
