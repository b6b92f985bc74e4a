package registry

import (
	"context"

	"stdreg/internal/access"
	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// DraftingCycle measures the cycles that ended in the window under the
// configured rules.
func (s *Service) DraftingCycle(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error) {
	q.Rules = s.rules
	// Only projects past approval have a cycle, and those are public: the
	// figures are the same for every caller.
	q.Filter.Visible = standard.Visibility{AllDrafts: true}
	if q.To.IsZero() {
		q.To = s.today()
	}
	return s.store.DraftingCycle(ctx, q)
}

// Overdue lists running drafts past their target on q.AsOf (default today)
// or within q.WithinDays of it.
func (s *Service) Overdue(ctx context.Context, q standard.OverdueQuery) (paging.Page[standard.Overdue], error) {
	q.Rules = s.rules
	q.Filter.Visible = access.CallerFrom(ctx).Visibility()
	if q.AsOf.IsZero() {
		q.AsOf = s.today()
	}
	return s.store.Overdue(ctx, q)
}

// PlanStart is the first day of the work plan (2023–2025).
var PlanStart = standard.Date{Year: 2023, Month: 1, Day: 1}

// Indicator is one of the plan's figures on a day.
type Indicator struct {
	Key    string
	Name   string
	Target float64
	// AtMost: the target is a ceiling (the cycle), not a floor.
	AtMost bool
	Actual *float64 // nil when the registry holds no data for it
	Reason string   // why Actual is nil, or how it was counted
}

// Met reports whether the actual figure meets the target; false when unknown.
func (i Indicator) Met() *bool {
	if i.Actual == nil {
		return nil
	}
	met := *i.Actual >= i.Target
	if i.AtMost {
		met = *i.Actual <= i.Target
	}
	return &met
}

// PlanTargets reports the plan's nine indicators on asOf (default today),
// counted from the registry's records over the plan period from 2023.
func (s *Service) PlanTargets(ctx context.Context, asOf standard.Date) ([]Indicator, error) {
	if asOf.IsZero() {
		asOf = s.today()
	}
	// A designation may be given to a draft, so the counts are of what the
	// caller may see, as every list and figure is.
	counts, err := s.store.PlanCounts(ctx, PlanStart, asOf, access.CallerFrom(ctx).Visibility())
	if err != nil {
		return nil, err
	}
	local, _, err := s.store.DraftingCycle(ctx, standard.CycleQuery{
		Filter: standard.Filter{Kind: standard.KindLocal}, From: PlanStart, To: asOf, Rules: s.rules,
	})
	if err != nil {
		return nil, err
	}
	count := func(n int) *float64 { f := float64(n); return &f }
	period := "published from 2023-01-01 to " + asOf.String()
	indicators := []Indicator{
		{Key: "national_led", Name: "牵头制定国家标准", Target: 300, Actual: count(counts.NationalLed), Reason: "national standards with zhejiang_role lead, " + period},
		{Key: "international", Name: "牵头和参与制修订国际标准", Target: 30, Actual: count(counts.International), Reason: "international standards with zhejiang_role lead or participant, " + period},
		{Key: "zhejiang_standard", Name: "浙江标准", Target: 200, Actual: count(counts.ZhejiangStandard), Reason: "zhejiang_standard designations granted from 2023 to " + asOf.String()[:4]},
		{Key: "made_in_zhejiang", Name: "浙江制造标准", Target: 4000, Actual: count(counts.MadeInZhejiang), Reason: "made_in_zhejiang standards published by " + asOf.String() + ", cumulative"},
		{Key: "forerunner", Name: "企业标准领跑者", Target: 50, Actual: count(counts.Forerunner), Reason: "forerunner designations granted from 2023 to " + asOf.String()[:4]},
		{Key: "local_cycle_months", Name: "地方标准平均制定周期", Target: 15, AtMost: true, Reason: "mean drafting cycle of local standards whose cycle ended from 2023-01-01 to " + asOf.String()},
	}
	others, err := s.registryIndicators(ctx, PlanStart, asOf)
	if err != nil {
		return nil, err
	}
	indicators = append(indicators, others...)
	if local.Count > 0 {
		mean := local.Mean
		indicators[5].Actual = &mean
	} else {
		indicators[5].Reason = "no local standard's drafting cycle ended from 2023-01-01 to " + asOf.String()
	}
	return indicators, nil
}
