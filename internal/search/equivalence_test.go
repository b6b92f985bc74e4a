package search_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"

	"stdreg/internal/generate"
	"stdreg/internal/search"
	"stdreg/internal/standard"
)

// TestTokensAsBefore: the tokenizer that works on parts of the folded text
// gives exactly what the first one, which converted to runes and built a
// string per token, gave: for 3,000 generated standards (every kind of
// number, Chinese and English titles, drafting units) and for text made to
// be awkward.
func TestTokensAsBefore(t *testing.T) {
	g := generate.NewGenerator(11, standard.Date{Year: 2026, Month: 11, Day: 28})
	g.Organizations(50)
	var docs []standard.Standard
	for range 3000 {
		rec, err := g.Next()
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, rec.Standard)
	}
	awkward := []string{
		"", " ", "GB/T 20000.1—2014", "ＧＢ／Ｔ　１．１—２０２０", "1.2.3.", ".5", "v1.", "a.1", "1.a", "20000.1.",
		"茶叶", "茶", "电动自行车 停放充电场所消防安全管理规范", "かなカナ한국어漢字", "Ⅻ ⅻ", "ǅungla Ǆ", "İstanbul",
		"bad \xff\xfe utf-8 茶\xff叶", "emoji 🍵 茶🍵叶", "tab\tnew\nline", "ＡＢＣ１２３ａｂｃ", "ﾊﾝｶｸｶﾀｶﾅ", "DB33/T\u00a02349", "x²³ ½",
	}
	for _, text := range awkward {
		docs = append(docs, standard.Standard{Code: text, TitleZH: text + "标准", TitleEN: strings.ToUpper(text), DraftingUnits: []string{text, "浙江大学 " + text}})
	}
	for _, st := range docs {
		if diff := cmp.Diff(referenceDocument(st), search.DocumentOf(st)); diff != "" {
			t.Fatalf("%q %q: the document differs (-before +now):\n%s", st.Code, st.TitleZH, diff)
		}
		for _, text := range []string{st.TitleZH, st.TitleEN, st.Code} {
			if diff := cmp.Diff(referenceTokens(text), search.IndexTokens(text)); diff != "" {
				t.Fatalf("%q: the tokens differ (-before +now):\n%s", text, diff)
			}
		}
	}
}

// referenceDocument is DocumentOf as first written.
func referenceDocument(st standard.Standard) search.Document {
	name := []string{st.Code, st.NormalizedCode, st.TitleZH, st.TitleEN}
	nameText := search.Fold(strings.Join(name, "\n"))
	text := nameText
	if len(st.DraftingUnits) > 0 {
		text += "\n" + search.Fold(strings.Join(st.DraftingUnits, "\n"))
	}
	return search.Document{
		Tokens:      referenceTokens(append(name, st.DraftingUnits...)...),
		NameTokens:  referenceTokens(name...),
		OtherTokens: referenceTokens(st.DraftingUnits...),
		Text:        text,
		NameText:    nameText,
	}
}

// referenceTokens is IndexTokens as first written.
func referenceTokens(texts ...string) []string {
	seen := map[string]bool{}
	for _, t := range texts {
		rs := []rune(search.Fold(t))
		for i := 0; i < len(rs); {
			switch {
			case isCJK(rs[i]):
				j := i
				for j < len(rs) && isCJK(rs[j]) {
					j++
				}
				for k := i; k < j; k++ {
					seen[string(rs[k])] = true
					if k+1 < j {
						seen[string(rs[k:k+2])] = true
					}
				}
				i = j
			case isWord(rs[i]):
				j := i
				for j < len(rs) && (isWord(rs[j]) || (rs[j] == '.' && j > i && j+1 < len(rs) && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]))) {
					j++
				}
				seen[string(rs[i:j])] = true
				i = j
			default:
				i++
			}
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isWord(r rune) bool { return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isCJK(r) }

// BenchmarkDocumentOf tokenizes generated standards, now and as first
// written: go test -run '^$' -bench DocumentOf -benchmem ./internal/search
func BenchmarkDocumentOf(b *testing.B) {
	g := generate.NewGenerator(11, standard.Date{Year: 2026, Month: 11, Day: 28})
	g.Organizations(50)
	docs := make([]standard.Standard, 1000)
	for i := range docs {
		rec, err := g.Next()
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = rec.Standard
	}
	for _, impl := range []struct {
		name string
		of   func(standard.Standard) search.Document
	}{{"now", search.DocumentOf}, {"as first written", referenceDocument}} {
		b.Run(impl.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				impl.of(docs[i%len(docs)])
			}
		})
	}
}
