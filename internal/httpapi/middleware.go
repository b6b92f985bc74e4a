package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/logging"
	"stdreg/internal/telemetry"
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
			telemetry.NameSpan(ctx, c.Request().Method, c.Path(), id)
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

// authenticate is the one middleware that says who the caller is: the key
// in "Authorization: Bearer <key>", or nobody. A key that is malformed,
// unknown or revoked is refused (401) even on reads. Refusals fill a bucket
// of failures per client address; while it is empty, no key from that
// address is even checked (429), so keys cannot be guessed fast, and
// anonymous requests from the address are not affected.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		header := c.Request().Header.Get(echo.HeaderAuthorization)
		caller := access.Caller{}
		if header != "" {
			address := "ip:" + c.RealIP()
			if ok, retry := s.failedKeys.Peek(address); !ok {
				s.metrics.RateLimited("failed_keys")
				return tooManyRequests(c, retry)
			}
			scheme, secret, _ := strings.Cut(header, " ")
			var err error
			if !strings.EqualFold(scheme, "Bearer") {
				err = fault.Errorf(fault.CodeUnauthorized, "send the API key as Authorization: Bearer <key>")
			} else {
				caller, err = s.registry.Authenticate(c.Request().Context(), strings.TrimSpace(secret))
			}
			if err != nil {
				if fault.CodeOf(err) == fault.CodeUnauthorized {
					s.failedKeys.Allow(address)
				}
				return err
			}
			// Answers that depend on the key must not be kept by shared caches.
			c.Response().Header().Set(echo.HeaderCacheControl, "private, no-store")
		}
		c.Response().Header().Add(echo.HeaderVary, echo.HeaderAuthorization)
		ctx := access.WithCaller(c.Request().Context(), caller)
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// rateLimit limits each key, and each client address of anonymous callers,
// and tells the caller where it stands in the IETF RateLimit-Policy and
// RateLimit headers (draft-ietf-httpapi-ratelimit-headers): the quota and
// its window, and what remains and when the bucket is full again.
func (s *Server) rateLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		caller := access.CallerFrom(c.Request().Context())
		limiter, policy, bucket := s.anonymousLimit, "anonymous", "ip:"+c.RealIP()
		switch {
		case caller.Anonymous():
		case caller.Role == access.RoleReader:
			limiter, policy, bucket = s.readerLimit, "reader", "key:"+caller.KeyID
		default:
			limiter, policy, bucket = s.keyLimit, "key", "key:"+caller.KeyID
		}
		d := limiter.Take(bucket)
		if quota, window, ok := limiter.Policy(); ok {
			h := c.Response().Header()
			h.Set("RateLimit-Policy", fmt.Sprintf("%q;q=%d;w=%d", policy, quota, window))
			h.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%d", policy, d.Remaining, d.Reset))
		}
		if !d.Allowed {
			s.metrics.RateLimited(policy)
			return tooManyRequests(c, d.RetryAfter)
		}
		return next(c)
	}
}

func tooManyRequests(c echo.Context, retryAfter int) error {
	c.Response().Header().Set(echo.HeaderRetryAfter, strconv.Itoa(retryAfter))
	return echo.NewHTTPError(http.StatusTooManyRequests, fault.Msg("too many requests; retry after %d s", retryAfter))
}

// securityHeaders sets the headers that keep browsers from misusing the
// API's answers: no MIME sniffing, no framing, no referrer, and no content
// at all beyond the data (Swagger UI, a page, needs its scripts).
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		if !strings.HasPrefix(c.Request().URL.Path, "/docs") {
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		}
		return next(c)
	}
}
