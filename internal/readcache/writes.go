package readcache

import (
	"context"

	"stdreg/internal/audit"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
)

// The writes below change what the cached reads answer: each counts as a
// change once the inner store returns, so this process's next read misses
// even before the store's own signal arrives. Writes of keys change nothing
// the cache holds and pass through untouched (passthrough.go).

func (c *Store) CreateStandard(ctx context.Context, s standard.Standard, registration standard.Transition, ev audit.Event) error {
	defer c.changed()
	return c.inner.CreateStandard(ctx, s, registration, ev)
}

func (c *Store) UpdateStandard(ctx context.Context, id string, change func(standard.Standard) (standard.Standard, audit.Event, error)) (standard.Standard, error) {
	defer c.changed()
	return c.inner.UpdateStandard(ctx, id, change)
}

func (c *Store) DeleteStandard(ctx context.Context, id string, allow func(standard.Standard) (audit.Event, error)) error {
	defer c.changed()
	return c.inner.DeleteStandard(ctx, id, allow)
}

func (c *Store) MoveStandard(ctx context.Context, id string, move func(current standard.Standard, lastMove standard.Date) (standard.Standard, standard.Transition, audit.Event, error)) (standard.Standard, standard.Transition, error) {
	defer c.changed()
	return c.inner.MoveStandard(ctx, id, move)
}

func (c *Store) CorrectStandard(ctx context.Context, id string, correct func(standard.Standard, []standard.Transition) (standard.Standard, *standard.Transition, audit.Event, error)) (standard.Standard, error) {
	defer c.changed()
	return c.inner.CorrectStandard(ctx, id, correct)
}

func (c *Store) Import(ctx context.Context, fn func(w registry.ImportWriter) error) error {
	defer c.changed()
	return c.inner.Import(ctx, fn)
}

func (c *Store) CreateOrganization(ctx context.Context, o standard.Organization, ev audit.Event) error {
	defer c.changed()
	return c.inner.CreateOrganization(ctx, o, ev)
}

func (c *Store) UpdateOrganization(ctx context.Context, id string, change func(standard.Organization) (standard.Organization, audit.Event, error)) (standard.Organization, error) {
	defer c.changed()
	return c.inner.UpdateOrganization(ctx, id, change)
}

func (c *Store) DeleteOrganization(ctx context.Context, id string, allow func(standard.Organization) (audit.Event, error)) error {
	defer c.changed()
	return c.inner.DeleteOrganization(ctx, id, allow)
}
