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
	"stdreg/internal/ratelimit"
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
			// Attributes, not key-value pairs: no value boxed, and
			// nothing built at all when the level is off.
			if log.Enabled(ctx, slog.LevelInfo) {
				log.LogAttrs(ctx, slog.LevelInfo, "request",
					slog.String("method", c.Request().Method), slog.String("path", c.Request().URL.Path),
					slog.Int("status", c.Response().Status), slog.Int64("bytes", c.Response().Size),
					slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000))
			}
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
		addHeader(c.Response().Header(), echo.HeaderVary, varyAuthorization)
		if caller.Anonymous() && access.CallerFrom(c.Request().Context()).Anonymous() {
			return next(c) // a context without a caller is an anonymous caller's: no new one needed
		}
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
		limit := &s.anonymousLimit
		switch {
		case caller.Anonymous():
		case caller.Role == access.RoleReader:
			limit = &s.readerLimit
		default:
			limit = &s.keyLimit
		}
		if limit.limiter == nil {
			return next(c) // no limit: no bucket, no headers
		}
		bucket := "key:" + caller.KeyID
		if caller.Anonymous() {
			bucket = "ip:" + c.RealIP()
		}
		d := limit.limiter.Take(bucket)
		h := c.Response().Header()
		h[headerRateLimitPolicy] = limit.policy
		h[headerRateLimit] = []string{limit.state(d)}
		if !d.Allowed {
			s.metrics.RateLimited(limit.name)
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
		h["X-Content-Type-Options"] = noSniff
		h["X-Frame-Options"] = denyFrames
		h["Referrer-Policy"] = noReferrer
		if !strings.HasPrefix(c.Request().URL.Path, "/docs") {
			h["Content-Security-Policy"] = noContent
		}
		return next(c)
	}
}

// The values of the headers every answer carries, made once and shared by
// every response (in canonical form, set straight into the map): a
// header set with Header.Set costs an allocation each time. A later Add
// to one of them appends past the shared slice's capacity, which copies it.
var (
	noSniff           = []string{"nosniff"}
	denyFrames        = []string{"DENY"}
	noReferrer        = []string{"no-referrer"}
	noContent         = []string{"default-src 'none'; frame-ancestors 'none'"}
	varyAuthorization = []string{echo.HeaderAuthorization}
)

// Rate limit headers, in canonical form.
const (
	headerRateLimitPolicy = "Ratelimit-Policy"
	headerRateLimit       = "Ratelimit"
)

// addHeader adds the shared values to h's key (canonical), as Header.Add
// does, without allocating when the key has none yet.
func addHeader(h http.Header, key string, values []string) {
	if have := h[key]; len(have) > 0 {
		h[key] = append(have, values...)
		return
	}
	h[key] = values
}

// rateLimit is one kind of caller's limiter with its policy, the same in
// every answer, stated once.
type rateLimit struct {
	limiter *ratelimit.Limiter
	name    string   // the policy's name in the headers
	policy  []string // the RateLimit-Policy header's value
}

func newRateLimit(name string, perSecond float64, burst int) rateLimit {
	l := rateLimit{limiter: ratelimit.New(perSecond, burst, time.Now), name: name}
	if quota, window, ok := l.limiter.Policy(); ok {
		l.policy = []string{fmt.Sprintf("%q;q=%d;w=%d", name, quota, window)}
	}
	return l
}

// state is the RateLimit header after d: what remains and when the bucket
// is full again.
func (l *rateLimit) state(d ratelimit.Decision) string {
	b := make([]byte, 0, 40)
	b = strconv.AppendQuote(b, l.name)
	b = append(b, ";r="...)
	b = strconv.AppendInt(b, int64(d.Remaining), 10)
	b = append(b, ";t="...)
	b = strconv.AppendInt(b, int64(d.Reset), 10)
	return string(b)
}
