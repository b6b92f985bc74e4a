package pages

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"stdreg/internal/fault"
	"stdreg/internal/queryparam"
	"stdreg/internal/standard"
)

// filterParams are the search page's filters: the list API's, so a figure
// of the dashboard links to the page with the filter the registry counted,
// and year (the year of publication), the page's own.
var filterParams = append(slices.Clone(queryparam.FilterNames), "year")

// formParams are the filters the search form has a control for; the
// others ride along as hidden fields and show as removable chips.
var formParams = []string{"q", "kind", "stage", "year", "organization_id"}

// parseFilter reads the page's filters as the list API does
// (queryparam.Filter), and year.
func parseFilter(params url.Values) (standard.Filter, error) {
	var fe fault.FieldErrors
	for name := range params {
		if name != "page_token" && !slices.Contains(filterParams, name) {
			fe.Add(name, "is not a filter of this page")
		}
	}
	f := queryparam.Filter(params, &fe)
	if y := params.Get("year"); y != "" {
		year, err := strconv.Atoi(y)
		switch {
		case err != nil || year < 1900 || year > 2999:
			fe.Add("year", "must be a year such as 2024")
		case !f.PublishedFrom.IsZero() || !f.PublishedTo.IsZero():
			fe.Add("year", "cannot be given with published_from or published_to")
		default:
			f.PublishedFrom = standard.Date{Year: year, Month: 1, Day: 1}
			f.PublishedTo = standard.Date{Year: year, Month: 12, Day: 31}
		}
	}
	return f, fe.Err()
}

// fingerprint hashes the filters, so a page token serves only the search
// that issued it.
func fingerprint(params url.Values) string {
	var b strings.Builder
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "page_token" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(strings.Join(params[k], ",")) + "&")
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:12])
}

// searchURL is the search page's address for a filter given as the list
// API's parameters.
func searchURL(params url.Values) string {
	clean := url.Values{}
	for k, v := range params {
		if slices.Contains(filterParams, k) && len(v) > 0 && v[0] != "" {
			clean.Set(k, v[0])
		}
	}
	if len(clean) == 0 {
		return "/"
	}
	return "/?" + clean.Encode()
}
