package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/httpapi"
)

// TestSearchFindsWordsAndNumbers: q is served by the search index on both
// databases: Chinese words of any length anywhere in a title, English by
// prefix in any case, numbers in any written form, drafting units; every
// term must match, and punctuation is literal.
func TestSearchFindsWordsAndNumbers(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		for _, s := range []map[string]any{
			gb17761(),
			{"code": "GB/T 1.1—2020", "kind": "national", "title_zh": "标准化工作导则 第1部分：标准化文件的结构和起草规则", "title_en": "Directives for standardization—Part 1", "stage": "published", "published_on": "2020-03-31", "drafting_units": []string{"中国标准化研究院"}},
			{"code": "GB/T 20000.1—2014", "kind": "national", "title_zh": "标准化工作指南 第1部分：标准化和相关活动的通用术语", "stage": "published", "published_on": "2014-12-31"},
			{"code": "DB33/T 2349—2021", "kind": "local", "title_zh": "数字化改革 术语定义", "title_en": "Digital reform—Terms and definitions", "stage": "published", "published_on": "2021-06-20"},
			{"code": "T/ZZB 0318—2018", "kind": "group", "title_zh": "电动汽车用动力蓄电池 与 动车组 部件", "stage": "published", "published_on": "2018-06-01"},
			{"code": "Q/XYZ 0001S—2020", "kind": "enterprise", "title_zh": "西湖龙井茶叶（绿茶）", "title_en": "Xihu Longjing TEA", "stage": "published", "published_on": "2020-07-01", "drafting_units": []string{"杭州西湖龙井茶有限公司"}},
		} {
			create(t, c, s)
		}
		q := url.QueryEscape
		for _, tc := range []struct {
			name, q string
			want    []string
		}{
			{"a two-character word inside a title", "术语", []string{"DB33/T 2349—2021", "GB/T 20000.1—2014"}},
			{"a two-character word not at the start", "茶叶", []string{"Q/XYZ 0001S—2020"}},
			{"one character", "茶", []string{"Q/XYZ 0001S—2020"}},
			{"a whole phrase", "标准化工作导则", []string{"GB/T 1.1—2020"}},
			{"a phrase's pairs apart do not match", "电动车", []string{}},
			{"English, another case", "DIGITAL", []string{"DB33/T 2349—2021"}},
			{"English prefix", "direct", []string{"GB/T 1.1—2020"}},
			{"English prefix, full width", "ＳＡＦＥ", []string{"GB 17761—2018"}},
			{"a word's middle is no prefix", "afety", []string{}},
			{"every term must match", "标准化 第1部分 导则", []string{"GB/T 1.1—2020"}},
			{"terms in Chinese and English", "茶叶 longjing", []string{"Q/XYZ 0001S—2020"}},
			{"a drafting unit", "中国标准化研究院", []string{"GB 17761—2018", "GB/T 1.1—2020"}},
			{"a number written otherwise", "gb/t1.1-2020", []string{"GB/T 1.1—2020"}},
			{"the beginning of a number", "GB/T 1.1", []string{"GB/T 1.1—2020"}},
			{"a part number", "20000.1", []string{"GB/T 20000.1—2014"}},
			{"full-width parentheses are literal, folded", "（绿茶）", []string{"Q/XYZ 0001S—2020"}},
			{"% is no wildcard", "茶%", []string{}},
			{"_ is no wildcard", "茶_", []string{}},
			{"quotes are text", `"术语"`, []string{}},
			{"FTS and tsquery syntax is text", "术语 OR 茶叶", []string{}},
			{"operators are text", "标准化 & | ! :*", []string{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if diff := cmp.Diff(tc.want, listCodes(t, c, "sort=code&q="+q(tc.q))); diff != "" {
					t.Errorf("q=%s (-want +got):\n%s", tc.q, diff)
				}
			})
		}
	})
}

// TestSearchFollowsChanges: the index changes with the record, in the
// same transaction: a renamed title is found by its new words only, and a
// deleted draft is found no more.
func TestSearchFollowsChanges(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		st := create(t, c, db33())
		r := c.do(http.MethodPatch, "/api/v1/standards/"+st.ID, `{"title_zh": "未来社区 建设规范"}`, "Content-Type", "application/merge-patch+json")
		if r.Code != http.StatusOK {
			t.Fatalf("patch: %d %s", r.Code, r.Body)
		}
		if got := listCodes(t, c, "q="+url.QueryEscape("未来社区")); !cmp.Equal(got, []string{"DB33/T 2349—2021"}) {
			t.Errorf("new title: %v", got)
		}
		if got := listCodes(t, c, "q="+url.QueryEscape("数字化")); len(got) != 0 {
			t.Errorf("old title still found: %v", got)
		}
		draft := create(t, c, map[string]any{"kind": "local", "title_zh": "海岛 旅游 服务规范", "stage": "proposal"})
		if got := listCodes(t, c, "q="+url.QueryEscape("海岛")); !cmp.Equal(got, []string{"draft"}) {
			t.Errorf("draft: %v", got)
		}
		c.do(http.MethodDelete, "/api/v1/standards/"+draft.ID, nil)
		create(t, c, map[string]any{"kind": "local", "title_zh": "山区 旅游 服务规范", "stage": "proposal"})
		if got := listCodes(t, c, "q="+url.QueryEscape("海岛")); len(got) != 0 {
			t.Errorf("deleted draft still found: %v", got)
		}
		if got := listCodes(t, c, "q="+url.QueryEscape("旅游")); !cmp.Equal(got, []string{"draft"}) {
			t.Errorf("after delete: %v", got)
		}
	})
}

// TestRelevance: with q the best matches come first: a title holding the
// whole query, then titles holding every term, then matches through a
// drafting unit; ties by registration, so pages are stable.
func TestRelevance(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		register := func(code, title string, units ...string) {
			create(t, c, map[string]any{"code": code, "kind": "local", "title_zh": title, "stage": "published", "published_on": "2024-01-01", "drafting_units": units})
		}
		register("DB33/T 9001—2024", "绿色 食品 茶叶 加工 标准", "浙江省茶叶研究院")  // terms apart in the title
		register("DB33/T 9002—2024", "龙井 茶园 管理 规范", "浙江 茶叶 标准 研究所") // only through drafting units
		register("DB33/T 9003—2024", "茶叶 标准 体系 建设指南")               // the whole query in the title
		register("DB33/T 9004—2024", "茶叶 标准 样品 制备")                 // the whole query too, registered later
		register("DB33/T 9005—2024", "茶叶 加工 机械")                    // not every term
		want := []string{"DB33/T 9003—2024", "DB33/T 9004—2024", "DB33/T 9001—2024", "DB33/T 9002—2024"}
		if diff := cmp.Diff(want, listCodes(t, c, "q="+url.QueryEscape("茶叶 标准"))); diff != "" {
			t.Errorf("default order with q (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, listCodes(t, c, "sort=relevance&q="+url.QueryEscape("茶叶 标准"))); diff != "" {
			t.Errorf("sort=relevance (-want +got):\n%s", diff)
		}
		// Keyset pages of one walk the ranked list in the same order.
		if diff := cmp.Diff(want, walkCodes(t, c, "q="+url.QueryEscape("茶叶 标准"), 1)); diff != "" {
			t.Errorf("pages of one (-want +got):\n%s", diff)
		}
		// The phrase as typed, spaces and all: two spaces are another
		// phrase, which no title holds (its pair across the spaces is the
		// same, so the index of pairs cannot be all that decides); a
		// phrase that begins with one character of a word (叶 of 茶叶) has
		// no pair the index knows, and is read as before.
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{"茶叶  标准", []string{"DB33/T 9001—2024", "DB33/T 9003—2024", "DB33/T 9004—2024", "DB33/T 9002—2024"}},
			{"叶 标准", []string{"DB33/T 9003—2024", "DB33/T 9004—2024", "DB33/T 9001—2024", "DB33/T 9002—2024"}},
			{"标准 体系", []string{"DB33/T 9003—2024"}},
		} {
			if diff := cmp.Diff(tc.want, walkCodes(t, c, "q="+url.QueryEscape(tc.q), 2)); diff != "" {
				t.Errorf("q=%s (-want +got):\n%s", tc.q, diff)
			}
		}
		// One term: the titles holding it by registration, then the match
		// through a drafting unit; pages of two cross from one tier to the
		// next, and a filter narrows every tier.
		one := []string{"DB33/T 9001—2024", "DB33/T 9003—2024", "DB33/T 9004—2024", "DB33/T 9005—2024", "DB33/T 9002—2024"}
		for _, size := range []int{1, 2, 3, 20} {
			if diff := cmp.Diff(one, walkCodes(t, c, "q="+url.QueryEscape("茶叶"), size)); diff != "" {
				t.Errorf("q=茶叶 in pages of %d (-want +got):\n%s", size, diff)
			}
		}
		if got := walkCodes(t, c, "kind=national&q="+url.QueryEscape("茶叶"), 2); len(got) != 0 {
			t.Errorf("q=茶叶&kind=national: %v", got)
		}
		if diff := cmp.Diff([]string{"DB33/T 9002—2024"}, walkCodes(t, c, "q="+url.QueryEscape("研究所"), 2)); diff != "" {
			t.Errorf("a drafting unit's word alone (-want +got):\n%s", diff)
		}
		// A number ranks its exact standard first.
		register("DB33/T 900—2024", "茶叶 术语")
		if got := listCodes(t, c, "q="+url.QueryEscape("db33/t 900-2024")); !cmp.Equal(got, []string{"DB33/T 900—2024"}) {
			t.Errorf("exact number: %v", got)
		}
		for _, bad := range []string{"sort=relevance", "sort=-relevance&q=" + url.QueryEscape("茶叶")} {
			if r := c.do(http.MethodGet, "/api/v1/standards?"+bad, nil); r.Code != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", bad, r.Code)
			}
		}
	})
}

// TestFacets: counts over the whole list (not the page), for the query.
func TestFacets(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, c *client) {
		catalogue(t, c)
		r := c.do(http.MethodGet, "/api/v1/standards?page_size=1&facets=kind,stage,year,designation&q="+url.QueryEscape("茶"), nil)
		var page httpapi.StandardList
		r.decode(t, &page)
		want := map[string][]httpapi.FacetCount{
			"kind":        {{Value: "local", Count: 3}, {Value: "enterprise", Count: 1}},
			"stage":       {{Value: "published", Count: 3}, {Value: "proposal", Count: 1}},
			"year":        {{Value: "2019", Count: 1}, {Value: "2020", Count: 1}, {Value: "2022", Count: 1}},
			"designation": {{Value: "forerunner", Count: 1}},
		}
		if diff := cmp.Diff(want, page.Facets); diff != "" {
			t.Errorf("facets (-want +got):\n%s", diff)
		}
		if len(page.Items) != 1 {
			t.Errorf("%d items on a page of one", len(page.Items))
		}
		var plain httpapi.StandardList
		c.do(http.MethodGet, "/api/v1/standards?kind=national", nil).decode(t, &plain)
		if plain.Facets != nil {
			t.Errorf("facets without asking: %v", plain.Facets)
		}
		// An anonymous caller's counts leave out the drafts it may not see.
		var anon httpapi.StandardList
		c.as("").do(http.MethodGet, "/api/v1/standards?facets=stage&q="+url.QueryEscape("茶"), nil).decode(t, &anon)
		if diff := cmp.Diff([]httpapi.FacetCount{{Value: "published", Count: 3}}, anon.Facets["stage"]); diff != "" {
			t.Errorf("anonymous stage facet (-want +got):\n%s", diff)
		}
		if r := c.do(http.MethodGet, "/api/v1/standards?facets=colour", nil); r.Code != http.StatusBadRequest {
			t.Errorf("unknown facet: %d, want 400", r.Code)
		}
	})
}

// walkCodes follows a list's pages of size and returns the codes in order.
func walkCodes(t *testing.T, c *client, query string, size int) []string {
	t.Helper()
	entries, _ := walk(t, c, fmt.Sprintf("page_size=%d&%s", size, query))
	codes := make([]string, len(entries))
	for i, e := range entries {
		codes[i], _, _ = strings.Cut(e, "|")
	}
	return codes
}
