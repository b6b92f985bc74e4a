package httpapi

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"stdreg/internal/fault"
	"stdreg/internal/strictjson"
)

// readBody reads the request body after checking its media type is one of
// accepted, in UTF-8: JSON is UTF-8 (RFC 8259), so a charset parameter may
// only say so; a body declared in another (charset=gb18030) would be read
// as mojibake, so it is refused rather than guessed at. The body limit
// middleware has already capped its size.
func readBody(c echo.Context, accepted ...string) ([]byte, error) {
	mediaType, params, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if err != nil || !contains(accepted, mediaType) {
		return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, fault.Msg("send the body as %s", strings.Join(accepted, " or ")))
	}
	if charset, ok := params["charset"]; ok && !strings.EqualFold(charset, "utf-8") {
		return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType, fault.Msg("send the body in UTF-8 (charset=utf-8, or no charset); charset %q is not accepted", charset))
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
			return nil, echo.NewHTTPError(http.StatusRequestTimeout, fault.Msg("the request body did not arrive in time"))
		}
		return nil, fmt.Errorf("read request body: %w", err)
	}
	return body, nil
}

// decodeJSON reads one JSON object into v, strictly (see strictjson):
// unknown or miscased names, a name given twice, wrong types, text that is
// not UTF-8, trailing data and malformed JSON are field-level invalid
// input.
func decodeJSON(c echo.Context, v any) error {
	body, err := readBody(c, echo.MIMEApplicationJSON)
	if err != nil {
		return err
	}
	return strictUnmarshal(body, v)
}

func strictUnmarshal(body []byte, v any) error {
	if err := strictjson.Unmarshal(body, v); err != nil {
		return jsonError(err)
	}
	return nil
}

// jsonError explains a decoding error in terms of the field at fault.
func jsonError(err error) error {
	p := strictjson.Explain(err)
	switch p.Kind {
	case strictjson.Trailing:
		return fault.Invalid(fault.Field("", "the body holds more than one JSON value"))
	case strictjson.NotAnObject:
		return fault.Invalid(fault.Field("", "the body must be a JSON object"))
	case strictjson.Malformed:
		if p.Field == "" {
			return fault.Invalid(fault.Field("", "the body %s", p.Message))
		}
	}
	return fault.Invalid(fault.Field(p.Field, "%s", p.Message))
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// tooLarge is the answer to a body over limit bytes.
func tooLarge(limit int64) error {
	return echo.NewHTTPError(http.StatusRequestEntityTooLarge, fault.Msg("the body is over the limit of %d bytes", limit))
}

// isTooLarge reports whether reading a body failed at its limit.
func isTooLarge(err error) bool {
	var maxErr *http.MaxBytesError
	return errors.As(err, &maxErr)
}
