package tabular

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// key folds a header or label the way people vary it, so that one lookup
// table serves them all: full-width letters and digits (ＩＣＳ) become
// half-width, case is ignored, and spaces, underscores, hyphens, a BOM and
// the asterisks that mark required columns are dropped ("Title ZH",
// "title-zh" and "title_zh" are one key).
func key(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '_', r == '-', r == '*', r == '\ufeff':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
