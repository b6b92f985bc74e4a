package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
)

// moveStandard moves a standard to another stage.
//
//	@Summary		Move a standard to another stage
//	@Description	Roles: admin; editor of the owning organization. Along the procedure of GB/T 16733: forward through the stages; back to `drafting` for rework from `consultation`, `review` or `approval`; `terminated` before publication; `periodic_review` and `withdrawn` after it (a periodic review confirms the standard by moving it back to `published`). The day may be in the past (backfilling history), never in the future and never before the previous move (400). A move the procedure does not allow is 409 and changes nothing. The move into `drafting` from `proposal` sets `approved_on` (立项, the start of the drafting cycle); into `approval` the submission for approval; into `published` `published_on`; into `withdrawn` `withdrawn_on`. Of two moves made at once, one wins and the other is judged against its result (409 when no longer allowed); send `If-Match` to make a move only from the version you saw (412 otherwise).
//	@Tags			standards
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path		string		true	"standard id"	format(uuid)
//	@Param			If-Match	header		string		false	"the standard's ETag last seen"
//	@Param			body		body		MoveInput	true	"the move"
//	@Success		201			{object}	TransitionResponse
//	@Header			201			{string}	ETag		"the standard's new version"
//	@Header			201			{string}	Location	"the standard's history"
//	@Failure		400			{object}	Problem		"invalid fields, a day in the future or before the previous move"
//	@Failure		401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem		"the key's role may not do this"
//	@Failure		404			{object}	Problem
//	@Failure		409			{object}	Problem		"the procedure does not allow this move"
//	@Failure		412			{object}	Problem		"the standard has changed since the ETag given"
//	@Failure		413			{object}	Problem		"body over the size limit"
//	@Failure		408			{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415			{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	moveStandard
//	@Router			/api/v1/standards/{id}/transitions [post]
func (s *Server) moveStandard(c echo.Context) error {
	var in MoveInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var fe fault.FieldErrors
	if in.To == "" {
		fe.Add("to", "is required")
	}
	if in.OccurredOn == "" {
		fe.Add("occurred_on", "is required")
	}
	on := queryparam.Date(&fe, "occurred_on", in.OccurredOn)
	if err := fe.Err(); err != nil {
		return err
	}
	st, tr, err := s.registry.MoveStandard(c.Request().Context(), c.Param("id"), ifMatch(c),
		registry.Move{To: standard.Stage(in.To), OccurredOn: on, Note: in.Note})
	if err != nil {
		return err
	}
	setETag(c, st.Version)
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/standards/"+st.ID+"/transitions")
	return c.JSON(http.StatusCreated, toTransitionResponse(tr))
}

// listTransitions answers a standard's history.
//
//	@Summary			A standard's stage history
//	@Description		Roles: anyone; an unapproved draft's only for those who may see it. Oldest first; the first entry is the registration (`from` null).
//	@Tags				standards
//	@Produce			json
//	@Security			BearerAuth
//	@x-auth-optional	true
//	@Param				id	path		string	true	"standard id"	format(uuid)
//	@Success			200	{object}	TransitionList
//	@Failure			401	{object}	Problem	"missing, unknown or revoked API key"
//	@Failure			404	{object}	Problem
//	@Failure			429	{object}	Problem		"rate limit exceeded"
//	@Header				429	{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	listTransitions
//	@Router				/api/v1/standards/{id}/transitions [get]
func (s *Server) listTransitions(c echo.Context) error {
	history, err := s.registry.Transitions(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	out := TransitionList{Items: make([]TransitionResponse, len(history))}
	for i, t := range history {
		out.Items[i] = toTransitionResponse(t)
	}
	return c.JSON(http.StatusOK, out)
}

// correctStandard corrects a day registered wrong.
//
//	@Summary		Correct a day registered wrong
//	@Description	Roles: admin. Changes the day of one move of the standard's history (`transition_id`, from `GET /api/v1/standards/{id}/transitions`; the registration of a standard registered published is its publication), or the approval day a standard was registered published with and no move into drafting (`field: approved_on`). The new day keeps the history in order: not before the dated move before it, not after the dated move after it, not in the future (400). The days that follow from the move (`approved_on`, `submitted_on`, `published_on`, `withdrawn_on`) follow the correction, and so do the drafting cycle and its figures. `reason` is required. The audit log records it as `standard.correct`, with the standard and the move before and after, and the reason; the change feed as an update.
//	@Tags			standards
//	@Accept			json
//	@Produce		json
//	@Security		BearerAuth
//	@Param			id			path		string			true	"standard id"	format(uuid)
//	@Param			If-Match	header		string			false	"the standard's ETag last seen"
//	@Param			body		body		CorrectionInput	true	"the correction"
//	@Success		200			{object}	StandardResponse
//	@Header			200			{string}	ETag		"the standard's new version"
//	@Failure		400			{object}	Problem		"invalid fields: no reason, no such move, a day out of the history's order or in the future"
//	@Failure		401			{object}	Problem		"missing, unknown or revoked API key"
//	@Failure		403			{object}	Problem		"the key's role may not do this (only admins correct)"
//	@Failure		404			{object}	Problem
//	@Failure		412			{object}	Problem		"the standard has changed since the ETag given"
//	@Failure		413			{object}	Problem		"body over the size limit"
//	@Failure		408			{object}	Problem		"the body did not arrive within the read timeout"
//	@Failure		415			{object}	Problem		"body is not JSON, or not in UTF-8"
//	@Failure		429			{object}	Problem		"rate limit exceeded"
//	@Header			429			{integer}	Retry-After	"seconds to wait"
//	@Failure	503	{object}	Problem	"the database is not answering; try again after Retry-After seconds"
//	@Header	503	{integer}	Retry-After	"seconds to wait"
//	@ID	correctStandard
//	@Router			/api/v1/standards/{id}/corrections [post]
func (s *Server) correctStandard(c echo.Context) error {
	var in CorrectionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var fe fault.FieldErrors
	if in.OccurredOn == "" {
		fe.Add("occurred_on", "is required")
	}
	on := queryparam.Date(&fe, "occurred_on", in.OccurredOn)
	if err := fe.Err(); err != nil {
		return err
	}
	st, err := s.registry.CorrectStandard(c.Request().Context(), c.Param("id"), ifMatch(c),
		standard.Correction{TransitionID: in.TransitionID, Field: in.Field, OccurredOn: on, Reason: in.Reason})
	if err != nil {
		return err
	}
	setETag(c, st.Version)
	return c.JSON(http.StatusOK, toStandardResponse(st, s.registry.Rules()))
}
