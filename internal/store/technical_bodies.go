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

type bodyRow struct {
	ID                        string `gorm:"primaryKey;type:uuid"`
	Code                      string
	Name                      string
	Level                     string
	SecretariatOrganizationID string `gorm:"type:uuid"`
	SettledOn                 dbDate
	CreatedAt                 time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt                 time.Time `gorm:"autoUpdateTime:false"`
	Version                   int64
}

func (bodyRow) TableName() string { return "technical_bodies" }

func toBodyRow(b standard.TechnicalBody) bodyRow {
	return bodyRow{
		ID: b.ID, Code: b.Code, Name: b.Name, Level: string(b.Level), SecretariatOrganizationID: b.SecretariatOrganizationID,
		SettledOn: dbDate{b.SettledOn}, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt, Version: b.Version,
	}
}

func toBody(r bodyRow) standard.TechnicalBody {
	return standard.TechnicalBody{
		ID: r.ID, Code: r.Code, Name: r.Name, Level: standard.BodyLevel(r.Level), SecretariatOrganizationID: r.SecretariatOrganizationID,
		SettledOn: r.SettledOn.Date, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Version: r.Version,
	}
}

// translateBodyWrite: a code is registered once, and the secretariat
// must exist.
func (s *Store) translateBodyWrite(err error, b standard.TechnicalBody) error {
	if kind, _ := s.dialect.violation(err); kind == uniqueViolation {
		return fault.Errorf(fault.CodeConflict, "a technical body with code %s is already registered", b.Code)
	}
	return s.translateOwnedWrite(err, "secretariat_organization_id", b.SecretariatOrganizationID)
}

// bodyTable stores technical bodies.
var bodyTable = ownedTable[standard.TechnicalBody, bodyRow]{
	noun:      fault.Msg("technical body"),
	toRow:     toBodyRow,
	read:      func(_ *gorm.DB, r bodyRow) (standard.TechnicalBody, error) { return toBody(r), nil },
	translate: (*Store).translateBodyWrite,
	marks:     func(b standard.TechnicalBody) (string, time.Time, int64) { return b.ID, b.CreatedAt, b.Version },
	keep: func(b *standard.TechnicalBody, id string, created time.Time, version int64) {
		b.ID, b.CreatedAt, b.Version = id, created, version
	},
}

// CreateTechnicalBody inserts a prepared technical body and its audit event.
func (s *Store) CreateTechnicalBody(ctx context.Context, p standard.TechnicalBody, ev audit.Event) error {
	return createOwned(s, ctx, bodyTable, p, ev)
}

// GetTechnicalBody loads one technical body.
func (s *Store) GetTechnicalBody(ctx context.Context, id string) (standard.TechnicalBody, error) {
	return getOwned(s, ctx, bodyTable, id)
}

// UpdateTechnicalBody changes a technical body in one transaction, as
// UpdateStandard does.
func (s *Store) UpdateTechnicalBody(ctx context.Context, id string, change func(current standard.TechnicalBody) (standard.TechnicalBody, audit.Event, error)) (standard.TechnicalBody, error) {
	return updateOwned(s, ctx, bodyTable, id, change)
}

// DeleteTechnicalBody deletes a technical body if allow lets it, told how
// many standards name the body's code as their technical committee.
func (s *Store) DeleteTechnicalBody(ctx context.Context, id string, allow func(current standard.TechnicalBody, standards int64) (audit.Event, error)) error {
	return deleteOwned(s, ctx, bodyTable, id, func(tx *gorm.DB, current standard.TechnicalBody) (audit.Event, error) {
		var standards int64
		if err := tx.Model(&standardRow{}).Where("technical_committee = ?", current.Code).Count(&standards).Error; err != nil {
			return audit.Event{}, err
		}
		return allow(current, standards)
	}, nil)
}

// ListTechnicalBodies returns one page of technical bodies ordered by code
// and id.
func (s *Store) ListTechnicalBodies(ctx context.Context, q standard.TechnicalBodyQuery) (paging.Page[standard.TechnicalBody], error) {
	query := s.db.WithContext(ctx).Model(&bodyRow{})
	f := q.Filter
	if len(f.Levels) > 0 {
		query = query.Where("level IN ?", strs(f.Levels))
	}
	if f.SecretariatOrganizationID != "" {
		query = query.Where("secretariat_organization_id = ?", f.SecretariatOrganizationID)
	}
	query = dayRange(query, "settled_on", f.SettledFrom, f.SettledTo)
	rows, next, err := fetchKeysetPage(query, "code", false, q.After, q.Limit, func(r bodyRow) *paging.Cursor {
		return &paging.Cursor{Value: r.Code, ID: r.ID}
	})
	if err != nil {
		return paging.Page[standard.TechnicalBody]{}, listError("technical bodies", err)
	}
	return convertPage(rows, next, toBody), nil
}
