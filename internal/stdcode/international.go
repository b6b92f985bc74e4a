package stdcode

import (
	"strconv"
	"strings"

	"stdreg/internal/fault"
)

// coPublishers may join ISO or IEC in a prefix: ISO/IEC 27001,
// ISO/IEC/IEEE 29119, ISO/ASTM 52900.
var coPublishers = map[string]bool{"ISO": true, "IEC": true, "IEEE": true, "ASTM": true}

// deliverables are the document types that can follow the publishers:
// technical specification, technical report, publicly available specification.
var deliverables = map[string]bool{"TS": true, "TR": true, "PAS": true}

// isInternational reports whether the text at the scanner starts with ISO
// or IEC, without consuming anything.
func isInternational(sc *scanner) bool {
	start := sc.i
	l := sc.letters()
	sc.i = start
	return l == "ISO" || l == "IEC"
}

// parseInternational reads an ISO or IEC number: "ISO 4210-2:2015",
// "ISO/IEC 27001:2022", "ISO/TS 16949:2009". The hyphen separates parts of
// the number; a colon (or an em dash) introduces the year, and so does a
// hyphen before a four-digit year (see splitHyphenYear).
func parseInternational(sc *scanner) (Code, fault.Message) {
	c := Code{Kind: KindInternational}
	orgs := []string{sc.letters()}
	deliverable := ""
	for deliverable == "" && sc.accept('/') {
		w := sc.letters()
		switch {
		case coPublishers[w] && !contains(orgs, w):
			orgs = append(orgs, w)
		case deliverables[w]:
			deliverable = w
		case w == "":
			return c, fault.Msg("expected IEC, TS or TR after %q", sc.done())
		default:
			return c, fault.Msg("unknown %q after %s/", clip(w), strings.Join(orgs, "/"))
		}
	}
	if deliverable == "" {
		// "ISO/IEC TS 27008", "IEC TS 62443-1-1": the type after a space.
		start := sc.i
		sc.accept(' ')
		if w := sc.letters(); deliverables[w] {
			deliverable = w
		} else {
			sc.i = start
		}
	}
	c.Prefix = strings.Join(orgs, "/")
	if deliverable != "" {
		// ISO writes its own TS and TR with a slash; IEC and joint
		// publications use a space. Either input gives this one form.
		if c.Prefix == "ISO" {
			c.Prefix += "/" + deliverable
		} else {
			c.Prefix += " " + deliverable
		}
	}

	sc.accept(' ')
	start := sc.i
	if sc.digits() == "" {
		if sc.eof() {
			return c, fault.Msg("missing number after %q", sc.done())
		}
		return c, fault.Msg("expected the number after %q, found %q", sc.done(), clip(sc.rest()))
	}
	for sc.accept('-') {
		if sc.digits() == "" {
			return c, fault.Msg("expected a part number after %q", sc.done())
		}
	}
	c.Number = sc.s[start:sc.i]
	if len(c.Number) > maxNumberLen {
		return c, fault.Msg("number %q is too long", clip(c.Number))
	}
	if sc.accept(':') || sc.accept(longDash) {
		var reason fault.Message
		if c.Year, reason = parseYear(sc); !reason.IsZero() {
			return c, reason
		}
	} else {
		c.Number, c.Year = splitHyphenYear(c.Number)
	}
	c.Normalized = c.Prefix + " " + c.Number
	if c.Year != 0 {
		c.Normalized += ":" + strconv.Itoa(c.Year)
	}
	c.Display = c.Normalized
	return c, fault.Message{}
}

// splitHyphenYear reads "9001-2015" as number 9001 of 2015. Chinese users
// often type the year of an ISO number after a hyphen, as they would for a
// Chinese one. Part numbers are small (at most a few hundred, a little over
// a thousand for ISO 10303 modules), so a last part of four digits inside
// the plausible years is a year. Only used when no colon gives the year.
func splitHyphenYear(number string) (string, int) {
	i := strings.LastIndexByte(number, '-')
	if i < 0 || len(number)-i-1 != 4 {
		return number, 0
	}
	y, err := strconv.Atoi(number[i+1:])
	if err != nil || y < minYear || y > maxYear {
		return number, 0
	}
	return number[:i], y
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
