package registry

import (
	"context"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

const resourcePilot = "pilot"

// CreatePilot registers a standardization pilot. An editor registers for
// its own organization (the default when none is given).
func (s *Service) CreatePilot(ctx context.Context, in standard.Pilot) (standard.Pilot, error) {
	caller := access.CallerFrom(ctx)
	if caller.Role == access.RoleEditor && in.OrganizationID == "" {
		in.OrganizationID = caller.OrganizationID
	}
	if err := access.Authorize(caller, access.CreatePilot, in.OrganizationID); err != nil {
		return standard.Pilot{}, err
	}
	if err := in.Prepare(s.today()); err != nil {
		return standard.Pilot{}, err
	}
	now := s.now().UTC()
	in.ID, in.CreatedAt, in.UpdatedAt, in.Version = newID(), now, now, 1
	ev, err := s.event(ctx, access.CreatePilot, resourcePilot, in.ID, nil, in)
	if err != nil {
		return standard.Pilot{}, err
	}
	if err := s.store.CreatePilot(ctx, in, ev); err != nil {
		return standard.Pilot{}, err
	}
	return in, nil
}

// GetPilot returns one pilot.
func (s *Service) GetPilot(ctx context.Context, id string) (standard.Pilot, error) {
	if err := checkID(fault.Msg("pilot"), id); err != nil {
		return standard.Pilot{}, err
	}
	return s.store.GetPilot(ctx, id)
}

// UpdatePilot applies change to a pilot's current state: revoking one is
// setting its status.
func (s *Service) UpdatePilot(ctx context.Context, id string, ifMatch Precondition, change func(standard.Pilot) (standard.Pilot, error)) (standard.Pilot, error) {
	if err := needKey(ctx, access.UpdatePilot); err != nil {
		return standard.Pilot{}, err
	}
	if err := checkID(fault.Msg("pilot"), id); err != nil {
		return standard.Pilot{}, err
	}
	return s.store.UpdatePilot(ctx, id, func(current standard.Pilot) (standard.Pilot, audit.Event, error) {
		if err := guardOwnedWrite(ctx, fault.Msg("pilot"), access.UpdatePilot, id, current.OrganizationID, current.Version, ifMatch); err != nil {
			return standard.Pilot{}, audit.Event{}, err
		}
		next, err := change(current)
		if err != nil {
			return standard.Pilot{}, audit.Event{}, err
		}
		if next.OrganizationID != current.OrganizationID {
			if err := access.Authorize(access.CallerFrom(ctx), access.UpdatePilot, next.OrganizationID); err != nil {
				return standard.Pilot{}, audit.Event{}, err
			}
		}
		if err := next.Prepare(s.today()); err != nil {
			return standard.Pilot{}, audit.Event{}, err
		}
		next.ID, next.CreatedAt, next.Version, next.UpdatedAt = current.ID, current.CreatedAt, current.Version+1, s.now().UTC()
		ev, err := s.event(ctx, access.UpdatePilot, resourcePilot, id, current, next)
		return next, ev, err
	})
}

// DeletePilot deletes a pilot still building. An accepted or revoked
// pilot is part of the record the plan's figures are read from: it is
// revoked, not deleted.
func (s *Service) DeletePilot(ctx context.Context, id string, ifMatch Precondition) error {
	if err := needKey(ctx, access.DeletePilot); err != nil {
		return err
	}
	if err := checkID(fault.Msg("pilot"), id); err != nil {
		return err
	}
	return s.store.DeletePilot(ctx, id, func(current standard.Pilot) (audit.Event, error) {
		if err := guardOwnedWrite(ctx, fault.Msg("pilot"), access.DeletePilot, id, current.OrganizationID, current.Version, ifMatch); err != nil {
			return audit.Event{}, err
		}
		if current.Status != standard.PilotBuilding {
			return audit.Event{}, fault.Errorf(fault.CodeConflict, "pilot %s is %s; only a pilot still building may be deleted (set status revoked instead)", id, current.Status)
		}
		return s.event(ctx, access.DeletePilot, resourcePilot, id, current, nil)
	})
}

// ListPilots returns one page of pilots.
func (s *Service) ListPilots(ctx context.Context, q standard.PilotQuery) (paging.Page[standard.Pilot], error) {
	return s.store.ListPilots(ctx, q)
}
