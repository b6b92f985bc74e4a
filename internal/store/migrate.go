package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
)

//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var migrations embed.FS

// cycleFactsVersion is the migration that added the cycle figures; rows
// that existed before it get theirs computed once, right after it runs.
const cycleFactsVersion = 3

// searchVersion is the migration that added the search index.
const searchVersion = 5

// Migrate applies the versioned SQL migrations of the store's database that
// have not run yet.
func (s *Store) Migrate(ctx context.Context, log *slog.Logger) error {
	return s.MigrateTo(ctx, log, 0)
}

// MigrateTo applies the migrations up to version (0: all of them).
func (s *Store) MigrateTo(ctx context.Context, log *slog.Logger, version int64) error {
	dir, gooseDialect := s.dialect.migrations()
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	provider, err := goose.NewProvider(gooseDialect, sqlDB, fsys)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var results []*goose.MigrationResult
	if version == 0 {
		results, err = provider.Up(ctx)
	} else {
		results, err = provider.UpTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("migrate %s: %w", s.dialect.name(), err)
	}
	if len(results) > 0 {
		s.dialect.renewConnections(sqlDB, s.maxConns)
	}
	backfill := false
	for _, r := range results {
		log.InfoContext(ctx, "migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
		backfill = backfill || r.Source.Version == cycleFactsVersion
	}
	if backfill {
		if err := s.backfillCycleFacts(ctx); err != nil {
			return err
		}
	}
	current, err := provider.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", s.dialect.name(), err)
	}
	if current >= searchVersion {
		// Rows loaded in bulk, or written before the index existed.
		return s.backfillSearch(ctx)
	}
	return nil
}
