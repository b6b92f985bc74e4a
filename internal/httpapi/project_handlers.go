package httpapi

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// createProject registers a science and technology project.
//
//	@Summary		Register a science and technology project
//	@Description	Roles: admin; editor, for its own organization. The standards it names must exist and be visible to the caller.
//	@Tags			projects
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body	body		ProjectInput	true	"the project"
//	@Success		201		{object}	ProjectResponse
//	@Header			201		{string}	Location	"the new project's URL"
//	@Header			201		{string}	ETag		"the project's version"
//	@Failure		400		{object}	Problem		"invalid fields, an unknown organization or standard"
//	@Failure		413		{object}	Problem		"body over the size limit"
//	@Failure		408		{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415		{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403		{object}	Problem		"the key's role may not do this"
//	@Failure		429		{object}	Problem		"rate limit exceeded"
//	@Header			429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	createProject
//	@Router			/api/v1/projects [post]
func (s *Server) createProject(c echo.Context) error {
	return createOwned(c, projectResource, s.registry.CreateProject)
}

// getProject answers one project.
//
//	@Summary			Get a science and technology project
//	@Description		Roles: anyone. standard_ids lists the standards the caller may see.
//	@Tags				projects
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				id	path		string	true	"project id"	format(uuid)
//	@Param	If-None-Match	header	string	false	"an ETag read before: 304 while it is still the current version"
//	@Success			200	{object}	ProjectResponse
//	@Header				200	{string}	ETag	"the project's version"
//	@Success	304	"If-None-Match names the current version: nothing is sent"
//	@Header	304	{string}	ETag	"the project's version"
//	@Failure			404	{object}	Problem
//	@Failure			401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getProject
//	@Router				/api/v1/projects/{id} [get]
func (s *Server) getProject(c echo.Context) error {
	return getOwned(c, projectResource, s.registry.GetProject)
}

// patchProject changes fields of a project.
//
//	@Summary		Change a science and technology project (JSON merge patch)
//	@Description	Roles: admin; editor, for its own organization's projects. standard_ids, when given, replaces the list.
//	@Tags			projects
//	@Accept			json
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"project id"	format(uuid)
//	@Param			If-Match	header		string			false	"the ETag last seen"
//	@Param			body		body		ProjectPatch	true	"the fields to change"
//	@Success		200			{object}	ProjectResponse
//	@Header			200			{string}	ETag	"the project's new version"
//	@Failure		400			{object}	Problem	"invalid fields, an unknown organization or standard"
//	@Failure		404			{object}	Problem
//	@Failure		412			{object}	Problem		"the project has changed since the ETag given"
//	@Failure		413			{object}	Problem		"body over the size limit"
//	@Failure		408			{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415			{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem		"the key's role may not do this"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	updateProject
//	@Router			/api/v1/projects/{id} [patch]
func (s *Server) patchProject(c echo.Context) error {
	return patchOwned(c, projectResource, s.registry.UpdateProject)
}

// deleteProject deletes a project not yet accepted.
//
//	@Summary		Delete a science and technology project
//	@Description	Roles: admin; editor, for its own organization's projects. An accepted project counts in the plan's figures: it is corrected, never deleted (409).
//	@Tags			projects
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path	string	true	"project id"	format(uuid)
//	@Param			If-Match	header	string	false	"the ETag last seen"
//	@Success		204
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem		"the project has been accepted"
//	@Failure		412	{object}	Problem		"the project has changed since the ETag given"
//	@Failure		401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403	{object}	Problem		"the key's role may not do this"
//	@Failure		429	{object}	Problem		"rate limit exceeded"
//	@Header			429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	deleteProject
//	@Router			/api/v1/projects/{id} [delete]
func (s *Server) deleteProject(c echo.Context) error {
	return deleteOwned(c, s.registry.DeleteProject)
}

// listProjects lists projects by name.
//
//	@Summary			List science and technology projects
//	@Description		Roles: anyone. Ordered by name.
//	@Tags				projects
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				programme		query		string		false	"the programme, exactly: 尖兵, 领雁, …"
//	@Param				category		query		[]string	false	"any of these categories"	collectionFormat(csv)	Enums(key_generic,application,other)
//	@Param				organization_id	query		string		false	"the undertaking organization"	format(uuid)
//	@Param				standard_id		query		string		false	"projects that name this standard"	format(uuid)
//	@Param				produced		query		bool		false	"true: only projects that name a standard at drafting or later (not a terminated or unapproved draft)"
//	@Param				produced_as_of	query		string		false	"with produced: judge each standard by the stage its history gives it on this day, not by its stage today"	format(date)
//	@Param				accepted_from	query		string		false	"accepted on or after"	format(date)
//	@Param				accepted_to		query		string		false	"accepted on or before"	format(date)
//	@Param				page_size		query		int			false	"items per page"	minimum(1)	maximum(200)	default(20)
//	@Param				page_token		query		string		false	"next_page_token of the previous page"
//	@Success			200				{object}	ProjectList
//	@Failure			400				{object}	Problem		"invalid parameter or page token"
//	@Failure			401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem		"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listProjects
//	@Router				/api/v1/projects [get]
func (s *Server) listProjects(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, append(projectFilterParams, "page_size", "page_token")...)
	filter := projectFilter(params, &fe)
	size, after := s.pager.read(params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.registry.ListProjects(c.Request().Context(), standard.ProjectQuery{Filter: filter, After: after, Limit: size})
	if err != nil {
		return err
	}
	next, err := s.pager.next(params, page.Next)
	if err != nil {
		return err
	}
	out := ProjectList{Items: make([]ProjectResponse, len(page.Items)), NextPageToken: next}
	for i, p := range page.Items {
		out.Items[i] = toProjectResponse(p)
	}
	return c.JSON(http.StatusOK, out)
}

// projectFilterParams are the filters of the list and the export.
var projectFilterParams = []string{"programme", "category", "organization_id", "standard_id", "produced", "produced_as_of", "accepted_from", "accepted_to"}

// projectFilter reads them.
func projectFilter(params url.Values, fe *fault.FieldErrors) standard.ProjectFilter {
	filter := standard.ProjectFilter{
		Programme:      params.Get("programme"),
		Categories:     queryparam.EnumList(params, fe, "category", standard.ProjectCategories),
		OrganizationID: idParam(params, fe, "organization_id", fault.Msg("an organization")),
		StandardID:     idParam(params, fe, "standard_id", fault.Msg("a standard")),
		Produced:       queryparam.Bool(params, fe, "produced"),
		ProducedOn:     queryparam.Date(fe, "produced_as_of", params.Get("produced_as_of")),
	}
	if !filter.ProducedOn.IsZero() && !filter.Produced {
		fe.Add("produced_as_of", "applies to produced=true only")
	}
	filter.AcceptedFrom, filter.AcceptedTo = dayRangeParams(params, fe, "accepted_from", "accepted_to")
	return filter
}

// projectResource is how the API shows Project.
var projectResource = ownedResource[standard.Project, ProjectInput, ProjectResponse]{
	path: "/api/v1/projects/", toRecord: ProjectInput.toProject, toInput: toProjectInput, toOut: toProjectResponse,
	marks: func(r standard.Project) (string, int64) { return r.ID, r.Version },
	keep: func(next *standard.Project, current standard.Project) {
		next.ID, next.CreatedAt, next.Version = current.ID, current.CreatedAt, current.Version
	},
}
