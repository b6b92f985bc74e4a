package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"stdreg/internal/config"
	"stdreg/internal/logging"
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

// openStore connects to the database and migrates it.
func openStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, cfg.Database, log)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx, log); err != nil {
		_ = st.Close()
		return nil, err
	}
	return st, nil
}
