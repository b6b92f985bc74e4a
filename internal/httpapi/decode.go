package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"stdreg/internal/standard"
)

// readBody reads the request body after checking its media type is one of
// accepted. The body limit middleware has already capped its size.
func readBody(c echo.Context, accepted ...string) ([]byte, error) {
	mediaType, _, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if err != nil || !contains(accepted, mediaType) {
		return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, fmt.Sprintf("send the body as %s", strings.Join(accepted, " or ")))
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var tooLarge *echo.HTTPError
		var netErr net.Error
		switch {
		case errors.As(err, &tooLarge):
			return nil, tooLarge
		case errors.As(err, &netErr) && netErr.Timeout():
			// The server's read timeout: a client too slow to send its body.
			return nil, echo.NewHTTPError(http.StatusRequestTimeout, "the request body did not arrive in time")
		}
		return nil, fmt.Errorf("read request body: %w", err)
	}
	return body, nil
}

// decodeJSON reads one JSON object into v, strictly: unknown fields, wrong
// types, trailing data and malformed JSON are field-level invalid input.
func decodeJSON(c echo.Context, v any) error {
	body, err := readBody(c, echo.MIMEApplicationJSON)
	if err != nil {
		return err
	}
	return strictUnmarshal(body, v)
}

func strictUnmarshal(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return standard.Invalid(standard.FieldError{Field: "", Message: "the body holds more than one JSON value"})
	}
	return nil
}

// jsonError explains a decoding error in terms of the field at fault.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			return standard.Invalid(standard.FieldError{Field: "", Message: "the body must be a JSON object"})
		}
		return standard.Invalid(standard.FieldError{Field: field, Message: fmt.Sprintf("must be %s, not %s", jsonTypeName(typeErr.Type.Kind().String()), typeErr.Value)})
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return standard.Invalid(standard.FieldError{Field: "", Message: "the body is not well-formed JSON"})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return standard.Invalid(standard.FieldError{Field: name, Message: "is not a field of this resource"})
	}
	return standard.Invalid(standard.FieldError{Field: "", Message: "the body could not be read as JSON"})
}

func jsonTypeName(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "int", "int64":
		return "an integer"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	case "bool":
		return "a boolean"
	}
	return goKind
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// parseDate reads an optional YYYY-MM-DD field, recording a bad one.
func parseDate(fe *standard.FieldErrors, field, v string) standard.Date {
	if v == "" {
		return standard.Date{}
	}
	d, err := standard.ParseDate(v)
	if err != nil {
		fe.Add(field, "%s", err.Error())
	}
	return d
}

// tooLarge is the answer to a body over limit bytes.
func tooLarge(limit int64) error {
	return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over the limit of %d bytes", limit))
}

// isTooLarge reports whether reading a body failed at its limit.
func isTooLarge(err error) bool {
	var maxErr *http.MaxBytesError
	return errors.As(err, &maxErr)
}
