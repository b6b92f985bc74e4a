package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// StageDaysBody is the days a standard spent in one stage.
type StageDaysBody struct {
	Stage string `json:"stage" example:"drafting"`
	Days  int    `json:"days" example:"170"`
} //	@name	StageDays

// CycleResponse is a standard's drafting cycle.
type CycleResponse struct {
	AsOf         string          `json:"as_of" format:"date"` // the day a running cycle is measured to
	ApprovedOn   *string         `json:"approved_on" format:"date" extensions:"x-nullable"`
	PublishedOn  *string         `json:"published_on" format:"date" extensions:"x-nullable"`
	EndsWith     string          `json:"ends_with" enums:"published,approval"` // the event that ends the cycle under the configured rule (publication when the rule's event was never recorded)
	EndedOn      *string         `json:"ended_on" format:"date" extensions:"x-nullable"`
	Months       *float64        `json:"months" extensions:"x-nullable" example:"14.5"` // to ended_on; for a running draft, elapsed to as_of; null before approval
	TargetMonths *int            `json:"target_months" extensions:"x-nullable" example:"15"`
	WithinTarget *bool           `json:"within_target" extensions:"x-nullable"` // null without a target, or while a running draft is not yet past it
	Stages       []StageDaysBody `json:"stages"`
} //	@name	Cycle

// standardCycle answers a standard's drafting cycle.
//
//	@Summary			A standard's drafting cycle
//	@Description		Roles: anyone; an unapproved draft's only for those who may see it. The cycle (制定周期) runs from the project's approval (立项: the move from proposal into drafting) to the event that ends it under the configured rule for its kind and nature — publication, or submission for approval (the move into `approval`). Months are calendar months: the whole months elapsed (a day missing from the target month counts as that month's last day), plus the leftover days divided by the length of the month that follows. `within_target` is `months <= target_months`. `stages` adds up the days between dated moves for the stage each entered, rework counted in the stage where it was spent.
//	@Tags				standards
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				id	path		string	true	"standard id"	format(uuid)
//	@Success			200	{object}	CycleResponse
//	@Failure			401	{object}	Problem	"missing, unknown or revoked API key"
//	@Failure			404	{object}	Problem
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getCycle
//	@Router				/api/v1/standards/{id}/cycle [get]
func (s *Server) standardCycle(c echo.Context) error {
	cy, err := s.registry.Cycle(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	out := CycleResponse{
		AsOf: s.registry.Today().String(), ApprovedOn: optional(cy.ApprovedOn.String()), PublishedOn: optional(cy.PublishedOn.String()),
		EndsWith: string(cy.EndsWith), EndedOn: optional(cy.EndedOn.String()), WithinTarget: cy.WithinTarget,
		Stages: make([]StageDaysBody, len(cy.Stages)),
	}
	if cy.Started {
		months := cy.Months
		out.Months = &months
	}
	if cy.Target > 0 {
		target := cy.Target
		out.TargetMonths = &target
	}
	for i, sd := range cy.Stages {
		out.Stages[i] = StageDaysBody{Stage: string(sd.Stage), Days: sd.Days}
	}
	return c.JSON(http.StatusOK, out)
}
