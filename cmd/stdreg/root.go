package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/logging"
	"stdreg/internal/registry"
	"stdreg/internal/store"
)

// rootCommand builds the command tree; a bare `stdreg` serves.
func rootCommand(getenv func(string) string, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "stdreg",
		Short:         "The Zhejiang standards registry",
		Long:          "stdreg registers standards and drafts, serves them over a documented HTTP API, and measures drafting cycles.\nConfiguration comes from STDREG_* environment variables (see README.md).",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	serve := serveCommand(getenv, stderr)
	root.RunE = serve.RunE
	root.AddCommand(serve, migrateCommand(getenv, stderr), keysCommand(getenv, stdout, stderr), generateCommand(getenv, stderr), seedCommand(getenv, stdout, stderr),
		importCommand(getenv, stdout, stderr), exportCommand(getenv, stdout, stderr))
	return root
}

// setup loads the configuration and the logger, the first step of every
// subcommand.
func setup(getenv func(string) string, stderr io.Writer) (config.Config, *slog.Logger, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return config.Config{}, nil, fmt.Errorf("configuration: %w", err)
	}
	return cfg, logging.New(stderr, cfg.LogFormat, cfg.LogLevel), nil
}

// operatorSession is what the commands that work on the registry from
// the command line open: the configuration, the log, the migrated store,
// and a context whose caller is the operator.
type operatorSession struct {
	ctx      context.Context
	log      *slog.Logger
	store    *store.Store
	registry *registry.Service
}

// openOperatorSession loads the configuration and opens the migrated store.
func openOperatorSession(ctx context.Context, getenv func(string) string, stderr io.Writer) (*operatorSession, error) {
	cfg, log, err := setup(getenv, stderr)
	if err != nil {
		return nil, err
	}
	st, err := store.OpenMigrated(ctx, cfg.Database, log)
	if err != nil {
		return nil, err
	}
	return &operatorSession{
		ctx: access.WithCaller(ctx, access.Operator()), log: log, store: st,
		registry: registry.New(st, time.Now, cfg.CycleRules),
	}, nil
}

// close closes the store, logging a failure.
func (s *operatorSession) close() {
	if err := s.store.Close(); err != nil {
		s.log.Error("close database", "error", err)
	}
}
