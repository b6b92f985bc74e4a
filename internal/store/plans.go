package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// planRow is the plans table: a registered plan, its targets as JSON.
type planRow struct {
	ID        string `gorm:"primaryKey;type:uuid"`
	Name      string
	StartsOn  dbDate
	EndsOn    dbDate
	Targets   string
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (planRow) TableName() string { return "plans" }

func toPlanRow(p standard.Plan) (planRow, error) {
	targets, err := json.Marshal(p.Targets)
	if err != nil {
		return planRow{}, err
	}
	return planRow{ID: p.ID, Name: p.Name, StartsOn: dbDate{p.StartsOn}, EndsOn: dbDate{p.EndsOn}, Targets: string(targets), CreatedAt: p.CreatedAt}, nil
}

func toPlan(r planRow) (standard.Plan, error) {
	p := standard.Plan{ID: r.ID, Name: r.Name, StartsOn: r.StartsOn.Date, EndsOn: r.EndsOn.Date, CreatedAt: r.CreatedAt.UTC()}
	if err := json.Unmarshal([]byte(r.Targets), &p.Targets); err != nil {
		return p, fmt.Errorf("plan %s: its targets: %w", r.ID, err)
	}
	return p, nil
}

// CreatePlan stores a plan and its event in one transaction, unless its
// period overlaps a plan's already registered (or one of others, given):
// one plan holds the province to account on any day.
func (s *Store) CreatePlan(ctx context.Context, p standard.Plan, others []standard.Plan, ev audit.Event) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Writers of plans take turns, so two plans registered at once
		// cannot both miss each other.
		if err := s.dialect.takeTurns(tx, "plans"); err != nil {
			return err
		}
		var rows []planRow
		if err := tx.Order("starts_on").Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			other, err := toPlan(r)
			if err != nil {
				return err
			}
			others = append(others, other)
		}
		for _, o := range others {
			if p.Overlaps(o) {
				return fault.Errorf(fault.CodeConflict, "the period %s to %s overlaps plan %s (%s, %s to %s)", p.StartsOn, p.EndsOn, o.ID, o.Name, o.StartsOn, o.EndsOn)
			}
		}
		row, err := toPlanRow(p)
		if err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("create plan %s: %w", p.ID, err)
	}
	return nil
}

// GetPlan loads one registered plan.
func (s *Store) GetPlan(ctx context.Context, id string) (standard.Plan, error) {
	var row planRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return standard.Plan{}, fmt.Errorf("load plan %s: %w", id, notFound(err, fault.Msg("plan"), id))
	}
	return toPlan(row)
}

// ListPlans returns every registered plan, the earliest first.
func (s *Store) ListPlans(ctx context.Context) ([]standard.Plan, error) {
	var rows []planRow
	if err := s.db.WithContext(ctx).Order("starts_on, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	out := make([]standard.Plan, len(rows))
	for i, r := range rows {
		p, err := toPlan(r)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}
