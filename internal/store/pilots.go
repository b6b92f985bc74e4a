package store

import (
	"context"
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

// pilotTable stores pilots.
var pilotTable = ownedTable[standard.Pilot, pilotRow]{
	noun:  fault.Msg("pilot"),
	toRow: toPilotRow,
	read:  func(_ *gorm.DB, r pilotRow) (standard.Pilot, error) { return toPilot(r), nil },
	translate: func(s *Store, err error, p standard.Pilot) error {
		return s.translateOwnedWrite(err, "organization_id", p.OrganizationID)
	},
	marks: func(p standard.Pilot) (string, time.Time, int64) { return p.ID, p.CreatedAt, p.Version },
	keep: func(p *standard.Pilot, id string, created time.Time, version int64) {
		p.ID, p.CreatedAt, p.Version = id, created, version
	},
}

// CreatePilot inserts a prepared pilot and its audit event.
func (s *Store) CreatePilot(ctx context.Context, p standard.Pilot, ev audit.Event) error {
	return createOwned(s, ctx, pilotTable, p, ev)
}

// GetPilot loads one pilot.
func (s *Store) GetPilot(ctx context.Context, id string) (standard.Pilot, error) {
	return getOwned(s, ctx, pilotTable, id)
}

// UpdatePilot changes a pilot in one transaction, as UpdateStandard does.
func (s *Store) UpdatePilot(ctx context.Context, id string, change func(current standard.Pilot) (standard.Pilot, audit.Event, error)) (standard.Pilot, error) {
	return updateOwned(s, ctx, pilotTable, id, change)
}

// DeletePilot deletes a pilot if allow lets it.
func (s *Store) DeletePilot(ctx context.Context, id string, allow func(current standard.Pilot) (audit.Event, error)) error {
	return deleteOwned(s, ctx, pilotTable, id, func(_ *gorm.DB, current standard.Pilot) (audit.Event, error) { return allow(current) }, nil)
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
