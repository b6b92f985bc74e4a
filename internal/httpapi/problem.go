package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
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

// problemTypes names the problem type of each status this service answers.
var problemTypes = map[int]string{
	http.StatusBadRequest:            "invalid",
	http.StatusUnauthorized:          "unauthorized",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not-found",
	http.StatusMethodNotAllowed:      "method-not-allowed",
	http.StatusRequestTimeout:        "request-timeout",
	http.StatusConflict:              "conflict",
	http.StatusUnprocessableEntity:   "rows-refused",
	http.StatusPreconditionFailed:    "precondition-failed",
	http.StatusRequestEntityTooLarge: "too-large",
	http.StatusUnsupportedMediaType:  "unsupported-media-type",
	http.StatusTooManyRequests:       "too-many-requests",
	http.StatusServiceUnavailable:    "unavailable",
	http.StatusInternalServerError:   "internal",
}

// problemFor turns any error into the problem the client sees: domain errors
// by the table above, Echo's own (unknown route, body too large) by their
// status, and anything else as a bare 500 that reveals nothing.
func problemFor(err error) Problem {
	var de *fault.Error
	if errors.As(err, &de) {
		status, ok := statusOf[de.Code]
		if !ok {
			return newProblem(http.StatusInternalServerError, "internal error")
		}
		p := newProblem(status, de.Message)
		for _, f := range de.Fields {
			p.Errors = append(p.Errors, ProblemField{Field: f.Field, Message: f.Message})
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
		p := newProblem(status, "the file cannot be imported: "+file.Error())
		field := "file"
		if file.Row > 0 {
			field = fmt.Sprintf("row %d", file.Row)
		}
		p.Errors = []ProblemField{{Field: field, Message: file.Error()}}
		return p
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && (he.Code < 500 || he.Code == http.StatusServiceUnavailable) {
		detail := http.StatusText(he.Code)
		if msg, ok := he.Message.(string); ok {
			detail = msg
		}
		return newProblem(he.Code, detail)
	}
	return newProblem(http.StatusInternalServerError, "internal error")
}

func newProblem(status int, detail string) Problem {
	kind, ok := problemTypes[status]
	if !ok {
		kind = "error"
	}
	return Problem{Type: problemBase + kind, Title: http.StatusText(status), Status: status, Detail: detail}
}

// errorHandler writes every error as a problem; unexpected ones are logged
// with the request ID, since the client is told nothing about them.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p := problemFor(err)
		p.Instance = c.Request().URL.Path
		if p.Status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "error", err, "method", c.Request().Method, "path", c.Request().URL.Path)
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
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
