package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// CreateOrganization inserts a prepared organization and its audit event.
func (s *Store) CreateOrganization(ctx context.Context, o standard.Organization, ev audit.Event) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := toOrganizationRow(o)
		if err := tx.Create(&row).Error; err != nil {
			return s.translateOrganizationWrite(err, o)
		}
		if err := appendEvent(tx, ev); err != nil {
			return err
		}
		return s.commitChanges(tx, organizationChange(ev, o.Version))
	})
	if err != nil {
		return fmt.Errorf("create organization %s: %w", o.ID, err)
	}
	return nil
}

// GetOrganization loads one organization.
func (s *Store) GetOrganization(ctx context.Context, id string) (standard.Organization, error) {
	var row organizationRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		return standard.Organization{}, fmt.Errorf("load organization %s: %w", id, notFound(err, fault.Msg("organization"), id))
	}
	return toOrganization(row), nil
}

// GetOrganizations loads the organizations with these ids, in one query;
// ids that name none are left out.
func (s *Store) GetOrganizations(ctx context.Context, ids []string) ([]standard.Organization, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []organizationRow
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load %d organizations: %w", len(ids), err)
	}
	out := make([]standard.Organization, len(rows))
	for i, r := range rows {
		out[i] = toOrganization(r)
	}
	return out, nil
}

// UpdateOrganization changes an organization in one transaction, as
// UpdateStandard does.
func (s *Store) UpdateOrganization(ctx context.Context, id string, change func(current standard.Organization) (standard.Organization, audit.Event, error)) (standard.Organization, error) {
	var next standard.Organization
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[organizationRow](s, tx, fault.Msg("organization"), id)
		if err != nil {
			return err
		}
		current := toOrganization(row)
		var ev audit.Event
		if next, ev, err = change(current); err != nil {
			return err
		}
		// Identity and version are the store's to keep, whatever change did.
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version+1
		updated := toOrganizationRow(next)
		if err := overwrite(tx, fault.Msg("organization"), id, current.Version, &updated); err != nil {
			return s.translateOrganizationWrite(err, next)
		}
		if err := appendEvent(tx, ev); err != nil {
			return err
		}
		return s.commitChanges(tx, organizationChange(ev, next.Version))
	})
	if err != nil {
		return standard.Organization{}, fmt.Errorf("update organization %s: %w", id, err)
	}
	return next, nil
}

// DeleteOrganization deletes an organization if allow lets it and no
// standard refers to it (the foreign key refuses, which is a conflict).
func (s *Store) DeleteOrganization(ctx context.Context, id string, allow func(current standard.Organization) (audit.Event, error)) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row, err := lockRow[organizationRow](s, tx, fault.Msg("organization"), id)
		if err != nil {
			return err
		}
		ev, err := allow(toOrganization(row))
		if err != nil {
			return err
		}
		if err := tx.Delete(&organizationRow{ID: id}).Error; err != nil {
			if kind, _ := s.dialect.violation(err); kind == foreignKeyViolation {
				return fault.Errorf(fault.CodeConflict, "organization %s still owns standards, API keys, projects, pilots or technical bodies; reassign them first", id)
			}
			return err
		}
		if err := appendEvent(tx, ev); err != nil {
			return err
		}
		return s.commitChanges(tx, organizationChange(ev, row.Version+1))
	})
	if err != nil {
		return fmt.Errorf("delete organization %s: %w", id, err)
	}
	return nil
}

// ListOrganizations returns one page of organizations ordered by name and id.
func (s *Store) ListOrganizations(ctx context.Context, q standard.OrganizationQuery) (paging.Page[standard.Organization], error) {
	db := s.db.WithContext(ctx).Model(&organizationRow{})
	if q.Filter.Kind != "" {
		db = db.Where("kind = ?", string(q.Filter.Kind))
	}
	if q.Filter.Region != "" {
		db = db.Where("region = ?", q.Filter.Region)
	}
	rows, next, err := fetchKeysetPage(db, "name", false, q.After, q.Limit, func(r organizationRow) *paging.Cursor {
		return &paging.Cursor{Value: r.Name, ID: r.ID}
	})
	if err != nil {
		return paging.Page[standard.Organization]{}, listError("organizations", err)
	}
	return convertPage(rows, next, toOrganization), nil
}
