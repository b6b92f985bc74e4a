package registry

import (
	"context"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

const resourceBody = "technical_body"

// CreateTechnicalBody registers a technical body. An editor registers one
// whose secretariat is its own organization (the default when none is
// given).
func (s *Service) CreateTechnicalBody(ctx context.Context, in standard.TechnicalBody) (standard.TechnicalBody, error) {
	caller := access.CallerFrom(ctx)
	if caller.Role == access.RoleEditor && in.SecretariatOrganizationID == "" {
		in.SecretariatOrganizationID = caller.OrganizationID
	}
	if err := access.Authorize(caller, access.CreateBody, in.SecretariatOrganizationID); err != nil {
		return standard.TechnicalBody{}, err
	}
	if err := in.Prepare(s.today()); err != nil {
		return standard.TechnicalBody{}, err
	}
	now := s.now().UTC()
	in.ID, in.CreatedAt, in.UpdatedAt, in.Version = newID(), now, now, 1
	ev, err := s.event(ctx, access.CreateBody, resourceBody, in.ID, nil, in)
	if err != nil {
		return standard.TechnicalBody{}, err
	}
	if err := s.store.CreateTechnicalBody(ctx, in, ev); err != nil {
		return standard.TechnicalBody{}, err
	}
	return in, nil
}

// GetTechnicalBody returns one technical body.
func (s *Service) GetTechnicalBody(ctx context.Context, id string) (standard.TechnicalBody, error) {
	if err := checkID(fault.Msg("technical body"), id); err != nil {
		return standard.TechnicalBody{}, err
	}
	return s.store.GetTechnicalBody(ctx, id)
}

// UpdateTechnicalBody applies change to a technical body's current state.
func (s *Service) UpdateTechnicalBody(ctx context.Context, id string, ifMatch Precondition, change func(standard.TechnicalBody) (standard.TechnicalBody, error)) (standard.TechnicalBody, error) {
	if err := needKey(ctx, access.UpdateBody); err != nil {
		return standard.TechnicalBody{}, err
	}
	if err := checkID(fault.Msg("technical body"), id); err != nil {
		return standard.TechnicalBody{}, err
	}
	return s.store.UpdateTechnicalBody(ctx, id, func(current standard.TechnicalBody) (standard.TechnicalBody, audit.Event, error) {
		if err := guardOwnedWrite(ctx, fault.Msg("technical body"), access.UpdateBody, id, current.SecretariatOrganizationID, current.Version, ifMatch); err != nil {
			return standard.TechnicalBody{}, audit.Event{}, err
		}
		next, err := change(current)
		if err != nil {
			return standard.TechnicalBody{}, audit.Event{}, err
		}
		if next.SecretariatOrganizationID != current.SecretariatOrganizationID {
			if err := access.Authorize(access.CallerFrom(ctx), access.UpdateBody, next.SecretariatOrganizationID); err != nil {
				return standard.TechnicalBody{}, audit.Event{}, err
			}
		}
		if err := next.Prepare(s.today()); err != nil {
			return standard.TechnicalBody{}, audit.Event{}, err
		}
		next.ID, next.CreatedAt, next.Version, next.UpdatedAt = current.ID, current.CreatedAt, current.Version+1, s.now().UTC()
		ev, err := s.event(ctx, access.UpdateBody, resourceBody, id, current, next)
		return next, ev, err
	})
}

// DeleteTechnicalBody deletes a technical body no standard names as its
// technical committee.
func (s *Service) DeleteTechnicalBody(ctx context.Context, id string, ifMatch Precondition) error {
	if err := needKey(ctx, access.DeleteBody); err != nil {
		return err
	}
	if err := checkID(fault.Msg("technical body"), id); err != nil {
		return err
	}
	return s.store.DeleteTechnicalBody(ctx, id, func(current standard.TechnicalBody, standards int64) (audit.Event, error) {
		if err := guardOwnedWrite(ctx, fault.Msg("technical body"), access.DeleteBody, id, current.SecretariatOrganizationID, current.Version, ifMatch); err != nil {
			return audit.Event{}, err
		}
		if standards > 0 {
			return audit.Event{}, fault.Errorf(fault.CodeConflict, "%d standards name %s as their technical committee; change them first", standards, current.Code)
		}
		return s.event(ctx, access.DeleteBody, resourceBody, id, current, nil)
	})
}

// ListTechnicalBodies returns one page of technical bodies.
func (s *Service) ListTechnicalBodies(ctx context.Context, q standard.TechnicalBodyQuery) (paging.Page[standard.TechnicalBody], error) {
	return s.store.ListTechnicalBodies(ctx, q)
}
