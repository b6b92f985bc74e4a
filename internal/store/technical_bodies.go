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

// CreateTechnicalBody inserts a prepared technical body and its audit event.
func (s *Store) CreateTechnicalBody(ctx context.Context, p standard.TechnicalBody, ev audit.Event) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := toBodyRow(p)
		if err := tx.Create(&row).Error; err != nil {
			return s.translateBodyWrite(err, p)
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("create technical body %s: %w", p.ID, err)
	}
	return nil
}

// GetTechnicalBody loads one technical body.
func (s *Store) GetTechnicalBody(ctx context.Context, id string) (standard.TechnicalBody, error) {
	var row bodyRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return standard.TechnicalBody{}, fmt.Errorf("load technical body %s: %w", id, notFound(err, fault.Msg("technical body"), id))
	}
	return toBody(row), nil
}

// UpdateTechnicalBody changes a technical body in one transaction, as
// UpdateStandard does.
func (s *Store) UpdateTechnicalBody(ctx context.Context, id string, change func(current standard.TechnicalBody) (standard.TechnicalBody, audit.Event, error)) (standard.TechnicalBody, error) {
	var next standard.TechnicalBody
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[bodyRow](s, tx, fault.Msg("technical body"), id)
		if err != nil {
			return err
		}
		current := toBody(row)
		var ev audit.Event
		if next, ev, err = change(current); err != nil {
			return err
		}
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version+1
		updated := toBodyRow(next)
		if err := overwrite(tx, fault.Msg("technical body"), id, current.Version, &updated); err != nil {
			return s.translateBodyWrite(err, next)
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return standard.TechnicalBody{}, fmt.Errorf("update technical body %s: %w", id, err)
	}
	return next, nil
}

// DeleteTechnicalBody deletes a technical body if allow lets it, told how
// many standards name the body's code as their technical committee.
func (s *Store) DeleteTechnicalBody(ctx context.Context, id string, allow func(current standard.TechnicalBody, standards int64) (audit.Event, error)) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[bodyRow](s, tx, fault.Msg("technical body"), id)
		if err != nil {
			return err
		}
		var standards int64
		if err := tx.Model(&standardRow{}).Where("technical_committee = ?", row.Code).Count(&standards).Error; err != nil {
			return err
		}
		ev, err := allow(toBody(row), standards)
		if err != nil {
			return err
		}
		if err := tx.Delete(&bodyRow{ID: id}).Error; err != nil {
			return err
		}
		return appendEvent(tx, ev)
	})
	if err != nil {
		return fmt.Errorf("delete technical body %s: %w", id, err)
	}
	return nil
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
