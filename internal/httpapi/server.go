// Package httpapi serves the registry over HTTP with Echo: routes, request
// and response types (documented for OpenAPI with swag annotations), the
// mapping of errors to RFC 9457 problems, and the middleware.
package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"stdreg/internal/pagetoken"
	"stdreg/internal/registry"
)

// Server holds the handlers' dependencies.
type Server struct {
	registry *registry.Service
	ready    func(context.Context) error
	log      *slog.Logger
	pager    pager
	openAPI  []byte
}

// Options are the HTTP layer's settings.
type Options struct {
	BodyLimit    int64  // bytes
	PageTokenKey []byte // signs page tokens; random when empty
	OpenAPI      []byte // the OpenAPI 3 document served at /openapi.json
}

// New returns the service's HTTP handler. ready reports whether the
// database answers.
func New(svc *registry.Service, ready func(context.Context) error, log *slog.Logger, opts Options) *echo.Echo {
	s := &Server{
		registry: svc, ready: ready, log: log, openAPI: opts.OpenAPI,
		pager: pager{tokens: pagetoken.New(opts.PageTokenKey)},
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(log)
	e.Use(
		requestContext(log),
		middleware.RecoverWithConfig(middleware.RecoverConfig{
			LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
				log.ErrorContext(c.Request().Context(), "panic", "error", err, "stack", string(stack))
				return err
			},
		}),
		middleware.BodyLimit(fmt.Sprintf("%dB", opts.BodyLimit)),
		authenticate(),
	)
	s.routes(e)
	return e
}

// serveOpenAPI answers the OpenAPI 3 document.
//
//	@Summary	This OpenAPI 3 document
//	@Tags		operations
//	@Produce	json
//	@Success	200	{object}	object	"the OpenAPI 3 document"
//	@Router		/openapi.json [get]
func (s *Server) serveOpenAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, s.openAPI)
}

// swaggerUI sends a browser to Swagger UI, served from assets embedded in
// the binary (no CDN: users may be offline).
//
//	@Summary	Swagger UI on this document
//	@Tags		operations
//	@Success	301
//	@Header		301	{string}	Location	"/docs/index.html"
//	@Router		/docs [get]
func (s *Server) swaggerUI(c echo.Context) error {
	return c.Redirect(http.StatusMovedPermanently, "/docs/index.html")
}
