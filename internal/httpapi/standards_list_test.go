package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// catalogue registers a small, varied registry: every kind, published and
// draft, with designations, ICS classes, regions and days to filter on.
func catalogue(t *testing.T, c *client) map[string]string {
	t.Helper()
	var orgID string
	{
		r := c.do(http.MethodPost, "/api/v1/organizations", map[string]any{"name": "浙江省标准化研究院", "kind": "institute", "region": "330100"})
		var org httpapi.OrganizationResponse
		r.decode(t, &org)
		orgID = org.ID
	}
	ids := map[string]string{}
	for _, s := range []map[string]any{
		gb17761(),
		db33(),
		{"code": "GB/T 1.1—2020", "kind": "national", "title_zh": "标准化工作导则 第1部分：标准化文件的结构和起草规则", "title_en": "Directives for standardization—Part 1: Rules for the structure and drafting of standardizing documents", "stage": "published", "ics": []string{"01.120"}, "approved_on": "2018-09-01", "published_on": "2020-03-31", "drafting_units": []string{"中国标准化研究院"}},
		{"code": "DB33/T 1234—2019", "kind": "local", "title_zh": "西湖龙井茶 加工技术规程", "stage": "published", "region": "330100", "ics": []string{"67.140.10"}, "approved_on": "2018-01-10", "published_on": "2019-03-01", "organization_id": orgID, "zhejiang_role": "lead", "drafting_units": []string{"杭州市农业科学研究院"}},
		{"code": "DB3301/T 0001—2022", "kind": "local", "title_zh": "杭州市 茶叶 质量追溯规范", "stage": "published", "region": "330100", "ics": []string{"67.140"}, "approved_on": "2021-02-01", "published_on": "2022-05-01", "organization_id": orgID},
		{"code": "T/ZZB 0001—2018", "kind": "group", "title_zh": "电动自行车用锂离子蓄电池", "stage": "published", "published_on": "2018-12-01", "zhejiang_role": "lead", "designations": []map[string]any{{"type": "made_in_zhejiang", "year": 2018}}},
		{"code": "Q/XYZ 0001S—2020", "kind": "enterprise", "title_zh": "茶饮料", "stage": "published", "published_on": "2020-07-01", "designations": []map[string]any{{"type": "forerunner", "year": 2021, "reference": "饮料"}}},
		{"code": "ISO 4210-2:2015", "kind": "international", "title_zh": "自行车 安全要求 第2部分", "title_en": "Cycles — Safety requirements for bicycles — Part 2", "stage": "published", "published_on": "2015-07-01", "zhejiang_role": "participant"},
		{"kind": "local", "title_zh": "茶叶 绿茶 加工 100% 合格_率 规程", "stage": "proposal", "organization_id": orgID, "region": "330100"},
	} {
		st := create(t, c, s)
		key := st.Code
		if key == "" {
			key = "draft"
		}
		ids[key] = st.ID
	}
	ids["org"] = orgID
	return ids
}

func listCodes(t *testing.T, c *client, query string) []string {
	t.Helper()
	r := c.do(http.MethodGet, "/api/v1/standards?"+query, nil)
	if r.Code != http.StatusOK {
		t.Fatalf("list %s: %d %s", query, r.Code, r.Body)
	}
	var page httpapi.StandardList
	r.decode(t, &page)
	codes := []string{}
	for _, st := range page.Items {
		code := st.Code
		if code == "" {
			code = "draft"
		}
		codes = append(codes, code)
	}
	return codes
}

func TestListFiltersAndSorts(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		ids := catalogue(t, c)
		q := url.QueryEscape
		for _, tc := range []struct {
			name, query string
			want        []string
		}{
			{"default sort is by number, drafts last", "", []string{"DB33/T 1234—2019", "DB33/T 2349—2021", "DB3301/T 0001—2022", "GB 17761—2018", "GB/T 1.1—2020", "ISO 4210-2:2015", "Q/XYZ 0001S—2020", "T/ZZB 0001—2018", "draft"}},
			{"kind", "kind=local", []string{"DB33/T 1234—2019", "DB33/T 2349—2021", "DB3301/T 0001—2022", "draft"}},
			{"stage", "stage=proposal", []string{"draft"}},
			{"nature", "nature=mandatory", []string{"GB 17761—2018"}},
			{"designation", "designation=made_in_zhejiang", []string{"T/ZZB 0001—2018"}},
			{"designation 浙江标准", "designation=zhejiang_standard", []string{"DB33/T 2349—2021"}},
			{"zhejiang role", "zhejiang_role=lead", []string{"DB33/T 1234—2019", "DB33/T 2349—2021", "T/ZZB 0001—2018"}},
			{"organization", "organization_id=" + ids["org"], []string{"DB33/T 1234—2019", "DB3301/T 0001—2022", "draft"}},
			{"region", "region=330000", []string{"DB33/T 2349—2021"}},
			{"ics prefix", "ics=67.140", []string{"DB33/T 1234—2019", "DB3301/T 0001—2022"}},
			{"ics class", "ics=43", []string{"GB 17761—2018"}},
			{"published window", "published_from=2019-01-01&published_to=2020-12-31", []string{"DB33/T 1234—2019", "GB/T 1.1—2020", "Q/XYZ 0001S—2020"}},
			{"published window bounds are inclusive", "published_from=2019-03-01&published_to=2019-03-01", []string{"DB33/T 1234—2019"}},
			{"approved window", "approved_from=2021-01-01&approved_to=2021-12-31", []string{"DB33/T 2349—2021", "DB3301/T 0001—2022"}},
			{"filters combine", "kind=local&region=330100&stage=published", []string{"DB33/T 1234—2019", "DB3301/T 0001—2022"}},
			{"sort by publication, newest first, undated last", "sort=-published_on&kind=local", []string{"DB3301/T 0001—2022", "DB33/T 2349—2021", "DB33/T 1234—2019", "draft"}},
			{"sort by publication", "sort=published_on&stage=published&kind=national", []string{"GB 17761—2018", "GB/T 1.1—2020"}},
			{"sort by approval", "sort=approved_on&kind=local", []string{"DB33/T 1234—2019", "DB3301/T 0001—2022", "DB33/T 2349—2021", "draft"}},
			{"sort by number descending", "sort=-code&kind=local", []string{"DB3301/T 0001—2022", "DB33/T 2349—2021", "DB33/T 1234—2019", "draft"}},
			{"sort by registration", "sort=created_at&kind=national", []string{"GB 17761—2018", "GB/T 1.1—2020"}},
			{"sort by registration, newest first", "sort=-created_at&kind=national", []string{"GB/T 1.1—2020", "GB 17761—2018"}},
			{"q: a two-character Chinese word inside titles", "q=" + q("茶叶"), []string{"DB3301/T 0001—2022", "draft"}},
			{"q: one character", "q=" + q("茶"), []string{"DB33/T 1234—2019", "DB3301/T 0001—2022", "Q/XYZ 0001S—2020", "draft"}},
			{"q: every term must match", "q=" + q("茶叶 杭州"), []string{"DB3301/T 0001—2022"}},
			{"q: English, any case", "q=" + q("SAFETY"), []string{"GB 17761—2018", "ISO 4210-2:2015"}},
			{"q: drafting unit", "q=" + q("中国标准化研究院"), []string{"GB 17761—2018", "GB/T 1.1—2020"}},
			{"q: a number written otherwise", "q=" + q("db33/t2349-2021"), []string{"DB33/T 2349—2021"}},
			{"q: % is literal", "q=" + q("100%"), []string{"draft"}},
			{"q: _ is literal", "q=" + q("格_率"), []string{"draft"}},
			{"q: % alone matches no title without it", "q=" + q("%") + "&kind=national", []string{}},
			{"q: quotes are literal", "q=" + q(`"茶叶'`), []string{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if diff := cmp.Diff(tc.want, listCodes(t, c, tc.query)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	})
}

func TestListRejectsBadParameters(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, tc := range []struct{ query, field string }{
			{"kind=provincial", "kind"},
			{"stage=done", "stage"},
			{"nature=binding", "nature"},
			{"designation=gold", "designation"},
			{"zhejiang_role=owner", "zhejiang_role"},
			{"organization_id=123", "organization_id"},
			{"ics=abc", "ics"},
			{"published_from=2024-02-30", "published_from"},
			{"approved_to=yesterday", "approved_to"},
			{"sort=title_zh", "sort"},
			{"sort=-", "sort"},
			{"page_size=0", "page_size"},
			{"page_size=201", "page_size"},
			{"page_size=ten", "page_size"},
			{"page_token=abc", "page_token"},
			{"knd=local", "knd"},
			{"q=" + strings.Repeat("茶", 201), "q"},
		} {
			t.Run(tc.query[:min(len(tc.query), 30)], func(t *testing.T) {
				r := c.do(http.MethodGet, "/api/v1/standards?"+tc.query, nil)
				if r.Code != http.StatusBadRequest {
					t.Fatalf("%d, want 400: %s", r.Code, r.Body)
				}
				p := r.problem(t)
				if len(p.Errors) == 0 || p.Errors[0].Field != tc.field {
					t.Errorf("errors %+v, want field %q", p.Errors, tc.field)
				}
			})
		}
	})
}

// walk follows next_page_token from the first page to the last.
func walk(t *testing.T, c *client, query string) (codes []string, pages int) {
	t.Helper()
	token := ""
	for {
		path := "/api/v1/standards?" + query
		if token != "" {
			path += "&page_token=" + url.QueryEscape(token)
		}
		r := c.do(http.MethodGet, path, nil)
		if r.Code != http.StatusOK {
			t.Fatalf("page %d: %d %s", pages+1, r.Code, r.Body)
		}
		var page httpapi.StandardList
		r.decode(t, &page)
		pages++
		for _, st := range page.Items {
			codes = append(codes, st.Code+"|"+st.ID)
		}
		if page.NextPageToken == "" {
			return codes, pages
		}
		token = page.NextPageToken
		if pages > 50 {
			t.Fatal("pagination does not end")
		}
	}
}

func TestKeysetPagination(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		catalogue(t, c)
		for _, sort := range []string{"code", "-code", "published_on", "-published_on", "approved_on", "-approved_on", "created_at", "-created_at"} {
			t.Run(sort, func(t *testing.T) {
				whole, pages := walk(t, c, "page_size=200&sort="+sort)
				if pages != 1 || len(whole) != 9 {
					t.Fatalf("one big page: %d pages, %d items", pages, len(whole))
				}
				paged, pages := walk(t, c, "page_size=2&sort="+sort)
				if pages != 5 {
					t.Errorf("9 items in pages of 2: %d pages, want 5", pages)
				}
				if diff := cmp.Diff(whole, paged); diff != "" {
					t.Errorf("pages differ from the whole list (-whole +paged):\n%s", diff)
				}
			})
		}

		first := c.do(http.MethodGet, "/api/v1/standards?page_size=2&kind=local", nil)
		var page httpapi.StandardList
		first.decode(t, &page)
		if page.NextPageToken == "" {
			t.Fatal("want a next page")
		}
		tampered := []byte(page.NextPageToken)
		tampered[len(tampered)/2] ^= 1
		for name, query := range map[string]string{
			"tampered token":           "page_size=2&kind=local&page_token=" + url.QueryEscape(string(tampered)),
			"token of another filter":  "page_size=2&kind=national&page_token=" + url.QueryEscape(page.NextPageToken),
			"token of another sort":    "page_size=2&kind=local&sort=-code&page_token=" + url.QueryEscape(page.NextPageToken),
			"truncated token":          "page_size=2&kind=local&page_token=" + url.QueryEscape(page.NextPageToken[:10]),
			"token with trailing junk": "page_size=2&kind=local&page_token=" + url.QueryEscape(page.NextPageToken+"x"),
		} {
			t.Run(name, func(t *testing.T) {
				r := c.do(http.MethodGet, "/api/v1/standards?"+query, nil)
				if r.Code != http.StatusBadRequest || r.problem(t).Errors[0].Field != "page_token" {
					t.Errorf("%d %s, want 400 naming page_token", r.Code, r.Body)
				}
			})
		}
		// The page size may change between pages; the token still holds.
		if r := c.do(http.MethodGet, "/api/v1/standards?page_size=5&kind=local&page_token="+url.QueryEscape(page.NextPageToken), nil); r.Code != http.StatusOK {
			t.Errorf("other page size with the same filter: %d", r.Code)
		}
	})
}

func TestPaginationIsStableWhileRecordsAreAdded(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		catalogue(t, c)
		r := c.do(http.MethodGet, "/api/v1/standards?page_size=3&sort=code", nil)
		var first httpapi.StandardList
		r.decode(t, &first)
		// A standard registered before the cursor must not shift the next page.
		create(t, c, map[string]any{"code": "DB33/T 0001—2010", "kind": "local", "title_zh": "早期地方标准", "stage": "published", "published_on": "2010-01-01"})
		r = c.do(http.MethodGet, "/api/v1/standards?page_size=3&sort=code&page_token="+url.QueryEscape(first.NextPageToken), nil)
		var second httpapi.StandardList
		r.decode(t, &second)
		if len(second.Items) == 0 || second.Items[0].Code != "GB 17761—2018" {
			t.Errorf("second page starts with %+v, want GB 17761—2018", second.Items)
		}
	})
}
