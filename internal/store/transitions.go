package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// transitionRow is the standard_transitions table.
type transitionRow struct {
	ID         string `gorm:"primaryKey;type:uuid"`
	StandardID string `gorm:"type:uuid"`
	FromStage  *string
	ToStage    string
	OccurredOn dbDate
	RecordedAt time.Time
	KeyID      *string `gorm:"type:uuid"`
	Actor      string
	Note       string
}

func (transitionRow) TableName() string { return "standard_transitions" }

func toTransitionRow(t standard.Transition) transitionRow {
	return transitionRow{
		ID: t.ID, StandardID: t.StandardID, FromStage: nullable(string(t.From)), ToStage: string(t.To),
		OccurredOn: dbDate{t.OccurredOn}, RecordedAt: t.RecordedAt.UTC(), KeyID: nullable(t.KeyID), Actor: t.Actor, Note: t.Note,
	}
}

func toTransition(r transitionRow) standard.Transition {
	return standard.Transition{
		ID: r.ID, StandardID: r.StandardID, From: standard.Stage(deref(r.FromStage)), To: standard.Stage(r.ToStage),
		OccurredOn: r.OccurredOn.Date, RecordedAt: r.RecordedAt.UTC(), KeyID: deref(r.KeyID), Actor: r.Actor, Note: r.Note,
	}
}

// ListTransitions returns a standard's history in the order it was recorded,
// which is also the order of the days (a move is never dated before the one
// it follows).
func (s *Store) ListTransitions(ctx context.Context, standardID string) ([]standard.Transition, error) {
	var rows []transitionRow
	if err := s.db.WithContext(ctx).Where("standard_id = ?", standardID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load history of standard %s: %w", standardID, err)
	}
	out := make([]standard.Transition, len(rows))
	for i, r := range rows {
		out[i] = toTransition(r)
	}
	return out, nil
}

// MoveStandard moves a standard to another stage in one transaction: it
// locks the row, gives move the current state and the day of the last dated
// move, and writes the new state (next version), the move and its audit
// event together. Two moves of one standard at once are serialized by the
// lock, so the second sees the first's result.
func (s *Store) MoveStandard(ctx context.Context, id string, move func(current standard.Standard, lastMove standard.Date) (standard.Standard, standard.Transition, audit.Event, error)) (standard.Standard, standard.Transition, error) {
	var (
		next standard.Standard
		tr   standard.Transition
	)
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		current, err := s.loadStandard(tx, true, "id = ?", id)
		if err != nil {
			return notFound(err, fault.Msg("standard"), id)
		}
		var last struct{ Day dbDate }
		if err := tx.Model(&transitionRow{}).Select("MAX(occurred_on) AS day").Where("standard_id = ?", id).Scan(&last).Error; err != nil {
			return fmt.Errorf("last move: %w", err)
		}
		var ev audit.Event
		if next, tr, ev, err = move(current, last.Day.Date); err != nil {
			return err
		}
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version+1
		was, _, _, err := toStandardRows(current)
		if err != nil {
			return err
		}
		row, _, _, err := toStandardRows(next)
		if err != nil {
			return err
		}
		// The row's columns the move changed: its stage and days, the
		// cycle figures, the version. A move changes no list and no text
		// that is searched, so the child rows and the index stay.
		changed, err := changedColumns(ctx, tx, was, row)
		if err != nil {
			return err
		}
		res := tx.Model(&standardRow{}).Where("id = ? AND version = ?", id, current.Version).
			Select(changed).Updates(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return fault.Errorf(fault.CodePreconditionFailed, "standard %s was changed by another request", id)
		}
		trRow := toTransitionRow(tr)
		if err := tx.Create(&trRow).Error; err != nil {
			return err
		}
		if err := appendEvent(tx, ev); err != nil {
			return err
		}
		return s.commitChanges(tx, standardChange(ev, &current, &next))
	})
	if err != nil {
		return standard.Standard{}, standard.Transition{}, fmt.Errorf("move standard %s: %w", id, err)
	}
	return next, tr, nil
}

// backfillCycleFacts computes the months of rows that have the days but
// not yet the figures (rows written before the figures existed). It does
// nothing once every row has them.
func (s *Store) backfillCycleFacts(ctx context.Context) error {
	for {
		var rows []standardRow
		err := s.db.WithContext(ctx).
			Where("approved_on IS NOT NULL AND ((published_on IS NOT NULL AND months_to_publication IS NULL) OR (submitted_on IS NOT NULL AND months_to_approval IS NULL))").
			Limit(1000).Find(&rows).Error
		if err != nil {
			return fmt.Errorf("backfill cycle figures: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		for _, r := range rows {
			err := s.db.WithContext(ctx).Model(&standardRow{}).Where("id = ?", r.ID).Updates(map[string]any{
				"months_to_publication": monthsBetween(r.ApprovedOn.Date, r.PublishedOn.Date),
				"months_to_approval":    monthsBetween(r.ApprovedOn.Date, r.SubmittedOn.Date),
			}).Error
			if err != nil {
				return fmt.Errorf("backfill cycle figures of %s: %w", r.ID, err)
			}
		}
	}
}

// CorrectStandard corrects a registered day of a standard in one
// transaction: it locks the row, gives correct the current state and its
// history, and writes the corrected move (if any), the standard with the
// days that follow from it (next version) and the audit event together.
// In the change feed it is an update.
func (s *Store) CorrectStandard(ctx context.Context, id string, correct func(current standard.Standard, history []standard.Transition) (standard.Standard, *standard.Transition, audit.Event, error)) (standard.Standard, error) {
	var next standard.Standard
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		current, err := s.loadStandard(tx, true, "id = ?", id)
		if err != nil {
			return notFound(err, fault.Msg("standard"), id)
		}
		var rows []transitionRow
		if err := tx.Where("standard_id = ?", id).Order("id").Find(&rows).Error; err != nil {
			return fmt.Errorf("load history of standard %s: %w", id, err)
		}
		history := make([]standard.Transition, len(rows))
		for i, r := range rows {
			history[i] = toTransition(r)
		}
		var corrected *standard.Transition
		var ev audit.Event
		if next, corrected, ev, err = correct(current, history); err != nil {
			return err
		}
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version+1
		if corrected != nil {
			res := tx.Model(&transitionRow{}).Where("id = ? AND standard_id = ?", corrected.ID, id).
				Update("occurred_on", dbDate{corrected.OccurredOn})
			if res.Error != nil {
				return fmt.Errorf("correct move %s: %w", corrected.ID, res.Error)
			}
		}
		if err := s.rewriteStandard(tx, next, current.Version, ev); err != nil {
			return err
		}
		change := standardChange(ev, &current, &next)
		change.Action = "update"
		return s.commitChanges(tx, change)
	})
	if err != nil {
		return standard.Standard{}, fmt.Errorf("correct standard %s: %w", id, err)
	}
	return next, nil
}
