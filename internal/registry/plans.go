package registry

import (
	"context"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

const resourcePlan = "plan"

// ListPlans returns every plan, the earliest first: the pilot plan, then
// those registered after it.
func (s *Service) ListPlans(ctx context.Context) ([]standard.Plan, error) {
	stored, err := s.store.ListPlans(ctx)
	if err != nil {
		return nil, err
	}
	return append([]standard.Plan{standard.PilotPlan}, stored...), nil
}

// GetPlan returns one plan; "" is the pilot plan, the default.
func (s *Service) GetPlan(ctx context.Context, id string) (standard.Plan, error) {
	if id == "" || id == standard.PilotPlan.ID {
		return standard.PilotPlan, nil
	}
	if err := checkID(fault.Msg("plan"), id); err != nil {
		return standard.Plan{}, err
	}
	return s.store.GetPlan(ctx, id)
}

// CreatePlan registers a later plan with its targets (admins only). Its
// period may not overlap another plan's, the pilot's included.
func (s *Service) CreatePlan(ctx context.Context, p standard.Plan) (standard.Plan, error) {
	if err := access.Authorize(access.CallerFrom(ctx), access.CreatePlan, ""); err != nil {
		return standard.Plan{}, err
	}
	if err := p.Prepare(); err != nil {
		return standard.Plan{}, err
	}
	p.ID, p.CreatedAt = newID(), s.now().UTC().Truncate(time.Microsecond)
	ev, err := s.event(ctx, access.CreatePlan, resourcePlan, p.ID, nil, p)
	if err != nil {
		return standard.Plan{}, err
	}
	if err := s.store.CreatePlan(ctx, p, []standard.Plan{standard.PilotPlan}, ev); err != nil {
		return standard.Plan{}, err
	}
	return p, nil
}
