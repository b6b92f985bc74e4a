// Package generate fills a registry database with realistic records, fast,
// for benchmarks and load tests: Zhejiang's organizations, and standards of
// every kind with well-formed unique numbers, Chinese and English titles,
// classes, designations and stage histories that the procedure allows.
//
// It makes the records; the store's BulkLoader loads them, past the
// registry: on PostgreSQL with COPY (then VACUUM ANALYZE), on SQLite with
// multi-row INSERTs in transactions (then ANALYZE). It writes no audit
// events; the histories it writes are recorded under the actor "stdreg
// generate". Every record is still built by the domain's own rules: moves
// are applied with (*standard.Standard).Move and each standard passes
// Prepare, and the store turns them into rows as it does its own, so the
// rows are exactly what the registry would have stored. That includes the
// search index, written with the rows, so a generated registry is
// searchable at once and the service has none to build when it starts.
package generate

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"stdreg/internal/config"
	"stdreg/internal/standard"
	"stdreg/internal/store"
)

// DefaultUntil is the last day the generated histories reach.
var DefaultUntil = standard.Date{Year: 2026, Month: 11, Day: 15}

// Config says what to generate.
type Config struct {
	Standards     int
	Organizations int
	Seed          uint64
	// Until is the last day a move may fall on; zero means DefaultUntil,
	// or today when that is earlier (no day may lie in the future).
	Until standard.Date
	// StalledShare is the share of running drafts that stalled: their last
	// move lies up to four years back, so many are past their cycle target.
	// Zero means the default, 0.1.
	StalledShare float64
	// BatchSize is how many standards go to the database at once (default 10,000).
	BatchSize int
	// Log receives progress lines; nil discards them.
	Log *slog.Logger
	// Plan, when set, receives the plan's other records (projects,
	// pilots, technical bodies) once the standards are made.
	Plan func(PlanRecords) error
}

// projectsFor is how many projects a registry of n standards holds: one
// for every 40 standards, at least 40 and at most 25,000.
func projectsFor(n int) int { return min(max(n/40, 40), 25000) }

// Summary counts what was written.
type Summary struct {
	Organizations, Standards, Transitions, ICS, Designations int
	Projects, Pilots, TechnicalBodies                        int
	Elapsed                                                  time.Duration
}

// NotEmptyError is Run's refusal of a database that already holds
// standards; it has written nothing.
type NotEmptyError struct{ Standards int }

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("generate: the database already holds %d standards; generate fills an empty registry (numbers must stay unique)", e.Standards)
}

// Run generates cfg's records into the (migrated, empty) database db.
func Run(ctx context.Context, db config.Database, cfg Config) (Summary, error) {
	cfg.defaults()
	st, err := store.Open(ctx, db, cfg.Log)
	if err != nil {
		return Summary{}, fmt.Errorf("generate: %w", err)
	}
	defer func() { _ = st.Close() }()
	return run(ctx, st, cfg)
}

func (cfg *Config) defaults() {
	if cfg.Until.IsZero() {
		cfg.Until = DefaultUntil
		if today := standard.DateOf(time.Now().In(chinaTime)); today.Before(cfg.Until) {
			cfg.Until = today
		}
	}
	if cfg.StalledShare <= 0 {
		cfg.StalledShare = defaultStalledShare
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 10000
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
}

// Generate makes cfg's organizations and then calls each with batches of
// records, in order, without touching a database. Run uses it; tests can too.
func Generate(ctx context.Context, cfg Config, orgs func([]standard.Organization) error, each func([]Record) error) error {
	cfg.defaults()
	g := NewGenerator(cfg.Seed, cfg.Until)
	g.stalled = cfg.StalledShare
	if err := orgs(g.Organizations(cfg.Organizations)); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []Record, 2)
	produced := make(chan error, 1)
	sample := newLinkSample(cfg.Seed)
	go func() { // generation runs beside the loading
		defer close(batches)
		for done := 0; done < cfg.Standards; {
			n := min(cfg.BatchSize, cfg.Standards-done)
			recs := make([]Record, n)
			for i := range recs {
				rec, err := g.Next()
				if err != nil {
					produced <- err
					return
				}
				recs[i] = rec
				sample.add(rec.Standard)
			}
			done += n
			select {
			case batches <- recs:
			case <-ctx.Done():
				produced <- ctx.Err()
				return
			}
		}
		produced <- nil
	}()
	for recs := range batches {
		if err := each(recs); err != nil {
			cancel()
			for range batches { // let the generator stop
			}
			<-produced
			return err
		}
	}
	if err := <-produced; err != nil {
		return err
	}
	if cfg.Plan == nil {
		return nil
	}
	// The generator's goroutine has ended: g is this one's again.
	return cfg.Plan(g.PlanRegistries(g.orgs, sample.items, projectsFor(cfg.Standards)))
}

func run(ctx context.Context, st *store.Store, cfg Config) (Summary, error) {
	cfg.defaults()
	began := time.Now()
	n, err := st.CountStandards(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("generate: %w", err)
	}
	if n > 0 {
		return Summary{}, &NotEmptyError{Standards: n}
	}
	load, err := st.NewBulkLoader(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("generate: %w", err)
	}
	defer load.Close()
	var sum Summary
	nextReport := 100000
	cfg.Plan = func(recs PlanRecords) error {
		cfg.Log.InfoContext(ctx, "analyzing tables", "standards", sum.Standards, "transitions", sum.Transitions)
		if err := load.Finish(); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		sum.Projects, sum.Pilots, sum.TechnicalBodies = len(recs.Projects), len(recs.Pilots), len(recs.Bodies)
		if err := st.LoadPlanRecords(ctx, recs.Projects, recs.Pilots, recs.Bodies); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		return nil
	}
	err = Generate(ctx, cfg, func(orgs []standard.Organization) error {
		sum.Organizations = len(orgs)
		if err := load.Organizations(orgs); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		return nil
	}, func(recs []Record) error {
		if err := load.Standards(recs); err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		sum.Standards += len(recs)
		for _, r := range recs {
			sum.Transitions += len(r.History)
			sum.ICS += len(r.Standard.ICS)
			sum.Designations += len(r.Standard.Designations)
		}
		if sum.Standards >= nextReport || sum.Standards == cfg.Standards {
			elapsed := time.Since(began)
			cfg.Log.InfoContext(ctx, "generated", "standards", sum.Standards, "of", cfg.Standards,
				"transitions", sum.Transitions, "elapsed", elapsed.Round(time.Millisecond).String(),
				"standards_per_second", int(float64(sum.Standards)/elapsed.Seconds()))
			for nextReport <= sum.Standards {
				nextReport += 100000
			}
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(began)
	return sum, nil
}
