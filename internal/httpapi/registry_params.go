package httpapi

import (
	"net/url"
	"slices"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// The list parameters the plan's other registries share.

// enumListParam reads a parameter that takes one or more of a fixed set of
// values, comma-separated (kind=city,county): a record matches any of
// them.
func enumListParam[T ~string](params url.Values, fe *fault.FieldErrors, name string, allowed []T) []T {
	v := params.Get(name)
	if v == "" {
		return nil
	}
	var out []T
	for _, part := range strings.Split(v, ",") {
		t := T(strings.TrimSpace(part))
		if !slices.Contains(allowed, t) {
			names := make([]string, len(allowed))
			for i, a := range allowed {
				names[i] = string(a)
			}
			fe.Add(name, "%q is not one of %v", string(t), names)
			return nil
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// idParam reads a parameter naming a record by id.
func idParam(params url.Values, fe *fault.FieldErrors, name, what string) string {
	v := params.Get(name)
	if v != "" && !standard.ValidID(v) {
		fe.Add(name, "%q is not %s id", v, what)
	}
	return v
}

// dayRangeParams reads a pair of inclusive day bounds, the first not after
// the second.
func dayRangeParams(params url.Values, fe *fault.FieldErrors, fromName, toName string) (standard.Date, standard.Date) {
	from := parseDate(fe, fromName, params.Get(fromName))
	to := parseDate(fe, toName, params.Get(toName))
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		fe.Add(toName, "%s is before %s %s", to, fromName, from)
	}
	return from, to
}
