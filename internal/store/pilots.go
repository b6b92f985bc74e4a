package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

type pilotRow struct {
	ID             string `gorm:"primaryKey;type:uuid"`
	Name           string
	Kind           string
	Level          string
	Region         string
	OrganizationID *string `gorm:"type:uuid"`
	ApprovedOn     dbDate
	AcceptedOn     dbDate
	Status         string
	CreatedAt      time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt      time.Time `gorm:"autoUpdateTime:false"`
	Version        int64
}

func (pilotRow) TableName() string { return "pilots" }

func toPilotRow(p standard.Pilot) pilotRow {
	return pilotRow{
		ID: p.ID, Name: p.Name, Kind: string(p.Kind), Level: string(p.Level), Region: p.Region, OrganizationID: nullable(p.OrganizationID),
		ApprovedOn: dbDate{p.ApprovedOn}, AcceptedOn: dbDate{p.AcceptedOn}, Status: string(p.Status),
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Version: p.Version,
	}
}

func toPilot(r pilotRow) standard.Pilot {
	return standard.Pilot{
		ID: r.ID, Name: r.Name, Kind: standard.PilotKind(r.Kind), Level: standard.PilotLevel(r.Level), Region: r.Region,
		OrganizationID: deref(r.OrganizationID), ApprovedOn: r.ApprovedOn.Date, AcceptedOn: r.AcceptedOn.Date, Status: standard.PilotStatus(r.Status),
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version,
	}
}

// CreatePilot inserts a prepared pilot and its audit event.
func (s *Store) CreatePilot(ctx context.Context, p standard.Pilot, ev audit.Event) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := toPilotRow(p)
		if err := tx.Create(&row).Error; err != nil {
			return s.translateOwnedWrite(err, "organization_id", p.OrganizationID)
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("create pilot %s: %w", p.ID, err)
	}
	return nil
}

// GetPilot loads one pilot.
func (s *Store) GetPilot(ctx context.Context, id string) (standard.Pilot, error) {
	var row pilotRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return standard.Pilot{}, fmt.Errorf("load pilot %s: %w", id, notFound(err, fault.Msg("pilot"), id))
	}
	return toPilot(row), nil
}

// UpdatePilot changes a pilot in one transaction, as UpdateStandard does.
func (s *Store) UpdatePilot(ctx context.Context, id string, change func(current standard.Pilot) (standard.Pilot, audit.Event, error)) (standard.Pilot, error) {
	var next standard.Pilot
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[pilotRow](s, tx, fault.Msg("pilot"), id)
		if err != nil {
			return err
		}
		current := toPilot(row)
		var ev audit.Event
		if next, ev, err = change(current); err != nil {
			return err
		}
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version+1
		updated := toPilotRow(next)
		if err := overwrite(tx, fault.Msg("pilot"), id, current.Version, &updated); err != nil {
			return s.translateOwnedWrite(err, "organization_id", next.OrganizationID)
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return standard.Pilot{}, fmt.Errorf("update pilot %s: %w", id, err)
	}
	return next, nil
}

// DeletePilot deletes a pilot if allow lets it.
func (s *Store) DeletePilot(ctx context.Context, id string, allow func(current standard.Pilot) (audit.Event, error)) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[pilotRow](s, tx, fault.Msg("pilot"), id)
		if err != nil {
			return err
		}
		ev, err := allow(toPilot(row))
		if err != nil {
			return err
		}
		if err := tx.Delete(&pilotRow{ID: id}).Error; err != nil {
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("delete pilot %s: %w", id, err)
	}
	return nil
}

// ListPilots returns one page of pilots ordered by name and id.
func (s *Store) ListPilots(ctx context.Context, q standard.PilotQuery) (paging.Page[standard.Pilot], error) {
	query := s.db.WithContext(ctx).Model(&pilotRow{})
	f := q.Filter
	if len(f.Kinds) > 0 {
		query = query.Where("kind IN ?", strs(f.Kinds))
	}
	if len(f.Levels) > 0 {
		query = query.Where("level IN ?", strs(f.Levels))
	}
	if len(f.Statuses) > 0 {
		query = query.Where("status IN ?", strs(f.Statuses))
	}
	if f.Region != "" {
		query = query.Where("region = ?", f.Region)
	}
	if f.OrganizationID != "" {
		query = query.Where("organization_id = ?", f.OrganizationID)
	}
	query = dayRange(query, "approved_on", f.ApprovedFrom, f.ApprovedTo)
	rows, next, err := fetchKeysetPage(query, "name", false, q.After, q.Limit, func(r pilotRow) *paging.Cursor {
		return &paging.Cursor{Value: r.Name, ID: r.ID}
	})
	if err != nil {
		return paging.Page[standard.Pilot]{}, listError("pilots", err)
	}
	return convertPage(rows, next, toPilot), nil
}
