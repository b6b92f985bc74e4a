package httpapi

import (
	"context"
	"net/http"
	"time"

	"stdreg/internal/fault"

	"github.com/labstack/echo/v4"
)

// healthz answers while the process serves.
//
//	@Summary	Liveness
//	@Tags		operations
//	@Produce	json
//	@Success	200	{object}	Health
//	@ID	getHealth
//	@Router		/healthz [get]
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

// readyz answers 200 when the database answers, 503 otherwise.
//
//	@Summary	Readiness: the database answers
//	@Tags		operations
//	@Produce	json
//	@Success	200	{object}	Health
//	@Failure	503	{object}	Problem	"the database does not answer"
//	@ID	getReadiness
//	@Router		/readyz [get]
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "error", err)
		return errUnavailable
	}
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

var errUnavailable = echo.NewHTTPError(http.StatusServiceUnavailable, fault.Msg("the database does not answer"))
