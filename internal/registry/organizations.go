package registry

import (
	"context"

	"stdreg/internal/standard"
)

// CreateOrganization registers an organization.
func (s *Service) CreateOrganization(ctx context.Context, in standard.Organization) (standard.Organization, error) {
	if err := authorize(ctx, ActionCreateOrganization, ""); err != nil {
		return standard.Organization{}, err
	}
	if err := in.Prepare(); err != nil {
		return standard.Organization{}, err
	}
	now := s.now().UTC()
	in.ID, in.CreatedAt, in.UpdatedAt, in.Version = newID(), now, now, 1
	if err := s.store.CreateOrganization(ctx, in); err != nil {
		return standard.Organization{}, err
	}
	return in, nil
}

// GetOrganization returns one organization.
func (s *Service) GetOrganization(ctx context.Context, id string) (standard.Organization, error) {
	if err := checkID("organization", id); err != nil {
		return standard.Organization{}, err
	}
	return s.store.GetOrganization(ctx, id)
}

// UpdateOrganization applies change to an organization's current state.
func (s *Service) UpdateOrganization(ctx context.Context, id string, ifMatch Precondition, change func(standard.Organization) (standard.Organization, error)) (standard.Organization, error) {
	if err := checkID("organization", id); err != nil {
		return standard.Organization{}, err
	}
	return s.store.UpdateOrganization(ctx, id, func(current standard.Organization) (standard.Organization, error) {
		if err := checkPrecondition("organization", id, ifMatch, current.Version); err != nil {
			return standard.Organization{}, err
		}
		if err := authorize(ctx, ActionUpdateOrganization, current.ID); err != nil {
			return standard.Organization{}, err
		}
		next, err := change(current)
		if err != nil {
			return standard.Organization{}, err
		}
		if err := next.Prepare(); err != nil {
			return standard.Organization{}, err
		}
		next.UpdatedAt = s.now().UTC()
		return next, nil
	})
}

// DeleteOrganization deletes an organization no standard refers to.
func (s *Service) DeleteOrganization(ctx context.Context, id string, ifMatch Precondition) error {
	if err := checkID("organization", id); err != nil {
		return err
	}
	return s.store.DeleteOrganization(ctx, id, func(current standard.Organization) error {
		if err := checkPrecondition("organization", id, ifMatch, current.Version); err != nil {
			return err
		}
		return authorize(ctx, ActionDeleteOrganization, current.ID)
	})
}

// ListOrganizations returns one page of organizations.
func (s *Service) ListOrganizations(ctx context.Context, q standard.OrganizationQuery) (standard.Page[standard.Organization], error) {
	return s.store.ListOrganizations(ctx, q)
}
