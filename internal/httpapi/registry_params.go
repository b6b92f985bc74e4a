package httpapi

import (
	"net/url"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// The list parameters the plan's other registries share.

// idParam reads a parameter naming a record by id.
func idParam(params url.Values, fe *fault.FieldErrors, name string, what fault.Message) string {
	v := params.Get(name)
	if v != "" && !standard.ValidID(v) {
		fe.Add(name, "%q is not %s id", v, what)
	}
	return v
}

// dayRangeParams reads a pair of inclusive day bounds, the first not after
// the second.
func dayRangeParams(params url.Values, fe *fault.FieldErrors, fromName, toName string) (standard.Date, standard.Date) {
	from := queryparam.Date(fe, fromName, params.Get(fromName))
	to := queryparam.Date(fe, toName, params.Get(toName))
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		fe.Add(toName, "%s is before %s %s", to, fromName, from)
	}
	return from, to
}
