package httpapi

import (
	"slices"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// standardListParams are the list's query parameters.
var standardListParams = append(slices.Clone(queryparam.FilterNames), "sort", "facets", "include", "page_size", "page_token")

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

// listURL is the list's URL with f's filters, for the links of figures
// to the standards behind them.
func listURL(f standard.Filter) string {
	return "/api/v1/standards?" + queryparam.Values(f).Encode()
}
