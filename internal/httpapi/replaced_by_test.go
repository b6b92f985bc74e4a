package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// editionsListing is a local platform's listing of editions that replace
// one another, with their filing numbers (备案号); its 被代替标准 column is
// derived by the registry, so an import reads it as nothing.
const editionsListing = "\ufeff标准号,标准名称,标准状态,发布日期,实施日期,废止日期,代替标准,被代替标准,备案号\r\n" +
	"DB33/T 1000—2015,茶叶 贮存规范,被代替,2015-04-01,2015-05-01,2021-06-20,,DB33/T 1000—2021,33-2015-0107\r\n" +
	"DB33/T 1000—2021,茶叶 贮存规范,现行,2021-06-20,2021-07-20,,DB33/T 1000—2015,,33-2021-0521\r\n" +
	"T/ZZB 0123—2019,绿茶 加工技术规程,现行,2019-05-30,2019-06-30,,,,\r\n" +
	"GB/T 30357.1—2013,乌龙茶 第1部分：基本要求,现行,2013-12-31,2014-06-22,,,,\r\n"

func TestFilingNumberAndReplacedBy(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		report := importReport(t, c, "", csvType, []byte(editionsListing))
		if want := [5]int{4, 4, 0, 0, 0}; counts(report) != want || len(report.IgnoredColumns) != 0 {
			t.Fatalf("import: %+v", report)
		}
		lookup := func(code string) httpapi.StandardResponse {
			var st httpapi.StandardResponse
			c.do(http.MethodGet, "/api/v1/standards/lookup?code="+url.QueryEscape(code), nil).decode(t, &st)
			return st
		}
		for _, tc := range []struct {
			code, filing string
			replacedBy   []string
		}{
			{"DB33/T 1000-2015", "33-2015-0107", []string{"DB33/T 1000—2021"}},
			{"DB33/T 1000-2021", "33-2021-0521", []string{}},
			{"T/ZZB 0123-2019", "", []string{}},
		} {
			st := lookup(tc.code)
			if st.FilingNumber != tc.filing || !cmp.Equal(st.ReplacedBy, tc.replacedBy) {
				t.Errorf("%s: filing_number %q, replaced_by %q; want %q, %q", tc.code, st.FilingNumber, st.ReplacedBy, tc.filing, tc.replacedBy)
			}
		}

		// A draft not yet approved that names it does not replace it yet;
		// a standard registered later that names it does, in lists too.
		for _, body := range []string{
			`{"kind": "local", "stage": "proposal", "title_zh": "茶叶 贮存规范（修订）", "replaces": ["DB33/T 1000—2021"]}`,
			`{"code": "DB33/T 1000—2026", "kind": "local", "stage": "published", "title_zh": "茶叶 贮存规范", "published_on": "2026-01-05", "replaces": ["db33/t1000-2021"], "filing_number": "33-2026-0003"}`,
		} {
			if r := c.do(http.MethodPost, "/api/v1/standards", []byte(body), "Content-Type", "application/json"); r.Code != http.StatusCreated {
				t.Fatalf("create: %d %s", r.Code, r.Body)
			}
		}
		// By number (a list's page, replaced_by looked up after it) and by
		// relevance (read with the page's rows).
		for _, sort := range []string{"code", "relevance"} {
			var list httpapi.StandardList
			c.do(http.MethodGet, "/api/v1/standards?q="+url.QueryEscape("茶叶 贮存规范")+"&sort="+sort, nil).decode(t, &list)
			got := map[string][]string{}
			for _, st := range list.Items {
				got[st.Code] = st.ReplacedBy
			}
			want := map[string][]string{
				"DB33/T 1000—2015": {"DB33/T 1000—2021"}, "DB33/T 1000—2021": {"DB33/T 1000—2026"}, "DB33/T 1000—2026": {},
				"": {}, // the draft, which the admin sees
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("replaced_by in the list by %s (-want +got):\n%s", sort, d)
			}
		}

		// A change of replaces shows at once in the other standard.
		newest := lookup("DB33/T 1000-2026")
		if r := c.do(http.MethodPatch, "/api/v1/standards/"+newest.ID, []byte(`{"replaces": null}`),
			"Content-Type", "application/merge-patch+json", "If-Match", `"1"`); r.Code != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Code, r.Body)
		}
		if st := lookup("DB33/T 1000-2021"); len(st.ReplacedBy) != 0 {
			t.Errorf("replaced_by after the replacing standard dropped its replaces: %q", st.ReplacedBy)
		}

		// Exports carry both; the national standard is not filed.
		file := string(exportOf(t, c, "csv"))
		header := strings.SplitN(file, "\r\n", 2)[0]
		for _, col := range []string{"replaced_by", "filing_number"} {
			if !strings.Contains(header, col) {
				t.Errorf("the export's header lacks %s: %s", col, header)
			}
		}
		if !strings.Contains(file, "33-2015-0107") || !strings.Contains(file, ",DB33/T 1000—2021,") {
			t.Errorf("the export lacks a filing number or a replaced_by:\n%s", file)
		}
		// In relevance order, read page by page as the list is.
		ranked := string(exportOf(t, c, "csv", "q="+url.QueryEscape("茶叶 贮存规范"), "sort=relevance"))
		if !strings.Contains(ranked, ",DB33/T 1000—2021,") {
			t.Errorf("the export in relevance order lacks a replaced_by:\n%s", ranked)
		}
		r := c.do(http.MethodPost, "/api/v1/standards", []byte(`{"code": "GB/T 30357.2—2013", "kind": "national", "stage": "published", "title_zh": "乌龙茶 第2部分：铁观音", "published_on": "2013-12-31", "filing_number": "12345"}`), "Content-Type", "application/json")
		if r.Code != http.StatusBadRequest || !strings.Contains(string(r.Body), "filing_number") {
			t.Errorf("a national standard with a filing number: %d %s", r.Code, r.Body)
		}
	})
}
