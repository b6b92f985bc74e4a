package registry

import (
	"context"
	"fmt"
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
		seen := map[string]bool{} // not slices.Contains: 1,897 organizations
		for _, g := range groups {
			if id := g.Keys[i]; id != "" && !seen[id] {
				seen[id] = true
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

// ExportOverdue calls each with every draft Overdue selects (q.After and
// q.Limit are ignored), each with its organization's name, in flat memory
// however many there are.
func (s *Service) ExportOverdue(ctx context.Context, q standard.OverdueQuery, each func(standard.Overdue) error) error {
	q.Rules = s.rules
	q.Filter.Visible = access.CallerFrom(ctx).Visibility()
	q.Filter.Rules = s.rules
	if q.AsOf.IsZero() {
		q.AsOf = s.today()
	}
	return s.store.ExportOverdue(ctx, q, each)
}

// Indicator is one of the plan's figures on a day.
type Indicator struct {
	Key    standard.Indicator
	Name   string
	Target float64
	// AtMost: the target is a ceiling (the cycle), not a floor.
	AtMost bool
	Actual *float64 // nil when the registry holds no data for it
	Reason string   // why Actual is nil, or how it was counted
	// Selects is the list filter that selects exactly the standards
	// counted; nil where there is nothing to list.
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

// PlanStanding is a plan's indicators on a day.
type PlanStanding struct {
	Plan       standard.Plan
	AsOf       standard.Date
	Indicators []Indicator
}

// PlanTargets reports the indicators of the plan planID names (the pilot
// plan when ""), on asOf: by default the earlier of today and the plan's
// last day, so that a plan that has ended is judged on its last day.
// They are counted from the registry's records over the plan's period
// from its first day.
func (s *Service) PlanTargets(ctx context.Context, planID string, asOf standard.Date) (PlanStanding, error) {
	plan, err := s.GetPlan(ctx, planID)
	if err != nil {
		return PlanStanding{}, err
	}
	if asOf.IsZero() {
		asOf = s.today()
		if plan.EndsOn.Before(asOf) {
			asOf = plan.EndsOn
		}
	}
	start := plan.StartsOn
	// A designation may be given to a draft, so the counts are of what the
	// caller may see, as every list and figure is.
	counts, err := s.store.PlanCounts(ctx, start, asOf, access.CallerFrom(ctx).Visibility())
	if err != nil {
		return PlanStanding{}, err
	}
	// As DraftingCycle: a finished cycle is past approval, so public, and
	// every record is read (the index on finished cycles holds no stage).
	local, _, err := s.store.DraftingCycle(ctx, standard.CycleQuery{
		Filter: standard.Filter{Kind: standard.KindLocal, Visible: standard.Visibility{AllDrafts: true}, Rules: s.rules},
		From:   start, To: asOf, Rules: s.rules,
	})
	if err != nil {
		return PlanStanding{}, err
	}
	count := func(n int) *float64 { f := float64(n); return &f }
	period := "published from " + start.String() + " to " + asOf.String()
	years := fmt.Sprintf("from %d to %d", start.Year, asOf.Year)
	published := func(f standard.Filter) *standard.Filter {
		f.PublishedFrom, f.PublishedTo = start, asOf
		return &f
	}
	known := map[standard.Indicator]Indicator{
		standard.IndicatorNationalLed: {Actual: count(counts.NationalLed), Reason: "national standards with zhejiang_role lead, " + period,
			Selects: published(standard.Filter{Kind: standard.KindNational, ZhejiangRoles: []standard.ZhejiangRole{standard.RoleLead}})},
		standard.IndicatorInternational: {Actual: count(counts.International), Reason: "international standards with zhejiang_role lead or participant, " + period,
			Selects: published(standard.Filter{Kind: standard.KindInternational, ZhejiangRoles: []standard.ZhejiangRole{standard.RoleLead, standard.RoleParticipant}})},
		standard.IndicatorZhejiangStandard: {Actual: count(counts.ZhejiangStandard), Reason: "standards certified zhejiang_standard " + years,
			Selects: &standard.Filter{Designation: standard.DesignationZhejiangStandard, DesignatedFrom: start.Year, DesignatedTo: asOf.Year}},
		standard.IndicatorMadeInZhejiang: {Actual: count(counts.MadeInZhejiang), Reason: "made_in_zhejiang standards published by " + asOf.String() + ", cumulative",
			Selects: &standard.Filter{Designation: standard.DesignationMadeInZhejiang, PublishedTo: asOf}},
		standard.IndicatorForerunner: {Actual: count(counts.Forerunner), Reason: "standards on the forerunner list " + years,
			Selects: &standard.Filter{Designation: standard.DesignationForerunner, DesignatedFrom: start.Year, DesignatedTo: asOf.Year}},
		standard.IndicatorLocalCycleMonths: {Reason: "mean drafting cycle of local standards whose cycle ended from " + start.String() + " to " + asOf.String(),
			Selects: &standard.Filter{Kind: standard.KindLocal, CycleEndedFrom: start, CycleEndedTo: asOf}},
	}
	others, err := s.registryIndicators(ctx, start, asOf)
	if err != nil {
		return PlanStanding{}, err
	}
	for _, ind := range others {
		known[ind.Key] = ind
	}
	if local.Count > 0 {
		mean := local.Mean
		ind := known[standard.IndicatorLocalCycleMonths]
		ind.Actual = &mean
		known[standard.IndicatorLocalCycleMonths] = ind
	} else {
		known[standard.IndicatorLocalCycleMonths] = Indicator{Reason: "no local standard's drafting cycle ended from " + start.String() + " to " + asOf.String()}
	}
	out := PlanStanding{Plan: plan, AsOf: asOf, Indicators: make([]Indicator, len(plan.Targets))}
	for i, t := range plan.Targets {
		ind := known[t.Indicator]
		ind.Key, ind.Name, ind.Target, ind.AtMost = t.Indicator, t.Indicator.NameZH(), t.Target, t.Indicator.AtMost()
		out.Indicators[i] = ind
	}
	return out, nil
}
