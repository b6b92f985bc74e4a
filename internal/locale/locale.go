// Package locale says the service's messages in the client's language:
// English by default, Simplified Chinese when Accept-Language prefers it.
// A message is a fault.Message, whose English format is its id in the
// catalog (catalog_zh.go); the Chinese format takes the same arguments.
//
// Languages are matched with golang.org/x/text/language, which weighs
// Accept-Language's q-values and knows that zh, zh-CN and zh-Hans-CN are
// one written language. Messages are formatted with fmt, not with
// golang.org/x/text/message: its printer groups digits ("2,026"), which
// would change years, versions and row numbers.
package locale

import (
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"stdreg/internal/fault"
)

// Language is a language the service answers in.
type Language struct {
	chinese bool
}

var (
	English = Language{}
	Chinese = Language{chinese: true}
)

// supported is what the matcher chooses from; the first is the default.
var supported = []language.Tag{language.English, language.SimplifiedChinese}

var matcher = language.NewMatcher(supported)

// FromAcceptLanguage is the language to answer a request whose
// Accept-Language header is header: English when the header is absent,
// malformed, or prefers a language the service does not speak.
func FromAcceptLanguage(header string) Language {
	if header == "" {
		return English
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, i, confidence := matcher.Match(tags...)
	if confidence == language.No || i != 1 {
		return English
	}
	return Chinese
}

// Tag is the language as Content-Language names it.
func (l Language) Tag() string {
	if l.chinese {
		return "zh-CN"
	}
	return "en"
}

// Say renders m in l. Arguments that are messages themselves (the reason a
// date or a cell was refused) are said in l too, and a stage, kind or
// nature gains its Chinese name (terms_zh.go).
func (l Language) Say(m fault.Message) string {
	if !l.chinese {
		return m.String()
	}
	format, ok := zhCN[m.Format]
	if !ok {
		format = m.Format // TestEveryMessageIsTranslated keeps this from happening
	}
	if len(m.Args) == 0 {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = l.arg(a)
	}
	// A term ends in a full-width parenthesis, which needs no space after
	// it: "处于 drafting（起草）阶段", not "（起草） 阶段".
	return strings.ReplaceAll(fmt.Sprintf(format, args...), "） ", "）")
}

func (l Language) arg(a any) any {
	switch v := a.(type) {
	case fault.Message:
		return l.Say(v)
	case *fault.Error:
		return l.Say(v.Message)
	}
	if t, ok := term(a); ok {
		return t
	}
	return a
}

// Title is the problem title of an HTTP status: its status text in
// English (http.StatusText), its name in Chinese.
func (l Language) Title(status int) string {
	if t, ok := zhTitles[status]; ok && l.chinese {
		return t
	}
	return http.StatusText(status)
}
