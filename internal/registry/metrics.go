package registry

import (
	"context"
	"slices"

	"stdreg/internal/access"
	"stdreg/internal/paging"
	"stdreg/internal/region"
	"stdreg/internal/standard"
)

// DraftingCycle measures the cycles that ended in the window under the
// configured rules.
func (s *Service) DraftingCycle(ctx context.Context, q standard.CycleQuery) (standard.CycleStats, []standard.CycleStats, error) {
	q.Rules = s.rules
	// Only projects past approval have a cycle, and those are public: the
	// figures are the same for every caller.
	q.Filter.Visible = standard.Visibility{AllDrafts: true}
	q.Filter.Rules = s.rules
	if q.To.IsZero() {
		q.To = s.today()
	}
	all, groups, err := s.store.DraftingCycle(ctx, q)
	if err != nil {
		return all, nil, err
	}
	if err := s.nameGroups(ctx, q.GroupBy, groups); err != nil {
		return all, nil, err
	}
	return all, groups, nil
}

// nameGroups gives each group's keys their names: a division's, a kind's
// and an organization's Chinese names, and the year as 2024年.
func (s *Service) nameGroups(ctx context.Context, by []standard.CycleGroup, groups []standard.CycleStats) error {
	orgNames := map[string]string{}
	if i := slices.Index(by, standard.GroupOrganization); i >= 0 {
		var ids []string
		for _, g := range groups {
			if id := g.Keys[i]; id != "" && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		orgs, err := s.store.GetOrganizations(ctx, ids)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			orgNames[o.ID] = o.Name
		}
	}
	for gi := range groups {
		g := &groups[gi]
		g.Names = make([]string, len(g.Keys))
		for i, key := range g.Keys {
			g.Names[i] = groupName(by[i], key, orgNames)
		}
	}
	return nil
}

// groupName is the name of one group key.
func groupName(by standard.CycleGroup, key string, orgNames map[string]string) string {
	switch by {
	case standard.GroupYear:
		return key + "年"
	case standard.GroupKind:
		return standard.Kind(key).NameZH()
	case standard.GroupOrganization:
		if key == "" {
			return "未注明组织"
		}
		return orgNames[key]
	case standard.GroupRegion, standard.GroupCity:
		if key == "" {
			return "未注明地区"
		}
		if name := region.Name(key); name != "" {
			return name
		}
		return key // a code outside Zhejiang's table
	}
	return key
}

// Overdue lists running drafts past their target on q.AsOf (default today)
// or within q.WithinDays of it.
func (s *Service) Overdue(ctx context.Context, q standard.OverdueQuery) (paging.Page[standard.Overdue], error) {
	q.Rules = s.rules
	q.Filter.Visible = access.CallerFrom(ctx).Visibility()
	q.Filter.Rules = s.rules
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
	// Selects is the list filter that selects exactly the standards
	// counted; nil where a list cannot (designations counted by the year
	// granted, roles counted together) or there is nothing to list.
	Selects *standard.Filter
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
		{Key: "tech_projects_share", Name: "重大科技计划项目形成标准比例", Target: 60, Reason: "the registry holds no data on science and technology programme projects"},
		{Key: "city_pilots", Name: "城市标准化试点", Target: 20, Reason: "the registry holds no data on city standardization pilots"},
		{Key: "technical_bodies", Name: "新增国际和全国专业标准化技术组织", Target: 3, Reason: "the registry holds no data on technical committees established"},
	}
	published := func(f standard.Filter) *standard.Filter {
		f.PublishedFrom, f.PublishedTo = PlanStart, asOf
		return &f
	}
	indicators[0].Selects = published(standard.Filter{Kind: standard.KindNational, ZhejiangRole: standard.RoleLead})
	indicators[3].Selects = &standard.Filter{Designation: standard.DesignationMadeInZhejiang, PublishedTo: asOf}
	indicators[5].Selects = &standard.Filter{Kind: standard.KindLocal, CycleEndedFrom: PlanStart, CycleEndedTo: asOf}
	if local.Count > 0 {
		mean := local.Mean
		indicators[5].Actual = &mean
	} else {
		indicators[5].Reason = "no local standard's drafting cycle ended from 2023-01-01 to " + asOf.String()
	}
	return indicators, nil
}
