package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// pgLoad loads with COPY on two sessions of its own: one copies the
// organizations and standards of a batch while the other copies the child
// rows (ICS classes, designations, histories) of the batch before, which
// refer to standards already committed.
//
// When the role may (a superuser), both sessions set
// session_replication_role = replica, which skips the per-row foreign-key
// triggers, the largest cost of loading the histories; finish then checks
// every reference with one set-based query instead.
type pgLoad struct {
	ctx            context.Context
	d              postgresDialect
	db             *gorm.DB
	main, children *sql.Conn
	triggersOff    bool

	// copying reports the end of the COPY of the last batch's standards,
	// which runs while the next batch is made (nil when none runs).
	copying chan error

	pending chan *newRows // child rows of copied standards
	done    chan struct{} // closed when the children's copier has stopped

	mu  sync.Mutex
	err error // the children's copier's failure

	// deferred are the definitions of the standards' text indexes, dropped
	// for the load and built again at its end (see deferTextIndexes).
	deferred []string
}

func (d postgresDialect) bulkLoader(ctx context.Context, db *gorm.DB) (bulkLoad, error) {
	pool, err := db.DB()
	if err != nil {
		return nil, err
	}
	l := &pgLoad{ctx: ctx, d: d, db: db}
	for _, c := range []**sql.Conn{&l.main, &l.children} {
		if *c, err = pool.Conn(ctx); err != nil {
			l.close()
			return nil, fmt.Errorf("take a connection: %w", err)
		}
	}
	l.triggersOff = true
	for _, c := range []*sql.Conn{l.main, l.children} {
		if _, err := c.ExecContext(ctx, "SET session_replication_role = replica"); err != nil {
			l.triggersOff = false // not a superuser: keep the triggers
		}
	}
	if !l.triggersOff {
		for _, c := range []*sql.Conn{l.main, l.children} {
			if _, err := c.ExecContext(ctx, "SET session_replication_role = DEFAULT"); err != nil {
				l.close()
				return nil, fmt.Errorf("reset session_replication_role: %w", err)
			}
		}
	}
	if err := l.deferTextIndexes(); err != nil {
		l.close()
		return nil, err
	}
	l.pending, l.done = make(chan *newRows, 1), make(chan struct{})
	go func() {
		defer close(l.done)
		for r := range l.pending {
			if l.failure() != nil {
				continue // drain after a failure
			}
			if err := d.insertNew(bulkTx{tx: db, conn: l.children}, r); err != nil {
				l.fail(err)
			}
		}
	}()
	return l, nil
}

func (l *pgLoad) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.err = err
}

func (l *pgLoad) failure() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// write copies a batch's organizations and standards, in a transaction of
// their own, and hands its child rows to the other session, which copies
// them once the standards they refer to are committed. The COPY runs while
// the caller makes the next batch (its search documents are most of that
// work), and is waited for before the next COPY starts.
func (l *pgLoad) write(r *newRows) error {
	if err := l.failure(); err != nil {
		return err
	}
	if err := l.waitCopy(); err != nil {
		return err
	}
	parents := &newRows{organizations: r.organizations, standards: r.standards}
	children := &newRows{ics: r.ics, replaces: r.replaces, designations: r.designations, transitions: r.transitions, events: r.events}
	done := make(chan error, 1)
	l.copying = done
	go func() {
		err := l.d.insertNew(bulkTx{tx: l.db, conn: l.main}, parents)
		if err == nil {
			l.pending <- children
		}
		done <- err
	}()
	return nil
}

// waitCopy waits for the COPY of the last batch's standards, if one runs,
// and returns its failure.
func (l *pgLoad) waitCopy() error {
	if l.copying == nil {
		return nil
	}
	err := <-l.copying
	l.copying = nil
	return err
}

// stopChildren waits for the child rows handed over so far to be copied.
func (l *pgLoad) stopChildren() {
	if l.pending != nil {
		close(l.pending)
		<-l.done
		l.pending = nil
	}
}

// finish waits for the last child rows, checks the references when the
// triggers were off, lays the standards out by id, builds the text
// indexes, and vacuums and analyzes the tables, which bulk loading leaves
// without statistics.
func (l *pgLoad) finish() error {
	if err := l.waitCopy(); err != nil {
		return err
	}
	l.stopChildren()
	if err := l.failure(); err != nil {
		return err
	}
	if l.triggersOff {
		var orphans int
		err := l.main.QueryRowContext(l.ctx, `SELECT
			(SELECT count(*) FROM standard_transitions t WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = t.standard_id)) +
			(SELECT count(*) FROM standard_ics i WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = i.standard_id)) +
			(SELECT count(*) FROM standard_replaces r WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = r.standard_id)) +
			(SELECT count(*) FROM standard_designations d WHERE NOT EXISTS (SELECT 1 FROM standards s WHERE s.id = d.standard_id)) +
			(SELECT count(*) FROM standards s WHERE s.organization_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = s.organization_id))`).Scan(&orphans)
		if err != nil {
			return fmt.Errorf("check references: %w", err)
		}
		if orphans > 0 {
			return fmt.Errorf("%d rows refer to records that do not exist", orphans)
		}
		// Nor did the triggers count the drafting cycles (cycle_months).
		err = recountCycleMonths(l.ctx, func(ctx context.Context, query string, args ...any) error {
			_, err := l.main.ExecContext(ctx, query, args...)
			return err
		})
		if err != nil {
			return err
		}
	}
	if err := l.layOutByID(); err != nil {
		return err
	}
	if err := l.buildTextIndexes(l.ctx); err != nil {
		return err
	}
	// VACUUM as well: it sets the visibility map, without which no
	// index-only scan avoids the heap, and the hint bits, which the first
	// reads would otherwise write (autovacuum may be off, or not yet run).
	for _, table := range []string{"organizations", "standards", "standard_ics", "standard_replaces", "standard_designations", "standard_transitions"} {
		if _, err := l.main.ExecContext(l.ctx, "VACUUM (ANALYZE) "+table); err != nil {
			return fmt.Errorf("vacuum and analyze %s: %w", table, err)
		}
	}
	return nil
}

// layOutByID rewrites the standards in the order of their ids. A registry
// that grew over time lies on disk in the order its standards were
// registered, which is its ids' order (UUIDv7 of the registration), and a
// registry imported from a catalogue gets new ids in the file's order; a
// generated one was written in random order of registration, each row a
// page apart from its neighbours by id. A search walks ids in order, so on
// the generated layout each row it tests was a page of its own, which no
// registry in use pays. Run before the text indexes are built again (the
// rewrite rebuilds every index of the table).
func (l *pgLoad) layOutByID() error {
	if _, err := l.main.ExecContext(l.ctx, "CLUSTER standards USING standards_pkey"); err != nil {
		return fmt.Errorf("lay out the standards by id: %w", err)
	}
	return nil
}

// close stops the copying, builds again the indexes a failed load left
// dropped, and closes the two sessions: their settings changed, so they
// do not go back to the pool.
func (l *pgLoad) close() {
	_ = l.waitCopy()
	l.stopChildren()
	// A load that failed midway still leaves its database with every
	// index; the load's own error is the one its caller reports.
	_ = l.buildTextIndexes(context.Background())
	for _, c := range []*sql.Conn{l.main, l.children} {
		if c != nil {
			_ = c.Raw(func(any) error { return driver.ErrBadConn }) // discards the session
			_ = c.Close()
		}
	}
}

// deferTextIndexes drops the GIN indexes of the standards' search tokens
// for the load, keeping their definitions as the database states them (so
// nothing here repeats the migrations): one build of each over the loaded
// table costs less than keeping it up to date row by row.
func (l *pgLoad) deferTextIndexes() error {
	rows, err := l.main.QueryContext(l.ctx, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'standards' AND indexdef LIKE '% USING gin %'")
	if err != nil {
		return fmt.Errorf("find the text indexes: %w", err)
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return fmt.Errorf("find the text indexes: %w", err)
		}
		names, l.deferred = append(names, name), append(l.deferred, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find the text indexes: %w", err)
	}
	for _, name := range names {
		if _, err := l.main.ExecContext(l.ctx, "DROP INDEX "+pgx.Identifier{name}.Sanitize()); err != nil {
			return fmt.Errorf("drop index %s for the load: %w", name, err)
		}
	}
	return nil
}

// buildTextIndexes builds again the indexes deferTextIndexes dropped.
func (l *pgLoad) buildTextIndexes(ctx context.Context) error {
	if len(l.deferred) == 0 {
		return nil
	}
	if _, err := l.main.ExecContext(ctx, "SET maintenance_work_mem = '256MB'"); err != nil {
		return err
	}
	for len(l.deferred) > 0 {
		if _, err := l.main.ExecContext(ctx, l.deferred[0]); err != nil {
			return fmt.Errorf("build index (%s): %w", l.deferred[0], err)
		}
		l.deferred = l.deferred[1:]
	}
	return nil
}
