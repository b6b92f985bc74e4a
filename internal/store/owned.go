package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"stdreg/internal/audit"
	"stdreg/internal/fault"
)

// ownedTable is how one kind of record an organization owns (projects,
// pilots, technical bodies) is stored, in rows of type R: what their
// writes share, each in one transaction with its audit event.
type ownedTable[T, R any] struct {
	noun  fault.Message // "project", in messages
	toRow func(T) R
	// read is a stored row as a record (a project's standards read too).
	read func(tx *gorm.DB, row R) (T, error)
	// translate turns the database's refusal of a write of rec (a
	// foreign key, a unique code) into the client's problem.
	translate func(s *Store, err error, rec T) error
	// children writes what goes with the row (a project's list of
	// standards); nil when nothing does.
	children func(s *Store, tx *gorm.DB, rec T) error
	// marks reads a record's id, creation and version; keep gives a
	// change's next state those of current, the version one higher.
	marks func(T) (id string, created time.Time, version int64)
	keep  func(next *T, id string, created time.Time, version int64)
}

// createOwned inserts a prepared record, what goes with it, and its event.
func createOwned[T, R any](s *Store, ctx context.Context, t ownedTable[T, R], rec T, ev audit.Event) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := t.toRow(rec)
		if err := tx.Create(&row).Error; err != nil {
			return t.translate(s, err, rec)
		}
		if t.children != nil {
			if err := t.children(s, tx, rec); err != nil {
				return err
			}
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		id, _, _ := t.marks(rec)
		return fmt.Errorf("create %s %s: %w", t.noun, id, err)
	}
	return nil
}

// getOwned loads one record.
func getOwned[T, R any](s *Store, ctx context.Context, t ownedTable[T, R], id string) (T, error) {
	db := s.db.WithContext(ctx)
	var row R
	if err := db.Where("id = ?", id).Take(&row).Error; err != nil {
		var zero T
		return zero, fmt.Errorf("load %s %s: %w", t.noun, id, notFound(err, t.noun, id))
	}
	rec, err := t.read(db, row)
	if err != nil {
		return rec, fmt.Errorf("load %s %s: %w", t.noun, id, err)
	}
	return rec, nil
}

// updateOwned changes a record in one transaction, as UpdateStandard
// does: it locks the row, gives change the current state, and writes the
// next over the version it read, with what goes with it and its event.
func updateOwned[T, R any](s *Store, ctx context.Context, t ownedTable[T, R], id string, change func(current T) (T, audit.Event, error)) (T, error) {
	var next T
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[R](s, tx, t.noun, id)
		if err != nil {
			return err
		}
		current, err := t.read(tx, row)
		if err != nil {
			return err
		}
		var ev audit.Event
		if next, ev, err = change(current); err != nil {
			return err
		}
		currentID, created, version := t.marks(current)
		t.keep(&next, currentID, created, version+1)
		updated := t.toRow(next)
		if err := overwrite(tx, t.noun, id, version, &updated); err != nil {
			return t.translate(s, err, next)
		}
		if t.children != nil {
			if err := t.children(s, tx, next); err != nil {
				return err
			}
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		var zero T
		return zero, fmt.Errorf("update %s %s: %w", t.noun, id, err)
	}
	return next, nil
}

// deleteOwned deletes a record if allow lets it, told of the transaction
// so that it may count what names the record; before removes what goes
// with the row (nil: nothing).
func deleteOwned[T, R any](s *Store, ctx context.Context, t ownedTable[T, R], id string, allow func(tx *gorm.DB, current T) (audit.Event, error), before func(tx *gorm.DB) error) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[R](s, tx, t.noun, id)
		if err != nil {
			return err
		}
		current, err := t.read(tx, row)
		if err != nil {
			return err
		}
		ev, err := allow(tx, current)
		if err != nil {
			return err
		}
		if before != nil {
			if err := before(tx); err != nil {
				return err
			}
		}
		if err := tx.Where("id = ?", id).Delete(new(R)).Error; err != nil {
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("delete %s %s: %w", t.noun, id, err)
	}
	return nil
}
