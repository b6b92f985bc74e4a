package registry

import (
	"context"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

const resourceOrganization = "organization"

// CreateOrganization registers an organization.
func (s *Service) CreateOrganization(ctx context.Context, in standard.Organization) (standard.Organization, error) {
	if err := access.Authorize(access.CallerFrom(ctx), access.CreateOrganization, ""); err != nil {
		return standard.Organization{}, err
	}
	if err := in.Prepare(); err != nil {
		return standard.Organization{}, err
	}
	now := s.now().UTC()
	in.ID, in.CreatedAt, in.UpdatedAt, in.Version = newID(), now, now, 1
	ev, err := s.event(ctx, access.CreateOrganization, resourceOrganization, in.ID, nil, in)
	if err != nil {
		return standard.Organization{}, err
	}
	if err := s.store.CreateOrganization(ctx, in, ev); err != nil {
		return standard.Organization{}, err
	}
	return in, nil
}

// GetOrganization returns one organization.
func (s *Service) GetOrganization(ctx context.Context, id string) (standard.Organization, error) {
	if err := checkID(fault.Msg("organization"), id); err != nil {
		return standard.Organization{}, err
	}
	return s.store.GetOrganization(ctx, id)
}

// OrganizationsOf returns the organizations that own the standards, by
// id, read in one query: what include=organization embeds.
func (s *Service) OrganizationsOf(ctx context.Context, standards []standard.Standard) (map[string]standard.Organization, error) {
	seen := map[string]bool{}
	var ids []string
	for _, st := range standards {
		if id := st.OrganizationID; id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	orgs, err := s.store.GetOrganizations(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]standard.Organization, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	return byID, nil
}

// guardOrganizationWrite: a key at all (401), the version (412), the role (403).
func guardOrganizationWrite(ctx context.Context, action access.Action, current standard.Organization, ifMatch Precondition) error {
	caller := access.CallerFrom(ctx)
	if caller.Anonymous() {
		return access.Authorize(caller, action, current.ID)
	}
	if err := checkPrecondition(fault.Msg("organization"), current.ID, ifMatch, current.Version); err != nil {
		return err
	}
	return access.Authorize(caller, action, current.ID)
}

// UpdateOrganization applies change to an organization's current state.
func (s *Service) UpdateOrganization(ctx context.Context, id string, ifMatch Precondition, change func(standard.Organization) (standard.Organization, error)) (standard.Organization, error) {
	if err := checkID(fault.Msg("organization"), id); err != nil {
		return standard.Organization{}, err
	}
	return s.store.UpdateOrganization(ctx, id, func(current standard.Organization) (standard.Organization, audit.Event, error) {
		if err := guardOrganizationWrite(ctx, access.UpdateOrganization, current, ifMatch); err != nil {
			return standard.Organization{}, audit.Event{}, err
		}
		next, err := change(current)
		if err != nil {
			return standard.Organization{}, audit.Event{}, err
		}
		if err := next.Prepare(); err != nil {
			return standard.Organization{}, audit.Event{}, err
		}
		next.ID, next.CreatedAt, next.Version, next.UpdatedAt = current.ID, current.CreatedAt, current.Version+1, s.now().UTC()
		ev, err := s.event(ctx, access.UpdateOrganization, resourceOrganization, id, current, next)
		return next, ev, err
	})
}

// DeleteOrganization deletes an organization no standard or key refers to.
func (s *Service) DeleteOrganization(ctx context.Context, id string, ifMatch Precondition) error {
	if err := checkID(fault.Msg("organization"), id); err != nil {
		return err
	}
	return s.store.DeleteOrganization(ctx, id, func(current standard.Organization) (audit.Event, error) {
		if err := guardOrganizationWrite(ctx, access.DeleteOrganization, current, ifMatch); err != nil {
			return audit.Event{}, err
		}
		return s.event(ctx, access.DeleteOrganization, resourceOrganization, id, current, nil)
	})
}

// ListOrganizations returns one page of organizations.
func (s *Service) ListOrganizations(ctx context.Context, q standard.OrganizationQuery) (paging.Page[standard.Organization], error) {
	return s.store.ListOrganizations(ctx, q)
}
