package readcache

import (
	"context"
	"time"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/feed"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// The methods below go to the inner store untouched: reads the cache does
// not keep, and writes that change nothing a kept read answers (methods.go
// says why for each).

func (c *Store) ExportStandards(ctx context.Context, q standard.ListQuery, each func(standard.Standard) error) error {
	return c.inner.ExportStandards(ctx, q, each)
}

func (c *Store) ListTransitions(ctx context.Context, standardID string) ([]standard.Transition, error) {
	return c.inner.ListTransitions(ctx, standardID)
}

func (c *Store) DraftingCycle(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error) {
	return c.inner.DraftingCycle(ctx, q)
}

func (c *Store) CycleHistogram(ctx context.Context, q standard.CycleQuery) ([]standard.MonthCount, error) {
	return c.inner.CycleHistogram(ctx, q)
}

func (c *Store) StageDurations(ctx context.Context, q standard.CycleQuery) ([]standard.StageDuration, error) {
	return c.inner.StageDurations(ctx, q)
}

func (c *Store) Overdue(ctx context.Context, q standard.OverdueQuery) (paging.Page[standard.Overdue], error) {
	return c.inner.Overdue(ctx, q)
}

func (c *Store) ExportOverdue(ctx context.Context, q standard.OverdueQuery, each func(standard.Overdue) error) error {
	return c.inner.ExportOverdue(ctx, q, each)
}

func (c *Store) PlanCounts(ctx context.Context, from, to standard.Date, visible standard.Visibility) (standard.PlanCounts, error) {
	return c.inner.PlanCounts(ctx, from, to, visible)
}

func (c *Store) GetOrganization(ctx context.Context, id string) (standard.Organization, error) {
	return c.inner.GetOrganization(ctx, id)
}

func (c *Store) GetOrganizations(ctx context.Context, ids []string) ([]standard.Organization, error) {
	return c.inner.GetOrganizations(ctx, ids)
}

func (c *Store) ListOrganizations(ctx context.Context, q standard.OrganizationQuery) (paging.Page[standard.Organization], error) {
	return c.inner.ListOrganizations(ctx, q)
}

func (c *Store) CreateKey(ctx context.Context, k access.Key, ev audit.Event) error {
	return c.inner.CreateKey(ctx, k, ev)
}

func (c *Store) KeyByHash(ctx context.Context, hash string) (access.Key, error) {
	return c.inner.KeyByHash(ctx, hash)
}

func (c *Store) GetKey(ctx context.Context, id string) (access.Key, error) {
	return c.inner.GetKey(ctx, id)
}

func (c *Store) ListKeys(ctx context.Context, after *paging.Cursor, limit int) (paging.Page[access.Key], error) {
	return c.inner.ListKeys(ctx, after, limit)
}

func (c *Store) RevokeKey(ctx context.Context, id string, change func(access.Key) (access.Key, audit.Event, error)) (access.Key, error) {
	return c.inner.RevokeKey(ctx, id, change)
}

func (c *Store) TouchKey(ctx context.Context, id string, at time.Time) error {
	return c.inner.TouchKey(ctx, id, at)
}

func (c *Store) ListAuditEvents(ctx context.Context, f audit.Filter, after *paging.Cursor, limit int) (paging.Page[audit.Event], error) {
	return c.inner.ListAuditEvents(ctx, f, after, limit)
}

func (c *Store) ListChanges(ctx context.Context, q feed.Query) (feed.Page, error) {
	return c.inner.ListChanges(ctx, q)
}

func (c *Store) CreatePlan(ctx context.Context, p standard.Plan, others []standard.Plan, ev audit.Event) error {
	return c.inner.CreatePlan(ctx, p, others, ev)
}

func (c *Store) GetPlan(ctx context.Context, id string) (standard.Plan, error) {
	return c.inner.GetPlan(ctx, id)
}

func (c *Store) ListPlans(ctx context.Context) ([]standard.Plan, error) {
	return c.inner.ListPlans(ctx)
}
