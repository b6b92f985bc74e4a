// Package httpapi serves the registry over HTTP with Echo: routes, request
// and response types (documented for OpenAPI with swag annotations), the
// mapping of errors to RFC 9457 problems, and the middleware.
package httpapi

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	echoSwagger "github.com/swaggo/echo-swagger"

	"stdreg/internal/pages"
	"stdreg/internal/pagetoken"
	"stdreg/internal/ratelimit"
	"stdreg/internal/registry"
	"stdreg/internal/telemetry"
)

// Server holds the handlers' dependencies.
type Server struct {
	registry *registry.Service
	ready    func(context.Context) error
	log      *slog.Logger
	pager    pager
	openAPI  []byte

	keyLimit       rateLimit
	anonymousLimit rateLimit
	readerLimit    rateLimit
	failedKeys     *ratelimit.Limiter // refused keys per client address
	importLimit    int64
	exportStall    time.Duration
	encoded        *encodedStandards  // nil: every answer encoded afresh
	pages          *pages.Pages       // the pages for people
	metrics        *telemetry.Metrics // nil: none recorded
}

// Options are the HTTP layer's settings.
type Options struct {
	BodyLimit    int64  // bytes
	ImportLimit  int64  // bytes of an imported file; BodyLimit when 0
	PageTokenKey []byte // signs page tokens; random when empty
	OpenAPI      []byte // the OpenAPI 3 document served at /openapi.json

	// Requests per second and burst per API key (reader keys have their
	// own), and per client address for anonymous callers (and, separately,
	// for refused keys); a rate of 0 is no limit.
	KeyRate, ReaderRate, AnonymousRate    float64
	KeyBurst, ReaderBurst, AnonymousBurst int
	CORSOrigins                           []string // web origins allowed to call from a browser
	TrustProxy                            bool     // client address from X-Forwarded-For
	// ExportStall is how long an export waits for a client that takes
	// none of the file before it gives up (and lets go of the database);
	// a minute when 0.
	ExportStall time.Duration
	// EncodedCache bounds, in bytes, the JSON answers of single standards
	// kept to write again while the standard is unchanged (encoded.go);
	// 0 keeps none.
	EncodedCache int64
	// Metrics records requests, refusals and imports; nil records none.
	Metrics *telemetry.Metrics
	// ReadYourWrites sends a client's reads to the primary database for
	// a while after its own write (see readYourWrites), for a store that
	// reads from replicas.
	ReadYourWrites bool
	// ServeMetrics answers GET /metrics from Metrics on this handler
	// (false when they have a listener of their own).
	ServeMetrics bool
}

// New returns the service's HTTP handler. ready reports whether the
// database answers.
func New(svc *registry.Service, ready func(context.Context) error, log *slog.Logger, opts Options) *echo.Echo {
	s := &Server{
		registry: svc, ready: ready, log: log, openAPI: opts.OpenAPI,
		pager:          pager{tokens: pagetoken.New(opts.PageTokenKey)},
		keyLimit:       newRateLimit("key", opts.KeyRate, opts.KeyBurst),
		anonymousLimit: newRateLimit("anonymous", opts.AnonymousRate, opts.AnonymousBurst),
		readerLimit:    newRateLimit("reader", opts.ReaderRate, opts.ReaderBurst),
		failedKeys:     ratelimit.New(opts.AnonymousRate, opts.AnonymousBurst, time.Now),
		importLimit:    opts.ImportLimit,
		exportStall:    cmp.Or(opts.ExportStall, time.Minute),
		encoded:        newEncodedStandards(opts.EncodedCache),
		metrics:        opts.Metrics,
	}
	p, err := pages.New(svc, s.pager.tokens, log)
	if err != nil {
		panic(err) // the templates are embedded: a parse error is a bug caught by any test
	}
	s.pages = p
	if s.importLimit <= 0 {
		s.importLimit = opts.BodyLimit
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(log)
	// The connection's address, unless a trusted proxy in front says otherwise:
	// X-Forwarded-For from anyone else would let a caller pick its own bucket.
	e.IPExtractor = echo.ExtractIPDirect()
	if opts.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	}
	routes := map[string]bool{} // the route templates, filled once they are all registered
	e.Use(
		countRequests(opts.Metrics, routes),
		requestContext(log),
		middleware.RecoverWithConfig(middleware.RecoverConfig{
			LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
				log.ErrorContext(c.Request().Context(), "panic", "error", err, "stack", string(stack))
				return err
			},
		}),
		securityHeaders,
	)
	if len(opts.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins:  opts.CORSOrigins,
			AllowMethods:  []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete},
			AllowHeaders:  []string{echo.HeaderAuthorization, echo.HeaderContentType, "If-Match", echo.HeaderXRequestID},
			ExposeHeaders: []string{"ETag", echo.HeaderLocation, echo.HeaderXRequestID, echo.HeaderRetryAfter},
			MaxAge:        600,
		}))
	}
	// Every API request says who calls (or nobody) and is rate limited; the
	// health, document and UI routes are neither. (Not as a group's
	// middleware: Echo then answers 404 where 405 is right.)
	apiOnly := func(c echo.Context) bool { return !strings.HasPrefix(c.Request().URL.Path, "/api/") }
	e.Use(
		middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
			Limit:   fmt.Sprintf("%dB", opts.BodyLimit),
			Skipper: func(c echo.Context) bool { return importPaths[c.Request().URL.Path] }, // its own limit
		}),
		skip(apiOnly, s.authenticate),
		skip(apiOnly, s.rateLimit),
	)
	if opts.ReadYourWrites {
		e.Use(newRecentWriters(stickyWindow, time.Now).middleware)
	}
	s.routes(e)
	if opts.ServeMetrics && opts.Metrics != nil {
		e.GET("/metrics", s.serveMetrics(opts.Metrics.Handler()))
	}
	for _, r := range e.Routes() {
		routes[r.Path] = true
	}
	return e
}

// skip runs m only for requests skipper does not skip.
func skip(skipper func(echo.Context) bool, m echo.MiddlewareFunc) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		withM := m(next)
		return func(c echo.Context) error {
			if skipper(c) {
				return next(c)
			}
			return withM(c)
		}
	}
}

// serveOpenAPI answers the OpenAPI 3 document.
//
//	@Summary	This OpenAPI 3 document
//	@Tags		operations
//	@Produce	json
//	@Success	200	{object}	object	"the OpenAPI 3 document"
//	@ID	getOpenAPI
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
//	@ID	getDocs
//	@Router		/docs [get]
func (s *Server) swaggerUI(c echo.Context) error {
	return c.Redirect(http.StatusMovedPermanently, "/docs/index.html")
}

// swaggerAssets serves Swagger UI's page and files on /openapi.json alone.
// echo-swagger would otherwise list its own doc.json and doc.yaml first
// (which need a document registered with swag's runtime, so they answer
// 500), and it takes the query string for part of the file name, so
// Swagger UI's own links (index.html?urls.primaryName=…) were 404.
func swaggerAssets() echo.HandlerFunc {
	ui := echoSwagger.EchoWrapHandler(func(c *echoSwagger.Config) { c.URLs = []string{"/openapi.json"} })
	return func(c echo.Context) error {
		r := c.Request()
		if name := path.Base(r.URL.Path); name == "doc.json" || name == "doc.yaml" {
			return echo.ErrNotFound
		}
		r.RequestURI = r.URL.EscapedPath()
		return ui(c)
	}
}
