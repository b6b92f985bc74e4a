package httpapi

import (
	"net/url"
	"slices"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
)

// standardListParams are the list's query parameters.
var standardListParams = []string{
	"q", "kind", "stage", "nature", "designation", "zhejiang_role", "organization_id", "region", "ics", "technical_committee",
	"published_from", "published_to", "approved_from", "approved_to", "sort", "facets", "include", "page_size", "page_token",
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
		ZhejiangRole:       enumParam(params, fe, "zhejiang_role", standard.ZhejiangRoles),
		OrganizationID:     params.Get("organization_id"),
		Region:             params.Get("region"),
		ICS:                params.Get("ics"),
		TechnicalCommittee: params.Get("technical_committee"),
		PublishedFrom:      parseDate(fe, "published_from", params.Get("published_from")),
		PublishedTo:        parseDate(fe, "published_to", params.Get("published_to")),
		ApprovedFrom:       parseDate(fe, "approved_from", params.Get("approved_from")),
		ApprovedTo:         parseDate(fe, "approved_to", params.Get("approved_to")),
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
