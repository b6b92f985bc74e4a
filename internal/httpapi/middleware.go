package httpapi

import (
	"log/slog"
	"regexp"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"stdreg/internal/logging"
	"stdreg/internal/registry"
)

// clientRequestID is what we accept as a caller's own X-Request-ID: short
// and plain, so it cannot forge log lines.
var clientRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// requestContext gives every request an ID (the caller's X-Request-ID when
// it is plain, a new one otherwise), echoes it in the response, puts it in
// the context for every log line, and logs the request when it ends.
func requestContext(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			id := c.Request().Header.Get(echo.HeaderXRequestID)
			if !clientRequestID.MatchString(id) {
				id = uuid.NewString()
			}
			c.Response().Header().Set(echo.HeaderXRequestID, id)
			ctx := logging.WithRequestID(c.Request().Context(), id)
			c.SetRequest(c.Request().WithContext(ctx))
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err) // write the problem now, so the status below is the one sent
			}
			log.InfoContext(ctx, "request",
				"method", c.Request().Method, "path", c.Request().URL.Path,
				"status", c.Response().Status, "bytes", c.Response().Size,
				"duration_ms", float64(time.Since(start).Microseconds())/1000)
			return nil
		}
	}
}

// authenticate is the one middleware that says who the caller is. Until API
// keys exist every caller is anonymous; the access issue reads the
// Authorization header here.
func authenticate() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx := registry.WithCaller(c.Request().Context(), registry.Caller{})
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}
