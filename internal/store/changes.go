package store

import (
	"context"
	"database/sql"
)

// changeSource tells how far the data that reads of standards depend on
// (standards, their ICS classes and designations, organizations) has
// changed: a generation that moves with every committed change, whichever
// process made it.
type changeSource interface {
	generation(ctx context.Context) (uint64, bool)
	close()
}

// Generation is the change generation of the registry's standards and
// organizations: it differs from an earlier reading whenever a change to
// them has committed (in any process) and been signalled since. ok is false
// when the store cannot vouch for that right now (PostgreSQL's listener is
// not connected, or the counter could not be read): callers must then not
// trust anything they remembered.
//
// Read the generation before reading the data it stands for: a change
// committing in between then makes what was read look stale, never fresh.
func (s *Store) Generation(ctx context.Context) (gen uint64, ok bool) {
	return s.changes.generation(ctx)
}

// sqliteChanges reads the counter the triggers keep. It is bumped in the
// writing transaction, so once a change is visible to this process's
// reads, so is its bump; another process's `stdreg import` counts too.
type sqliteChanges struct{ db *sql.DB }

func (c sqliteChanges) generation(ctx context.Context) (uint64, bool) {
	var n int64
	if err := c.db.QueryRowContext(ctx, "SELECT n FROM data_changes WHERE id = 1").Scan(&n); err != nil {
		return 0, false // not migrated yet, or the file is unreadable: vouch for nothing
	}
	return uint64(n), true
}

func (sqliteChanges) close() {}
