package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"stdreg/internal/generate"
	"stdreg/internal/store"
)

// generateCommand fills the database with realistic generated records, for
// benchmarks and load tests.
func generateCommand(getenv func(string) string, stderr io.Writer) *cobra.Command {
	var cfg generate.Config
	cmd := &cobra.Command{
		Use:   "generate --standards N [--seed S] [--organizations M]",
		Short: "Fill an empty database with realistic generated standards, for benchmarks",
		Long: `generate fills the database STDREG_DATABASE_URL names (migrating it first) with
realistic records: Zhejiang organizations, and standards of every kind with
well-formed unique numbers, titles, classes, designations and stage histories
that follow the procedure (about five history entries per standard), the
standards' days and cycle figures computed from those histories exactly as the
registry computes them.

It is bulk loading, not API writes: it writes no audit events, and its history
entries are recorded under the actor "stdreg generate". On PostgreSQL it loads
with COPY and runs VACUUM ANALYZE afterwards; on SQLite it uses batched
INSERTs. The same --seed gives the same records. It refuses a database that
already holds standards.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Standards < 1 || cfg.Organizations < 0 {
				return fmt.Errorf("--standards must be at least 1 and --organizations at least 0")
			}
			c, log, err := setup(getenv, stderr)
			if err != nil {
				return err
			}
			st, err := store.OpenMigrated(cmd.Context(), c.Database, log)
			if err != nil {
				return err
			}
			if err := st.Close(); err != nil {
				return err
			}
			cfg.Log = log
			log.InfoContext(cmd.Context(), "generating", "standards", cfg.Standards, "organizations", cfg.Organizations, "seed", cfg.Seed, "database", c.Database)
			sum, err := generate.Run(cmd.Context(), c.Database, cfg)
			if err != nil {
				return err
			}
			log.InfoContext(cmd.Context(), "generated the registry",
				"organizations", sum.Organizations, "standards", sum.Standards, "transitions", sum.Transitions,
				"ics", sum.ICS, "designations", sum.Designations,
				"projects", sum.Projects, "pilots", sum.Pilots, "technical_bodies", sum.TechnicalBodies, "elapsed", sum.Elapsed.Round(time.Millisecond).String())
			return nil
		},
	}
	cmd.Flags().IntVar(&cfg.Standards, "standards", 0, "how many standards to generate")
	cmd.Flags().IntVar(&cfg.Organizations, "organizations", 2000, "how many organizations to generate")
	cmd.Flags().Uint64Var(&cfg.Seed, "seed", 1, "the random seed: the same seed gives the same records")
	_ = cmd.MarkFlagRequired("standards")
	return cmd
}
