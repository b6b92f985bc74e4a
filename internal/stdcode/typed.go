package stdcode

import (
	"regexp"
	"strings"
)

// compactChinese reads a Chinese number typed with no separators, once
// folded and stripped of spaces and slashes: a national (GB), local (DB33,
// DB3301) or industry (JB) prefix, an optional T or Z for its nature, the
// sequence number, and a year only after a dash ("GBT19001-2016").
var compactChinese = regexp.MustCompile(`^(GB|DB[0-9]{2,6}|[A-Z]{2})([TZ]?)([0-9]+(?:\.[0-9]+)*)(?:[-~]([0-9]{4}))?$`)

// ParseTyped reads a number as people type it into a search box or a
// lookup: anything Parse reads, and also a Chinese number with no
// separators at all ("DB33T537", "gbt19001", "jbt10001-2019"). It is for
// finding numbers, never for registering one, which must be written out.
func ParseTyped(s string) (Code, error) {
	c, err := Parse(s)
	if err == nil && !natureRunIn(c) {
		return c, nil
	}
	if err == nil {
		if typed, ok := parseCompact(s); ok {
			return typed, nil
		}
		return c, nil
	}
	if typed, ok := parseCompact(s); ok {
		return typed, nil
	}
	return Code{}, err
}

// natureRunIn reports whether Parse read a nature run into an industry
// code ("JBT 10001" of jbt10001): sector codes of three letters ending in
// T or Z are not in use, a two-letter code with its /T typed without the
// slash is.
func natureRunIn(c Code) bool {
	p := c.Prefix
	return c.Kind == KindIndustry && len(p) == 3 && (p[2] == 'T' || p[2] == 'Z')
}

// parseCompact reads a Chinese number typed with no separators.
func parseCompact(s string) (Code, bool) {
	folded, reason := fold(s)
	if !reason.IsZero() || len(s) > maxInputLen {
		return Code{}, false
	}
	compact := strings.NewReplacer(" ", "", "/", "").Replace(folded)
	m := compactChinese.FindStringSubmatch(compact)
	if m == nil {
		return Code{}, false
	}
	written := m[1]
	if m[2] != "" {
		written += "/" + m[2]
	}
	written += " " + m[3]
	if m[4] != "" {
		written += "-" + m[4]
	}
	c, err := Parse(written)
	return c, err == nil
}

// Undated is the number without its year ("GB/T 19001" of GB/T
// 19001—2016), in normalized form.
func (c Code) Undated() string {
	if c.Year == 0 {
		return c.Normalized
	}
	return c.Prefix + " " + c.Number
}

// EditionPrefix is what the normalized form of every dated edition of the
// number begins with: the undated number and the separator before the
// year ("GB/T 19001-", "ISO 9001:").
func (c Code) EditionPrefix() string {
	if c.Kind == KindInternational {
		return c.Undated() + ":"
	}
	return c.Undated() + "-"
}
