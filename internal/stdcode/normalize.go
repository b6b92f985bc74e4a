package stdcode

import (
	"unicode"
	"unicode/utf8"

	"stdreg/internal/fault"
)

// longDash marks an em-dash-like separator in folded text. It is kept apart
// from the plain hyphen because in an international number "-" introduces a
// part ("ISO 4210-2") while an em dash can only introduce the year. A real
// '~' in the input is rejected, so the marker never comes from the user.
const longDash = '~'

// maxInputLen bounds the work done on garbage; the longest real double
// number is well under 80 bytes even in full-width characters.
const maxInputLen = 256

// fold turns noisy input into a compact upper-case ASCII text the parser can
// read: full-width forms become ASCII, every dash look-alike becomes '-' or
// longDash, runs of dashes become one, spaces are collapsed to one, and
// spaces next to punctuation are dropped ("GB / T 1.1 - 2020" → "GB/T 1.1-2020").
// A space survives only between two letters or digits, where it may separate
// a prefix from a number. The second result is a reason when the input holds
// a character that has no place in a standard number.
func fold(s string) (string, fault.Message) {
	if !utf8.ValidString(s) {
		return "", fault.Msg("not valid UTF-8 text")
	}
	out := make([]byte, 0, len(s))
	pendingSpace := false
	for _, r := range s {
		c, keep, ok := foldRune(r)
		if !ok {
			return "", fault.Msg("unexpected character %q: give the standard number alone, in letters, digits and / - — . :", r)
		}
		switch {
		case !keep:
		case c == ' ':
			pendingSpace = true
		case isPunct(c):
			pendingSpace = false
			if n := len(out); isDash(c) && n > 0 && isDash(out[n-1]) {
				// "——", "--", "-—": one separator; a long dash wins.
				if c == longDash {
					out[n-1] = longDash
				}
				continue
			}
			out = append(out, c)
		default: // letter or digit
			if n := len(out); pendingSpace && n > 0 && isAlnum(out[n-1]) {
				out = append(out, ' ')
			}
			pendingSpace = false
			out = append(out, c)
		}
	}
	return string(out), fault.Message{}
}

// foldRune maps one rune to its ASCII meaning. keep is false for invisible
// characters that are dropped; ok is false for characters that are not
// allowed at all.
func foldRune(r rune) (c byte, keep, ok bool) {
	// Full-width ASCII (ＧＢ／Ｔ１９００１－２０１６) sits at a fixed offset.
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
		if r == '~' { // ～ is a range sign in Chinese text, not a dash
			return 0, false, false
		}
	}
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD: // zero-width, BOM, soft hyphen
		return 0, false, true
	case 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63: // ‐ ‑ ‒ – − ﹣
		return '-', true, true
	case 0x2014, 0x2015, 0x2E3A, 0x2E3B, 0xFE58: // — ― ⸺ ⸻ ﹘
		return longDash, true, true
	case 0x2044, 0x2215, 0x29F8: // ⁄ ∕ ⧸
		return '/', true, true
	case 0x2236, 0xFE55, 0xFE13: // ∶ ﹕ ︓ (Chinese documents often use the ratio sign)
		return ':', true, true
	}
	if r < utf8.RuneSelf {
		b := byte(r)
		switch {
		case b >= 'a' && b <= 'z':
			return b - 'a' + 'A', true, true
		case b >= 'A' && b <= 'Z', b >= '0' && b <= '9':
			return b, true, true
		case b == '/', b == '-', b == ':', b == '.', b == '(', b == ')', b == ',', b == ';':
			return b, true, true
		}
	}
	if unicode.IsSpace(r) || r == 0x3000 {
		return ' ', true, true
	}
	return 0, false, false
}

func isPunct(c byte) bool {
	switch c {
	case '/', '-', longDash, ':', '.', '(', ')', ',', ';':
		return true
	}
	return false
}

func isDash(c byte) bool   { return c == '-' || c == longDash }
func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool  { return isLetter(c) || isDigit(c) }

// shown turns folded text back into something a person recognizes in an
// error message.
func shown(folded string) string {
	out := make([]rune, 0, len(folded))
	for i := 0; i < len(folded); i++ {
		if folded[i] == longDash {
			out = append(out, '—')
		} else {
			out = append(out, rune(folded[i]))
		}
	}
	return string(out)
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
