package httpapi

import (
	"time"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// PlanResponse is a work plan: its period and its targets.
type PlanResponse struct {
	ID        string           `json:"id" format:"uuid"`
	Name      string           `json:"name" example:"浙江省国家标准化创新发展试点工作方案（2023—2025年）"`
	StartsOn  string           `json:"starts_on" format:"date" example:"2023-01-01"`
	EndsOn    string           `json:"ends_on" format:"date" example:"2025-12-31"`
	Default   bool             `json:"default"` // the plan plan-targets reports without plan=: the pilot plan
	Targets   []PlanTargetBody `json:"targets"`
	CreatedAt *time.Time       `json:"created_at" format:"date-time" extensions:"x-nullable"` // null for the pilot plan, built in
} //	@name	Plan

// PlanTargetBody is a plan's target for one indicator.
type PlanTargetBody struct {
	Key    string  `json:"key" enums:"national_led,international,zhejiang_standard,made_in_zhejiang,forerunner,local_cycle_months,tech_projects_share,city_pilots,technical_bodies" example:"local_cycle_months"`
	Name   string  `json:"name" example:"地方标准平均制定周期"`
	Target float64 `json:"target" example:"15"`
	Bound  string  `json:"bound" enums:"at_least,at_most"` // whether the figure must reach the target or stay under it
} //	@name	PlanTarget

// PlanList is every plan, the earliest first, never paged.
type PlanList struct {
	Items []PlanResponse `json:"items"`
} //	@name	PlanList

// PlanInput registers a later plan.
type PlanInput struct {
	Name     string            `json:"name" example:"浙江省标准化发展规划（2026—2030年）"`
	StartsOn string            `json:"starts_on" format:"date" example:"2026-01-01"`
	EndsOn   string            `json:"ends_on" format:"date" example:"2030-12-31"`
	Targets  []PlanTargetInput `json:"targets"`
} //	@name	PlanInput

// PlanTargetInput is one target of a plan registered.
type PlanTargetInput struct {
	Key    string  `json:"key" enums:"national_led,international,zhejiang_standard,made_in_zhejiang,forerunner,local_cycle_months,tech_projects_share,city_pilots,technical_bodies" example:"local_cycle_months"`
	Target float64 `json:"target" example:"12"`
} //	@name	PlanTargetInput

func (in PlanInput) toPlan() (standard.Plan, error) {
	var fe fault.FieldErrors
	p := standard.Plan{
		Name:     in.Name,
		StartsOn: queryparam.Date(&fe, "starts_on", in.StartsOn),
		EndsOn:   queryparam.Date(&fe, "ends_on", in.EndsOn),
	}
	for _, t := range in.Targets {
		p.Targets = append(p.Targets, standard.PlanTarget{Indicator: standard.Indicator(t.Key), Target: t.Target})
	}
	return p, fe.Err()
}

func bound(i standard.Indicator) string {
	if i.AtMost() {
		return "at_most"
	}
	return "at_least"
}

func toPlanResponse(p standard.Plan) PlanResponse {
	r := PlanResponse{
		ID: p.ID, Name: p.Name, StartsOn: p.StartsOn.String(), EndsOn: p.EndsOn.String(),
		Default: p.ID == standard.PilotPlan.ID, Targets: make([]PlanTargetBody, len(p.Targets)),
	}
	for i, t := range p.Targets {
		r.Targets[i] = PlanTargetBody{Key: string(t.Indicator), Name: t.Indicator.NameZH(), Target: t.Target, Bound: bound(t.Indicator)}
	}
	if !p.CreatedAt.IsZero() {
		at := p.CreatedAt.UTC()
		r.CreatedAt = &at
	}
	return r
}
