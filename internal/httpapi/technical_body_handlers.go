package httpapi

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// createTechnicalBody registers a standardization technical body (标准化技术组织).
//
//	@Summary		Register a standardization technical body
//	@Description	Roles: admin; editor, for a body whose secretariat is its own organization. The level must agree with the code's issuer (ISO, IEC: international; SAC: national; ZJ: provincial).
//	@Tags			technical-bodies
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body	body		TechnicalBodyInput	true	"the technical body"
//	@Success		201		{object}	TechnicalBodyResponse
//	@Header			201		{string}	Location	"the new technical body's URL"
//	@Header			201		{string}	ETag		"the technical body's version"
//	@Failure		400		{object}	Problem		"invalid fields or an unknown secretariat"
//	@Failure		409		{object}	Problem		"the code is already registered"
//	@Failure		413		{object}	Problem		"body over the size limit"
//	@Failure		408		{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415		{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403		{object}	Problem		"the key's role may not do this"
//	@Failure		429		{object}	Problem		"rate limit exceeded"
//	@Header			429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	createTechnicalBody
//	@Router			/api/v1/technical-bodies [post]
func (s *Server) createTechnicalBody(c echo.Context) error {
	return createOwned(c, bodyResource, s.registry.CreateTechnicalBody)
}

// getTechnicalBody answers one technical body.
//
//	@Summary			Get a standardization technical body
//	@Description		Roles: anyone.
//	@Tags				technical-bodies
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				id	path		string	true	"technical body id"	format(uuid)
//	@Param	If-None-Match	header	string	false	"an ETag read before: 304 while it is still the current version"
//	@Success			200	{object}	TechnicalBodyResponse
//	@Header				200	{string}	ETag	"the technical body's version"
//	@Success	304	"If-None-Match names the current version: nothing is sent"
//	@Header	304	{string}	ETag	"the technical body's version"
//	@Failure			404	{object}	Problem
//	@Failure			401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getTechnicalBody
//	@Router				/api/v1/technical-bodies/{id} [get]
func (s *Server) getTechnicalBody(c echo.Context) error {
	return getOwned(c, bodyResource, s.registry.GetTechnicalBody)
}

// patchTechnicalBody changes fields of a technical body.
//
//	@Summary		Change a standardization technical body (JSON merge patch)
//	@Description	Roles: admin; editor, for a body whose secretariat is its own organization.
//	@Tags			technical-bodies
//	@Accept			json
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"technical body id"	format(uuid)
//	@Param			If-Match	header		string			false	"the ETag last seen"
//	@Param			body		body		TechnicalBodyPatch	true	"the fields to change"
//	@Success		200			{object}	TechnicalBodyResponse
//	@Header			200			{string}	ETag	"the technical body's new version"
//	@Failure		400			{object}	Problem	"invalid fields or an unknown secretariat"
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem		"the code is already registered"
//	@Failure		412			{object}	Problem		"the technical body has changed since the ETag given"
//	@Failure		413			{object}	Problem		"body over the size limit"
//	@Failure		408			{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415			{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem		"the key's role may not do this"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	updateTechnicalBody
//	@Router			/api/v1/technical-bodies/{id} [patch]
func (s *Server) patchTechnicalBody(c echo.Context) error {
	return patchOwned(c, bodyResource, s.registry.UpdateTechnicalBody)
}

// deleteTechnicalBody deletes a technical body no standard names.
//
//	@Summary		Delete a standardization technical body
//	@Description	Roles: admin; editor, for a body whose secretariat is its own organization. A body that standards name as their technical committee is not deleted (409).
//	@Tags			technical-bodies
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path	string	true	"technical body id"	format(uuid)
//	@Param			If-Match	header	string	false	"the ETag last seen"
//	@Success		204
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem		"standards name the body as their technical committee"
//	@Failure		412	{object}	Problem		"the technical body has changed since the ETag given"
//	@Failure		401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403	{object}	Problem		"the key's role may not do this"
//	@Failure		429	{object}	Problem		"rate limit exceeded"
//	@Header			429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	deleteTechnicalBody
//	@Router			/api/v1/technical-bodies/{id} [delete]
func (s *Server) deleteTechnicalBody(c echo.Context) error {
	return deleteOwned(c, s.registry.DeleteTechnicalBody)
}

// listTechnicalBodies lists technical bodies by code.
//
//	@Summary			List standardization technical bodies
//	@Description		Roles: anyone. Ordered by code.
//	@Tags				technical-bodies
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				level							query		[]string	false	"any of these levels"	collectionFormat(csv)	Enums(international,national,provincial)
//	@Param				secretariat_organization_id	query		string		false	"the secretariat's organization"	format(uuid)
//	@Param				settled_from					query		string		false	"settled in Zhejiang on or after"	format(date)
//	@Param				settled_to						query		string		false	"settled in Zhejiang on or before"	format(date)
//	@Param				page_size		query		int			false	"items per page"	minimum(1)	maximum(200)	default(20)
//	@Param				page_token		query		string		false	"next_page_token of the previous page"
//	@Success			200				{object}	TechnicalBodyList
//	@Failure			400				{object}	Problem		"invalid parameter or page token"
//	@Failure			401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem		"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listTechnicalBodies
//	@Router				/api/v1/technical-bodies [get]
func (s *Server) listTechnicalBodies(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, append(bodyFilterParams, "page_size", "page_token")...)
	filter := bodyFilter(params, &fe)
	size, after := s.pager.read(params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.registry.ListTechnicalBodies(c.Request().Context(), standard.TechnicalBodyQuery{Filter: filter, After: after, Limit: size})
	if err != nil {
		return err
	}
	next, err := s.pager.next(params, page.Next)
	if err != nil {
		return err
	}
	out := TechnicalBodyList{Items: make([]TechnicalBodyResponse, len(page.Items)), NextPageToken: next}
	for i, p := range page.Items {
		out.Items[i] = toTechnicalBodyResponse(p)
	}
	return c.JSON(http.StatusOK, out)
}

// bodyFilterParams are the filters of the list and the export.
var bodyFilterParams = []string{"level", "secretariat_organization_id", "settled_from", "settled_to"}

// bodyFilter reads them.
func bodyFilter(params url.Values, fe *fault.FieldErrors) standard.TechnicalBodyFilter {
	filter := standard.TechnicalBodyFilter{
		Levels:                    queryparam.EnumList(params, fe, "level", standard.BodyLevels),
		SecretariatOrganizationID: idParam(params, fe, "secretariat_organization_id", fault.Msg("an organization")),
	}
	filter.SettledFrom, filter.SettledTo = dayRangeParams(params, fe, "settled_from", "settled_to")
	return filter
}

// bodyResource is how the API shows TechnicalBody.
var bodyResource = ownedResource[standard.TechnicalBody, TechnicalBodyInput, TechnicalBodyResponse]{
	path: "/api/v1/technical-bodies/", toRecord: TechnicalBodyInput.toTechnicalBody, toInput: toTechnicalBodyInput, toOut: toTechnicalBodyResponse,
	marks: func(r standard.TechnicalBody) (string, int64) { return r.ID, r.Version },
	keep: func(next *standard.TechnicalBody, current standard.TechnicalBody) {
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version
	},
}
