package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIndexTokens(t *testing.T) {
	for _, tc := range []struct {
		name  string
		texts []string
		want  []string
	}{
		{"a Chinese title: characters and pairs", []string{"绿茶"}, []string{"绿", "绿茶", "茶"}},
		{"runs split at spaces and punctuation", []string{"茶叶 加工，规程"}, []string{"加", "加工", "叶", "工", "程", "茶", "茶叶", "规", "规程"}},
		{"English words lower case", []string{"Safety Technical"}, []string{"safety", "technical"}},
		{"full-width letters fold", []string{"ＧＢ／Ｔ"}, []string{"gb", "t"}},
		{"numbers keep their dots", []string{"GB/T 20000.1—2014"}, []string{"20000.1", "2014", "gb", "t"}},
		{"a trailing dot is not part of a number", []string{"v1."}, []string{"v1"}},
		{"mixed text", []string{"电池 Li-ion 18650"}, []string{"18650", "ion", "li", "池", "电", "电池"}},
		{"several fields, no repeats", []string{"茶叶", "茶叶 标准"}, []string{"准", "叶", "标", "标准", "茶", "茶叶"}},
		{"punctuation alone gives nothing", []string{"%_—"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, IndexTokens(tc.texts...)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestQuery(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []Term
	}{
		{"茶叶", []Term{{Literal: "茶叶", Tokens: []string{"茶叶"}}}},
		{"茶", []Term{{Literal: "茶", Tokens: []string{"茶"}}}},
		{"电动自行车", []Term{{Literal: "电动自行车", Tokens: []string{"电动", "动自", "自行", "行车"}}}},
		{"茶叶 Safety", []Term{{Literal: "茶叶", Tokens: []string{"茶叶"}}, {Literal: "safety", Prefixes: []string{"safety"}}}},
		{"100%", []Term{{Literal: "100%", Prefixes: []string{"100"}}}},
		{`"茶叶'`, []Term{{Literal: `"茶叶'`, Tokens: []string{"茶叶"}}}},
		{"%", []Term{{Literal: "%"}}},
		{"  ", nil},
	} {
		t.Run(tc.q, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Query(tc.q)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
