package registry

import (
	"context"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

const resourcePilot = "pilot"

// pilots are owned by the organization that undertakes them, if any.
var pilots = ownedKind[standard.Pilot]{
	noun: fault.Msg("pilot"), resource: resourcePilot,
	create: access.CreatePilot, update: access.UpdatePilot, delete: access.DeletePilot,
	owner:   func(p *standard.Pilot) *string { return &p.OrganizationID },
	prepare: (*standard.Pilot).Prepare,
	marks:   func(p standard.Pilot) (string, time.Time, int64) { return p.ID, p.CreatedAt, p.Version },
	mark: func(p *standard.Pilot, id string, created, updated time.Time, version int64) {
		p.ID, p.CreatedAt, p.UpdatedAt, p.Version = id, created, updated, version
	},
}

// CreatePilot registers a standardization pilot. An editor registers for
// its own organization (the default when none is given).
func (s *Service) CreatePilot(ctx context.Context, in standard.Pilot) (standard.Pilot, error) {
	return createOwned(s, ctx, pilots, in, nil, s.store.CreatePilot)
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
	if err := checkOwnedTarget(ctx, pilots, access.UpdatePilot, id); err != nil {
		return standard.Pilot{}, err
	}
	return s.store.UpdatePilot(ctx, id, changeOwned(s, ctx, pilots, id, ifMatch, change, nil))
}

// DeletePilot deletes a pilot still building. An accepted or revoked
// pilot is part of the record the plan's figures are read from: it is
// revoked, not deleted.
func (s *Service) DeletePilot(ctx context.Context, id string, ifMatch Precondition) error {
	if err := checkOwnedTarget(ctx, pilots, access.DeletePilot, id); err != nil {
		return err
	}
	return s.store.DeletePilot(ctx, id, allowDelete(s, ctx, pilots, id, ifMatch, func(current standard.Pilot) error {
		if current.Status != standard.PilotBuilding {
			return fault.Errorf(fault.CodeConflict, "pilot %s is %s; only a pilot still building may be deleted (set status revoked instead)", id, current.Status)
		}
		return nil
	}))
}

// ListPilots returns one page of pilots.
func (s *Service) ListPilots(ctx context.Context, q standard.PilotQuery) (paging.Page[standard.Pilot], error) {
	return s.store.ListPilots(ctx, q)
}
