package standard

import (
	"fmt"
	"slices"
	"strings"

	"stdreg/internal/paging"
)

// CycleGroup names how drafting-cycle figures may be grouped.
type CycleGroup string

const (
	GroupNone         CycleGroup = ""
	GroupYear         CycleGroup = "year" // of the day the cycle ended
	GroupKind         CycleGroup = "kind"
	GroupOrganization CycleGroup = "organization"
	GroupRegion       CycleGroup = "region"
	GroupCity         CycleGroup = "city" // of the region: a county counts in its city
)

// CycleGroups lists the groupings a client may ask for.
var CycleGroups = []CycleGroup{GroupYear, GroupKind, GroupOrganization, GroupRegion, GroupCity}

// MaxGroupBy is how many groupings one query may combine.
const MaxGroupBy = 2

// ParseCycleGroups reads group_by: one or two groupings separated by a
// comma ("city,year"), each once.
func ParseCycleGroups(s string) ([]CycleGroup, error) {
	if s == "" {
		return nil, nil
	}
	var out []CycleGroup
	for _, part := range strings.Split(s, ",") {
		g := CycleGroup(strings.TrimSpace(part))
		switch {
		case !slices.Contains(CycleGroups, g):
			return nil, fmt.Errorf("%q is not a grouping; group by one or two of %s", part, list(CycleGroups))
		case slices.Contains(out, g):
			return nil, fmt.Errorf("%s is given twice", g)
		}
		out = append(out, g)
	}
	if len(out) > MaxGroupBy {
		return nil, fmt.Errorf("at most %d groupings at once", MaxGroupBy)
	}
	return out, nil
}

// CycleQuery asks for drafting-cycle figures over the standards whose cycle
// ended (under Rules) between From and To, narrowed by Filter.
type CycleQuery struct {
	Filter  Filter
	From    Date         // inclusive; zero: no lower bound
	To      Date         // inclusive
	GroupBy []CycleGroup // none, one or two
	Rules   CycleRules
}

// CycleStats are the figures of a set of finished cycles. Median and P90
// interpolate linearly between the closest ranks (PERCENTILE_CONT, Excel's
// PERCENTILE.INC).
type CycleStats struct {
	Keys         []string // the group's value of each grouping, in GroupBy's order; nil for the whole set
	Names        []string // the Keys' names for people (杭州市, an organization's name), set by the registry
	Count        int
	Mean         float64 // meaningful when Count > 0
	Median       float64
	P90          float64
	WithinShare  *float64 // share of the cycles with a target that met it; nil when none has one
	TargetMonths int      // the set's target when every cycle in it has the same one, else 0
}

// Target returns the set's target, or false when it has none or several.
func (c CycleStats) Target() (int, bool) { return c.TargetMonths, c.TargetMonths > 0 }

// Met reports whether the mean is at or under the target, or false, false
// when there is no single target or no cycle.
func (c CycleStats) Met() (met, known bool) {
	if c.TargetMonths == 0 || c.Count == 0 {
		return false, false
	}
	return c.Mean <= float64(c.TargetMonths), true
}

// OverdueQuery asks for the running drafts past their target on AsOf, or
// that will be within WithinDays.
type OverdueQuery struct {
	Filter     Filter
	AsOf       Date
	WithinDays int
	Rules      CycleRules
	After      *paging.Cursor
	Limit      int
}

// Overdue is a running draft and the target it is held to.
type Overdue struct {
	Standard     Standard
	TargetMonths int
	EndsWith     EndEvent
}

// PlanCounts are the registry's counts behind the plan's indicators.
type PlanCounts struct {
	NationalLed      int // national standards Zhejiang led, published in the period
	International    int // international standards Zhejiang led or joined, published in the period
	ZhejiangStandard int // standards certified 浙江标准 in the period's years
	MadeInZhejiang   int // 浙江制造 standards published by the day, cumulative
	Forerunner       int // standards on the 领跑者 list in the period's years
}

// MonthCount is how many cycles lasted more than Months-1 months and at
// most Months (rounded up to whole months; bar 0 counts the cycles that
// took no time): one bar of the cycles' distribution. Rounded up, because
// a cycle is within a target of T months exactly when it lasted at most T
// (Months): the bars up to T are all within it, those after all past it,
// and a cycle of exactly 15.0 months stands in bar 15, within.
type MonthCount struct {
	Months int
	Count  int
}

// StageDuration is where a cycle's time goes: of the cycles measured, how
// many recorded leaving Stage, and the mean days they spent in it.
type StageDuration struct {
	Stage    Stage
	Count    int
	MeanDays float64
}

// RegistryCounts are the counts behind the plan's indicators that the
// other registries hold, over a period.
type RegistryCounts struct {
	// TechProjects are the key generic and application projects accepted
	// in the period; TechProjectsProducing those of them that name a
	// standard at drafting or later (Stage.ProducesStandard).
	TechProjects, TechProjectsProducing int
	// CityPilots are the city and county pilots approved in the period and
	// not revoked.
	CityPilots int
	// TechnicalBodies are the international and national bodies settled in
	// the period.
	TechnicalBodies int
	// Projects, Pilots and Bodies are how many records each registry holds
	// at all: with none, an indicator has no data rather than a zero.
	Projects, Pilots, Bodies int
}

// CountedProjectCategories are the categories tech_projects_share counts.
var CountedProjectCategories = []ProjectCategory{ProjectKeyGeneric, ProjectApplication}

// CountedPilotKinds are the kinds city_pilots counts.
var CountedPilotKinds = []PilotKind{PilotCity, PilotCounty}

// CountedBodyLevels are the levels technical_bodies counts.
var CountedBodyLevels = []BodyLevel{BodyInternational, BodyNational}

// UnrevokedPilotStatuses are the statuses of pilots that count.
var UnrevokedPilotStatuses = []PilotStatus{PilotBuilding, PilotAccepted}

// ProducingStages are the stages at which a standard counts as one a
// project produced.
var ProducingStages = func() []Stage {
	var out []Stage
	for _, s := range Stages {
		if s.ProducesStandard() {
			out = append(out, s)
		}
	}
	return out
}()
