package stdcode

import (
	"strconv"

	"stdreg/internal/fault"
)

// maxNumberLen and maxOrgCodeLen bound the parts of a number; real ones are
// far shorter, and the limits keep error messages and stored keys sane.
const (
	maxNumberLen  = 24
	maxOrgCodeLen = 16
)

// provinces are the first two digits of the administrative division codes
// of China's provincial-level divisions; a local standard's DB code is one
// of them, optionally followed by two digits of a city.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true,
}

// prefixHint ends the message for a text that does not start with a known prefix.
var prefixHint = fault.Msg("a standard number starts with a code such as GB/T, JB/T, DB33/T, T/ZZB, Q/ABC or ISO")

// parseChinese reads a Chinese number: prefix, sequence number and an
// optional year. It stops before anything else (a double number's
// international half), which the caller handles.
func parseChinese(sc *scanner) (Code, fault.Message) {
	var c Code
	var reason fault.Message
	l := sc.letters()
	switch {
	case l == "":
		if isDigit(sc.peek()) {
			return c, fault.Msg("missing prefix: %s", prefixHint)
		}
		return c, fault.Msg("unexpected %q at the start: %s", clip(sc.rest()), prefixHint)
	case l == "GB", l == "GBZ", l == "GBJ":
		// GBZ (occupational health) and GBJ (old engineering construction)
		// numbers are national standards too.
		c.Kind = KindNational
		c.Nature, c.Prefix, reason = parseNature(sc, l, true, false)
	case l == "DB", l == "DBJ":
		// DBJ33/T is Zhejiang's engineering construction local standard.
		c.Kind = KindLocal
		c.Prefix, c.Nature, reason = parseLocal(sc, l)
	case l == "T":
		c.Kind = KindGroup
		c.Prefix, reason = parseOrgCode(sc, "T", fault.Msg("association"))
	case l == "Q":
		c.Kind = KindEnterprise
		c.Prefix, reason = parseOrgCode(sc, "Q", fault.Msg("enterprise"))
	case l == "GBT":
		return c, fault.Msg(`unknown prefix "GBT" (did you mean GB/T?)`)
	case len(l) >= 2 && len(l) <= 4:
		// Any other sector code (JB, HG, YY, JJF, …): the list of sectors
		// changes with ministries, so it is not enforced here.
		c.Kind = KindIndustry
		c.Nature, c.Prefix, reason = parseNature(sc, l, true, false)
	default:
		return c, fault.Msg("unknown prefix %q: %s", clip(l), prefixHint)
	}
	if !reason.IsZero() {
		return c, reason
	}
	sc.accept(' ')
	c.Number, reason = parseChineseNumber(sc, c.Kind == KindEnterprise)
	if !reason.IsZero() {
		return c, reason
	}
	// The year follows any dash; a colon is ISO style but unambiguous here.
	if p := sc.peek(); p == '-' || p == longDash || p == ':' {
		sc.i++
		if c.Year, reason = parseYear(sc); !reason.IsZero() {
			return c, reason
		}
	}
	c.Normalized = c.Prefix + " " + c.Number
	c.Display = c.Normalized
	if c.Year != 0 {
		y := strconv.Itoa(c.Year)
		c.Normalized += "-" + y
		c.Display += "—" + y
	}
	return c, fault.Message{}
}

// parseNature reads the optional "/T" or "/Z" after a national or industry
// code and returns the nature and the full prefix.
func parseNature(sc *scanner, code string, allowZ, allowBare bool) (Nature, string, fault.Message) {
	if !sc.accept('/') {
		return NatureMandatory, code, fault.Message{}
	}
	w := sc.letters()
	switch {
	case w == "T":
		return NatureRecommended, code + "/T", fault.Message{}
	case w == "Z" && allowZ:
		return NatureGuidance, code + "/Z", fault.Message{}
	case w == "" && allowBare:
		// "DB33/ 1234—2020": the official way to write a mandatory local
		// standard; the bare slash carries no meaning of its own.
		return NatureMandatory, code, fault.Message{}
	}
	want := fault.Msg("/T or /Z")
	if !allowZ {
		want = fault.Msg("%s", "/T")
	}
	if w == "" {
		return "", "", fault.Msg("expected %s after %q", want, code)
	}
	return "", "", fault.Msg("unknown %q after %s/ (expected %s)", clip(w), code, want)
}

// parseLocal reads the division code and nature after DB or DBJ.
func parseLocal(sc *scanner, db string) (string, Nature, fault.Message) {
	sc.accept(' ')
	d := sc.digits()
	switch {
	case len(d) == 2, len(d) == 4 && db == "DB":
	case d == "":
		return "", "", fault.Msg("%s must be followed by a province code, as in %s33", db, db)
	case db == "DBJ":
		return "", "", fault.Msg("DBJ must be followed by a 2-digit province code, found %q", clip(d))
	default:
		return "", "", fault.Msg("DB must be followed by a 2-digit province code or a 4-digit city code, found %q", clip(d))
	}
	if !provinces[d[:2]] {
		return "", "", fault.Msg("unknown province code %q in %s%s", d[:2], db, d)
	}
	if len(d) == 4 && d[2:] == "00" {
		return "", "", fault.Msg("%s%s is not a city code; a provincial standard is %s%s", db, d, db, d[:2])
	}
	nature, prefix, reason := parseNature(sc, db+d, false, true)
	return prefix, nature, reason
}

// parseOrgCode reads "/CODE" after T (group) or Q (enterprise).
//
// A code may hold digits ("T/AB12 0001"), and then only a space tells it
// from the number. So a letters-and-digits run followed by a space is the
// whole code; otherwise the code is the leading letters and the digits start
// the number ("T/ZZB0001—2018"). The normalized form always has the space,
// which makes it read back the same.
func parseOrgCode(sc *scanner, lead string, what fault.Message) (string, fault.Message) {
	example := map[string]string{"T": "T/ZZB 0001—2018", "Q": "Q/ABC 001—2023"}[lead]
	if !sc.accept('/') {
		return "", fault.Msg("%s must be followed by / and the %s code, as in %s", lead, what, example)
	}
	start := sc.i
	code := sc.alnums()
	if code == "" || sc.peek() != ' ' {
		sc.i = start
		code = sc.letters()
	}
	switch {
	case code == "":
		return "", fault.Msg("missing the %s code after %s/, as in %s", what, lead, example)
	case len(code) > maxOrgCodeLen:
		return "", fault.Msg("%s code %q is too long", what, clip(code))
	case lead == "T" && !isLetter(code[0]):
		return "", fault.Msg("association code %q must start with a letter", code)
	}
	return lead + "/" + code, fault.Message{}
}

// parseChineseNumber reads a sequence number with optional dotted parts
// ("1.1", "20000.1"); enterprise food standards may end in one letter ("0001S").
func parseChineseNumber(sc *scanner, allowSuffix bool) (string, fault.Message) {
	start := sc.i
	if sc.digits() == "" {
		if sc.eof() {
			return "", fault.Msg("missing number after %q", sc.done())
		}
		return "", fault.Msg("expected the number after %q, found %q", sc.done(), clip(sc.rest()))
	}
	for sc.accept('.') {
		if sc.digits() == "" {
			return "", fault.Msg("number %q must have digits after the dot", clip(sc.s[start:sc.i]))
		}
	}
	if allowSuffix && isLetter(sc.peek()) {
		sc.i++
	}
	n := sc.s[start:sc.i]
	if len(n) > maxNumberLen {
		return "", fault.Msg("number %q is too long", clip(n))
	}
	return n, fault.Message{}
}
