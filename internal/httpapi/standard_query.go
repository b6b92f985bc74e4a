package httpapi

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// standardListParams are the list's query parameters.
var standardListParams = []string{
	"q", "kind", "stage", "nature", "designation", "zhejiang_role", "organization_id", "region", "ics", "technical_committee",
	"published_from", "published_to", "approved_from", "approved_to",
	"designated_from", "designated_to", "city", "cycle_ended_from", "cycle_ended_to", "cycle_within_target", "sort", "facets", "include", "page_size", "page_token",
}

// parseFacets reads facets=kind,stage,year,designation.
func parseFacets(v string, fe *fault.FieldErrors) []string {
	if v == "" {
		return nil
	}
	var names []string
	for _, name := range strings.Split(v, ",") {
		name = strings.TrimSpace(name)
		if !slices.Contains(standard.FacetNames, name) {
			fe.Add("facets", "%q is not a facet; the facets are %s", name, strings.Join(standard.FacetNames, ", "))
			continue
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

// parseStandardFilter reads and checks the list's filter parameters.
func parseStandardFilter(params url.Values, fe *fault.FieldErrors) standard.Filter {
	f := standard.Filter{
		Q:                  params.Get("q"),
		Kind:               enumParam(params, fe, "kind", standard.Kinds),
		Stage:              enumParam(params, fe, "stage", standard.Stages),
		Nature:             enumParam(params, fe, "nature", standard.Natures),
		Designation:        enumParam(params, fe, "designation", standard.DesignationTypes),
		ZhejiangRoles:      enumListParam(params, fe, "zhejiang_role", standard.ZhejiangRoles),
		OrganizationID:     params.Get("organization_id"),
		Region:             params.Get("region"),
		ICS:                params.Get("ics"),
		TechnicalCommittee: params.Get("technical_committee"),
		PublishedFrom:      parseDate(fe, "published_from", params.Get("published_from")),
		PublishedTo:        parseDate(fe, "published_to", params.Get("published_to")),
		ApprovedFrom:       parseDate(fe, "approved_from", params.Get("approved_from")),
		ApprovedTo:         parseDate(fe, "approved_to", params.Get("approved_to")),
		DesignatedFrom:     yearParam(params, fe, "designated_from"),
		DesignatedTo:       yearParam(params, fe, "designated_to"),
		City:               params.Get("city"),
		CycleEndedFrom:     parseDate(fe, "cycle_ended_from", params.Get("cycle_ended_from")),
		CycleEndedTo:       parseDate(fe, "cycle_ended_to", params.Get("cycle_ended_to")),
		CycleWithin:        enumParam(params, fe, "cycle_within_target", []standard.CycleWithin{standard.CycleWithinMet, standard.CycleWithinNot}),
	}
	f.Check(fe)
	return f
}

// enumParam reads a parameter that takes one of a fixed set of values.
func enumParam[T ~string](params url.Values, fe *fault.FieldErrors, name string, allowed []T) T {
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

// parseListSort reads a list's sort: relevance by default when q is given,
// and only then.
func parseListSort(v string, filter standard.Filter, fe *fault.FieldErrors) standard.Sort {
	if v == "" && strings.TrimSpace(filter.Q) != "" {
		v = string(standard.SortRelevance) // the best matches first
	}
	sort, err := standard.ParseSort(v)
	if err != nil {
		fe.Add("sort", "must be one of code, published_on, approved_on, created_at (each optionally prefixed by -) or relevance")
	}
	if sort.Key == standard.SortRelevance && strings.TrimSpace(filter.Q) == "" {
		fe.Add("sort", "relevance ranks the matches of q; give q")
	}
	return sort
}

// boolParam reads an optional true/false parameter.
func boolParam(params url.Values, fe *fault.FieldErrors, name string) bool {
	switch params.Get(name) {
	case "", "false":
		return false
	case "true":
		return true
	}
	fe.Add(name, "must be true or false")
	return false
}

// listURL is the list's URL with f's filters: parseStandardFilter's
// inverse, for the links of figures to the standards behind them.
func listURL(f standard.Filter) string {
	v := url.Values{}
	for _, p := range []struct{ name, value string }{
		{"q", f.Q}, {"kind", string(f.Kind)}, {"stage", string(f.Stage)}, {"nature", string(f.Nature)},
		{"designation", string(f.Designation)}, {"zhejiang_role", joinEnums(f.ZhejiangRoles)},
		{"organization_id", f.OrganizationID}, {"region", f.Region}, {"ics", f.ICS}, {"city", f.City},
		{"published_from", f.PublishedFrom.String()}, {"published_to", f.PublishedTo.String()},
		{"approved_from", f.ApprovedFrom.String()}, {"approved_to", f.ApprovedTo.String()},
		{"cycle_ended_from", f.CycleEndedFrom.String()}, {"cycle_ended_to", f.CycleEndedTo.String()},
		{"cycle_within_target", string(f.CycleWithin)},
		{"designated_from", yearText(f.DesignatedFrom)}, {"designated_to", yearText(f.DesignatedTo)},
	} {
		if p.value != "" {
			v.Set(p.name, p.value)
		}
	}
	return "/api/v1/standards?" + v.Encode()
}

// yearParam reads an optional year; the filter checks its range.
func yearParam(params url.Values, fe *fault.FieldErrors, name string) int {
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

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// enumListParam reads a parameter that takes one or more of a fixed set of
// values, separated by commas (zhejiang_role=lead,participant): any of them.
func enumListParam[T ~string](params url.Values, fe *fault.FieldErrors, name string, allowed []T) []T {
	v := params.Get(name)
	if v == "" {
		return nil
	}
	var out []T
	for _, part := range strings.Split(v, ",") {
		value := T(strings.TrimSpace(part))
		if !slices.Contains(allowed, value) {
			fe.Add(name, "%q is not one of %s (several may be given, separated by commas)", part, joinEnums(allowed))
			return nil
		}
		if !slices.Contains(out, value) {
			out = append(out, value)
		}
	}
	return out
}

func joinEnums[T ~string](vs []T) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return strings.Join(parts, ",")
}
