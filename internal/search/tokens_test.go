package search

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/standard"
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
		{"茶叶", []Term{{Literal: "茶叶", Tokens: []string{"茶叶"}, Exact: true, Han: true}}},
		{"茶", []Term{{Literal: "茶", Tokens: []string{"茶"}, Exact: true, Han: true}}},
		{"电动自行车", []Term{{Literal: "电动自行车", Tokens: []string{"电动", "动自", "自行", "行车"}, Han: true}}},
		{"茶叶 Safety", []Term{{Literal: "茶叶", Tokens: []string{"茶叶"}, Exact: true, Han: true}, {Literal: "safety", Prefixes: []string{"safety"}, Exact: true}}},
		{"20000.1", []Term{{Literal: "20000.1", Prefixes: []string{"20000.1"}, Exact: true}}},
		{"GB/T", []Term{{Literal: "gb/t", Prefixes: []string{"gb", "t"}}}},
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

func TestDocumentOf(t *testing.T) {
	st := standard.Standard{
		Code: "DB33/T 2349—2021", NormalizedCode: "DB33/T 2349-2021", TitleZH: "茶叶加工技术规程", TitleEN: "Tea Processing",
		DraftingUnits: []string{"浙江省农业科学院"},
	}
	doc := DocumentOf(st)
	for _, tc := range []struct {
		name   string
		tokens []string
		want   string
	}{
		{"a title word is in the name and in all", doc.NameTokens, "茶叶"},
		{"a title word is in all", doc.Tokens, "茶叶"},
		{"a unit word is in all", doc.Tokens, "农业"},
		{"a unit word is among the others", doc.OtherTokens, "农业"},
		{"an English word is in the name", doc.NameTokens, "processing"},
		{"a number is in the name", doc.NameTokens, "2349"},
	} {
		if !slices.Contains(tc.tokens, tc.want) {
			t.Errorf("%s: %q missing from %q", tc.name, tc.want, tc.tokens)
		}
	}
	if slices.Contains(doc.NameTokens, "农业") {
		t.Errorf("a drafting unit's word is in the name tokens %q", doc.NameTokens)
	}
	if want := "db33/t 2349—2021\ndb33/t 2349-2021\n茶叶加工技术规程\ntea processing"; doc.NameText != want {
		t.Errorf("NameText = %q, want %q", doc.NameText, want)
	}
	if want := doc.NameText + "\n浙江省农业科学院"; doc.Text != want {
		t.Errorf("Text = %q, want %q", doc.Text, want)
	}
}

func TestHasWordPrefixes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		text     string
		prefixes []string
		want     bool
	}{
		{"a number's words", "db33/t 2349—2021\n茶叶加工技术规程", []string{"db33", "t", "2349"}, true},
		{"a word inside another is no word", "db33/t 2349—2021", []string{"349"}, false},
		{"every prefix must begin a word", "q/crxt 001—2020\n电动自行车", []string{"crxt", "abc"}, false},
		{"a Han character ends a word", "浙江ab型电能表", []string{"ab"}, true},
		{"a part number is one word", "gb/t 20000.1—2014", []string{"1"}, false},
		{"the part number's beginning", "gb/t 20000.1—2014", []string{"20000.1"}, true},
		{"a diacritic as FTS5 drops it", "ťea café", []string{"tea", "cafe"}, true},
		{"no prefixes: always", "茶叶", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HasWordPrefixes(tc.text, tc.prefixes); got != tc.want {
				t.Errorf("HasWordPrefixes(%q, %q) = %v, want %v", tc.text, tc.prefixes, got, tc.want)
			}
		})
	}
}

// TestSpacePairs: the pairs across a space a phrase gives are those every
// name holding it holds (stdreg_space_pairs, migration 00066): two
// characters each side, or none where the phrase ends in fewer.
func TestSpacePairs(t *testing.T) {
	for _, tc := range []struct {
		phrase string
		want   []string
	}{
		{"技术 安全", []string{"技术 安全"}},
		{"电能表 检定", []string{"能表 检定"}},
		{"浙江 质量 评价", []string{"浙江 质量", "质量 评价"}},
		{"浙江 质 评价", []string{"浙江 质", "质 评价"}}, // 质 stands alone between spaces
		{"茶 规程", nil}, // 绿茶 规程 holds it too
		{"茶叶 规", nil},
		{"茶叶   规程", []string{"茶叶 规程"}}, // a run of spaces is one
		{"gb 茶叶", []string{"gb 茶叶"}},
		{"tea valve", nil}, // ASCII both sides: not indexed
		{"技术", nil},
		{"技术 安全 技术 安全", []string{"技术 安全", "安全 技术"}},
		{"bad \xff 茶叶", nil},
	} {
		if got := SpacePairs(tc.phrase); !slices.Equal(got, tc.want) {
			t.Errorf("SpacePairs(%q) = %q, want %q", tc.phrase, got, tc.want)
		}
	}
}
