package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"stdreg/internal/access"
	"stdreg/internal/config"
	"stdreg/internal/generate"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
	"stdreg/internal/store"
)

// demoSearch is the word the demo's first hint searches for; the demo
// registry always holds standards with it in their titles.
const demoSearch = "茶叶"

// demoConfig is what `seed --demo` generates: a registry small enough to
// load in a second, with every kind, designation and running stage, and
// more stalled drafts than usual, so that the overdue list has entries.
func demoConfig(seed uint64, until standard.Date) generate.Config {
	return generate.Config{Standards: 800, Organizations: 40, Seed: seed, Until: until, StalledShare: 0.2}
}

// seedCommand loads a demo registry, so a new user sees real answers from
// the first request.
func seedCommand(getenv func(string) string, stdout, stderr io.Writer) *cobra.Command {
	var demo bool
	var seed uint64
	cmd := &cobra.Command{
		Use:   "seed --demo [--seed S]",
		Short: "Load a small demo registry into an empty database, to try the service",
		Long: `seed --demo loads a small, realistic registry into the database
STDREG_DATABASE_URL names (migrating it first): 40 Zhejiang organizations and
800 standards of every kind, with designations (浙江标准, 浙江制造, 领跑者),
science and technology projects (尖兵, 领雁, …) naming the standards they
produced, pilots across the 11 cities, technical bodies (SAC/TC 22/SC 3, …),
stage histories up to today (China time) and some drafts past their
drafting-cycle target. The same --seed gives the same records on the same
day. It refuses, and writes nothing to, a database that already holds
standards. It then prints what it loaded and a few requests to try.

--demo is required: the demo registry is the only data set seed loads for
now. For large generated registries (benchmarks), see stdreg generate.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !demo {
				return errors.New("seed loads only the demo registry for now: run `stdreg seed --demo` (for large generated registries, see `stdreg generate`)")
			}
			c, log, err := setup(getenv, stderr)
			if err != nil {
				return err
			}
			return seedDemo(cmd.Context(), c, log, seed, stdout)
		},
	}
	cmd.Flags().BoolVar(&demo, "demo", false, "load the demo registry (required)")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "the random seed: the same seed gives the same records")
	return cmd
}

// seedDemo migrates the database, loads the demo registry into it and
// prints a summary, read back through the registry.
func seedDemo(ctx context.Context, c config.Config, log *slog.Logger, seed uint64, stdout io.Writer) error {
	st, err := store.OpenMigrated(ctx, c.Database, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("close database", "error", err)
		}
	}()
	reg := registry.New(st, time.Now, c.CycleRules)
	cfg := demoConfig(seed, reg.Today())
	cfg.Log = log
	log.InfoContext(ctx, "loading the demo registry", "standards", cfg.Standards, "organizations", cfg.Organizations,
		"seed", cfg.Seed, "until", cfg.Until.String(), "database", c.Database)
	sum, err := generate.Run(ctx, c.Database, cfg)
	var notEmpty *generate.NotEmptyError
	if errors.As(err, &notEmpty) {
		return fmt.Errorf("the database already holds %d standards, so seed --demo changed nothing: it loads only into an empty registry. To start fresh, %s",
			notEmpty.Standards, startFresh(c.Database))
	}
	if err != nil {
		return err
	}
	log.InfoContext(ctx, "loaded the demo registry", "organizations", sum.Organizations, "standards", sum.Standards,
		"transitions", sum.Transitions, "elapsed", sum.Elapsed.Round(time.Millisecond).String())
	return printDemoSummary(access.WithCaller(ctx, access.Operator()), stdout, reg, sum, cfg, baseURL(c.Addr))
}

// startFresh says how to get an empty database of db's kind.
func startFresh(db config.Database) string {
	if db.Driver == config.DriverSQLite {
		file, _, _ := strings.Cut(db.DSN, "?")
		return fmt.Sprintf("remove the file %s and run seed --demo again, or set STDREG_DATABASE_URL to a new file (sqlite:PATH)", file)
	}
	return "drop and create the PostgreSQL database (dropdb NAME && createdb NAME) and run seed --demo again, or set STDREG_DATABASE_URL to an empty one"
}

// baseURL is where a client on this machine reaches the service listening
// on addr.
func baseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://localhost:8080"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// printDemoSummary counts what was loaded, through the registry, and
// prints it with requests to try.
func printDemoSummary(ctx context.Context, w io.Writer, reg *registry.Service, sum generate.Summary, cfg generate.Config, base string) error {
	facets, err := reg.Facets(ctx, standard.Filter{}, []string{"kind", "designation", "stage"})
	if err != nil {
		return err
	}
	count := func(facet, value string) int {
		for _, fc := range facets[facet] {
			if fc.Value == value {
				return fc.Count
			}
		}
		return 0
	}
	overdue := 0
	for q := (standard.OverdueQuery{Limit: 200}); ; {
		page, err := reg.Overdue(ctx, q)
		if err != nil {
			return err
		}
		overdue += len(page.Items)
		if page.Next == nil {
			break
		}
		q.After = page.Next
	}
	// A recent local standard, to look up by its number.
	recent, err := reg.ListStandards(ctx, standard.ListQuery{
		Filter: standard.Filter{Kind: standard.KindLocal, Stage: standard.StagePublished},
		Sort:   standard.Sort{Key: standard.SortPublishedOn, Desc: true}, Limit: 1,
	})
	if err != nil {
		return err
	}

	var kinds, running []string
	for _, k := range standard.Kinds {
		kinds = append(kinds, fmt.Sprintf("%d %s", count("kind", string(k)), k))
	}
	for _, s := range []standard.Stage{standard.StageDrafting, standard.StageConsultation, standard.StageReview, standard.StageApproval} {
		running = append(running, fmt.Sprintf("%d in %s", count("stage", string(s)), s))
	}
	fmt.Fprintf(w, "Loaded the demo registry (seed %d, histories up to %s):\n", cfg.Seed, cfg.Until)
	fmt.Fprintf(w, "  %d organizations, %d standards: %s\n", sum.Organizations, sum.Standards, strings.Join(kinds, ", "))
	fmt.Fprintf(w, "  designations: %d 浙江标准, %d 浙江制造, %d 领跑者\n", count("designation", string(standard.DesignationZhejiangStandard)),
		count("designation", string(standard.DesignationMadeInZhejiang)), count("designation", string(standard.DesignationForerunner)))
	fmt.Fprintf(w, "  drafts: %s; %d past their drafting-cycle target\n", strings.Join(running, ", "), overdue)
	fmt.Fprintf(w, "  the plan's other registries: %d science and technology projects (尖兵, 领雁, …), %d standardization pilots, %d technical bodies\n",
		sum.Projects, sum.Pilots, sum.TechnicalBodies)
	fmt.Fprintf(w, "\nStart the service (go run ./cmd/stdreg) and try:\n")
	fmt.Fprintf(w, "  curl '%s/api/v1/standards?q=%s'\n", base, demoSearch)
	if len(recent.Items) > 0 { // typed loosely: lower case, no space, a plain dash
		code := strings.ToLower(strings.ReplaceAll(recent.Items[0].NormalizedCode, " ", ""))
		fmt.Fprintf(w, "  curl '%s/api/v1/standards/lookup?code=%s'\n", base, code)
	}
	fmt.Fprintf(w, "  curl '%s/api/v1/metrics/overdue'\n", base)
	fmt.Fprintf(w, "  curl '%s/api/v1/metrics/drafting-cycle?kind=local&group_by=year'\n", base)
	fmt.Fprintf(w, "  curl '%s/api/v1/projects?programme=尖兵'\n", base)
	fmt.Fprintf(w, "  %s/docs (Swagger UI)\n", base)
	return nil
}
