package registry

import (
	"context"

	"stdreg/internal/standard"
)

// CycleHistogram counts the cycles DraftingCycle measures by whole months.
func (s *Service) CycleHistogram(ctx context.Context, q standard.CycleQuery) ([]standard.MonthCount, error) {
	q.Rules = s.rules
	// As DraftingCycle: only projects past approval have a cycle, and those
	// are public.
	q.Filter.Visible = standard.Visibility{AllDrafts: true}
	if q.To.IsZero() {
		q.To = s.today()
	}
	return s.store.CycleHistogram(ctx, q)
}

// StageDurations says how long the cycles DraftingCycle measures spent in
// each running stage.
func (s *Service) StageDurations(ctx context.Context, q standard.CycleQuery) ([]standard.StageDuration, error) {
	q.Rules = s.rules
	q.Filter.Visible = standard.Visibility{AllDrafts: true}
	if q.To.IsZero() {
		q.To = s.today()
	}
	return s.store.StageDurations(ctx, q)
}
