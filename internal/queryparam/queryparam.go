// Package queryparam reads a request's query parameters into the
// registry's types, recording each bad one as a field problem, and writes
// a standards filter back as parameters. The API and the pages both read
// lists through it, so a filter means the same on both and a figure's
// link selects on one what it counted on the other.
package queryparam

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// Enum reads a parameter that takes one of a fixed set of values.
func Enum[T ~string](params url.Values, fe *fault.FieldErrors, name string, allowed []T) T {
	v := T(params.Get(name))
	if v != "" && !slices.Contains(allowed, v) {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = string(a)
		}
		fe.Add(name, "must be one of %v", names)
	}
	return v
}

// EnumList reads a parameter that takes one or more of a fixed set of
// values, separated by commas (zhejiang_role=lead,participant): any of them.
func EnumList[T ~string](params url.Values, fe *fault.FieldErrors, name string, allowed []T) []T {
	v := params.Get(name)
	if v == "" {
		return nil
	}
	var out []T
	for _, part := range strings.Split(v, ",") {
		value := T(strings.TrimSpace(part))
		if !slices.Contains(allowed, value) {
			fe.Add(name, "%q is not one of %s (several may be given, separated by commas)", part, Join(allowed))
			return nil
		}
		if !slices.Contains(out, value) {
			out = append(out, value)
		}
	}
	return out
}

// Join writes values as EnumList reads them.
func Join[T ~string](vs []T) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return strings.Join(parts, ",")
}

// Date reads an optional YYYY-MM-DD value v of field.
func Date(fe *fault.FieldErrors, field, v string) standard.Date {
	if v == "" {
		return standard.Date{}
	}
	d, err := standard.ParseDate(v)
	if err != nil {
		fe.Add(field, "%s", err)
	}
	return d
}

// Year reads an optional year; the filter checks its range.
func Year(params url.Values, fe *fault.FieldErrors, name string) int {
	v := params.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 {
		fe.Add(name, "must be a year such as 2024")
		return 0
	}
	return n
}

// Bool reads an optional true/false parameter.
func Bool(params url.Values, fe *fault.FieldErrors, name string) bool {
	switch params.Get(name) {
	case "", "false":
		return false
	case "true":
		return true
	}
	fe.Add(name, "must be true or false")
	return false
}
