package creditcode

import "strings"

// Normalize returns s with surrounding white space removed (ASCII white space
// and the ideographic space U+3000), full-width digits and Latin letters
// (U+FF10–U+FF19, U+FF21–U+FF3A, U+FF41–U+FF5A) folded to their ASCII forms,
// and ASCII letters upper-cased.
//
// Codes are often copied from Chinese documents and web pages typed with a
// full-width input method; folding them makes such input compare equal to
// the canonical code. Only ASCII letters are upper-cased: a general Unicode
// upper-casing would map, say, the dotless 'ı' to 'I' and so turn one
// character into another rather than respell it. Anything else is left as it
// is, for Validate to reject with a precise message.
func Normalize(s string) string {
	return strings.Map(fold, strings.TrimFunc(s, isSpace))
}

// isSpace reports whether r is trimmed by Normalize.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', '\u3000':
		return true
	}
	return false
}

// fold maps full-width digits and letters to ASCII and ASCII letters to
// upper case.
func fold(r rune) rune {
	const fullWidthOffset = 0xFF10 - '0' // the same for digits and letters
	switch {
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		r -= fullWidthOffset
	}
	if r >= 'a' && r <= 'z' {
		r -= 'a' - 'A'
	}
	return r
}
