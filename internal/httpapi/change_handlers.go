package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/feed"
)

// listChanges reads the change feed after a cursor.
//
//	@Summary			Follow the changes to standards and organizations
//	@Description		Roles: anyone. Every change to the standards and organizations the caller may see, in the order the changes committed: a client that keeps the last cursor it was given (an item's `cursor`, or `next_cursor`) and sends it back as `after` never misses a change and never sees one twice, however many writers commit at once. Without `after` the feed starts from the beginning; the records that existed when the feed was added, and those loaded by `stdreg generate`, appear there as created. An answer with fewer items than `page_size` means the caller has caught up: wait a while, then ask again with `next_cursor`.
//	@Description
//	@Description		An unapproved draft (`preliminary`, `proposal`) is private: its changes are listed only to its organization's editors, auditors and admins. The change that makes a draft public (its move to `drafting`) is listed to everyone, so a record may first appear to a caller with `move` or `update`. To keep a copy, fetch the record an item names: a 404 means it was deleted, or is no longer visible to the caller. `version` is the record's ETag after the change; a copy already at that version or later need not fetch it.
//	@Tags				changes
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				after		query		string	false	"the cursor of the last change seen; none: from the beginning"
//	@Param				page_size	query		int		false	"changes per answer"	minimum(1)	maximum(200)	default(20)
//	@Success			200			{object}	ChangeList
//	@Failure			400			{object}	Problem		"invalid parameter, or a cursor the feed did not give"
//	@Failure			401			{object}	Problem		"unknown or revoked API key"
//	@Failure			429			{object}	Problem		"rate limit exceeded"
//	@Header				429			{integer}	Retry-After	"seconds to wait"
//	@Failure			503			{object}	Problem		"the database is not answering; try again after Retry-After seconds"
//	@Header				503			{integer}	Retry-After	"seconds to wait"
//	@ID					listChanges
//	@Router				/api/v1/changes [get]
func (s *Server) listChanges(c echo.Context) error {
	params := c.QueryParams()
	var fe fault.FieldErrors
	checkParams(params, &fe, "after", "page_size")
	size := defaultPageSize
	if v := params.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			fe.Add("page_size", "must be a whole number from 1 to %d", maxPageSize)
		}
		size = n
	}
	after, err := feed.ParseCursor(params.Get("after"))
	if err != nil {
		fe.Add("after", "%s", err)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	page, err := s.registry.ListChanges(c.Request().Context(), after, size)
	if err != nil {
		return err
	}
	out := ChangeList{Items: make([]ChangeResponse, len(page.Items)), NextCursor: page.Next.Cursor()}
	for i, ch := range page.Items {
		out.Items[i] = toChangeResponse(ch)
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.JSON(http.StatusOK, out)
}
