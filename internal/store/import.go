package store

import (
	"context"
	"errors"
	"fmt"

	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
)

// lookupBatch is how many numbers or ids one lookup of an import asks for.
const lookupBatch = 500

// Import runs fn in one transaction with a writer that changes standards in
// bulk; fn's error rolls back everything it wrote. The changes it wrote
// enter the change feed at its commit.
func (s *Store) Import(ctx context.Context, fn func(w registry.ImportWriter) error) error {
	leave, err := s.bulk.enter(ctx, "import")
	if err != nil {
		return err
	}
	defer leave()
	return s.dialect.bulkTransaction(ctx, s.db, func(bt bulkTx) error {
		w := &importWriter{s: s, bt: bt}
		if !bt.pipelined {
			if err := fn(w); err != nil {
				return err
			}
			return w.commit()
		}
		// The writes go through a pipe, and the lookups elsewhere. The
		// lookups then see the standards registered before the import (or
		// committed since), not the import's own: the registry refuses a
		// file's repeats itself, and a number registered meanwhile is
		// caught by its unique index at commit.
		w.pipe = newImportPipe()
		finished := false
		defer func() { // fn panicked: the pipe's writes end before the rollback
			if !finished {
				_ = w.pipe.finish()
			}
		}()
		err := fn(w)
		finished = true
		if failed := w.pipe.finish(); failed != nil {
			return failed // the cause of err, if any
		}
		if err != nil {
			return err
		}
		return w.commit()
	})
}

// importWriter writes within an import's transaction.
type importWriter struct {
	s     *Store
	bt    bulkTx
	pipe  *importPipe // when pipelined: writes run on their own goroutine
	wrote bool        // a change was written: the transaction has a place in the feed
}

// commit stamps the import's transaction with its place in the change
// feed, once every write is done; an import that wrote nothing has none.
func (w *importWriter) commit() error {
	if !w.wrote {
		return nil
	}
	return w.s.dialect.stampCommit(w.bt.tx)
}

// write runs a write, or queues it in the pipe.
func (w *importWriter) write(job func() error) error {
	if w.pipe == nil {
		return job()
	}
	return w.pipe.submit(job)
}

// stopped is the failure of a queued write, which ends the import.
func (w *importWriter) stopped() error {
	if w.pipe == nil {
		return nil
	}
	return w.pipe.failure()
}

// Existing finds the standards with the given normalized numbers or ids, and
// the numberless records with the given Chinese titles.
func (w *importWriter) Existing(codes, ids, numberlessTitles []string) ([]standard.Standard, error) {
	if err := w.stopped(); err != nil {
		return nil, err
	}
	var rows []standardRow
	for _, part := range []struct {
		where string
		args  []string
	}{
		{"normalized_code IN ?", codes},
		{"id IN ?", ids},
		{"normalized_code IS NULL AND title_zh IN ?", numberlessTitles},
	} {
		for chunk := range chunks(part.args, lookupBatch) {
			var found []standardRow
			if err := w.bt.reads.Where(part.where, chunk).Find(&found).Error; err != nil {
				return nil, fmt.Errorf("find registered standards: %w", err)
			}
			rows = append(rows, found...)
		}
	}
	all, err := toStandards(rows)
	if err != nil {
		return nil, fmt.Errorf("find registered standards: %w", err)
	}
	return all, nil
}

// Organizations finds the registered organizations with the given ids,
// credit codes or names.
func (w *importWriter) Organizations(ids, creditCodes, names []string) ([]standard.Organization, error) {
	if err := w.stopped(); err != nil {
		return nil, err
	}
	var out []standard.Organization
	for _, part := range []struct {
		where string
		args  []string
	}{
		{"id IN ?", ids},
		{"credit_code IN ?", creditCodes},
		{"name IN ?", names},
	} {
		for chunk := range chunks(distinct(part.args), lookupBatch) {
			var found []organizationRow
			if err := w.bt.reads.Where(part.where, chunk).Find(&found).Error; err != nil {
				return nil, fmt.Errorf("find organizations: %w", err)
			}
			for _, r := range found {
				out = append(out, toOrganization(r))
			}
		}
	}
	return out, nil
}

// CreateOrganizations inserts new organizations with their audit events
// and changes.
func (w *importWriter) CreateOrganizations(batch []registry.NewOrganization) error {
	if len(batch) == 0 {
		return nil
	}
	rows := newRows{organizations: make([]organizationRow, len(batch)), events: make([]auditRow, len(batch)), changes: make([]changeRow, len(batch))}
	for i, n := range batch {
		rows.organizations[i] = toOrganizationRow(n.Organization)
		rows.events[i] = toAuditRow(n.Event)
		rows.changes[i] = organizationChange(n.Event, n.Organization.Version)
	}
	w.wrote = true
	return w.write(func() error {
		if err := w.s.dialect.insertNew(w.bt, &rows); err != nil {
			return w.s.translateImport(fmt.Errorf("import organizations: %w", err))
		}
		return nil
	})
}

// distinct is s without repeats, in its order.
func distinct(s []string) []string {
	seen := make(map[string]bool, len(s))
	out := s[:0:0]
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Create inserts new standards with their child rows, search index,
// registrations and audit events, many rows per statement.
func (w *importWriter) Create(batch []registry.NewStandard) error {
	if len(batch) == 0 {
		return nil
	}
	rows := newRows{transitions: make([]transitionRow, 0, len(batch)), events: make([]auditRow, 0, len(batch)), changes: make([]changeRow, 0, len(batch))}
	for _, n := range batch {
		if err := rows.addStandard(n.Standard); err != nil {
			return fmt.Errorf("import standard %s: %w", n.Standard.Code, err)
		}
		for _, t := range n.History {
			rows.transitions = append(rows.transitions, toTransitionRow(t))
		}
		rows.events = append(rows.events, toAuditRow(n.Event))
		rows.changes = append(rows.changes, standardChange(n.Event, nil, &n.Standard))
	}
	w.wrote = true
	return w.write(func() error {
		if err := w.s.dialect.insertNew(w.bt, &rows); err != nil {
			return w.s.translateImport(fmt.Errorf("import: %w", err))
		}
		return nil
	})
}

// Update writes a changed standard over the version it was read at, and
// its change.
func (w *importWriter) Update(next standard.Standard, read int64, ev audit.Event) error {
	w.wrote = true
	return w.write(func() error {
		// Who may see the change depends on the state before it too; the
		// row at version read has it (if it has moved on, the rewrite
		// refuses).
		var was standardRow
		if err := w.bt.tx.Select("stage", "organization_id").Where("id = ? AND version = ?", next.ID, read).Limit(1).Find(&was).Error; err != nil {
			return err
		}
		if err := w.s.rewriteStandard(w.bt.tx, next, read, ev); err != nil {
			return err
		}
		before := standard.Standard{Stage: standard.Stage(was.Stage), OrganizationID: deref(was.OrganizationID), Version: read}
		return insertChanges(w.bt.tx, []changeRow{standardChange(ev, &before, &next)})
	})
}

// translateImport turns a constraint violation of a bulk insert into a
// domain conflict: the registry checked numbers and organizations, so one
// means another request registered the same number meanwhile.
func (s *Store) translateImport(err error) error {
	var e *fault.Error
	if errors.As(err, &e) {
		return err
	}
	if kind, columns := s.dialect.violation(err); kind != noViolation {
		conflict := fault.Errorf(fault.CodeConflict, "the import conflicts with a change made meanwhile; run it again")
		if field := apiFieldOf[columns]; field != "" {
			conflict.Fields = []fault.FieldError{fault.Field(field, "another request registered the same %s meanwhile", field)}
		}
		return conflict
	}
	return err
}

// chunks yields s in pieces of at most n.
func chunks[T any](s []T, n int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k]) {
				return
			}
			s = s[k:]
		}
	}
}
