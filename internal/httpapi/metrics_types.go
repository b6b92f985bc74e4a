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
