package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
)

// planVersion is every plan's ETag: a plan never changes once registered.
const planVersion = 1

// listPlans lists the work plans.
//
//	@Summary			List the work plans
//	@Description		Roles: anyone. Every plan the province's figures are held to, the earliest first: the 2023–2025 pilot plan (built in, the default of plan-targets), then the later plans admins registered, each with its period and its targets. Never paged.
//	@Tags				plans
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Success			200	{object}	PlanList
//	@Failure			400	{object}	Problem		"invalid parameter"
//	@Failure			401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listPlans
//	@Router				/api/v1/plans [get]
func (s *Server) listPlans(c echo.Context) error {
	var fe fault.FieldErrors
	checkParams(c.QueryParams(), &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	plans, err := s.registry.ListPlans(c.Request().Context())
	if err != nil {
		return err
	}
	out := PlanList{Items: make([]PlanResponse, len(plans))}
	for i, p := range plans {
		out.Items[i] = toPlanResponse(p)
	}
	return c.JSON(http.StatusOK, out)
}

// getPlan answers one plan.
//
//	@Summary			Get a work plan
//	@Description		Roles: anyone.
//	@Tags				plans
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				id	path		string	true	"plan id"	format(uuid)
//	@Param	If-None-Match	header	string	false	"an ETag read before: 304 while it is still the current version"
//	@Success			200	{object}	PlanResponse
//	@Header				200	{string}	ETag	"the plan's version (a plan never changes)"
//	@Success	304	"If-None-Match names the current version: nothing is sent"
//	@Header	304	{string}	ETag	"the plan's version"
//	@Failure			404	{object}	Problem
//	@Failure			401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getPlan
//	@Router				/api/v1/plans/{id} [get]
func (s *Server) getPlan(c echo.Context) error {
	plan, err := s.registry.GetPlan(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	setETag(c, planVersion)
	if done, err := notModified(c, planVersion); done {
		return err
	}
	return c.JSON(http.StatusOK, toPlanResponse(plan))
}

// createPlan registers a later plan.
//
//	@Summary		Register a work plan
//	@Description	Roles: admin. A plan after the pilot (2026–2030) with its own targets, for any of the nine indicators plan-targets knows, each once: counts at zero or above, `local_cycle_months` in months (a ceiling), `tech_projects_share` a percentage. Its period may not overlap another plan's (409). A plan cannot be changed once registered; the registration is in the audit log.
//	@Tags			plans
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body	body		PlanInput	true	"the plan"
//	@Success		201		{object}	PlanResponse
//	@Header			201		{string}	Location	"the new plan's URL"
//	@Header			201		{string}	ETag		"the plan's version"
//	@Failure		400		{object}	Problem		"invalid fields"
//	@Failure		409		{object}	Problem		"the period overlaps another plan's"
//	@Failure		413		{object}	Problem		"body over the size limit"
//	@Failure		408		{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415		{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403		{object}	Problem		"the key's role may not do this"
//	@Failure		429		{object}	Problem		"rate limit exceeded"
//	@Header			429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	createPlan
//	@Router			/api/v1/plans [post]
func (s *Server) createPlan(c echo.Context) error {
	var in PlanInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	plan, err := in.toPlan()
	if err != nil {
		return err
	}
	created, err := s.registry.CreatePlan(c.Request().Context(), plan)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/plans/"+created.ID)
	setETag(c, planVersion)
	return c.JSON(http.StatusCreated, toPlanResponse(created))
}
