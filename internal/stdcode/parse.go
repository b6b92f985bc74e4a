package stdcode

import (
	"strings"

	"stdreg/internal/fault"
)

// Parse reads a standard number and returns its parts, display and
// normalized forms. The error is always a *ParseError.
func Parse(s string) (Code, error) {
	fail := func(reason fault.Message) (Code, error) {
		return Code{}, &ParseError{Input: s, Reason: reason}
	}
	if len(s) > maxInputLen {
		return fail(fault.Msg("too long: %d bytes, a standard number has at most %d", len(s), maxInputLen))
	}
	folded, reason := fold(s)
	if !reason.IsZero() {
		return fail(reason)
	}
	if folded == "" {
		return fail(fault.Msg("empty"))
	}
	sc := &scanner{s: folded}
	if isInternational(sc) {
		c, reason := parseInternational(sc)
		if !reason.IsZero() {
			return fail(reason)
		}
		if !sc.eof() {
			return fail(unexpectedAfter(sc))
		}
		return c, nil
	}
	c, reason := parseChinese(sc)
	if !reason.IsZero() {
		return fail(reason)
	}
	if !sc.eof() {
		a, reason := parseAdoption(sc)
		if !reason.IsZero() {
			return fail(reason)
		}
		c.Adopted = &a
		c.Display += "/" + a.Display
	}
	return c, nil
}

// parseAdoption reads what follows a Chinese number: the international
// number of an identical adoption, in any of the ways people write it:
// "/ISO 9001:2015", " idt ISO 9001:2015" (the pre-2000 notation),
// "(ISO 9001:2015, IDT)", "/ISO 9001:2015 IDT". Brackets, commas and the
// IDT mark are noise around the one international number.
func parseAdoption(sc *scanner) (Code, fault.Message) {
	var adopted Code
	found := false
	tail := *sc
	for !sc.eof() {
		switch p := sc.peek(); {
		case p == ' ', p == '/', p == '(', p == ')', p == ',', p == ';':
			sc.i++
		case isLetter(p):
			start := sc.i
			switch w := sc.letters(); w {
			case "IDT":
			case "MOD", "NEQ", "EQV":
				return adopted, fault.Msg("only an identical (IDT) adoption is written as a double number; for a %s adoption give the Chinese number alone", w)
			case "ISO", "IEC":
				if found {
					return adopted, fault.Msg("more than one international number after the Chinese number")
				}
				sc.i = start
				var reason fault.Message
				if adopted, reason = parseInternational(sc); !reason.IsZero() {
					return adopted, fault.Msg("in the adopted international number: %s", reason)
				}
				found = true
			default:
				sc.i = start
				return adopted, unexpectedAfter(sc)
			}
		default:
			return adopted, unexpectedAfter(sc)
		}
	}
	if !found {
		return adopted, fault.Msg("%s; a double number is written as GB/T 19001—2016/ISO 9001:2015", unexpectedAfter(&tail))
	}
	return adopted, fault.Message{}
}

// unexpectedAfter describes leftover text.
func unexpectedAfter(sc *scanner) fault.Message {
	return fault.Msg("unexpected %q after %q", clip(strings.TrimLeft(sc.rest(), " ")), clip(sc.done()))
}

// clip shortens text quoted in a reason.
func clip(s string) string {
	const limit = 40
	if len(s) <= limit {
		return s
	}
	return truncateUTF8(s, limit) + "…"
}
