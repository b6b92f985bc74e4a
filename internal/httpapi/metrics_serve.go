package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/registry"
	"stdreg/internal/telemetry"
)

// countRequests records every request in m: in flight while it is served,
// then counted and timed by method, route template and the status sent.
// A path no route matches counts as route "unmatched", so scanners cannot
// grow the series without bound. It runs outside requestContext, which
// writes errors as problems, so the status is the one sent.
func countRequests(m *telemetry.Metrics, routes map[string]bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if m == nil {
			return next
		}
		return func(c echo.Context) error {
			done := m.RequestStarted()
			err := next(c)
			route := c.Path()
			if !routes[route] {
				route = "unmatched"
			}
			status := c.Response().Status
			if err != nil && !c.Response().Committed {
				status = http.StatusInternalServerError // not written yet: Echo's error handler will say
				if he, ok := err.(*echo.HTTPError); ok {
					status = he.Code
				}
			}
			done(c.Request().Method, route, status)
			return err
		}
	}
}

// serveMetrics answers the service's metrics in the Prometheus text format.
//
//	@Summary		Prometheus metrics
//	@Description	Requests by route template and status with latency histograms, requests in flight, the database pools, the read cache's hits, misses and size, the change listener, imports by outcome, rate-limited requests and the build. Served here unless STDREG_METRICS_ADDR gives them a listener of their own.
//	@Tags			operations
//	@Produce		plain
//	@Success		200	{string}	string	"Prometheus text exposition format"
//	@ID	getMetrics
//	@Router			/metrics [get]
func (s *Server) serveMetrics(h http.Handler) echo.HandlerFunc {
	return echo.WrapHandler(h)
}

// countImport records an import that ended with a report.
func (s *Server) countImport(r registry.ImportReport, dryRun bool) {
	result := "written"
	switch {
	case dryRun:
		result = "dry_run"
	case !r.Written:
		result = "refused"
	}
	s.metrics.Imported(result, telemetry.ImportRows{Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged, Rejected: r.Rejected})
}
