package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// createStandard registers a standard or a draft.
//
//	@Summary		Register a standard or a draft
//	@Description	Roles: admin; editor, for its own organization (which is the default owner of what an editor registers). A draft starts in `preliminary` or `proposal`; an existing standard is registered `published` with its `published_on` (and `approved_on` where known). The number may be written in any form and is stored in display form; its kind must agree with `kind`, and the nature it shows is taken from it. A double number (`GB/T 19001—2016/ISO 9001:2015`) adds its international number to `adopts` as IDT.
//	@Tags			standards
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body	body		StandardInput	true	"the standard"
//	@Success		201		{object}	StandardResponse
//	@Header			201		{string}	Location	"the new standard's URL"
//	@Header			201		{string}	ETag		"the standard's version"
//	@Failure		400		{object}	Problem		"invalid fields"
//	@Failure		409		{object}	Problem		"the number is already registered"
//	@Failure		413		{object}	Problem		"body over the size limit"
//	@Failure		408		{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415		{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403		{object}	Problem		"the key's role may not do this"
//	@Failure		429		{object}	Problem		"rate limit exceeded"
//	@Header			429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	createStandard
//	@Router			/api/v1/standards [post]
func (s *Server) createStandard(c echo.Context) error {
	var in StandardInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	st, err := in.toStandard()
	if err != nil {
		return err
	}
	created, err := s.registry.CreateStandard(c.Request().Context(), st)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/standards/"+created.ID)
	setETag(c, created.Version)
	return c.JSON(http.StatusCreated, toStandardResponse(created, s.registry.Rules()))
}

// getStandard answers one standard.
//
//	@Summary			Get a standard
//	@Description		Roles: anyone. A draft in `preliminary` or `proposal` is visible only to its organization's editors, auditors and admins; to anyone else it does not exist (404).
//	@Tags				standards
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				id	path		string	true	"standard id"	format(uuid)
//	@Param	If-None-Match	header	string	false	"an ETag read before: 304 while it is still the current version"
//	@Param	include	query	[]string	false	"what to embed: organization (its id, name, kind, region), editions (the other editions of its number), projects (the science and technology projects that name it)"	collectionFormat(csv)	Enums(organization,editions,projects)
//	@Success			200	{object}	StandardResponse
//	@Header				200	{string}	ETag	"the standard's version"
//	@Success	304	"If-None-Match names the current version: nothing is sent"
//	@Header	304	{string}	ETag	"the standard's version"
//	@Failure			400	{object}	Problem	"an include that is not organization"
//	@Failure			404	{object}	Problem
//	@Failure			401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getStandard
//	@Router				/api/v1/standards/{id} [get]
func (s *Server) getStandard(c echo.Context) error {
	var fe fault.FieldErrors
	include := parseInclude(c.QueryParam("include"), Includable, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	st, err := s.registry.GetStandard(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.writeStandardWith(c, st, include)
}

// lookupStandard finds a standard by its number in any written form.
//
//	@Summary			Look a standard up by its number
//	@Description		Roles: anyone; an unapproved draft only for those who may see it (404 otherwise). The number may be written in any form (`gb/t1.1-2020`, full-width characters, en or em dashes, or with no separators at all: `DB33T537`, `gbt19001-2016`); it is matched on the normalized form. Without its year (`GB/T 19001`) it answers the edition in force: of the editions the caller may see, the one published last that is `published` or under `periodic_review`, else the latest of any stage.
//	@Tags				standards
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				code	query		string	true	"the standard number"	example(GB 17761—2018)
//	@Param	include	query	[]string	false	"what to embed: organization (its id, name, kind, region), editions (the other editions of its number), projects (the science and technology projects that name it)"	collectionFormat(csv)	Enums(organization,editions,projects)
//	@Success			200		{object}	StandardResponse
//	@Header				200		{string}	ETag		"the standard's version"
//	@Failure			400		{object}	Problem		"not a standard number"
//	@Failure			404		{object}	Problem		"no standard has this number"
//	@Failure			401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429		{object}	Problem		"rate limit exceeded"
//	@Header				429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	lookupStandard
//	@Router				/api/v1/standards/lookup [get]
func (s *Server) lookupStandard(c echo.Context) error {
	var fe fault.FieldErrors
	checkParams(c.QueryParams(), &fe, "code", "include")
	code := c.QueryParam("code")
	if code == "" {
		fe.Add("code", "is required")
	}
	include := parseInclude(c.QueryParam("include"), Includable, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	st, err := s.registry.LookupStandard(c.Request().Context(), code)
	if err != nil {
		return err
	}
	return s.writeStandardWith(c, st, include)
}

// patchStandard changes fields of a standard.
//
//	@Summary		Change a standard (JSON merge patch)
//	@Description	Roles: admin; editor of the owning organization. An RFC 7396 merge patch: the fields given replace the current ones, `null` clears one. The stage and the days that follow from it (`approved_on`, `published_on`, `withdrawn_on`) change only through stage moves, and naming them is an error. With `If-Match`, the change applies only to that version (412 otherwise).
//	@Tags			standards
//	@Accept			json
//	@Accept			application/merge-patch+json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"standard id"	format(uuid)
//	@Param			If-Match	header		string			false	"the ETag last seen"
//	@Param			body		body		StandardPatch	true	"the fields to change"
//	@Success		200			{object}	StandardResponse
//	@Header			200			{string}	ETag	"the standard's new version"
//	@Failure		400			{object}	Problem	"invalid fields"
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem		"the new number is already registered"
//	@Failure		412			{object}	Problem		"the standard has changed since the ETag given"
//	@Failure		413			{object}	Problem		"body over the size limit"
//	@Failure		408			{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415			{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem		"the key's role may not do this"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	updateStandard
//	@Router			/api/v1/standards/{id} [patch]
func (s *Server) patchStandard(c echo.Context) error {
	patch, err := readBody(c, "application/merge-patch+json", echo.MIMEApplicationJSON)
	if err != nil {
		return err
	}
	updated, err := s.registry.UpdateStandard(c.Request().Context(), c.Param("id"), ifMatch(c),
		func(current standard.Standard) (standard.Standard, error) {
			return mergeStandardPatch(current, patch)
		})
	if err != nil {
		return err
	}
	setETag(c, updated.Version)
	return c.JSON(http.StatusOK, toStandardResponse(updated, s.registry.Rules()))
}

// deleteStandard deletes a draft not yet approved.
//
//	@Summary		Delete a draft
//	@Description	Roles: admin; editor of the owning organization. Only a record still in `preliminary` or `proposal` can be deleted; a published standard is withdrawn and a draft further along is terminated, never deleted (409).
//	@Tags			standards
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path	string	true	"standard id"	format(uuid)
//	@Param			If-Match	header	string	false	"the ETag last seen"
//	@Success		204
//	@Failure		404	{object}	Problem
//	@Failure		409	{object}	Problem		"the record is past the proposal stage"
//	@Failure		412	{object}	Problem		"the standard has changed since the ETag given"
//	@Failure		401	{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403	{object}	Problem		"the key's role may not do this"
//	@Failure		429	{object}	Problem		"rate limit exceeded"
//	@Header			429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	deleteStandard
//	@Router			/api/v1/standards/{id} [delete]
func (s *Server) deleteStandard(c echo.Context) error {
	if err := s.registry.DeleteStandard(c.Request().Context(), c.Param("id"), ifMatch(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// listStandards lists and filters standards.
//
//	@Summary			List standards
//	@Description		Roles: anyone. Drafts in `preliminary` or `proposal` are listed only for their organization's editors, auditors and admins. Filters combine with AND. Pages are keyset-based: pass `next_page_token` as `page_token` with the same filters and sort to get the next page; it is empty on the last page. A token from another query is refused (400).
//	@Tags				standards
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				q				query		string	false	"text in the number, titles or drafting units; every space-separated term must match"
//	@Param				kind			query		string	false	"kind"																																																										Enums(national,industry,local,group,enterprise,international)
//	@Param				stage			query		string	false	"stage"																																																										Enums(preliminary,proposal,drafting,consultation,review,approval,published,periodic_review,withdrawn,terminated)
//	@Param				nature			query		string	false	"nature"																																																									Enums(mandatory,recommended,guidance)
//	@Param				designation		query		string	false	"designation"																																																								Enums(zhejiang_standard,made_in_zhejiang,forerunner)
//	@Param	zhejiang_role	query	[]string	false	"Zhejiang's role: any of these, separated by commas"	collectionFormat(csv)	Enums(lead,participant,none)
//	@Param				organization_id	query		string	false	"owning organization; none: standards without one"
//	@Param				region			query		string	false	"administrative division code; none: standards without one"																																																				example(330100)
//	@Param				ics				query		string	false	"beginning of an ICS class"																																																					example(43.150)
//	@Param				technical_committee	query	string	false	"a technical body's code, exactly: the standards it is responsible for"	example(SAC/TC 22/SC 3)
//	@Param				published_from	query		string	false	"published on or after"																																																						format(date)
//	@Param				published_to	query		string	false	"published on or before"																																																					format(date)
//	@Param				approved_from	query		string	false	"project approved on or after"																																																				format(date)
//	@Param				approved_to		query		string	false	"project approved on or before"																																																				format(date)
//	@Param				designated_from		query		int		false	"a designation (of the type designation names) granted in this year or later"	example(2023)
//	@Param				designated_to		query		int		false	"a designation granted in this year or earlier"	example(2025)
//	@Param				city				query		string	false	"a city's code: the standards of the city and of its counties"	example(330100)
//	@Param				cycle_ended_from	query		string	false	"drafting cycle (under the configured rule) ended on or after"	format(date)
//	@Param				cycle_ended_to		query		string	false	"drafting cycle ended on or before"	format(date)
//	@Param				cycle_within_target	query		string	false	"finished cycles that met (true) or missed (false) their target"	Enums(true,false)
//	@Param				sort			query		string	false	"order: relevance (the default with q; the exact number, then titles holding the whole query, then titles holding every term, then drafting-unit matches; ties by id), or a column, records without it last (the default without q: code)"	Enums(relevance,code,-code,published_on,-published_on,approved_on,-approved_on,created_at,-created_at)
//	@Param				facets			query		string	false	"counts over the whole list by these facets, comma-separated: kind, stage, year (of publication), designation"
//	@Param				page_size		query		int		false	"items per page"	minimum(1)	maximum(200)	default(20)
//	@Param				page_token		query		string	false	"next_page_token of the previous page"
//	@Param	include	query	[]string	false	"what to embed: organization (each standard's id, name, kind, region)"	collectionFormat(csv)	Enums(organization)
//	@Success			200				{object}	StandardList
//	@Failure			400				{object}	Problem		"invalid parameter or page token"
//	@Failure			401				{object}	Problem		"missing, unknown or revoked API key"
//	@Failure			429				{object}	Problem		"rate limit exceeded"
//	@Header				429				{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listStandards
//	@Router				/api/v1/standards [get]
func (s *Server) listStandards(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, standardListParams...)
	filter := queryparam.Filter(params, &fe)
	sort := parseListSort(params.Get("sort"), filter, &fe)
	facets := parseFacets(params.Get("facets"), &fe)
	include := parseInclude(params.Get("include"), ListIncludable, &fe)
	size, after := s.pager.read(params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	// The facets are counted while the page is read, on a connection of
	// their own: each is a statement or two of its own, and with q the
	// request took the sum of a search and a count (issue 14).
	type facetsResult struct {
		counts map[string][]standard.FacetCount
		err    error
	}
	var counted chan facetsResult
	if len(facets) > 0 {
		counted = make(chan facetsResult, 1)
		go func() {
			counts, err := s.registry.Facets(ctx, filter, facets)
			counted <- facetsResult{counts, err}
		}()
	}
	page, err := s.registry.ListStandards(ctx, standard.ListQuery{Filter: filter, Sort: sort, After: after, Limit: size})
	if err != nil {
		return err
	}
	next, err := s.pager.next(params, page.Next)
	if err != nil {
		return err
	}
	out := StandardList{Items: make([]StandardResponse, len(page.Items)), NextPageToken: next}
	if counted != nil {
		r := <-counted
		counts, err := r.counts, r.err
		if err != nil {
			return err
		}
		out.Facets = make(map[string][]FacetCount, len(counts))
		for name, values := range counts {
			out.Facets[name] = make([]FacetCount, len(values))
			for i, v := range values {
				out.Facets[name][i] = FacetCount{Value: v.Value, Count: v.Count, Approximate: v.Approximate}
			}
		}
	}
	for i, st := range page.Items {
		out.Items[i] = toStandardResponse(st, s.registry.Rules())
	}
	if include.organization {
		if err := s.withOrganizations(c, page.Items, out.Items); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, out)
}
