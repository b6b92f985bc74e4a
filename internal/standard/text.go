package standard

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"stdreg/internal/fault"
)

// The text rule: what a free-text value may hold, wherever it comes in (a
// body, a query parameter, a cell of an imported file). It is one rule so
// that what one entry refuses no other lets through: PostgreSQL refuses NUL
// and bytes that are not UTF-8 (a 500 before this rule), SQLite stores them,
// and neither should hold what a person cannot see or an export cannot
// carry.
//
//   - Only well-formed UTF-8.
//   - No control characters: C0 (U+0000–U+001F), DEL (U+007F) and C1
//     (U+0080–U+009F). Where a field is several lines of prose (Lines: a
//     transition's note; a search, whose white space only separates terms),
//     tab, line feed and a carriage return before a line feed are allowed;
//     a title, a name, a number or a list item is one line (Line) and holds
//     none of them, nor the Unicode line and paragraph separators.
//   - No bidirectional embedding, override or isolate controls (U+202A–U+202E,
//     U+2066–U+2069): they make a title display as something other than what
//     is stored, and Chinese or English titles never need them.
//   - White space and invisible characters (Unicode's format characters and
//     default-ignorable code points: U+200B zero-width space, U+200C/U+200D
//     zero-width (non-)joiners, U+2060 word joiner, U+FEFF byte order mark,
//     the Hangul fillers…) are trimmed from both ends (CleanText), so a value
//     made only of them is absent: "is required" where a value is.
//
// Inside a value, invisible characters other than the controls above are
// kept: a zero-width joiner belongs inside some scripts' words and emoji.

// Lines says whether a field may hold line breaks and tabs.
type Lines bool

const (
	// Line is a one-line value: titles, names, numbers, list items.
	Line Lines = false
	// MultiLine is prose: a note, which may hold tabs and line breaks.
	MultiLine Lines = true
)

// CleanText trims white space and invisible characters from both ends of
// v. A value made only of them becomes "", so it counts as absent.
func CleanText(v string) string {
	if v == "" || v[0] > ' ' && v[0] < utf8.RuneSelf && v[len(v)-1] > ' ' && v[len(v)-1] < utf8.RuneSelf {
		return v // printable ASCII at both ends: nothing to trim (most cells of an import)
	}
	return strings.TrimFunc(v, invisible)
}

// invisible reports white space and characters that display as nothing:
// format characters (Cf: zero-width space and joiners, word joiner, byte
// order mark, bidirectional marks, soft hyphen) and the other
// default-ignorable code points (Hangul fillers, the combining grapheme
// joiner). Variation selectors are left alone: at the end of a value they
// belong to the character before them.
func invisible(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == ' ' || r >= '\t' && r <= '\r'
	case r >= 0x3400 && r <= 0x9fff: // CJK ideographs, the registry's usual first and last characters
		return false
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point)
}

// TextProblem says what in v breaks the text rule, as a message fit for a
// field error ("holds the control character U+0000 at character 3"), or
// the zero Message when v is acceptable text.
func TextProblem(v string, lines Lines) fault.Message {
	if !utf8.ValidString(v) {
		return fault.Msg("is not valid UTF-8 text")
	}
	if !suspect(v) {
		return fault.Message{} // every cell of an import comes here: most leave at once
	}
	multi := lines == MultiLine
	at := 0 // the character's position, for the message
	for i := 0; i < len(v); {
		at++
		c := v[i]
		if c >= ' ' && c < 0x7f { // printable ASCII
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(v[i:])
		}
		i += size
		switch {
		case r >= 0xa0 && r < 0x2028: // the bulk of text, Chinese included, lies here or above U+206F
		case multi && (r == '\t' || r == '\n' || r == '\u2028' || r == '\u2029'):
		case multi && r == '\r' && strings.HasPrefix(v[i:], "\n"):
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			return fault.Msg("holds a line break (%U) at character %d; it must be one line", r, at)
		case r == '\t':
			return fault.Msg("holds a tab (U+0009) at character %d; it must be one line", at)
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return fault.Msg("holds the control character %U at character %d; only printable text is allowed", r, at)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return fault.Msg("holds the bidirectional control %U at character %d, which would make the text display other than it is stored", r, at)
		}
	}
	return fault.Message{}
}

// suspect reports bytes that may begin what the rule refuses: C0
// controls and DEL, and the lead bytes of the C1 controls (0xC2) and of the
// line separators and bidirectional controls (0xE2). Valid UTF-8 is
// assumed.
func suspect(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' || c == 0x7f || c == 0xc2 || c == 0xe2 {
			return true
		}
	}
	return false
}

// TextRule is how a free-text field is checked: its greatest length in
// characters (0: none), whether it must be present, and whether it may
// hold line breaks.
type TextRule struct {
	Max      int
	Required bool
	Lines    Lines
}

// CheckText checks a value already cleaned with CleanText against the text
// rule and r, recording what is wrong on fe under field.
func CheckText(fe *fault.FieldErrors, field, v string, r TextRule) {
	switch problem := TextProblem(v, r.Lines); {
	case !problem.IsZero():
		fe.Add(field, "%s", problem)
	case r.Required && v == "":
		fe.Add(field, "is required")
	case r.Max > 0 && utf8.RuneCountInString(v) > r.Max:
		fe.Add(field, "at most %d characters", r.Max)
	}
}
