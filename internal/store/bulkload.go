package store

import (
	"context"
	"fmt"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"stdreg/internal/standard"
)

// BulkRecord is a standard with its whole history, oldest first, as a
// BulkLoader loads it.
type BulkRecord struct {
	Standard standard.Standard
	History  []standard.Transition
}

// BulkLoader fills an empty registry with records made elsewhere (`stdreg
// generate`) as fast as the database takes them: past the registry's
// checks and with no audit events, but in the rows, search index
// included, that the store writes itself — the rows of an import, by the
// dialect's insertNew. The dialect decides the rest (bulkLoader): on
// PostgreSQL COPY on two sessions, the foreign-key triggers off where the
// role may, the text indexes built once at the end, then VACUUM ANALYZE;
// on SQLite a transaction of multi-row INSERTs per batch, then ANALYZE.
// Finish then enters every record in the change feed as created, in one
// transaction (recordLoaded).
//
// A BulkLoader is used by one goroutine. A write may return before its
// rows are stored; its failure then shows at a later call, or at Finish.
type BulkLoader struct {
	load   bulkLoad
	ctx    context.Context
	record func(context.Context) error // enters the loaded records in the change feed
	closed sync.Once
}

// bulkLoad is a dialect's way of loading in bulk (BulkLoader).
type bulkLoad interface {
	// write writes rows, or starts to.
	write(rows *newRows) error
	// finish waits for the writes and readies the tables for reading.
	finish() error
	// close releases what the load holds, leaving the tables with every
	// index even after a failure.
	close()
}

// NewBulkLoader starts a bulk load into the store's (migrated) database,
// which should hold no standards; Close it when done.
func (s *Store) NewBulkLoader(ctx context.Context) (*BulkLoader, error) {
	// A bulk load's statements are slow by design, and their failures
	// are returned: none is logged.
	db := s.db.Session(&gorm.Session{Context: ctx, Logger: logger.Discard})
	load, err := s.dialect.bulkLoader(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	return &BulkLoader{load: load, ctx: ctx, record: s.recordLoaded}, nil
}

// Organizations loads organizations, before the standards that name them.
func (l *BulkLoader) Organizations(orgs []standard.Organization) error {
	rows := newRows{organizations: make([]organizationRow, len(orgs))}
	for i, o := range orgs {
		rows.organizations[i] = toOrganizationRow(o)
	}
	return l.write(&rows)
}

// Standards loads standards with their histories.
func (l *BulkLoader) Standards(recs []BulkRecord) error {
	rows := newRows{standards: make([]indexedStandardRow, 0, len(recs)), transitions: make([]transitionRow, 0, 6*len(recs))}
	for _, rec := range recs {
		if err := rows.addStandard(rec.Standard); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
		for _, t := range rec.History {
			rows.transitions = append(rows.transitions, toTransitionRow(t))
		}
	}
	return l.write(&rows)
}

func (l *BulkLoader) write(rows *newRows) error {
	if err := l.load.write(rows); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	return nil
}

// Finish waits for every write, readies the tables for reading
// (statistics, indexes deferred for the load), and enters the records in
// the change feed.
func (l *BulkLoader) Finish() error {
	if err := l.load.finish(); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	// The load's own connections go back first: on PostgreSQL it holds
	// two, and the record takes one more from the same pool, which a
	// pool of two (STDREG_DB_MAX_CONNS=2) would never give.
	l.Close()
	if err := l.record(l.ctx); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	return nil
}

// Close ends the load; after Finish, or after a failure, which leaves what
// was written.
func (l *BulkLoader) Close() { l.closed.Do(l.load.close) }

// CountStandards counts the registered standards, drafts included.
func (s *Store) CountStandards(ctx context.Context) (int, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&standardRow{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count standards: %w", err)
	}
	return int(n), nil
}
