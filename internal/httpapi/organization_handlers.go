package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// createOrganization registers an organization.
//
//	@Summary		Register an organization
//	@Description	Roles: admin.
//	@Tags			organizations
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body	body		OrganizationInput	true	"the organization"
//	@Success		201		{object}	OrganizationResponse
//	@Header			201		{string}	Location	"the new organization's URL"
//	@Header			201		{string}	ETag		"the organization's version"
//	@Failure		400		{object}	Problem		"invalid fields"
//	@Failure		409		{object}	Problem		"the credit code is already registered"
//	@Failure		413		{object}	Problem		"body over the size limit"
//	@Failure		408		{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415		{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403		{object}	Problem		"the key's role may not do this"
//	@Failure		429		{object}	Problem		"rate limit exceeded"
//	@Header			429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	createOrganization
//	@Router			/api/v1/organizations [post]
func (s *Server) createOrganization(c echo.Context) error {
	var in OrganizationInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	created, err := s.registry.CreateOrganization(c.Request().Context(), in.toOrganization())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/organizations/"+created.ID)
	setETag(c, created.Version)
	return c.JSON(http.StatusCreated, toOrganizationResponse(created))
}

// getOrganization answers one organization.
//
//	@Summary			Get an organization
//	@Description		Roles: anyone.
//	@Tags				organizations
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				id	path		string	true	"organization id"	format(uuid)
//	@Param	If-None-Match	header	string	false	"an ETag read before: 304 while it is still the current version"
//	@Success			200	{object}	OrganizationResponse
//	@Header				200	{string}	ETag	"the organization's version"
//	@Success	304	"If-None-Match names the current version: nothing is sent"
//	@Header	304	{string}	ETag	"the organization's version"
//	@Failure			404	{object}	Problem
//	@Failure			401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getOrganization
//	@Router				/api/v1/organizations/{id} [get]
func (s *Server) getOrganization(c echo.Context) error {
	o, err := s.registry.GetOrganization(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	setETag(c, o.Version)
	if done, err := notModified(c, o.Version); done {
		return err
	}
	return c.JSON(http.StatusOK, toOrganizationResponse(o))
}

// patchOrganization changes fields of an organization.
//
//	@Summary		Change an organization (JSON merge patch)
//	@Description	Roles: admin.
//	@Tags			organizations
//	@Accept			json
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path		string				true	"organization id"	format(uuid)
//	@Param			If-Match	header		string				false	"the ETag last seen"
//	@Param			body		body		OrganizationPatch	true	"the fields to change"
//	@Success		200			{object}	OrganizationResponse
//	@Header			200			{string}	ETag	"the organization's new version"
//	@Failure		400			{object}	Problem	"invalid fields"
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem		"the credit code is already registered"
//	@Failure		412			{object}	Problem		"the organization has changed since the ETag given"
//	@Failure		413			{object}	Problem		"body over the size limit"
//	@Failure		408			{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415			{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem		"the key's role may not do this"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	updateOrganization
//	@Router			/api/v1/organizations/{id} [patch]
func (s *Server) patchOrganization(c echo.Context) error {
	patch, err := readBody(c, "application/merge-patch+json", echo.MIMEApplicationJSON)
	if err != nil {
		return err
	}
	updated, err := s.registry.UpdateOrganization(c.Request().Context(), c.Param("id"), ifMatch(c),
		func(current standard.Organization) (standard.Organization, error) {
			return mergeOrganizationPatch(current, patch)
		})
	if err != nil {
		return err
	}
	setETag(c, updated.Version)
	return c.JSON(http.StatusOK, toOrganizationResponse(updated))
}

func mergeOrganizationPatch(current standard.Organization, patch []byte) (standard.Organization, error) {
	in, err := applyMergePatch(toOrganizationInput(current), patch, readOnlyResourceFields)
	if err != nil {
		return standard.Organization{}, err
	}
	next := in.toOrganization()
	next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version
	return next, nil
}

// deleteOrganization deletes an organization no standard refers to.
//
//	@Summary		Delete an organization
//	@Description	Roles: admin.
//	@Tags			organizations
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path	string	true	"organization id"	format(uuid)
//	@Param			If-Match	header	string	false	"the ETag last seen"
//	@Success		204
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem		"standards refer to the organization"
//	@Failure		412	{object}	Problem		"the organization has changed since the ETag given"
//	@Failure		401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403	{object}	Problem		"the key's role may not do this"
//	@Failure		429	{object}	Problem		"rate limit exceeded"
//	@Header			429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	deleteOrganization
//	@Router			/api/v1/organizations/{id} [delete]
func (s *Server) deleteOrganization(c echo.Context) error {
	if err := s.registry.DeleteOrganization(c.Request().Context(), c.Param("id"), ifMatch(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listOrganizations lists organizations by name.
//
//	@Summary			List organizations
//	@Description		Roles: anyone.
//	@Tags				organizations
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				kind		query		string	false	"kind"	Enums(institute,association,enterprise,government,other)
//	@Param				region		query		string	false	"administrative division code"
//	@Param				page_size	query		int		false	"items per page"	minimum(1)	maximum(200)	default(20)
//	@Param				page_token	query		string	false	"next_page_token of the previous page"
//	@Success			200			{object}	OrganizationList
//	@Failure			400			{object}	Problem		"invalid parameter or page token"
//	@Failure			401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429			{object}	Problem		"rate limit exceeded"
//	@Header				429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listOrganizations
//	@Router				/api/v1/organizations [get]
func (s *Server) listOrganizations(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, "kind", "region", "page_size", "page_token")
	filter := standard.OrganizationFilter{Kind: queryparam.Enum(params, &fe, "kind", standard.OrgKinds), Region: params.Get("region")}
	size, after := s.pager.read(params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.registry.ListOrganizations(c.Request().Context(), standard.OrganizationQuery{Filter: filter, After: after, Limit: size})
	if err != nil {
		return err
	}
	next, err := s.pager.next(params, page.Next)
	if err != nil {
		return err
	}
	out := OrganizationList{Items: make([]OrganizationResponse, len(page.Items)), NextPageToken: next}
	for i, o := range page.Items {
		out.Items[i] = toOrganizationResponse(o)
	}
	return c.JSON(http.StatusOK, out)
}
