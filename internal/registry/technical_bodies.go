package registry

import (
	"context"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

const resourceBody = "technical_body"

// bodies are owned by the organization that holds their secretariat.
var bodies = ownedKind[standard.TechnicalBody]{
	noun: fault.Msg("technical body"), resource: resourceBody,
	create: access.CreateBody, update: access.UpdateBody, delete: access.DeleteBody,
	owner:   func(b *standard.TechnicalBody) *string { return &b.SecretariatOrganizationID },
	prepare: (*standard.TechnicalBody).Prepare,
	marks:   func(b standard.TechnicalBody) (string, time.Time, int64) { return b.ID, b.CreatedAt, b.Version },
	mark: func(b *standard.TechnicalBody, id string, created, updated time.Time, version int64) {
		b.ID, b.CreatedAt, b.UpdatedAt, b.Version = id, created, updated, version
	},
}

// CreateTechnicalBody registers a technical body. An editor registers one
// whose secretariat is its own organization (the default when none is
// given).
func (s *Service) CreateTechnicalBody(ctx context.Context, in standard.TechnicalBody) (standard.TechnicalBody, error) {
	return createOwned(s, ctx, bodies, in, nil, s.store.CreateTechnicalBody)
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
	if err := checkOwnedTarget(ctx, bodies, access.UpdateBody, id); err != nil {
		return standard.TechnicalBody{}, err
	}
	return s.store.UpdateTechnicalBody(ctx, id, changeOwned(s, ctx, bodies, id, ifMatch, change, nil))
}

// DeleteTechnicalBody deletes a technical body no standard names as its
// technical committee.
func (s *Service) DeleteTechnicalBody(ctx context.Context, id string, ifMatch Precondition) error {
	if err := checkOwnedTarget(ctx, bodies, access.DeleteBody, id); err != nil {
		return err
	}
	return s.store.DeleteTechnicalBody(ctx, id, func(current standard.TechnicalBody, standards int64) (audit.Event, error) {
		return allowDelete(s, ctx, bodies, id, ifMatch, func(current standard.TechnicalBody) error {
			if standards > 0 {
				return fault.Errorf(fault.CodeConflict, "%d standards name %s as their technical committee; change them first", standards, current.Code)
			}
			return nil
		})(current)
	})
}

// ListTechnicalBodies returns one page of technical bodies.
func (s *Service) ListTechnicalBodies(ctx context.Context, q standard.TechnicalBodyQuery) (paging.Page[standard.TechnicalBody], error) {
	return s.store.ListTechnicalBodies(ctx, q)
}
