package httpapi

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"reflect"

	"github.com/labstack/echo/v4"
	"github.com/maypok86/otter/v2"

	"stdreg/internal/standard"
)

// encodedStandards keeps the JSON answers of recently read standards, so
// that a standard asked for again is written without encoding it again:
// on a lookup served from the read cache, encoding was the largest part of
// the handler's own work. An answer is keyed by the standard's id and used
// only while the standard read is equal to the one it was encoded from,
// field by field: the version alone would miss a change made past the
// registry (an operator's UPDATE, a migration), which the read cache
// does see. Comparing costs far less than encoding.
type encodedStandards struct {
	entries *otter.Cache[string, encodedStandard]
}

type encodedStandard struct {
	from standard.Standard // what body was encoded from; never changed
	body []byte            // as c.JSON writes it, newline included
}

// encodedOverhead is what an entry costs besides its key, its body and the
// standard it came from (counted as the body's length again, which is
// about its size): the struct and the cache's own node, roughly.
const encodedOverhead = 128

// newEncodedStandards returns a cache of at most maxBytes, or nil (no
// cache) when maxBytes is 0 or less.
func newEncodedStandards(maxBytes int64) *encodedStandards {
	if maxBytes <= 0 {
		return nil
	}
	return &encodedStandards{entries: otter.Must(&otter.Options[string, encodedStandard]{
		MaximumWeight: uint64(maxBytes),
		Weigher: func(id string, e encodedStandard) uint32 {
			return uint32(min(len(id)+2*len(e.body)+encodedOverhead, math.MaxUint32))
		},
	})}
}

// writeStandard answers st as JSON (200), from the cache when it holds
// this version. A nil cache, or a request for indented JSON, encodes.
func (e *encodedStandards) writeStandard(c echo.Context, st standard.Standard, rules standard.CycleRules) error {
	if e == nil || wantsIndent(c) {
		return c.JSON(http.StatusOK, toStandardResponse(st, rules))
	}
	if hit, ok := e.entries.GetIfPresent(st.ID); ok && reflect.DeepEqual(hit.from, st) {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, hit.body)
	}
	body, err := json.Marshal(toStandardResponse(st, rules))
	if err != nil {
		return fmt.Errorf("encode standard %s: %w", st.ID, err)
	}
	body = append(body, '\n')
	e.entries.Set(st.ID, encodedStandard{from: st, body: body})
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}

// wantsIndent is when Echo's c.JSON indents: in debug mode or when the
// query names "pretty".
func wantsIndent(c echo.Context) bool {
	_, pretty := c.QueryParams()["pretty"]
	return pretty || c.Echo().Debug
}
