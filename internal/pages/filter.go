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
	"stdreg/internal/standard"
)

// filterParams are the search page's filters, the list API's names, so a
// figure of the dashboard links to the page with the filter of the API's
// list, and year (the year of publication), the page's own.
var filterParams = []string{
	"q", "kind", "stage", "year", "organization_id",
	"nature", "designation", "zhejiang_role", "region", "ics",
	"published_from", "published_to", "approved_from", "approved_to",
}

// formParams are the filters the search form has a control for; the
// others ride along as hidden fields and show as removable chips.
var formParams = []string{"q", "kind", "stage", "year", "organization_id"}

// parseFilter reads the page's filters as the list API does, and checks
// them with the same rules.
func parseFilter(params url.Values) (standard.Filter, error) {
	var fe fault.FieldErrors
	for name := range params {
		if name != "page_token" && !slices.Contains(filterParams, name) {
			fe.Add(name, "不是本页的查询条件")
		}
	}
	f := standard.Filter{
		Q:              params.Get("q"),
		Kind:           enum(params, &fe, "kind", standard.Kinds),
		Stage:          enum(params, &fe, "stage", standard.Stages),
		Nature:         enum(params, &fe, "nature", standard.Natures),
		Designation:    enum(params, &fe, "designation", standard.DesignationTypes),
		ZhejiangRoles:  oneOrNone(enum(params, &fe, "zhejiang_role", standard.ZhejiangRoles)),
		OrganizationID: params.Get("organization_id"),
		Region:         params.Get("region"),
		ICS:            params.Get("ics"),
		PublishedFrom:  day(params, &fe, "published_from"),
		PublishedTo:    day(params, &fe, "published_to"),
		ApprovedFrom:   day(params, &fe, "approved_from"),
		ApprovedTo:     day(params, &fe, "approved_to"),
	}
	if y := params.Get("year"); y != "" {
		year, err := strconv.Atoi(y)
		switch {
		case err != nil || year < 1900 || year > 2999:
			fe.Add("year", "年份应为四位数字")
		case !f.PublishedFrom.IsZero() || !f.PublishedTo.IsZero():
			fe.Add("year", "与 published_from、published_to 不能同时使用")
		default:
			f.PublishedFrom = standard.Date{Year: year, Month: 1, Day: 1}
			f.PublishedTo = standard.Date{Year: year, Month: 12, Day: 31}
		}
	}
	f.Check(&fe)
	return f, fe.Err()
}

func enum[T ~string](params url.Values, fe *fault.FieldErrors, name string, allowed []T) T {
	v := T(params.Get(name))
	if v != "" && !slices.Contains(allowed, v) {
		fe.Add(name, "%q 不是可选的值", string(v))
		return ""
	}
	return v
}

func day(params url.Values, fe *fault.FieldErrors, name string) standard.Date {
	v := params.Get(name)
	if v == "" {
		return standard.Date{}
	}
	d, err := standard.ParseDate(v)
	if err != nil {
		fe.Add(name, "日期应写作 YYYY-MM-DD")
	}
	return d
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

// oneOrNone is the list filter of one chosen value, or no filter.
func oneOrNone[T ~string](v T) []T {
	if v == "" {
		return nil
	}
	return []T{v}
}
