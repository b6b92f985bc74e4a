package httpapi_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSearchFindsWordsAndNumbers: q is served by the search index on both
// databases: Chinese words of any length anywhere in a title, English by
// prefix in any case, numbers in any written form, drafting units; every
// term must match, and punctuation is literal.
func TestSearchFindsWordsAndNumbers(t *testing.T) {
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
				if diff := cmp.Diff(tc.want, listCodes(t, c, "q="+q(tc.q))); diff != "" {
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
