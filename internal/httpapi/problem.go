package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/locale"
	"stdreg/internal/tabular"
)

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type     string         `json:"type" example:"https://stdreg.zj.gov.cn/problems/invalid"`
	Title    string         `json:"title" example:"Invalid input"`
	Status   int            `json:"status" example:"400"`
	Detail   string         `json:"detail" example:"the request has invalid fields"`
	Instance string         `json:"instance,omitempty" example:"/api/v1/standards"`
	Errors   []ProblemField `json:"errors,omitempty"`
} //	@name	Problem

// ProblemField names one bad input field.
type ProblemField struct {
	Field   string `json:"field" example:"published_on"`
	Message string `json:"message" example:"2030-01-01 is in the future"`
} //	@name	ProblemField

const problemBase = "https://stdreg.zj.gov.cn/problems/"

// statusOf is the one table from the domain's error codes to HTTP.
var statusOf = map[fault.ErrorCode]int{
	fault.CodeInvalid:            http.StatusBadRequest,
	fault.CodeNotFound:           http.StatusNotFound,
	fault.CodeConflict:           http.StatusConflict,
	fault.CodePreconditionFailed: http.StatusPreconditionFailed,
	fault.CodeUnauthorized:       http.StatusUnauthorized,
	fault.CodeForbidden:          http.StatusForbidden,
	fault.CodeUnavailable:        http.StatusServiceUnavailable,
}

// retryAfter is the Retry-After of a 503: the database is restarting or
// busy, which takes seconds, not minutes.
const retryAfter = "5"

// problemTypes names the problem type of each status this service
// answers, and what it means; the OpenAPI document lists them (ProblemTypes).
var problemTypes = map[int]struct{ slug, meaning string }{
	http.StatusBadRequest:            {"invalid", "a parameter or field is invalid; errors names each one"},
	http.StatusUnauthorized:          {"unauthorized", "the API key is missing where one is needed, unknown or revoked"},
	http.StatusForbidden:             {"forbidden", "the key's role may not do this"},
	http.StatusNotFound:              {"not-found", "no such record, or one the caller may not see"},
	http.StatusMethodNotAllowed:      {"method-not-allowed", "the path exists but not with this method"},
	http.StatusRequestTimeout:        {"request-timeout", "the body did not arrive within the read timeout"},
	http.StatusConflict:              {"conflict", "the change contradicts the registry: a number already registered, a move the procedure does not allow, a record still referred to"},
	http.StatusUnprocessableEntity:   {"rows-refused", "an import refused rows; the report lists every problem"},
	http.StatusPreconditionFailed:    {"precondition-failed", "If-Match names a version that is no longer current"},
	http.StatusRequestEntityTooLarge: {"too-large", "the body, or a file once read, is over a limit"},
	http.StatusUnsupportedMediaType:  {"unsupported-media-type", "the body is not of a media type or charset the operation reads"},
	http.StatusTooManyRequests:       {"too-many-requests", "over the rate limit; wait Retry-After seconds"},
	http.StatusServiceUnavailable:    {"unavailable", "the database is not answering; try again after Retry-After seconds"},
	http.StatusInternalServerError:   {"internal", "an unexpected error, logged with the request ID"},
}

// ProblemType is one kind of problem the service answers.
type ProblemType struct {
	Status  int
	Type    string // the URI in a problem's type
	Meaning string
}

// ProblemTypes lists the problem types by status.
func ProblemTypes() []ProblemType {
	out := make([]ProblemType, 0, len(problemTypes))
	for status, t := range problemTypes {
		out = append(out, ProblemType{Status: status, Type: problemBase + t.slug, Meaning: t.meaning})
	}
	slices.SortFunc(out, func(a, b ProblemType) int { return a.Status - b.Status })
	return out
}

// ExampleProblem is the problem of status with detail, as the service
// would write it: the OpenAPI document's example of each error response.
func ExampleProblem(status int, detail string) Problem {
	p := newProblem(status, fault.Message{}, locale.English)
	p.Detail = detail
	return p
}

// internalError is the detail of every unexpected error: it reveals nothing.
var internalError = fault.Msg("internal error")

// problemFor turns any error into the problem the client sees, in lang:
// domain errors by the table above, Echo's own (unknown route, body too
// large) by their status, and anything else as a bare 500 that reveals
// nothing.
func problemFor(err error, lang locale.Language) Problem {
	var de *fault.Error
	if errors.As(err, &de) {
		status, ok := statusOf[de.Code]
		if !ok {
			return newProblem(http.StatusInternalServerError, internalError, lang)
		}
		p := newProblem(status, de.Message, lang)
		for _, f := range de.Fields {
			p.Errors = append(p.Errors, ProblemField{Field: f.Field, Message: lang.Say(f.Message)})
		}
		return p
	}
	var file *tabular.FileError
	if errors.As(err, &file) { // an imported file that cannot be read
		status := http.StatusBadRequest
		if errors.As(err, new(*tabular.LimitError)) {
			// Over a limit once decompressed or read: too large, as a file
			// over the upload limit is, and cured the same way, by sending
			// less. 422 means rows refused, and carries a report.
			status = http.StatusRequestEntityTooLarge
		}
		p := newProblem(status, fault.Msg("the file cannot be imported: %s", file.Reason), lang)
		field := "file"
		if file.Row > 0 {
			field = fmt.Sprintf("row %d", file.Row)
		}
		p.Errors = []ProblemField{{Field: field, Message: lang.Say(file.Reason)}}
		return p
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && (he.Code < 500 || he.Code == http.StatusServiceUnavailable) {
		p := newProblem(he.Code, fault.Message{}, lang)
		if msg, ok := he.Message.(fault.Message); ok {
			p.Detail = lang.Say(msg)
		}
		// Echo's own (an unknown route, a method not allowed) say only
		// their status's text: the title is what to say.
		return p
	}
	return newProblem(http.StatusInternalServerError, internalError, lang)
}

// newProblem is the problem of status, its detail said in lang; with no
// detail, its title.
func newProblem(status int, detail fault.Message, lang locale.Language) Problem {
	kind := "error"
	if t, ok := problemTypes[status]; ok {
		kind = t.slug
	}
	p := Problem{Type: problemBase + kind, Title: lang.Title(status), Status: status, Detail: lang.Say(detail)}
	if detail.IsZero() {
		p.Detail = p.Title
	}
	return p
}

// languageOf is the language to answer c in, from its Accept-Language.
func languageOf(c echo.Context) locale.Language {
	return locale.FromAcceptLanguage(c.Request().Header.Get("Accept-Language"))
}

// setLanguage says, on an answer whose words follow Accept-Language, which
// language it is in and that it varies with the header.
func setLanguage(c echo.Context, lang locale.Language) {
	h := c.Response().Header()
	h.Set("Content-Language", lang.Tag())
	h.Add(echo.HeaderVary, "Accept-Language")
}

// errorHandler writes every error as a problem; unexpected ones are logged
// with the request ID, since the client is told nothing about them.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		lang := languageOf(c)
		p := problemFor(err, lang)
		p.Instance = c.Request().URL.Path
		if p.Status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "error", err, "method", c.Request().Method, "path", c.Request().URL.Path)
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		setLanguage(c, lang)
		switch p.Status {
		case http.StatusUnauthorized:
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="stdreg"`)
		case http.StatusServiceUnavailable:
			c.Response().Header().Set(echo.HeaderRetryAfter, retryAfter)
		}
		if c.Request().Method == http.MethodHead {
			err = c.NoContent(p.Status)
		} else {
			err = c.JSON(p.Status, p)
		}
		if err != nil {
			log.ErrorContext(c.Request().Context(), "write problem", "error", err)
		}
	}
}
