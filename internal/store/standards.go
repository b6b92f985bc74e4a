package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// CreateStandard inserts a prepared standard with its child rows, its
// registration as the first entry of its history, and the audit event, in
// one transaction.
func (s *Store) CreateStandard(ctx context.Context, st standard.Standard, registration standard.Transition, ev audit.Event) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := insertStandard(tx, st); err != nil {
			return err
		}
		if err := s.indexSearch(tx, st); err != nil {
			return err
		}
		first := toTransitionRow(registration)
		if err := tx.Create(&first).Error; err != nil {
			return err
		}
		if err := appendEvent(tx, ev); err != nil {
			return err
		}
		return s.commitChanges(tx, standardChange(ev, nil, &st))
	})
	if err != nil {
		return fmt.Errorf("create standard %s: %w", st.ID, s.translateStandardWrite(err, st))
	}
	return nil
}

func insertStandard(tx *gorm.DB, st standard.Standard) error {
	row, ics, designations, err := toStandardRows(st)
	if err != nil {
		return err
	}
	if err := tx.Create(&row).Error; err != nil {
		return err
	}
	return insertChildren(tx, ics, designations, replacesRowsOf(st))
}

func insertChildren(tx *gorm.DB, ics []icsRow, designations []designationRow, replaces []replacesRow) error {
	if len(replaces) > 0 {
		if err := tx.Create(&replaces).Error; err != nil {
			return err
		}
	}
	if len(ics) > 0 {
		if err := tx.Create(&ics).Error; err != nil {
			return err
		}
	}
	if len(designations) > 0 {
		if err := tx.Create(&designations).Error; err != nil {
			return err
		}
	}
	return nil
}

// GetStandard loads one standard by id, with its ReplacedBy.
func (s *Store) GetStandard(ctx context.Context, id string) (standard.Standard, error) {
	st, err := s.readStandard(ctx, s.reads.byID, id)
	if err != nil {
		return standard.Standard{}, fmt.Errorf("load standard %s: %w", id, notFound(err, fault.Msg("standard"), id))
	}
	return st, nil
}

// GetStandardByCode loads the standard with the normalized number, with
// its ReplacedBy.
func (s *Store) GetStandardByCode(ctx context.Context, normalized string) (standard.Standard, error) {
	st, err := s.readStandard(ctx, s.reads.byCode, normalized)
	if err != nil {
		return standard.Standard{}, fmt.Errorf("look up standard %s: %w", normalized, notFound(err, fault.Msg("standard numbered"), normalized))
	}
	return st, nil
}

// ReplacedBy finds, for each display-form number, the numbers of the
// standards past proposal whose replaces names it, in number order.
func (s *Store) ReplacedBy(ctx context.Context, codes []string) (map[string][]string, error) {
	out := map[string][]string{}
	for chunk := range chunks(distinct(codes), lookupBatch) {
		var rows []struct{ Replaced, Code string }
		err := s.db.WithContext(ctx).Table("standard_replaces r").
			Select("r.code AS replaced, s.code AS code").
			Joins("JOIN standards s ON s.id = r.standard_id").
			Where("r.code IN ? AND s.code IS NOT NULL AND s.stage NOT IN ?", chunk, []string{string(standard.StagePreliminary), string(standard.StageProposal)}).
			Order("s.normalized_code").Scan(&rows).Error
		if err != nil {
			// A scan's failure comes past GORM's Translate: mark it here.
			return nil, fmt.Errorf("find the standards that replace %d numbers: %w", len(chunk), markUnavailable(s.dialect, err))
		}
		for _, r := range rows {
			out[r.Replaced] = append(out[r.Replaced], r.Code)
		}
	}
	return out, nil
}

// GetStandardEditions loads every edition of an undated number: the
// standard numbered undated itself, if any, and those whose normalized
// number begins with editionPrefix ("GB/T 19001-"). The prefix is a range
// on the number's index (its collation is bytewise on both databases),
// so an edition lookup reads a few index entries and their rows, in one
// query.
func (s *Store) GetStandardEditions(ctx context.Context, undated, editionPrefix string) ([]standard.Standard, error) {
	end := editionPrefix[:len(editionPrefix)-1] + string(editionPrefix[len(editionPrefix)-1]+1)
	var rows []standardRow
	err := s.db.WithContext(ctx).
		Where("normalized_code = ? OR (normalized_code >= ? AND normalized_code < ?)", undated, editionPrefix, end).
		Order("normalized_code").Limit(maxEditions).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("find the editions of %s: %w", undated, err)
	}
	editions := make([]standard.Standard, 0, len(rows))
	for _, r := range rows {
		st, err := toStandard(r)
		if err != nil {
			return nil, fmt.Errorf("read edition %s of %s: %w", r.ID, undated, err)
		}
		editions = append(editions, st)
	}
	return editions, nil
}

// maxEditions bounds the editions read for one number; a standard is
// revised every few years, so real numbers have a handful.
const maxEditions = 50

// loadStandard reads one standard; lock takes the row lock of an update.
// db must be a fresh session (s.db.WithContext or a transaction), since
// GORM chains share state otherwise.
func (s *Store) loadStandard(db *gorm.DB, lock bool, where string, arg any) (standard.Standard, error) {
	q := db
	if lock {
		q = s.dialect.lockForUpdate(db)
	}
	var row standardRow
	if err := q.Where(where, arg).Take(&row).Error; err != nil {
		return standard.Standard{}, err
	}
	return toStandard(row)
}

// UpdateStandard changes a standard in one transaction: it locks the row,
// lets change compute the new state and its audit event from the current
// one (change may refuse with a domain error, which aborts everything), and
// writes the result with the next version and the event.
func (s *Store) UpdateStandard(ctx context.Context, id string, change func(current standard.Standard) (standard.Standard, audit.Event, error)) (standard.Standard, error) {
	var next standard.Standard
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		current, err := s.loadStandard(tx, true, "id = ?", id)
		if err != nil {
			return notFound(err, fault.Msg("standard"), id)
		}
		var ev audit.Event
		if next, ev, err = change(current); err != nil {
			return err
		}
		// Identity and version are the store's to keep, whatever change did.
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version+1
		if err := s.rewriteStandard(tx, next, current.Version, ev); err != nil {
			return err
		}
		return s.commitChanges(tx, standardChange(ev, &current, &next))
	})
	if err != nil {
		return standard.Standard{}, fmt.Errorf("update standard %s: %w", id, err)
	}
	return next, nil
}

// rewriteStandard writes next over the row still at version read, with its
// child rows, search index and audit event, in the caller's transaction
// (which records the change in the feed).
func (s *Store) rewriteStandard(tx *gorm.DB, next standard.Standard, read int64, ev audit.Event) error {
	row, ics, designations, err := toStandardRows(next)
	if err != nil {
		return err
	}
	res := tx.Model(&standardRow{}).Where("id = ? AND version = ?", next.ID, read).
		Select("*").Omit("id", "created_at").Updates(&row)
	if res.Error != nil {
		return s.translateStandardWrite(res.Error, next)
	}
	if res.RowsAffected != 1 {
		return fault.Errorf(fault.CodePreconditionFailed, "standard %s was changed by another request", next.ID)
	}
	if err := tx.Where("standard_id = ?", next.ID).Delete(&icsRow{}).Error; err != nil {
		return err
	}
	if err := tx.Where("standard_id = ?", next.ID).Delete(&designationRow{}).Error; err != nil {
		return err
	}
	if err := tx.Where("standard_id = ?", next.ID).Delete(&replacesRow{}).Error; err != nil {
		return err
	}
	if err := insertChildren(tx, ics, designations, replacesRowsOf(next)); err != nil {
		return err
	}
	if err := s.indexSearch(tx, next); err != nil {
		return err
	}
	return appendEvent(tx, ev)
}

// DeleteStandard deletes a standard if allow, given its current state, lets
// it, and records the event allow returns.
func (s *Store) DeleteStandard(ctx context.Context, id string, allow func(current standard.Standard) (audit.Event, error)) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		current, err := s.loadStandard(tx, true, "id = ?", id)
		if err != nil {
			return notFound(err, fault.Msg("standard"), id)
		}
		ev, err := allow(current)
		if err != nil {
			return err
		}
		if err := s.dialect.unindexSearch(tx, id); err != nil {
			return err
		}
		if err := tx.Delete(&standardRow{ID: id}).Error; err != nil {
			if kind, _ := s.dialect.violation(err); kind == foreignKeyViolation {
				return fault.Errorf(fault.CodeConflict, "standard %s is named by a science and technology project; remove it from the project's standard_ids first", id)
			}
			return err
		}
		if err := appendEvent(tx, ev); err != nil {
			return err
		}
		return s.commitChanges(tx, standardChange(ev, &current, nil))
	})
	if err != nil {
		return fmt.Errorf("delete standard %s: %w", id, err)
	}
	return nil
}
