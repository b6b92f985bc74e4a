package httpapi

import (
	"fmt"
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
