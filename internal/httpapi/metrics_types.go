package httpapi

import "stdreg/internal/standard"

// CycleFigures are drafting-cycle figures of a set of standards.
type CycleFigures struct {
	Count             int      `json:"count" example:"128"`
	MeanMonths        *float64 `json:"mean_months" extensions:"x-nullable" example:"13.2"` // null when count is 0
	MedianMonths      *float64 `json:"median_months" extensions:"x-nullable" example:"12.9"`
	P90Months         *float64 `json:"p90_months" extensions:"x-nullable" example:"17.4"`
	WithinTargetShare *float64 `json:"within_target_share" extensions:"x-nullable" example:"0.81"` // share of the cycles with a target that met it
	TargetMonths      *int     `json:"target_months" extensions:"x-nullable" example:"15"`         // null when the set mixes targets or has none
	TargetMet         *bool    `json:"target_met" extensions:"x-nullable"`                         // mean at or under the target
} //	@name	CycleFigures

// CycleGroupFigures are the figures of one group.
type CycleGroupFigures struct {
	Key  string      `json:"key" example:"330100,2024"` // the group's keys in group_by's order, joined by commas
	Name string      `json:"name" example:"杭州市 2024年"`  // their names, joined by spaces
	By   []GroupPart `json:"by"`                        // each grouping's key and name
	// Standards is the list that selects exactly the standards behind the
	// group's figures: count items, whose cycle_months average mean_months.
	Standards string `json:"standards" example:"/api/v1/standards?city=330100&cycle_ended_from=2024-01-01&cycle_ended_to=2024-12-31&kind=local"`
	CycleFigures
} //	@name	CycleGroupFigures

// GroupPart is one grouping's value in a group.
type GroupPart struct {
	GroupBy string `json:"group_by" enums:"year,kind,organization,region,city" example:"city"`
	Key     string `json:"key" example:"330100"` // a year, a kind, an organization's id, a division code; empty for none
	Name    string `json:"name" example:"杭州市"`   // 2024年, 地方标准, the organization's name, the division's name
} //	@name	GroupPart

// DraftingCycleResponse answers the drafting-cycle measure.
type DraftingCycleResponse struct {
	From *string `json:"from" format:"date" extensions:"x-nullable"`
	To   string  `json:"to" format:"date"`
	// Standards is the list of the standards behind the figures.
	Standards string `json:"standards" example:"/api/v1/standards?cycle_ended_to=2026-11-28&kind=local"`
	CycleFigures
	Groups []CycleGroupFigures `json:"groups,omitempty"`
} //	@name	DraftingCycle

func toCycleFigures(st standard.CycleStats) CycleFigures {
	f := CycleFigures{Count: st.Count, WithinTargetShare: st.WithinShare}
	if st.Count > 0 {
		mean, median, p90 := st.Mean, st.Median, st.P90
		f.MeanMonths, f.MedianMonths, f.P90Months = &mean, &median, &p90
	}
	if target, ok := st.Target(); ok {
		f.TargetMonths = &target
	}
	if met, known := st.Met(); known {
		f.TargetMet = &met
	}
	return f
}

// OverdueItem is a running draft past (or near) its target.
type OverdueItem struct {
	ID               string  `json:"id" format:"uuid"`
	Code             string  `json:"code"`
	TitleZH          string  `json:"title_zh" example:"未来社区 建设规范"`
	Kind             string  `json:"kind" enums:"national,industry,local,group,enterprise,international" example:"local"`
	Stage            string  `json:"stage" example:"review"`
	OrganizationID   *string `json:"organization_id" format:"uuid" extensions:"x-nullable"` // whose draft it is
	OrganizationName *string `json:"organization_name" extensions:"x-nullable" example:"杭州市标准化研究院"`
	Region           string  `json:"region" example:"330102"`                           // empty when none
	RegionName       *string `json:"region_name" extensions:"x-nullable" example:"上城区"` // null for none, or a code outside Zhejiang's table
	ApprovedOn       string  `json:"approved_on" format:"date" example:"2023-01-10"`
	MonthsElapsed    float64 `json:"months_elapsed" example:"16.2"` // on as_of
	TargetMonths     int     `json:"target_months" example:"15"`
	Deadline         string  `json:"deadline" format:"date" example:"2024-04-10"` // the last day within target
	EndsWith         string  `json:"ends_with" enums:"published,approval"`
} //	@name	OverdueItem

// OverdueList is one page of overdue drafts, the longest-running first.
type OverdueList struct {
	AsOf          string        `json:"as_of" format:"date"`
	Items         []OverdueItem `json:"items"`
	NextPageToken string        `json:"next_page_token"`
} //	@name	OverdueList

// IndicatorBody is one of the plan's figures.
type IndicatorBody struct {
	Key    string   `json:"key" enums:"national_led,international,zhejiang_standard,made_in_zhejiang,forerunner,local_cycle_months,tech_projects_share,city_pilots,technical_bodies" example:"local_cycle_months"`
	Name   string   `json:"name" example:"地方标准平均制定周期"`
	Target float64  `json:"target" example:"15"`
	Bound  string   `json:"bound" enums:"at_least,at_most"`                // whether actual must reach the target or stay under it
	Actual *float64 `json:"actual" extensions:"x-nullable" example:"13.4"` // null when the registry holds no data for it
	Met    *bool    `json:"met" extensions:"x-nullable"`
	Note   string   `json:"note"` // how actual was counted, or why it is null
	// Standards is the list URL of the standards counted, where a list
	// can select exactly them; null otherwise.
	Standards *string `json:"standards" extensions:"x-nullable" example:"/api/v1/standards?cycle_ended_from=2023-01-01&cycle_ended_to=2025-12-31&kind=local"`
	// Records is the list URL of the records an indicator counted from
	// the projects, pilots or technical bodies counts (for
	// tech_projects_share, the projects it divides by).
	Records string `json:"records,omitempty" example:"/api/v1/pilots?approved_from=2023-01-01&approved_to=2025-12-31&kind=city%2Ccounty&status=building%2Caccepted"`
	// RecordsProducing, for tech_projects_share, is the list URL of the
	// projects counted as producing a standard.
	RecordsProducing string `json:"records_producing,omitempty"`
} //	@name	Indicator

// PlanTargetsResponse answers the plan's indicators on a day.
type PlanTargetsResponse struct {
	PlanID     string          `json:"plan_id" format:"uuid"`
	PlanName   string          `json:"plan_name" example:"浙江省国家标准化创新发展试点工作方案（2023—2025年）"`
	From       string          `json:"from" format:"date" example:"2023-01-01"` // the plan's first day: counts run from it
	AsOf       string          `json:"as_of" format:"date"`
	Indicators []IndicatorBody `json:"indicators"`
} //	@name	PlanTargets
