// Package store keeps the registry in PostgreSQL or in an embedded SQLite
// file through GORM. Everything that differs between the two databases stays
// in this package; callers see domain types and domain errors only.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/glebarez/sqlite"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"stdreg/internal/config"
)

// Store is the registry's storage.
type Store struct {
	db      *gorm.DB
	sqlDB   *sql.DB // db's pool, for the reads that run past GORM (read_standard.go)
	dialect dialect
	// reads are the statements of the reads of one standard (read_standard.go).
	reads   standardReads
	changes changeSource // see Generation
	// maxConns is the pool's size; every connection stays open when idle.
	maxConns int
	// bulk bounds the imports and exports that run at once to what the
	// pool can serve without each waiting on another (newBulkGate); searches, the
	// lists and facet counts that run on the database at once, to what
	// keeps its cores busy without contending (newSearchGate).
	bulk, searches *gate
	// replicas route reads to PostgreSQL streaming replicas; nil without.
	replicas *replicaRouter
	// tracer and dbSystem make spans of the statements that run past
	// GORM; nil without Trace.
	tracer   trace.Tracer
	dbSystem attribute.KeyValue
	// relevance and facetSamples bound searches' reads (relevance.go,
	// facets.go); tests set small ones to reach every path with few rows.
	relevance    relevanceBounds
	facetSamples []facetSample
	// searchStats are the database's statistics of the search index,
	// read again every few minutes (relevance_estimates.go).
	searchStats *statsCache
	// facetWalkFrom is the share of all standards (the planner's
	// estimate) from which facets' first sample is walked (facets.go).
	facetWalkFrom float64
}

// OpenMigrated connects to the database cfg names and migrates it to this
// code's schema, as every command that serves or changes the registry
// needs it.
func OpenMigrated(ctx context.Context, cfg config.Database, log *slog.Logger) (*Store, error) {
	st, err := Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx, log); err != nil {
		_ = st.Close()
		return nil, err
	}
	return st, nil
}

// Open connects to the database cfg names. It does not migrate; call Migrate.
func Open(ctx context.Context, cfg config.Database, log *slog.Logger) (*Store, error) {
	var (
		dialector gorm.Dialector
		d         dialect
	)
	switch cfg.Driver {
	case config.DriverPostgres:
		dialector, d = postgresDialector{postgres.Open(cfg.DSN).(*postgres.Dialector)}, postgresDialect{}
	case config.DriverSQLite:
		dialector, d = sqliteDialector{sqlite.Open(sqliteDSN(cfg.DSN)).(*sqlite.Dialector)}, sqliteDialect{}
	default:
		return nil, fmt.Errorf("open store: unknown driver %q", cfg.Driver)
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		Logger:                 quietLogger{logger.NewSlogLogger(log, logger.Config{SlowThreshold: slowSQLThreshold, IgnoreRecordNotFoundError: true, LogLevel: logger.Warn})},
		SkipDefaultTransaction: true, // every write here runs in an explicit transaction
		TranslateError:         true, // through the dialectors of unavailable.go, which mark only an unavailable database
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open %s store: %w", cfg.Driver, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s store: %w", cfg.Driver, err)
	}
	// As many idle connections as open ones: a pool that closes what it
	// cannot keep idle opens a new connection (a new PostgreSQL backend,
	// its prepared statements gone) for every burst over the idle size,
	// which is what made p99 of reads at 32 clients 20 times the median.
	maxConns := cmp.Or(cfg.MaxConns, d.defaultMaxConns())
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	s := &Store{db: db, sqlDB: sqlDB, dialect: d, reads: newStandardReads(d), changes: d.followChanges(cfg.DSN, sqlDB, log), maxConns: maxConns, bulk: newBulkGate(maxConns), searches: newSearchGate(cfg.MaxSearches),
		relevance: defaultRelevanceBounds, facetSamples: defaultFacetSamples, facetWalkFrom: defaultFacetWalkFrom, searchStats: &statsCache{}}
	if err := s.Ping(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	if len(cfg.Replicas) > 0 {
		changes, ok := s.changes.(*pgChanges)
		if !ok {
			_ = sqlDB.Close()
			return nil, fmt.Errorf("open %s store: replicas need PostgreSQL", cfg.Driver)
		}
		if err := s.useReplicas(cfg.Replicas, sqlDB, changes, maxConns, log); err != nil {
			_ = sqlDB.Close()
			return nil, err
		}
	}
	return s, nil
}

// sqliteDSN turns a file path into a DSN with the settings of a server
// (docs/performance-sqlite.md weighs each), on every connection of the pool:
//
//   - journal_mode WAL: readers run beside the one writer, and read a
//     snapshot; synchronous NORMAL: a commit waits for the log, not for
//     each checkpoint. A power cut may lose the last commits, never the
//     file.
//   - busy_timeout 10 s: a second writer waits rather than failing with
//     "database is locked"; _txlock=immediate takes the write lock at
//     BEGIN, so a read transaction never has to upgrade (which cannot
//     wait and fails at once).
//   - mmap_size: the file is read through a memory map, up to the most
//     the library allows (2 GiB less 64 KiB): pages are shared by every
//     connection through the kernel's cache instead of copied into each
//     connection's own, and a search's thousands of row reads cost no
//     system call each (reading 5,000 rows took half the CPU with it).
//   - cache_size 16 MiB a connection: what the map does not cover (pages
//     still in the log, and past the map's end on a larger file).
//   - temp_store MEMORY: the sorts and IN lists of a search are built in
//     memory, never in a temporary file.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)" +
		"&_pragma=mmap_size(" + strconv.Itoa(sqliteMmapSize) + ")&_pragma=cache_size(" + strconv.Itoa(sqliteCacheSize) + ")" +
		"&_pragma=temp_store(MEMORY)&_txlock=immediate"
}

// MaxConns is the most connections the store keeps open.
func (s *Store) MaxConns() int { return s.maxConns }

// sqliteMmapSize is SQLITE_MAX_MMAP_SIZE, the most the library maps;
// sqliteCacheSize is in KiB when negative, as SQLite reads it.
const (
	sqliteMmapSize  = 2147418112
	sqliteCacheSize = -16384
)

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Close stops following changes and closes the connection pool.
func (s *Store) Close() error {
	s.changes.close()
	if s.replicas != nil {
		s.replicas.close()
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return sqlDB.Close()
}
