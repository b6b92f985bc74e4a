package readcache

import (
	"context"

	"stdreg/internal/audit"
	"stdreg/internal/paging"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
)

// The plan's other registries (projects, pilots, technical bodies) pass
// through: no cached read answers from them (a standard's projects are
// read apart, by ProjectsOfStandard, never kept), and they are read far
// less often than standards (methods.go).

func (c *Store) CreateProject(ctx context.Context, p standard.Project, ev audit.Event) error {
	return c.inner.CreateProject(ctx, p, ev)
}

func (c *Store) GetProject(ctx context.Context, id string) (standard.Project, error) {
	return c.inner.GetProject(ctx, id)
}

func (c *Store) UpdateProject(ctx context.Context, id string, change func(standard.Project) (standard.Project, audit.Event, error)) (standard.Project, error) {
	return c.inner.UpdateProject(ctx, id, change)
}

func (c *Store) DeleteProject(ctx context.Context, id string, allow func(standard.Project) (audit.Event, error)) error {
	return c.inner.DeleteProject(ctx, id, allow)
}

func (c *Store) ListProjects(ctx context.Context, q standard.ProjectQuery) (paging.Page[standard.Project], error) {
	return c.inner.ListProjects(ctx, q)
}

func (c *Store) LinkedStandards(ctx context.Context, ids []string) ([]standard.LinkedStandard, error) {
	return c.inner.LinkedStandards(ctx, ids)
}

func (c *Store) ProjectsOfStandard(ctx context.Context, standardID string) ([]standard.ProjectSummary, error) {
	return c.inner.ProjectsOfStandard(ctx, standardID)
}

func (c *Store) CreatePilot(ctx context.Context, p standard.Pilot, ev audit.Event) error {
	return c.inner.CreatePilot(ctx, p, ev)
}

func (c *Store) GetPilot(ctx context.Context, id string) (standard.Pilot, error) {
	return c.inner.GetPilot(ctx, id)
}

func (c *Store) UpdatePilot(ctx context.Context, id string, change func(standard.Pilot) (standard.Pilot, audit.Event, error)) (standard.Pilot, error) {
	return c.inner.UpdatePilot(ctx, id, change)
}

func (c *Store) DeletePilot(ctx context.Context, id string, allow func(standard.Pilot) (audit.Event, error)) error {
	return c.inner.DeletePilot(ctx, id, allow)
}

func (c *Store) ListPilots(ctx context.Context, q standard.PilotQuery) (paging.Page[standard.Pilot], error) {
	return c.inner.ListPilots(ctx, q)
}

func (c *Store) CreateTechnicalBody(ctx context.Context, b standard.TechnicalBody, ev audit.Event) error {
	return c.inner.CreateTechnicalBody(ctx, b, ev)
}

func (c *Store) GetTechnicalBody(ctx context.Context, id string) (standard.TechnicalBody, error) {
	return c.inner.GetTechnicalBody(ctx, id)
}

func (c *Store) UpdateTechnicalBody(ctx context.Context, id string, change func(standard.TechnicalBody) (standard.TechnicalBody, audit.Event, error)) (standard.TechnicalBody, error) {
	return c.inner.UpdateTechnicalBody(ctx, id, change)
}

func (c *Store) DeleteTechnicalBody(ctx context.Context, id string, allow func(standard.TechnicalBody, int64) (audit.Event, error)) error {
	return c.inner.DeleteTechnicalBody(ctx, id, allow)
}

func (c *Store) ListTechnicalBodies(ctx context.Context, q standard.TechnicalBodyQuery) (paging.Page[standard.TechnicalBody], error) {
	return c.inner.ListTechnicalBodies(ctx, q)
}

func (c *Store) RegistryCounts(ctx context.Context, from, to standard.Date) (standard.RegistryCounts, error) {
	return c.inner.RegistryCounts(ctx, from, to)
}

// InTransaction hands fn the inner store's transaction: the imports of
// these registries write through it, and nothing fn reads is kept.
func (c *Store) InTransaction(ctx context.Context, fn func(tx registry.Store) error) error {
	return c.inner.InTransaction(ctx, fn)
}
