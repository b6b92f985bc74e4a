package standard

import (
	"math"
	"slices"
	"strconv"
	"time"

	"stdreg/internal/fault"
)

// Indicator names one of the figures a work plan sets a target for. The
// registry knows how to count each (registry.PlanTargets).
type Indicator string

const (
	IndicatorNationalLed       Indicator = "national_led"
	IndicatorInternational     Indicator = "international"
	IndicatorZhejiangStandard  Indicator = "zhejiang_standard"
	IndicatorMadeInZhejiang    Indicator = "made_in_zhejiang"
	IndicatorForerunner        Indicator = "forerunner"
	IndicatorLocalCycleMonths  Indicator = "local_cycle_months"
	IndicatorTechProjectsShare Indicator = "tech_projects_share"
	IndicatorCityPilots        Indicator = "city_pilots"
	IndicatorTechnicalBodies   Indicator = "technical_bodies"
)

// Indicators lists every indicator, in the pilot plan's order.
var Indicators = []Indicator{
	IndicatorNationalLed, IndicatorInternational, IndicatorZhejiangStandard, IndicatorMadeInZhejiang, IndicatorForerunner,
	IndicatorLocalCycleMonths, IndicatorTechProjectsShare, IndicatorCityPilots, IndicatorTechnicalBodies,
}

// indicatorNames are the plan's own words for its indicators.
var indicatorNames = map[Indicator]string{
	IndicatorNationalLed: "牵头制定国家标准", IndicatorInternational: "牵头和参与制修订国际标准",
	IndicatorZhejiangStandard: "浙江标准", IndicatorMadeInZhejiang: "浙江制造标准", IndicatorForerunner: "企业标准领跑者",
	IndicatorLocalCycleMonths: "地方标准平均制定周期", IndicatorTechProjectsShare: "重大科技计划项目形成标准比例",
	IndicatorCityPilots: "城市标准化试点", IndicatorTechnicalBodies: "新增国际和全国专业标准化技术组织",
}

// NameZH is the indicator's Chinese name.
func (i Indicator) NameZH() string { return indicatorNames[i] }

// AtMost reports whether the target is a ceiling (the drafting cycle)
// rather than a floor.
func (i Indicator) AtMost() bool { return i == IndicatorLocalCycleMonths }

// PlanTarget is a plan's target for one indicator: a count, months for
// the cycle, a percentage for a share.
type PlanTarget struct {
	Indicator Indicator `json:"indicator"`
	Target    float64   `json:"target"`
}

// Plan is a work plan with targets for its period (2023–2025).
type Plan struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	StartsOn  Date         `json:"starts_on"`
	EndsOn    Date         `json:"ends_on"`
	Targets   []PlanTarget `json:"targets"`
	CreatedAt time.Time    `json:"created_at"` // zero for the pilot plan, which is built in
}

// PilotPlan is the plan the registry was built for: the provincial
// government's work plan for the national standardization innovation
// pilot, 2023–2025 (docs/domain.md; its targets are the seed document's).
var PilotPlan = Plan{
	ID:       "01856e0b-1a00-7000-8000-000000002023",
	Name:     "浙江省国家标准化创新发展试点工作方案（2023—2025年）",
	StartsOn: Date{Year: 2023, Month: 1, Day: 1}, EndsOn: Date{Year: 2025, Month: 12, Day: 31},
	Targets: []PlanTarget{
		{IndicatorNationalLed, 300}, {IndicatorInternational, 30}, {IndicatorZhejiangStandard, 200},
		{IndicatorMadeInZhejiang, 4000}, {IndicatorForerunner, 50}, {IndicatorLocalCycleMonths, 15},
		{IndicatorTechProjectsShare, 60}, {IndicatorCityPilots, 20}, {IndicatorTechnicalBodies, 3},
	},
}

// maxTarget bounds a target: no plan counts a billion of anything.
const maxTarget = 1e9

// Prepare cleans and checks a plan a client registers: a name, a period
// within the calendar that ends on or after it starts, and one target or
// more, each for a known indicator, once, at zero or above (a share at
// most 100 percent).
func (p *Plan) Prepare() error {
	var fe fault.FieldErrors
	p.Name = CleanText(p.Name)
	CheckText(&fe, "name", p.Name, TextRule{Max: 200, Required: true})
	for _, d := range []struct {
		name string
		day  Date
	}{{"starts_on", p.StartsOn}, {"ends_on", p.EndsOn}} {
		if d.day.IsZero() {
			fe.Add(d.name, "is required")
		} else if err := d.day.Check(); err != nil {
			fe.Add(d.name, "%s", err)
		}
	}
	if !p.StartsOn.IsZero() && !p.EndsOn.IsZero() && p.EndsOn.Before(p.StartsOn) {
		fe.Add("ends_on", "%s is before starts_on %s", p.EndsOn, p.StartsOn)
	}
	if len(p.Targets) == 0 {
		fe.Add("targets", "a plan sets at least one target")
	}
	seen := map[Indicator]bool{}
	for i, t := range p.Targets {
		field := "targets[" + strconv.Itoa(i) + "]"
		switch {
		case !slices.Contains(Indicators, t.Indicator):
			fe.Add(field+".key", "%q is not an indicator; the indicators are %s", t.Indicator, list(Indicators))
		case seen[t.Indicator]:
			fe.Add(field+".key", "%s is given twice", t.Indicator)
		}
		seen[t.Indicator] = true
		switch {
		case math.IsNaN(t.Target) || t.Target < 0 || t.Target > maxTarget:
			fe.Add(field+".target", "must be from 0 to %g", float64(maxTarget))
		case t.Indicator == IndicatorTechProjectsShare && t.Target > 100:
			fe.Add(field+".target", "a share is a percentage, at most 100")
		}
	}
	return fe.Err()
}

// Overlaps reports whether two plans' periods share a day.
func (p Plan) Overlaps(o Plan) bool {
	return !p.EndsOn.Before(o.StartsOn) && !o.EndsOn.Before(p.StartsOn)
}
