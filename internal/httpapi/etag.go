package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"stdreg/internal/registry"
)

// etag is a resource's entity tag: its version, which grows with every change.
func etag(version int64) string { return fmt.Sprintf(`"%d"`, version) }

// setETag sets the ETag header of a single-resource response.
func setETag(c echo.Context, version int64) {
	c.Response().Header().Set("ETag", etag(version))
}

// ifMatch reads If-Match: absent or "*" asks nothing; otherwise the first
// entity tag of ours in the list is the version the client expects. A tag
// that is not ours can never match, so it yields a version no resource has.
func ifMatch(c echo.Context) registry.Precondition {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return nil
	}
	never := int64(-1)
	for _, tag := range strings.Split(h, ",") {
		tag = strings.TrimSpace(tag) // a weak tag (W/"3") never matches: If-Match compares strongly
		if v, err := strconv.ParseInt(strings.Trim(tag, `"`), 10, 64); err == nil && strings.HasPrefix(tag, `"`) {
			return &v
		}
	}
	return &never
}

// notModified answers 304 when If-None-Match names the resource's current
// version (or is "*"), so a client that keeps what it read last pays for a
// round trip only. The comparison is weak, as RFC 9110 asks of
// If-None-Match: W/"3" matches "3".
func notModified(c echo.Context, version int64) (bool, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-None-Match"))
	if h == "" {
		return false, nil
	}
	current := etag(version)
	for _, tag := range strings.Split(h, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == current {
			return true, c.NoContent(http.StatusNotModified)
		}
	}
	return false, nil
}
