package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"stdreg/internal/access"
	"stdreg/internal/audit"
	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// listAuditEvents lists the audit log, newest first.
//
//	@Summary		List the audit log
//	@Description	Roles: admin, auditor. Every write — standards, organizations, keys, projects, pilots, technical bodies — with who made it (key id and name), when, the values before and after, and the request ID. Newest first.
//	@Tags			audit
//	@Produce		json
//	@Security		BearerAuth
//	@Param			resource_type	query		string	false	"kind of resource"	Enums(standard,organization,key,plan,project,pilot,technical_body)
//	@Param			resource_id		query		string	false	"the resource's id"
//	@Param			actor			query		string	false	"the id of the key that wrote"	format(uuid)
//	@Param			action			query		string	false	"what was done"					Enums(standard.create,standard.update,standard.delete,standard.move,standard.correct,organization.create,organization.update,organization.delete,project.create,project.update,project.delete,pilot.create,pilot.update,pilot.delete,technical_body.create,technical_body.update,technical_body.delete,key.create,key.revoke,plan.create)
//	@Param			from			query		string	false	"at or after this instant"		format(date-time)
//	@Param			to				query		string	false	"before this instant"			format(date-time)
//	@Param			page_size		query		int		false	"items per page"				minimum(1)	maximum(200)	default(20)
//	@Param			page_token		query		string	false	"next_page_token of the previous page"
//	@Success		200				{object}	AuditEventList
//	@Failure		400				{object}	Problem		"invalid parameter or page token"
//	@Failure		401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403				{object}	Problem		"neither an admin's nor an auditor's key"
//	@Failure		429				{object}	Problem		"rate limit exceeded"
//	@Header			429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listAuditEvents
//	@Router			/api/v1/audit-events [get]
func (s *Server) listAuditEvents(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, "resource_type", "resource_id", "actor", "action", "from", "to", "page_size", "page_token")
	f := audit.Filter{
		ResourceType: queryparam.Enum(params, &fe, "resource_type", []string{"standard", "organization", "key", "plan", "project", "pilot", "technical_body"}),
		ResourceID:   params.Get("resource_id"),
		KeyID:        params.Get("actor"),
		Action: queryparam.Enum(params, &fe, "action", []access.Action{
			access.CreateStandard, access.UpdateStandard, access.DeleteStandard, access.MoveStandard, access.CorrectStandard,
			access.CreateOrganization, access.UpdateOrganization, access.DeleteOrganization,
			access.CreateProject, access.UpdateProject, access.DeleteProject, access.CreatePilot, access.UpdatePilot, access.DeletePilot,
			access.CreateBody, access.UpdateBody, access.DeleteBody, access.CreateKey, access.RevokeKey, access.CreatePlan,
		}),
		From: parseInstant(&fe, "from", params.Get("from")),
		To:   parseInstant(&fe, "to", params.Get("to")),
	}
	if f.KeyID != "" {
		if !standard.ValidID(f.KeyID) {
			fe.Add("actor", "%q is not a key id", f.KeyID)
		}
	}
	size, after := s.pager.read(params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.registry.ListAuditEvents(c.Request().Context(), f, after, size)
	if err != nil {
		return err
	}
	next, err := s.pager.next(params, page.Next)
	if err != nil {
		return err
	}
	out := AuditEventList{Items: make([]AuditEventResponse, len(page.Items)), NextPageToken: next}
	for i, ev := range page.Items {
		out.Items[i] = toAuditEventResponse(ev)
	}
	return c.JSON(http.StatusOK, out)
}

// parseInstant reads an optional RFC 3339 instant.
func parseInstant(fe *fault.FieldErrors, field, v string) time.Time {
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		fe.Add(field, "%q is not an RFC 3339 instant such as 2026-01-31T08:00:00Z", v)
	}
	return t
}
