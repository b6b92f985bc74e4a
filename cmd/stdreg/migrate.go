package main

import (
	"io"

	"github.com/spf13/cobra"

	"stdreg/internal/store"
)

func migrateCommand(getenv func(string) string, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply the database migrations that have not run yet, then exit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, log, err := setup(getenv, stderr)
			if err != nil {
				return err
			}
			st, err := store.OpenMigrated(cmd.Context(), cfg.Database, log)
			if err != nil {
				return err
			}
			log.InfoContext(cmd.Context(), "database up to date", "database", cfg.Database)
			return st.Close()
		},
	}
}
