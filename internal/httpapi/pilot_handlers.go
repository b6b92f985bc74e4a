package httpapi

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// createPilot registers a standardization pilot (标准化试点).
//
//	@Summary		Register a standardization pilot
//	@Description	Roles: admin; editor, for its own organization.
//	@Tags			pilots
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body	body		PilotInput	true	"the pilot"
//	@Success		201		{object}	PilotResponse
//	@Header			201		{string}	Location	"the new pilot's URL"
//	@Header			201		{string}	ETag		"the pilot's version"
//	@Failure		400		{object}	Problem		"invalid fields or an unknown organization"
//	@Failure		413		{object}	Problem		"body over the size limit"
//	@Failure		408		{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415		{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403		{object}	Problem		"the key's role may not do this"
//	@Failure		429		{object}	Problem		"rate limit exceeded"
//	@Header			429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	createPilot
//	@Router			/api/v1/pilots [post]
func (s *Server) createPilot(c echo.Context) error {
	return createOwned(c, pilotResource, s.registry.CreatePilot)
}

// getPilot answers one pilot.
//
//	@Summary			Get a standardization pilot
//	@Description		Roles: anyone.
//	@Tags				pilots
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				id	path		string	true	"pilot id"	format(uuid)
//	@Param	If-None-Match	header	string	false	"an ETag read before: 304 while it is still the current version"
//	@Success			200	{object}	PilotResponse
//	@Header				200	{string}	ETag	"the pilot's version"
//	@Success	304	"If-None-Match names the current version: nothing is sent"
//	@Header	304	{string}	ETag	"the pilot's version"
//	@Failure			404	{object}	Problem
//	@Failure			401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getPilot
//	@Router				/api/v1/pilots/{id} [get]
func (s *Server) getPilot(c echo.Context) error {
	return getOwned(c, pilotResource, s.registry.GetPilot)
}

// patchPilot changes fields of a pilot.
//
//	@Summary		Change a standardization pilot (JSON merge patch)
//	@Description	Roles: admin; editor, for its own organization's pilots. A pilot is revoked by setting its status.
//	@Tags			pilots
//	@Accept			json
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"pilot id"	format(uuid)
//	@Param			If-Match	header		string			false	"the ETag last seen"
//	@Param			body		body		PilotPatch	true	"the fields to change"
//	@Success		200			{object}	PilotResponse
//	@Header			200			{string}	ETag	"the pilot's new version"
//	@Failure		400			{object}	Problem	"invalid fields or an unknown organization"
//	@Failure		404			{object}	Problem
//	@Failure		412			{object}	Problem		"the pilot has changed since the ETag given"
//	@Failure		413			{object}	Problem		"body over the size limit"
//	@Failure		408			{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415			{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem		"the key's role may not do this"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	updatePilot
//	@Router			/api/v1/pilots/{id} [patch]
func (s *Server) patchPilot(c echo.Context) error {
	return patchOwned(c, pilotResource, s.registry.UpdatePilot)
}

// deletePilot deletes a pilot still building.
//
//	@Summary		Delete a standardization pilot
//	@Description	Roles: admin; editor, for its own organization's pilots. Only a pilot still building may be deleted; an accepted or revoked one is part of the record (409).
//	@Tags			pilots
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path	string	true	"pilot id"	format(uuid)
//	@Param			If-Match	header	string	false	"the ETag last seen"
//	@Success		204
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem		"the pilot has been accepted or revoked"
//	@Failure		412	{object}	Problem		"the pilot has changed since the ETag given"
//	@Failure		401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403	{object}	Problem		"the key's role may not do this"
//	@Failure		429	{object}	Problem		"rate limit exceeded"
//	@Header			429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	deletePilot
//	@Router			/api/v1/pilots/{id} [delete]
func (s *Server) deletePilot(c echo.Context) error {
	return deleteOwned(c, s.registry.DeletePilot)
}

// listPilots lists pilots by name.
//
//	@Summary			List standardization pilots
//	@Description		Roles: anyone. Ordered by name.
//	@Tags				pilots
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				kind			query		[]string	false	"any of these kinds"	collectionFormat(csv)	Enums(city,county,domain)
//	@Param				level			query		[]string	false	"any of these levels"	collectionFormat(csv)	Enums(national,provincial,city)
//	@Param				status			query		[]string	false	"any of these statuses"	collectionFormat(csv)	Enums(building,accepted,revoked)
//	@Param				region			query		string		false	"administrative division code"
//	@Param				organization_id	query		string		false	"the undertaking organization"	format(uuid)
//	@Param				approved_from	query		string		false	"approved on or after"	format(date)
//	@Param				approved_to		query		string		false	"approved on or before"	format(date)
//	@Param				page_size		query		int			false	"items per page"	minimum(1)	maximum(200)	default(20)
//	@Param				page_token		query		string		false	"next_page_token of the previous page"
//	@Success			200				{object}	PilotList
//	@Failure			400				{object}	Problem		"invalid parameter or page token"
//	@Failure			401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem		"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listPilots
//	@Router				/api/v1/pilots [get]
func (s *Server) listPilots(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, append(pilotFilterParams, "page_size", "page_token")...)
	filter := pilotFilter(params, &fe)
	size, after := s.pager.read(params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.registry.ListPilots(c.Request().Context(), standard.PilotQuery{Filter: filter, After: after, Limit: size})
	if err != nil {
		return err
	}
	next, err := s.pager.next(params, page.Next)
	if err != nil {
		return err
	}
	out := PilotList{Items: make([]PilotResponse, len(page.Items)), NextPageToken: next}
	for i, p := range page.Items {
		out.Items[i] = toPilotResponse(p)
	}
	return c.JSON(http.StatusOK, out)
}

// pilotFilterParams are the filters of the list and the export.
var pilotFilterParams = []string{"kind", "level", "status", "region", "organization_id", "approved_from", "approved_to"}

// pilotFilter reads them.
func pilotFilter(params url.Values, fe *fault.FieldErrors) standard.PilotFilter {
	filter := standard.PilotFilter{
		Kinds:          queryparam.EnumList(params, fe, "kind", standard.PilotKinds),
		Levels:         queryparam.EnumList(params, fe, "level", standard.PilotLevels),
		Statuses:       queryparam.EnumList(params, fe, "status", standard.PilotStatuses),
		Region:         params.Get("region"),
		OrganizationID: idParam(params, fe, "organization_id", fault.Msg("an organization")),
	}
	filter.ApprovedFrom, filter.ApprovedTo = dayRangeParams(params, fe, "approved_from", "approved_to")
	return filter
}

// pilotResource is how the API shows Pilot.
var pilotResource = ownedResource[standard.Pilot, PilotInput, PilotResponse]{
	path: "/api/v1/pilots/", toRecord: PilotInput.toPilot, toInput: toPilotInput, toOut: toPilotResponse,
	marks: func(r standard.Pilot) (string, int64) { return r.ID, r.Version },
	keep: func(next *standard.Pilot, current standard.Pilot) {
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version
	},
}
