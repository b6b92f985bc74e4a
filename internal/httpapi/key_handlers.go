package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/access"
	"stdreg/internal/fault"
)

// createKey makes an API key.
//
//	@Summary		Create an API key
//	@Description	Roles: admin. The answer holds the key itself, shown this once: the registry keeps only its SHA-256 hash. An editor's key belongs to an organization. A reader's key is the one to give an application: it reads what anyone may read (no unapproved drafts, no keys, no audit log), writes nothing, and has a rate limit of its own (`STDREG_RATE_LIMIT_READER`).
//	@Tags			keys
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			body	body		KeyInput	true	"the key's role, organization and name"
//	@Success		201		{object}	NewKeyResponse
//	@Header			201		{string}	Location	"the key's URL"
//	@Header			201		{string}	ETag		"the key's version"
//	@Failure		400		{object}	Problem		"invalid fields"
//	@Failure		401		{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403		{object}	Problem		"not an admin's key"
//	@Failure		413		{object}	Problem		"body over the size limit"
//	@Failure		408		{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415		{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		429		{object}	Problem		"rate limit exceeded"
//	@Header			429		{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	createKey
//	@Router			/api/v1/keys [post]
func (s *Server) createKey(c echo.Context) error {
	var in KeyInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	k, secret, err := s.registry.CreateKey(c.Request().Context(), access.Key{Role: access.Role(in.Role), OrganizationID: in.OrganizationID, Name: in.Name})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/keys/"+k.ID)
	setETag(c, k.Version())
	return c.JSON(http.StatusCreated, NewKeyResponse{KeyResponse: toKeyResponse(k), Key: secret})
}

// getKey answers a key's record.
//
//	@Summary		Get an API key's record
//	@Description	Roles: admin, auditor. Never the key itself.
//	@Tags			keys
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id	path		string	true	"key id"	format(uuid)
//	@Param	If-None-Match	header	string	false	"an ETag read before: 304 while it is still the current version"
//	@Success		200	{object}	KeyResponse
//	@Header			200	{string}	ETag	"the key's version"
//	@Success	304	"If-None-Match names the current version: nothing is sent"
//	@Header	304	{string}	ETag	"the key's version"
//	@Failure		401	{object}	Problem	"missing, unknown or revoked API key"
//	@Failure		403	{object}	Problem	"neither an admin's nor an auditor's key"
//	@Failure		404	{object}	Problem
//	@Failure		429	{object}	Problem		"rate limit exceeded"
//	@Header			429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	getKey
//	@Router			/api/v1/keys/{id} [get]
func (s *Server) getKey(c echo.Context) error {
	k, err := s.registry.GetKey(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	setETag(c, k.Version())
	if done, err := notModified(c, k.Version()); done {
		return err
	}
	return c.JSON(http.StatusOK, toKeyResponse(k))
}

// revokeKey revokes a key.
//
//	@Summary		Revoke an API key
//	@Description	Roles: admin. The key stops working at once; its record stays, with `revoked_at`, for the audit log. Revoking a revoked key is a conflict.
//	@Tags			keys
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path		string	true	"key id"	format(uuid)
//	@Param			If-Match	header		string	false	"the ETag last seen"
//	@Success		200			{object}	KeyResponse
//	@Header			200			{string}	ETag	"the key's version"
//	@Failure		401			{object}	Problem	"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem	"not an admin's key"
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem		"already revoked"
//	@Failure		412			{object}	Problem		"the key has changed since the ETag given"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	revokeKey
//	@Router			/api/v1/keys/{id} [delete]
func (s *Server) revokeKey(c echo.Context) error {
	k, err := s.registry.RevokeKey(c.Request().Context(), c.Param("id"), ifMatch(c))
	if err != nil {
		return err
	}
	setETag(c, k.Version())
	return c.JSON(http.StatusOK, toKeyResponse(k))
}

// listKeys lists keys, newest first.
//
//	@Summary		List API keys
//	@Description	Roles: admin, auditor. Revoked keys are listed too.
//	@Tags			keys
//	@Produce		json
//	@Security		BearerAuth
//	@Param			page_size	query		int		false	"items per page"	minimum(1)	maximum(200)	default(20)
//	@Param			page_token	query		string	false	"next_page_token of the previous page"
//	@Success		200			{object}	KeyList
//	@Failure		400			{object}	Problem		"invalid parameter or page token"
//	@Failure		401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem		"neither an admin's nor an auditor's key"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listKeys
//	@Router			/api/v1/keys [get]
func (s *Server) listKeys(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, "page_size", "page_token")
	size, after := s.pager.read(params, &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.registry.ListKeys(c.Request().Context(), after, size)
	if err != nil {
		return err
	}
	next, err := s.pager.next(params, page.Next)
	if err != nil {
		return err
	}
	out := KeyList{Items: make([]KeyResponse, len(page.Items)), NextPageToken: next}
	for i, k := range page.Items {
		out.Items[i] = toKeyResponse(k)
	}
	return c.JSON(http.StatusOK, out)
}
